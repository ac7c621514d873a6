/**
 * A proposal as a calling assistant reads it: what it does, which files, warnings, and the whole
 * change as a unified diff. The same text in VS Code's agent mode and over MCP.
 */
import type { ChangeSet } from '../changes/change-set';
import { changeSetToUnifiedDiff } from '../changes/unified-diff';

export interface ProposalSummary {
  readonly title: string;
  readonly summary: string;
  readonly warnings: readonly string[];
  readonly files: readonly { readonly path: string; readonly kind: 'create' | 'modify' }[];
}

export function proposalSummary(changeSet: ChangeSet): ProposalSummary {
  return {
    title: changeSet.title,
    summary: changeSet.summary,
    warnings: changeSet.warnings,
    files: changeSet.changes.map((change) => ({ path: change.path, kind: change.kind })),
  };
}

/** `status` says what happens next: "Opened for review in the editor; nothing is written until the user applies it." */
export function proposalText(changeSet: ChangeSet, status: string): string {
  const files = changeSet.changes.map((change) => `- ${change.kind === 'create' ? 'new' : 'modified'}: ${change.path}${change.description === undefined ? '' : ` (${change.description})`}`);
  const warnings = changeSet.warnings.map((warning) => `- ${warning}`);
  return [
    `# ${changeSet.title}`,
    changeSet.summary,
    status,
    '',
    `Files (${changeSet.changes.length}):`,
    ...files,
    ...(warnings.length === 0 ? [] : ['', 'Warnings:', ...warnings]),
    '',
    '```diff',
    changeSetToUnifiedDiff(changeSet).trimEnd(),
    '```',
    '',
  ].join('\n');
}
