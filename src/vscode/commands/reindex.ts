/** "Read the Project Again": drops the index of every folder and builds the current one afresh. */
import type * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { registerCommand } from './register-command';

export function registerReindexCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.reindex, async () => {
    services.indexes.invalidateAll();
    const index = await services.indexes.pickService();
    const facts = await index?.ensureFacts(true);
    return facts === undefined ? undefined : { models: facts.models.length, routes: facts.routes.length };
  });
}
