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

/** A fix an engine proposes for a weakness it found: front ends let the user keep or leave it, then regenerate. */
export interface ProposedFix {
  /** Stable id to choose it by (`literal-secret`, `jose`, ...); one id may cover several files. */
  readonly id: string;
  /** The file with the weakness. */
  readonly file: string;
  readonly title: string;
  /** True when the change set's changes carry this fix. */
  readonly included: boolean;
}

export interface ChangeSet {
  readonly title: string;
  readonly summary: string;
  readonly warnings: readonly string[];
  readonly changes: readonly FileChange[];
  /** Fixes proposed for weaknesses of the project's own code, included or left out. */
  readonly fixes?: readonly ProposedFix[];
}
