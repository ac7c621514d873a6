/**
 * WorkspaceAccess for a workspace folder: the local file system (with symlink resolution) for
 * local folders, `workspace.fs` for remote and virtual ones. Used to check proposed paths when
 * a proposal is built and again when it is applied.
 */
import * as vscode from 'vscode';
import type { WorkspaceAccess } from '../core/agent/change-builder';
import { nodeWorkspaceAccess } from '../core/agent/node-workspace';
import { decodeSourceLeniently } from '../core/changes/source-encoding';

export function workspaceAccess(folder: vscode.Uri): WorkspaceAccess {
  if (folder.scheme === 'file') {
    return nodeWorkspaceAccess(folder.fsPath);
  }
  return {
    root: folder.path,
    async readText(path) {
      try {
        return decodeSourceLeniently(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, ...path.split('/'))));
      } catch (error) {
        // Only a missing file is "no file": an unreadable one must not be proposed as new.
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
        throw error;
      }
    },
    // Symlinks cannot be resolved through workspace.fs; path checks still apply.
    realpath: () => undefined,
  };
}
