/**
 * A repair round's request: what failed and the proposal's files, for the model to revise.
 * Secrets are scrubbed as for any request, and each part has its share of the context budget.
 */
import type { ChangeSet } from '../changes/change-set';
import { scrubSecrets } from '../changes/secret-filter';
import { failureReport } from './format-results';
import type { VerificationResult } from './verify-types';

export interface RepairBudget {
  /** Characters of failing output. */
  readonly failureChars: number;
  /** Characters of proposed files. */
  readonly proposalChars: number;
}

export const DEFAULT_REPAIR_BUDGET: RepairBudget = { failureChars: 16_000, proposalChars: 48_000 };

export function repairRequestText(proposal: ChangeSet, result: VerificationResult, secrets: readonly string[], budget: RepairBudget = DEFAULT_REPAIR_BUDGET): string {
  const files: string[] = [];
  let used = 0;
  for (const change of proposal.changes) {
    const block = `\`\`\`${change.path.endsWith('.py') ? 'python' : 'text'} path=${change.path}\n${change.after}\n\`\`\``;
    if (used + block.length > budget.proposalChars) {
      files.push(`(${change.path} left out to stay within the context budget)`);
      continue;
    }
    used += block.length;
    files.push(block);
  }
  const text = [
    `The proposal "${proposal.title}" failed verification with the project's own tools.`,
    'Revise it so every check passes. Reply with complete file blocks (the whole new content) for every file you change; files you leave out stay as proposed.',
    '',
    '# What failed',
    failureReport(result, budget.failureChars),
    '',
    '# The proposal',
    ...files,
  ].join('\n');
  return scrubSecrets(text, secrets);
}

/** The revised proposal: the original files, replaced or joined by the revision's. */
export function mergeRevision(original: ChangeSet, revision: ChangeSet): ChangeSet {
  const byPath = new Map(original.changes.map((change) => [change.path, change]));
  for (const change of revision.changes) {
    const earlier = byPath.get(change.path);
    // A file the proposal creates stays a creation, whatever the model's block looked like.
    byPath.set(change.path, earlier?.kind === 'create' ? { ...change, kind: 'create', before: null } : change);
  }
  return {
    ...original,
    summary: `${original.summary} Revised after a failed verification.`.trim(),
    warnings: [...original.warnings, ...revision.warnings],
    changes: [...byPath.values()],
  };
}
