/**
 * Writes the accepted files of a ChangeSet to a folder on disk (the CLI's `--write`), with the
 * same rules as the editor: every path checked first, every file re-read and compared with the
 * text the change was computed against, every file staged beside its target before any is
 * replaced by a rename.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, realpath as realpathAsync, rename, rm, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChangeSet, FileChange } from './change-set';
import { checkChangePath } from './path-safety';

export interface PathProblem {
  readonly path: string;
  readonly reason: string;
}

export interface ApplyResult {
  written: string[];
  conflicts: PathProblem[];
  rejected: PathProblem[];
}

/**
 * `accepted` holds the paths the user accepted (all when omitted). If any accepted path fails the
 * path check, nothing at all is written: a set with a hostile path is not trusted in part.
 */
export async function applyChangeSetToDisk(
  root: string,
  changeSet: ChangeSet,
  accepted?: ReadonlySet<string>,
): Promise<ApplyResult> {
  const result: ApplyResult = { written: [], conflicts: [], rejected: [] };
  const rootReal = await realpathAsync(root);
  const chosen = changeSet.changes.filter((change) => accepted === undefined || accepted.has(change.path));

  const checked: { change: FileChange; path: string }[] = [];
  for (const change of chosen) {
    const check = checkChangePath(change.path, { root: rootReal, realpath: existingRealpath });
    if (check.ok) {
      checked.push({ change, path: check.path });
    } else {
      result.rejected.push({ path: change.path, reason: check.reason });
    }
  }
  if (result.rejected.length > 0) {
    return result;
  }

  const ready: { change: FileChange; path: string }[] = [];
  for (const entry of checked) {
    const conflict = await conflictReason(join(rootReal, entry.path), entry.change.before);
    if (conflict === undefined) {
      ready.push(entry);
    } else {
      result.conflicts.push({ path: entry.path, reason: conflict });
    }
  }
  await writeAllOrNothing(ready.map((entry) => ({ absolutePath: join(rootReal, entry.path), text: entry.change.after })));
  result.written.push(...ready.map((entry) => entry.path));
  return result;
}

function existingRealpath(absolutePath: string): string | undefined {
  try {
    return realpathSync(absolutePath);
  } catch {
    return undefined;
  }
}

async function conflictReason(absolutePath: string, before: string | null): Promise<string | undefined> {
  const current = await readIfExists(absolutePath);
  if (before === null) {
    return current === undefined ? undefined : 'the file was created since the change was proposed';
  }
  if (current === undefined) {
    return 'the file was deleted since the change was proposed';
  }
  return current === before ? undefined : 'the file changed since the change was proposed';
}

async function readIfExists(absolutePath: string): Promise<string | undefined> {
  try {
    return await readFile(absolutePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/**
 * Writes every text beside its target first and renames only once all of them are on disk, so a
 * failed write (disk full, permissions) leaves no file changed and a reader never sees half a file.
 */
async function writeAllOrNothing(files: readonly { absolutePath: string; text: string }[]): Promise<void> {
  const staged: { temporary: string; absolutePath: string }[] = [];
  try {
    for (const { absolutePath, text } of files) {
      await mkdir(dirname(absolutePath), { recursive: true });
      const temporary = `${absolutePath}.${randomBytes(6).toString('hex')}.tmp`;
      staged.push({ temporary, absolutePath });
      await writeFile(temporary, text, 'utf8');
    }
  } catch (error) {
    await removeQuietly(staged);
    throw error;
  }
  let renamed = 0;
  try {
    for (const { temporary, absolutePath } of staged) {
      await rename(temporary, absolutePath);
      renamed++;
    }
  } finally {
    await removeQuietly(staged.slice(renamed));
  }
}

/** Best-effort clean-up: the error that caused it is the one worth reporting. */
async function removeQuietly(staged: readonly { temporary: string }[]): Promise<void> {
  await Promise.allSettled(staged.map(({ temporary }) => rm(temporary, { force: true })));
}
