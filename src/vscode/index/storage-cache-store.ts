/**
 * The index's facts cache in the extension's storage (the workspace's storage folder, else the
 * global one), one file per workspace folder, through `workspace.fs` so remote hosts work too.
 */
import * as vscode from 'vscode';
import type { FactsCacheStore } from '../../core/project/index-cache';

/** A short stable name for a folder URI: FNV-1a over its text, in hex. */
function nameOf(folder: vscode.Uri): string {
  const text = folder.toString();
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `index-facts-${(hash >>> 0).toString(16).padStart(8, '0')}.json`;
}

export class StorageCacheStore implements FactsCacheStore {
  private readonly file: vscode.Uri;

  constructor(private readonly storage: vscode.Uri, folder: vscode.Uri) {
    this.file = vscode.Uri.joinPath(storage, nameOf(folder));
  }

  async load(): Promise<string | undefined> {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(this.file));
    } catch {
      return undefined;
    }
  }

  async save(text: string): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.storage);
    await vscode.workspace.fs.writeFile(this.file, new TextEncoder().encode(text));
  }
}
