/**
 * A "Generate CRUD" CodeLens above every SQLModel table class. Lenses come from the index, so
 * they appear once the project has been read and follow its updates.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commands/command-ids';
import type { ExtensionServices } from '../services';
import { modelArgument } from '../../core/project/table-models';

class ModelCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly services: ExtensionServices) {
    this.subscription = services.indexes.onDidChangeFacts(() => this.changed.fire());
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.services.settings()['codeLens.enabled']) return [];
    const found = this.services.indexes.serviceOf(document.uri);
    if (found === undefined) return [];
    // Lenses never start a visible build: the first read runs in the background.
    const facts = found.service.facts ?? (await found.service.backgroundFacts());
    if (facts === undefined || token.isCancellationRequested) return [];
    const file = this.services.indexes.relative(document.uri);
    return facts.models
      .filter((model) => model.table && model.file === file && model.range.startLine < document.lineCount)
      .map((model) => {
        const line = model.range.startLine;
        return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: `$(wand) Generate CRUD for ${model.name}`,
          tooltip: 'Propose schemas, a router, its registration and tests, reviewed as a diff before anything is written',
          command: COMMANDS.generateCrudForClass.id,
          arguments: [{ model: modelArgument(facts, model), uri: document.uri.toString() }],
        });
      });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerModelCodeLens(services: ExtensionServices): vscode.Disposable {
  const provider = new ModelCodeLensProvider(services);
  return vscode.Disposable.from(provider, vscode.languages.registerCodeLensProvider({ language: 'python' }, provider));
}
