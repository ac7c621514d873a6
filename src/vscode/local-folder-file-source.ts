/**
 * A workspace folder on this machine's disk (`file:`), listed, measured and read with Node's
 * asynchronous fs in the extension host itself. Through `workspace.fs` each folder and each
 * file's stat is a round trip to the editor's file service: for 10,000 files the listing took
 * seconds, several times the rest of the first read. Every call here still goes through the
 * thread pool and returns to the event loop, so a cancel or a dropped read is seen between any
 * two, and the host is never held up.
 *
 * The answers are those `workspace.fs` gives for a folder on disk: a symlinked file is listed
 * with its target's size, a symlinked folder is not followed, anything that is neither a file
 * nor a folder (a FIFO, a socket, a dangling link) is left out, and a folder or file that
 * vanishes or cannot be read meanwhile is skipped.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeSourceLeniently } from '../core/changes/source-encoding';
import type { FileEntry, FileStat } from '../core/ports';
import { WorkspaceFileSource } from './workspace-file-source';

/** Stats in flight at once: enough to keep the thread pool busy, few enough to leave it to others too. */
const STATS_IN_FLIGHT = 32;

export class LocalFolderFileSource extends WorkspaceFileSource {
  private absolute(path: string): string {
    return join(this.root.fsPath, ...path.split('/'));
  }

  override async listFiles(excludeDirs: ReadonlySet<string>, signal?: AbortSignal): Promise<readonly FileEntry[]> {
    const files: string[] = [];
    const pending: string[] = [''];
    while (pending.length > 0) {
      signal?.throwIfAborted();
      const dir = pending.pop() ?? '';
      let children: Dirent[];
      try {
        children = await readdir(this.absolute(dir), { withFileTypes: true });
      } catch {
        continue; // unreadable folders are skipped, as `find` would
      }
      for (const child of children) {
        const path = dir === '' ? child.name : `${dir}/${child.name}`;
        if (child.isDirectory()) {
          if (!excludeDirs.has(child.name)) pending.push(path);
        } else if (child.isFile() || child.isSymbolicLink()) {
          files.push(path); // a link is kept only if it leads to a file (measured below)
        }
      }
    }
    return this.measured(files.sort(), signal);
  }

  /** Decoded as Python decodes it, as through `workspace.fs`; only a regular file (a FIFO would never end). */
  override async readText(path: string): Promise<string> {
    const absolute = this.absolute(path);
    if (!(await stat(absolute)).isFile()) throw new Error(`${path} is not a regular file`);
    return decodeSourceLeniently(await readFile(absolute));
  }

  /** Times in whole milliseconds rounded as Node rounds its `Date`s, which `workspace.fs` reports. */
  override async stat(path: string): Promise<FileStat | undefined> {
    const info = await this.statOnDisk(path);
    return info && { size: info.size, mtimeMs: Math.round(info.mtimeMs) };
  }

  /** What the path leads to; undefined when nothing is there. */
  private async statOnDisk(path: string): Promise<Stats | undefined> {
    try {
      return await stat(this.absolute(path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  }

  /** The paths that are (or lead to) regular files, with their size and time, in the order given. */
  private async measured(paths: readonly string[], signal?: AbortSignal): Promise<FileEntry[]> {
    const entries: (FileEntry | undefined)[] = new Array<FileEntry | undefined>(paths.length);
    let next = 0;
    const measure = async (): Promise<void> => {
      while (next < paths.length) {
        signal?.throwIfAborted();
        const index = next++;
        const path = paths[index] ?? '';
        const info = await this.statOnDisk(path).catch(() => undefined);
        if (info?.isFile() === true) entries[index] = { path, size: info.size, mtimeMs: Math.round(info.mtimeMs) };
      }
    };
    await Promise.all(Array.from({ length: Math.min(STATS_IN_FLIGHT, paths.length) }, measure));
    return entries.filter((entry): entry is FileEntry => entry !== undefined);
  }
}
