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
import type { Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeSourceLeniently } from '../core/changes/source-encoding';
import type { FileEntry, FileStat } from '../core/ports';
import { type ChildKind, WorkspaceFileSource } from './workspace-file-source';

export class LocalFolderFileSource extends WorkspaceFileSource {
  /** Decoded as Python decodes it, as through `workspace.fs`; only a regular file (a FIFO would never end). */
  override async readText(path: string): Promise<string> {
    const absolute = this.absolute(path);
    if (!(await stat(absolute)).isFile()) throw new Error(`${path} is not a regular file`);
    return decodeSourceLeniently(await readFile(absolute));
  }

  override async stat(path: string): Promise<FileStat | undefined> {
    const info = await this.statOnDisk(path);
    return info && { size: info.size, mtimeMs: wholeMilliseconds(info) };
  }

  /** A link is listed as a file: whether it leads to one is settled when it is measured. */
  protected override async childrenOf(dir: string): Promise<[string, ChildKind][]> {
    const children = await readdir(this.absolute(dir), { withFileTypes: true });
    return children.map((child): [string, ChildKind] => [child.name, child.isDirectory() ? 'folder' : child.isFile() || child.isSymbolicLink() ? 'file' : 'other']);
  }

  protected override async entryOf(path: string): Promise<FileEntry | undefined> {
    const info = await this.statOnDisk(path);
    return info?.isFile() === true ? { path, size: info.size, mtimeMs: wholeMilliseconds(info) } : undefined;
  }

  private absolute(path: string): string {
    return join(this.root.fsPath, ...path.split('/'));
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
}

/** Rounded as Node rounds the `Date`s that `workspace.fs` reports times from. */
function wholeMilliseconds(info: Stats): number {
  return Math.round(info.mtimeMs);
}
