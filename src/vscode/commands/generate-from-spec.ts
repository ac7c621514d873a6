/**
 * "Generate Endpoints from OpenAPI Spec": on a `.yaml` / `.yml` / `.json` file from the explorer
 * or editor context menu, or from the palette, where a QuickPick offers the workspace's OpenAPI
 * documents and a browse option. `{ uri | specFile, ifReviewOpen?, waitForCheck? }` skips the
 * picker (`specFile` relative to the first folder).
 */
import * as vscode from 'vscode';
import { ifOpenArgument } from '../crud/generate-crud-flow';
import type { ExtensionServices } from '../services';
import { findSpecDocuments } from '../spec/spec-documents';
import { SpecReports } from '../spec/spec-report';
import { COMMANDS } from './command-ids';
import { objectArgument, registerCommand, stringField, uriArgument } from './register-command';

interface SpecItem extends vscode.QuickPickItem {
  readonly uri?: vscode.Uri;
}

const BROWSE: SpecItem = { label: '$(folder-opened) Browse…', detail: 'Choose an OpenAPI document (.yaml, .yml, .json) inside the project' };

export function registerGenerateFromSpecCommand(services: ExtensionServices): vscode.Disposable {
  const reports = new SpecReports();
  const command = registerCommand(services.logger, COMMANDS.generateFromSpec, async (argument: unknown) => {
    const options = objectArgument(argument);
    const uri = argument instanceof vscode.Uri ? argument : (uriArgument(options['uri']) ?? relativeToFolder(stringField(options, 'specFile')) ?? (await pickSpec()));
    if (uri === undefined) return undefined;
    const ifOpen = ifOpenArgument(options['ifReviewOpen']);
    // Its own file in the build: the reader, resolver and engine load when the command first runs.
    const { proposeFromSpec } = await import('../spec/propose-from-spec');
    return proposeFromSpec(services, reports, uri, { ...(ifOpen === undefined ? {} : { ifOpen }), waitForCheck: options['waitForCheck'] === true });
  });
  return vscode.Disposable.from(command, reports);
}

function relativeToFolder(path: string | undefined): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return path === undefined || folder === undefined ? undefined : vscode.Uri.joinPath(folder.uri, ...path.split('/'));
}

async function pickSpec(): Promise<vscode.Uri | undefined> {
  if ((vscode.workspace.workspaceFolders ?? []).length === 0) {
    void vscode.window.showWarningMessage('Open the folder of a FastAPI project first; the OpenAPI document must be inside it.');
    return undefined;
  }
  const items = findSpecDocuments().then((documents): SpecItem[] => [
    ...documents.map((document) => ({
      label: `$(file-code) ${document.label}`,
      description: document.kind === 'swagger' ? 'Swagger 2.0: convert it to OpenAPI 3 first' : 'OpenAPI',
      uri: document.uri,
    })),
    BROWSE,
  ]);
  const picked = await vscode.window.showQuickPick(items, {
    title: COMMANDS.generateFromSpec.title,
    placeHolder: 'Which OpenAPI document? (documents found in the workspace)',
    matchOnDescription: true,
  });
  if (picked === undefined) return undefined;
  if (picked.uri !== undefined) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({
    title: COMMANDS.generateFromSpec.title,
    canSelectMany: false,
    filters: { 'OpenAPI documents': ['yaml', 'yml', 'json'] },
    ...(vscode.workspace.workspaceFolders?.[0] === undefined ? {} : { defaultUri: vscode.workspace.workspaceFolders[0].uri }),
  });
  return chosen?.[0];
}
