/**
 * Writes the accepted files of a ChangeSet to a folder on disk (the CLI's `--write`), with the
 * same rules as the editor: every path checked first (on disk too), every file re-read in its
 * own encoding and compared with the text the change was computed against, every file staged
 * beside its target before any is replaced, and every replaced file restored when a later one
 * cannot be. A file keeps its mode and owner; a symlinked file is written through to its target.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { ChangeSet, FileChange } from './change-set';
import { describeFileSystemError } from './file-system-errors';
import { nodeEntryKind, nodeRealpath } from './node-probe';
import { checkChangePath } from './path-safety';
import { decodeSource, encodeSource } from './source-encoding';

export interface PathProblem {
  readonly path: string;
  readonly reason: string;
}

export interface ApplyResult {
  written: string[];
  conflicts: PathProblem[];
  rejected: PathProblem[];
  /** One sentence when writing failed part-way; every file is then as it was before. */
  failure?: string;
}

/** The few file-system calls apply makes, so faults (a full disk, a refused rename) can be tested. */
export interface ApplyFileSystem {
  readonly readFile: (path: string) => Promise<Uint8Array>;
  readonly writeFile: (path: string, data: Uint8Array, options: { mode: number; flag: string }) => Promise<void>;
  readonly rename: (from: string, to: string) => Promise<void>;
  readonly link: (existing: string, created: string) => Promise<void>;
  readonly copyFile: (from: string, to: string) => Promise<void>;
  readonly rm: (path: string, options?: { recursive?: boolean; force?: boolean }) => Promise<void>;
  readonly mkdir: (path: string, options: { recursive: true }) => Promise<string | undefined>;
  readonly stat: (path: string) => Promise<Stats>;
  readonly chmod: (path: string, mode: number) => Promise<void>;
  readonly chown: (path: string, uid: number, gid: number) => Promise<void>;
  readonly access: (path: string, mode: number) => Promise<void>;
}

export const nodeApplyFileSystem: ApplyFileSystem = {
  readFile: (path) => fsPromises.readFile(path),
  writeFile: (path, data, options) => fsPromises.writeFile(path, data, options),
  rename: (from, to) => fsPromises.rename(from, to),
  link: (existing, created) => fsPromises.link(existing, created),
  copyFile: (from, to) => fsPromises.copyFile(from, to, constants.COPYFILE_EXCL),
  rm: (path, options) => fsPromises.rm(path, options),
  mkdir: (path, options) => fsPromises.mkdir(path, options),
  stat: (path) => fsPromises.stat(path),
  chmod: (path, mode) => fsPromises.chmod(path, mode),
  chown: (path, uid, gid) => fsPromises.chown(path, uid, gid),
  access: (path, mode) => fsPromises.access(path, mode),
};

interface Target {
  readonly change: FileChange;
  /** Workspace-relative path as proposed. */
  readonly path: string;
  /** The file actually replaced: the symlink's target for a symlinked file. */
  readonly absolute: string;
  readonly bytes: Uint8Array;
  /** The existing file's mode and owner, kept by the replacement. */
  readonly existing?: { readonly mode: number; readonly uid: number; readonly gid: number };
}

/**
 * `accepted` holds the paths the user accepted (all when omitted). If any accepted path fails the
 * path check, nothing at all is written: a set with a hostile path is not trusted in part.
 */
export async function applyChangeSetToDisk(
  root: string,
  changeSet: ChangeSet,
  accepted?: ReadonlySet<string>,
  fileSystem: ApplyFileSystem = nodeApplyFileSystem,
): Promise<ApplyResult> {
  const result: ApplyResult = { written: [], conflicts: [], rejected: [] };
  const rootReal = nodeRealpath(root) ?? root;
  const chosen = changeSet.changes.filter((change) => accepted === undefined || accepted.has(change.path));

  const checked: { change: FileChange; path: string }[] = [];
  for (const change of chosen) {
    const check = checkChangePath(change.path, { root: rootReal, realpath: nodeRealpath, entryKind: nodeEntryKind });
    if (check.ok) checked.push({ change, path: check.path });
    else result.rejected.push({ path: change.path, reason: check.reason });
  }
  if (result.rejected.length > 0) {
    return result;
  }

  const targets: Target[] = [];
  for (const entry of checked) {
    const prepared = await prepareTarget(rootReal, entry.change, entry.path, fileSystem);
    if ('reason' in prepared) result.conflicts.push({ path: entry.path, reason: prepared.reason });
    else targets.push(prepared);
  }
  const failure = await writeAllOrNothing(rootReal, targets, fileSystem);
  if (failure !== undefined) {
    result.failure = failure;
    return result;
  }
  result.written.push(...targets.map((target) => target.path));
  return result;
}

/** Reads what is there now and decides whether the change may replace it, and with which bytes. */
async function prepareTarget(rootReal: string, change: FileChange, path: string, fileSystem: ApplyFileSystem): Promise<Target | { reason: string }> {
  const proposed = join(rootReal, path);
  const absolute = nodeRealpath(proposed) ?? proposed;
  const encoded = encodeSource(change.after);
  if (!encoded.ok) return { reason: `not written: ${encoded.reason}` };
  let stats: Stats | undefined;
  try {
    stats = await fileSystem.stat(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { reason: describeFileSystemError(error, path, 'read') };
  }
  if (stats === undefined) {
    if (change.before !== null) return { reason: 'the file was deleted since the change was proposed' };
    return { change, path, absolute, bytes: encoded.bytes };
  }
  if (change.before === null) return { reason: 'the file was created since the change was proposed' };
  if (!stats.isFile()) return { reason: 'the path is no longer a regular file' };
  if ((stats.mode & 0o222) === 0) return { reason: 'the file is read-only; make it writable to apply the change' };
  try {
    await fileSystem.access(absolute, constants.W_OK);
  } catch (error) {
    return { reason: describeFileSystemError(error, path, 'write') };
  }
  let current: Uint8Array;
  try {
    current = await fileSystem.readFile(absolute);
  } catch (error) {
    return { reason: describeFileSystemError(error, path, 'read') };
  }
  const decoded = decodeSource(current);
  if (!decoded.ok) return { reason: `not edited, so that none of its bytes are lost: ${decoded.reason}` };
  if (decoded.text !== change.before) return { reason: 'the file changed since the change was proposed' };
  return { change, path, absolute, bytes: encoded.bytes, existing: { mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid } };
}

interface Staged {
  readonly target: Target;
  readonly temporary: string;
  /** A second name for the file being replaced, to put it back if a later rename fails. */
  backup?: string;
  replaced: boolean;
}

/**
 * Writes every file beside its target first, keeps a second name for each file it will replace,
 * and renames only once all of them are on disk. A failure while staging leaves nothing changed;
 * a failure while renaming puts back every file already replaced. Returns one sentence on failure.
 */
async function writeAllOrNothing(rootReal: string, targets: readonly Target[], fileSystem: ApplyFileSystem): Promise<string | undefined> {
  const staged: Staged[] = [];
  const createdFolders: string[] = [];
  const label = (target: Target): string => target.path;
  try {
    for (const target of targets) {
      const folder = await fileSystem.mkdir(dirname(target.absolute), { recursive: true });
      if (folder !== undefined) createdFolders.push(folder);
      // A short name of its own: the target's name may already be as long as the file system allows.
      const temporary = join(dirname(target.absolute), `.fastapi-engineer-${randomBytes(6).toString('hex')}.tmp`);
      const entry: Staged = { target, temporary, replaced: false };
      staged.push(entry);
      await fileSystem.writeFile(temporary, target.bytes, { mode: target.existing?.mode ?? 0o644, flag: 'wx' });
      if (target.existing !== undefined) {
        // The mode given to writeFile is masked by the umask; set it exactly.
        await fileSystem.chmod(temporary, target.existing.mode);
        await keepOwner(temporary, target.existing, fileSystem);
        entry.backup = `${temporary}.orig`;
        await keepSecondName(target.absolute, entry.backup, fileSystem);
      }
    }
  } catch (error) {
    const current = staged.at(-1)?.target;
    await cleanUp(staged, createdFolders, fileSystem);
    return `Nothing was written: ${describeFileSystemError(error, current === undefined ? 'a file' : label(current), 'write')}.`;
  }

  for (const [index, entry] of staged.entries()) {
    try {
      await fileSystem.rename(entry.temporary, entry.target.absolute);
      entry.replaced = true;
    } catch (error) {
      const restored = await restore(staged.slice(0, index), fileSystem);
      await cleanUp(staged, createdFolders, fileSystem);
      const replaced = index === 0 ? '' : restored ? `; the ${index} file${index === 1 ? '' : 's'} already replaced ${index === 1 ? 'was' : 'were'} restored` : `; restoring the files already replaced failed too, so check ${staged.slice(0, index).map((item) => relative(rootReal, item.target.absolute)).join(', ')}`;
      return `Nothing was written: ${describeFileSystemError(error, label(entry.target), 'replace')}${replaced}.`;
    }
  }
  await Promise.allSettled(staged.flatMap((entry) => (entry.backup === undefined ? [] : [fileSystem.rm(entry.backup, { force: true })])));
  return undefined;
}

async function keepOwner(path: string, owner: { readonly uid: number; readonly gid: number }, fileSystem: ApplyFileSystem): Promise<void> {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid === owner.uid && gid === owner.gid) return;
  await fileSystem.chown(path, owner.uid, owner.gid);
}

/** A hard link costs nothing; where links are not possible, a copy does the same job. */
async function keepSecondName(path: string, backup: string, fileSystem: ApplyFileSystem): Promise<void> {
  try {
    await fileSystem.link(path, backup);
  } catch {
    await fileSystem.copyFile(path, backup);
  }
}

async function restore(replaced: readonly Staged[], fileSystem: ApplyFileSystem): Promise<boolean> {
  let ok = true;
  for (const entry of [...replaced].reverse()) {
    try {
      if (entry.backup !== undefined) await fileSystem.rename(entry.backup, entry.target.absolute);
      else await fileSystem.rm(entry.target.absolute, { force: true });
      entry.replaced = false;
      entry.backup = undefined;
    } catch {
      ok = false;
    }
  }
  return ok;
}

/** Best-effort clean-up: the error that caused it is the one worth reporting. */
async function cleanUp(staged: readonly Staged[], createdFolders: readonly string[], fileSystem: ApplyFileSystem): Promise<void> {
  await Promise.allSettled(staged.flatMap((entry) => [fileSystem.rm(entry.temporary, { force: true }), ...(entry.backup === undefined ? [] : [fileSystem.rm(entry.backup, { force: true })])]));
  for (const folder of [...createdFolders].reverse()) {
    await fileSystem.rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }
}
