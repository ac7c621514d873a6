/**
 * The FastAPI view in the Explorer: the tree from `services.explorer`, its message (what to do
 * when no app was found or files have syntax errors), and its commands.
 */
import * as vscode from 'vscode';
import { EXPLORER } from '../commands/command-ids';
import { registerExplorerCopyPathCommand } from '../commands/explorer-copy-path';
import { registerExplorerGenerateCrudCommand } from '../commands/explorer-generate-crud';
import { registerExplorerGoToRouteCommand } from '../commands/explorer-go-to-route';
import { registerExplorerRefreshCommand } from '../commands/explorer-refresh';
import type { ExtensionServices } from '../services';

export function registerExplorer(services: ExtensionServices): vscode.Disposable {
  const view = vscode.window.createTreeView(EXPLORER.viewId, { treeDataProvider: services.explorer, showCollapseAll: true });
  const showMessage = (message: string | undefined): void => {
    view.message = message;
  };
  return vscode.Disposable.from(
    view,
    services.explorer.onDidChangeMessage(showMessage),
    registerExplorerRefreshCommand(services),
    registerExplorerGoToRouteCommand(services),
    registerExplorerCopyPathCommand(services),
    registerExplorerGenerateCrudCommand(services),
  );
}
