/** "Generate CRUD" on a table model row that no route serves yet: the usual proposal and review. */
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../core/explorer/explorer-node';
import { proposeCrud } from '../crud/generate-crud-flow';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { registerCommand } from './register-command';

export function registerExplorerGenerateCrudCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.explorerGenerateCrud, async (node: unknown) => {
    const row = node as ExplorerNode | undefined;
    const model = row?.crudModel;
    const folder = row === undefined ? undefined : services.explorer.folderOf(row);
    const index = folder === undefined ? undefined : services.indexes.serviceOf(folder.uri)?.service;
    if (model === undefined || index === undefined) {
      void vscode.window.showInformationMessage('Choose a table model in the FastAPI explorer.');
      return undefined;
    }
    return proposeCrud(services, index, model);
  });
}
