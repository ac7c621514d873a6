/**
 * Writes the accepted files of a ChangeSet to a folder on disk (the CLI's `--write`), with the
 * same rules as the editor: every path checked first, every file re-read and compared with the
 * text the change was computed against, each file replaced atomically.
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
  for (const entry of ready) {
    await writeAtomically(join(rootReal, entry.path), entry.change.after);
    result.written.push(entry.path);
  }
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

/** Writes beside the target, then renames over it, so a reader never sees half a file. */
async function writeAtomically(absolutePath: string, text: string): Promise<void> {
  await mkdir(dirname(absolutePath), { recursive: true });
  const temporary = `${absolutePath}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, absolutePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
