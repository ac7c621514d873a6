/**
 * Listing a workspace folder on this machine's disk with Node's fs instead of `workspace.fs`.
 *
 * Through `workspace.fs` every folder and every file's stat is a round trip to the editor's file
 * service: for a 10,000-file workspace the listing took seconds, longer than reading and parsing
 * what it found. Node's fs answers the same questions in the extension host itself, in short
 * stretches between turns of the event loop (a cancel acts between any two), and the answers are the ones `workspace.fs` gives for a folder on disk: symlinked
 * files are listed with their target's size, symlinked folders are not followed, anything that
 * is neither a file nor a folder (a FIFO, a socket, a dangling link) is left out, and a folder or
 * file that vanishes or cannot be read while it is listed is skipped.
 */
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileEntry, FileStat } from '../core/ports';

/**
 * Folders are read and files measured synchronously, this many between two turns of the event
 * loop: through the thread pool each call costs several times the call itself (the listing of
 * 10,000 files took ~3× as long), and a turn of this size stays around a millisecond, so neither
 * the host nor a cancel is kept waiting.
 */
const FOLDERS_PER_TURN = 32;
const STATS_PER_TURN = 256;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function statNow(absolute: string): FileStat | undefined {
  try {
    const info = statSync(absolute, { throwIfNoEntry: false });
    return info?.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/** Size and time of a regular file (a symlink's target), undefined for anything else or on error. */
export async function statLocalFile(absolute: string): Promise<FileStat | undefined> {
  try {
    const info = await stat(absolute);
    return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

function childrenOf(absoluteDir: string): Dirent[] {
  try {
    return readdirSync(absoluteDir, { withFileTypes: true });
  } catch {
    return []; // unreadable or vanished folders are skipped, as `find` would
  }
}

/** Every file under `root` (sorted, root-relative, `/`-separated) with its size and time. */
export async function listLocalFolder(root: string, excludeDirs: ReadonlySet<string>, signal?: AbortSignal): Promise<FileEntry[]> {
  const files: string[] = [];
  const maybeFiles: string[] = [];
  const folders = [''];
  for (let listed = 0; folders.length > 0; listed++) {
    if (listed % FOLDERS_PER_TURN === 0) {
      await nextTurn();
      signal?.throwIfAborted();
    }
    const dir = folders.pop() ?? '';
    for (const child of childrenOf(dir === '' ? root : join(root, dir))) {
      const path = dir === '' ? child.name : `${dir}/${child.name}`;
      if (child.isDirectory()) {
        if (!excludeDirs.has(child.name)) folders.push(path);
      } else if (child.isFile()) files.push(path);
      // A link is a file when its target is one; links to folders are not followed.
      else if (child.isSymbolicLink()) maybeFiles.push(path);
    }
  }
  const paths = [...files, ...maybeFiles].sort();
  const entries: FileEntry[] = [];
  for (let start = 0; start < paths.length; start += STATS_PER_TURN) {
    await nextTurn();
    signal?.throwIfAborted();
    for (const path of paths.slice(start, start + STATS_PER_TURN)) {
      const info = statNow(join(root, path));
      if (info) entries.push({ path, size: info.size, mtimeMs: info.mtimeMs });
    }
  }
  return entries;
}
