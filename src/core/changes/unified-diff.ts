/**
 * A ChangeSet as one git-style unified diff: what the CLI prints and what a reviewer reads.
 */
import { formatPatch, structuredPatch } from 'diff';
import type { ChangeSet, FileChange } from './change-set';

const CONTEXT_LINES = 3;

export function changeSetToUnifiedDiff(changeSet: ChangeSet): string {
  return changeSet.changes.map(fileChangeToUnifiedDiff).join('');
}

function fileChangeToUnifiedDiff(change: FileChange): string {
  const created = change.before === null;
  const patch = structuredPatch(
    created ? '/dev/null' : `a/${change.path}`,
    `b/${change.path}`,
    change.before ?? '',
    change.after,
    undefined,
    undefined,
    { context: CONTEXT_LINES },
  );
  if (patch.hunks.length === 0 && !created) {
    return '';
  }
  return formatPatch({ ...patch, isGit: true, isCreate: created });
}
