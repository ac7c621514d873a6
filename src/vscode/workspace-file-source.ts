/**
 * Core's FileSource port over `vscode.workspace.fs`, so the index reads local, remote and virtual
 * workspaces alike. Paths are POSIX paths relative to the workspace folder.
 */
import * as vscode from 'vscode';
import { decodeSourceLeniently } from '../core/changes/source-encoding';
import type { FileEntry, FileSource, FileStat } from '../core/ports';

const STAT_BATCH = 64;

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
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir === '' ? this.root : this.uriOf(dir));
      } catch {
        continue; // unreadable folders are skipped, as `find` would
      }
      for (const [name, type] of entries) {
        const path = dir === '' ? name : `${dir}/${name}`;
        // Symlinked folders are not followed: they may leave the workspace or form cycles.
        if (type === vscode.FileType.Directory) {
          if (!excludeDirs.has(name)) pending.push(path);
        } else if ((type & vscode.FileType.File) !== 0) {
          files.push(path);
        }
      }
    }
    return this.withSizes(files.sort(), signal);
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

  private async withSizes(paths: readonly string[], signal?: AbortSignal): Promise<FileEntry[]> {
    const entries: FileEntry[] = [];
    for (let start = 0; start < paths.length; start += STAT_BATCH) {
      signal?.throwIfAborted();
      const batch = paths.slice(start, start + STAT_BATCH);
      const stats = await Promise.all(batch.map((path) => this.stat(path).catch(() => undefined)));
      batch.forEach((path, index) => {
        const stat = stats[index];
        if (stat !== undefined) entries.push({ path, size: stat.size, mtimeMs: stat.mtimeMs });
      });
    }
    return entries;
  }
}
