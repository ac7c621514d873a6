/**
 * "Generate CRUD for Model…": a QuickPick of every table model (the current file's first), or the
 * models of one file when run from the explorer. `{ model, uri?, ifReviewOpen? }` skips the picker.
 */
import * as vscode from 'vscode';
import type { ProjectFacts } from '../../core/project/facts';
import { ambiguousTableModels, modelArgument, orderForFile, tableModels, type TableModelEntry } from '../../core/project/table-models';
import { ifOpenArgument, proposeCrud } from '../crud/generate-crud-flow';
import type { ProjectIndexService } from '../index/project-index-service';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { objectArgument, registerCommand, stringField, uriArgument } from './register-command';

interface ModelItem extends vscode.QuickPickItem {
  readonly modelName: string;
}

export function registerGenerateCrudCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.generateCrud, async (argument: unknown) => {
    const options = objectArgument(argument);
    const fileUri = argument instanceof vscode.Uri ? argument : uriArgument(options['uri']);
    const index = fileUri === undefined ? await services.indexes.pickService() : services.indexes.serviceOf(fileUri)?.service;
    if (index === undefined) {
      void vscode.window.showWarningMessage('Open a folder with a FastAPI + SQLModel project first.');
      return undefined;
    }
    const named = stringField(options, 'model');
    const model =
      named === undefined
        ? await pickModel(services, index, argument instanceof vscode.Uri ? fileUri : undefined)
        : await disambiguate(await index.ensureFacts(true), named);
    if (model === undefined) return undefined;
    return proposeCrud(services, index, model, ifOpenArgument(options['ifReviewOpen']));
  });
}

/** `onlyFile`: the explorer's file, whose models alone are offered. */
async function pickModel(services: ExtensionServices, index: ProjectIndexService, onlyFile: vscode.Uri | undefined): Promise<string | undefined> {
  const facts = await index.ensureFacts(true);
  const activeUri = onlyFile ?? vscode.window.activeTextEditor?.document.uri;
  const currentFile = activeUri === undefined ? undefined : services.indexes.relative(activeUri);
  const all = tableModels(facts);
  const entries = orderForFile(onlyFile === undefined ? all : all.filter((entry) => entry.model.file === currentFile), currentFile);
  if (entries.length === 0) {
    const where = onlyFile === undefined ? 'this project' : (currentFile ?? 'this file');
    void vscode.window.showInformationMessage(`No SQLModel table models (table=True) found in ${where}.`);
    return undefined;
  }
  const only = entries[0];
  if (onlyFile !== undefined && entries.length === 1 && only) return modelArgument(facts, only.model);
  const picked = await vscode.window.showQuickPick(entries.map((entry) => itemOf(facts, entry, currentFile)), {
    title: 'Generate CRUD for Model',
    placeHolder: 'Which SQLModel table model?',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.modelName;
}

/**
 * A bare name that several table models share: the user picks the one meant, and the engine is
 * asked for it with its file (`Hero@app/models/hero.py`).
 */
export async function disambiguate(facts: ProjectFacts, reference: string): Promise<string | undefined> {
  const candidates = ambiguousTableModels(facts, reference);
  if (candidates.length === 0) return reference;
  const picked = await vscode.window.showQuickPick(
    candidates.map((model) => ({ label: `$(symbol-class) ${model.name}`, description: model.file, detail: model.module, modelName: modelArgument(facts, model) })),
    { title: `Several classes are named ${reference}`, placeHolder: `Which ${reference}?`, matchOnDescription: true },
  );
  return picked?.modelName;
}

function itemOf(facts: ProjectFacts, entry: TableModelEntry, currentFile: string | undefined): ModelItem {
  const { model, routerFiles } = entry;
  const fields = model.fields.map((field) => field.name);
  const router = routerFiles.length === 0 ? 'no router yet' : `router: ${routerFiles.join(', ')}`;
  return {
    label: `$(symbol-class) ${model.name}`,
    description: `${model.file}${model.file === currentFile ? ' (current file)' : ''}`,
    detail: `${fields.length} field${fields.length === 1 ? '' : 's'}: ${fields.join(', ')} · ${router}`,
    modelName: modelArgument(facts, model),
  };
}
