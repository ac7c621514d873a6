/**
 * The spec as the user sees it: a document (or a file it `$ref`s) open in an editor with unsaved
 * edits is read from the editor, everything else from the workspace.
 */
import * as vscode from 'vscode';
import type { FileEntry, FileSource, FileStat } from '../../core/ports';
import type { WorkspaceFileSource } from '../workspace-file-source';

export class EditorSpecSource implements FileSource {
  constructor(private readonly workspace: WorkspaceFileSource) {}

  listFiles(excludeDirs: ReadonlySet<string>, signal?: AbortSignal): Promise<readonly FileEntry[]> {
    return this.workspace.listFiles(excludeDirs, signal);
  }

  readText(path: string): Promise<string> {
    const uri = this.workspace.uriOf(path).toString();
    const open = vscode.workspace.textDocuments.find((document) => document.isDirty && document.uri.toString() === uri);
    return open === undefined ? this.workspace.readText(path) : Promise.resolve(open.getText());
  }

  stat(path: string): Promise<FileStat | undefined> {
    return this.workspace.stat(path);
  }
}
