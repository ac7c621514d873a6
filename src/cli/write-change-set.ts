/**
 * The one way the command line writes a change set (`crud --write`, `ask --write`): the same
 * rules as the editor's apply, and one line per file so scripts can read what happened.
 */
import { applyChangeSetToDisk, type ApplyFileSystem, nodeApplyFileSystem } from '../core/changes/apply-to-disk';
import type { ChangeSet } from '../core/changes/change-set';
import type { CliIo } from './cli-command';

/**
 * Applies `changeSet` under `root` and reports `created <path>` / `modified <path>` on stdout and
 * `not written: <path>: <reason>` on stderr (or the whole result as JSON). A failure part-way
 * (a full disk, a refused rename) is one sentence, with every file as it was. Exit code 1 when any
 * file was a conflict or rejected or writing failed, else 0.
 */
export async function writeChangeSet(
  root: string,
  changeSet: ChangeSet,
  io: Pick<CliIo, 'stdout' | 'stderr'>,
  json = false,
  fileSystem: ApplyFileSystem = nodeApplyFileSystem,
): Promise<number> {
  const result = await applyChangeSetToDisk(root, changeSet, undefined, fileSystem);
  if (json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    for (const path of result.written) {
      const change = changeSet.changes.find((candidate) => candidate.path === path);
      io.stdout(`${change?.kind === 'create' ? 'created' : 'modified'} ${path}\n`);
    }
    for (const problem of [...result.conflicts, ...result.rejected]) {
      io.stderr(`not written: ${problem.path}: ${problem.reason}\n`);
    }
    if (result.failure !== undefined) io.stderr(`error: ${result.failure}\n`);
  }
  return result.conflicts.length > 0 || result.rejected.length > 0 || result.failure !== undefined ? 1 : 0;
}
