/** "Copy Path" on a route row: its full path (`/api/v1/items/{id}`) to the clipboard. */
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../core/explorer/explorer-node';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { registerCommand } from './register-command';

export function registerExplorerCopyPathCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.explorerCopyPath, async (node: unknown) => {
    const path = (node as Partial<ExplorerNode> | undefined)?.route?.path;
    if (path === undefined) {
      void vscode.window.showInformationMessage('Choose a route in the FastAPI explorer to copy its path.');
      return undefined;
    }
    await vscode.env.clipboard.writeText(path);
    vscode.window.setStatusBarMessage(`Copied ${path}`, 3000);
    return path;
  });
}
