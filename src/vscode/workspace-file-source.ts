/**
 * Core's FileSource port over `vscode.workspace.fs`, so the index reads local, remote and virtual
 * workspaces alike. Paths are POSIX paths relative to the workspace folder.
 */
import * as vscode from 'vscode';
import { decodeSourceLeniently } from '../core/changes/source-encoding';
import { forEachConcurrently } from '../core/project/for-each-concurrently';
import type { FileEntry, FileSource, FileStat } from '../core/ports';

/** Files measured at once while listing: each stat waits on the file service (or the thread pool). */
const STATS_IN_FLIGHT = 64;

/**
 * What a folder's listing says of a child: a folder to walk, a file (or a link that may lead to
 * one, settled when it is measured), or neither.
 */
export type ChildKind = 'folder' | 'file' | 'other';

export class WorkspaceFileSource implements FileSource {
  constructor(readonly root: vscode.Uri) {}

  uriOf(path: string): vscode.Uri {
    return vscode.Uri.joinPath(this.root, ...path.split('/'));
  }

  async listFiles(excludeDirs: ReadonlySet<string>, signal?: AbortSignal): Promise<readonly FileEntry[]> {
    const files: string[] = [];
    const pending: string[] = [''];
    while (pending.length > 0) {
      signal?.throwIfAborted();
      const dir = pending.pop() ?? '';
      const children = await this.childrenOf(dir).catch(() => undefined);
      if (children === undefined) continue; // unreadable folders are skipped, as `find` would
      for (const [name, kind] of children) {
        const path = dir === '' ? name : `${dir}/${name}`;
        if (kind === 'folder') {
          if (!excludeDirs.has(name)) pending.push(path);
        } else if (kind === 'file') files.push(path);
      }
    }
    return this.measured(files.sort(), signal);
  }

  /** Decoded as Python decodes it: UTF-8, or the codec a PEP 263 line declares. */
  async readText(path: string): Promise<string> {
    return decodeSourceLeniently(await vscode.workspace.fs.readFile(this.uriOf(path)));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(this.uriOf(path));
      return { size: stat.size, mtimeMs: stat.mtime };
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      throw error;
    }
  }

  /** The children of a folder (`''`: the root). Symlinked folders are not followed: they may leave the workspace or form cycles. */
  protected async childrenOf(dir: string): Promise<[string, ChildKind][]> {
    const entries = await vscode.workspace.fs.readDirectory(dir === '' ? this.root : this.uriOf(dir));
    return entries.map(([name, type]): [string, ChildKind] => [
      name,
      type === vscode.FileType.Directory ? 'folder' : (type & vscode.FileType.File) !== 0 ? 'file' : 'other',
    ]);
  }

  /** A listed file's entry; undefined when it is no file (any more). */
  protected async entryOf(path: string): Promise<FileEntry | undefined> {
    const stat = await this.stat(path);
    return stat && { path, size: stat.size, mtimeMs: stat.mtimeMs };
  }

  /** The entries of the files listed, in the order given. */
  private async measured(paths: readonly string[], signal?: AbortSignal): Promise<FileEntry[]> {
    const entries = new Map<string, FileEntry>();
    await forEachConcurrently(paths, STATS_IN_FLIGHT, signal, async (path) => {
      const entry = await this.entryOf(path).catch(() => undefined);
      if (entry !== undefined) entries.set(path, entry);
    });
    return paths.flatMap((path) => entries.get(path) ?? []);
  }
}
