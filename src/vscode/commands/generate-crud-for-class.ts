/**
 * "Generate CRUD for this Model": the table class at the cursor (editor context menu), or the
 * model a CodeLens names. Arguments for tests and lenses: `{ model?, uri?, line?, ifReviewOpen? }`.
 */
import * as vscode from 'vscode';
import { modelArgument, tableModelAt } from '../../core/project/table-models';
import { disambiguate } from './generate-crud';
import { ifOpenArgument, proposeCrud } from '../crud/generate-crud-flow';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { objectArgument, registerCommand, stringField, uriArgument } from './register-command';

export function registerGenerateCrudForClassCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.generateCrudForClass, async (argument: unknown) => {
    const options = objectArgument(argument);
    const editor = vscode.window.activeTextEditor;
    const uri = argument instanceof vscode.Uri ? argument : (uriArgument(options['uri']) ?? editor?.document.uri);
    const found = uri === undefined ? undefined : services.indexes.serviceOf(uri);
    if (uri === undefined || found === undefined) {
      void vscode.window.showWarningMessage('Open a Python file of the workspace and put the cursor inside a SQLModel table class.');
      return undefined;
    }
    let model = stringField(options, 'model');
    const facts = await found.service.ensureFacts(true);
    if (model === undefined) {
      const line = typeof options['line'] === 'number' ? options['line'] : cursorLine(editor, uri);
      const atCursor = line === undefined ? undefined : tableModelAt(facts, services.indexes.relative(uri), line);
      model = atCursor === undefined ? undefined : modelArgument(facts, atCursor);
    } else {
      model = await disambiguate(facts, model);
    }
    if (model === undefined) {
      void vscode.window.showInformationMessage('The cursor is not inside a SQLModel table class (a class with table=True).');
      return undefined;
    }
    return proposeCrud(services, found.service, model, ifOpenArgument(options['ifReviewOpen']));
  });
}

function cursorLine(editor: vscode.TextEditor | undefined, uri: vscode.Uri): number | undefined {
  return editor !== undefined && editor.document.uri.toString() === uri.toString() ? editor.selection.active.line : undefined;
}
