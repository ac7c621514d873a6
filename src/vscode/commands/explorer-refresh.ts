/** "Refresh FastAPI Explorer": reads every folder again and rebuilds the tree from the new facts. */
import type * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { registerCommand } from './register-command';

export function registerExplorerRefreshCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.explorerRefresh, () => {
    services.indexes.invalidateAll();
    services.explorer.refresh(true);
  });
}
