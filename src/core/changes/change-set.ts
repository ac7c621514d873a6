/**
 * The one data shape every engine produces and every front end reviews and applies.
 */

export interface FileChange {
  /** Workspace-relative POSIX path. */
  readonly path: string;
  readonly kind: 'create' | 'modify';
  /** Text the change was computed against; null for a file that did not exist. */
  readonly before: string | null;
  readonly after: string;
  /** One line on what this file's change does, shown in the review. */
  readonly description?: string;
}

export interface ChangeSet {
  readonly title: string;
  readonly summary: string;
  readonly warnings: readonly string[];
  readonly changes: readonly FileChange[];
}
