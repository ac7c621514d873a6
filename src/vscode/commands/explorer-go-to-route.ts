/**
 * "Go to Route…": a QuickPick over every route of the workspace, searchable by full path and
 * handler name; the chosen handler opens at its line. `{ query }` preselects the first match
 * (for keybindings and tests).
 */
import * as vscode from 'vscode';
import { type RoutePick, routePicks } from '../../core/explorer/route-picks';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { objectArgument, registerCommand, stringField } from './register-command';

interface RouteItem extends vscode.QuickPickItem {
  readonly pick: RoutePick;
  readonly folder: vscode.WorkspaceFolder;
}

export function registerExplorerGoToRouteCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.explorerGoToRoute, async (argument: unknown) => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const items: RouteItem[] = [];
    for (const folder of folders) {
      const service = services.indexes.serviceOf(folder.uri)?.service;
      const facts = await service?.ensureFacts(true);
      for (const pick of facts === undefined ? [] : routePicks(facts)) {
        items.push({
          label: pick.label,
          description: pick.description,
          detail: folders.length > 1 ? `${folder.name} · ${pick.detail}` : pick.detail,
          pick,
          folder,
        });
      }
    }
    if (items.length === 0) {
      void vscode.window.showInformationMessage('No FastAPI routes found in this workspace.');
      return undefined;
    }
    const query = stringField(objectArgument(argument), 'query')?.toLowerCase();
    const chosen =
      query === undefined
        ? await vscode.window.showQuickPick(items, { title: 'Go to Route', placeHolder: 'Search by path or handler name', matchOnDescription: true, matchOnDetail: true })
        : items.find((item) => `${item.label} ${item.description ?? ''}`.toLowerCase().includes(query));
    if (chosen === undefined) return undefined;
    const { location } = chosen.pick;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(chosen.folder.uri, ...location.file.split('/')));
    const position = new vscode.Position(location.line, location.column);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
    return { path: chosen.pick.path, file: location.file, line: location.line };
  });
}
