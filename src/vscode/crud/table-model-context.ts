/**
 * Keeps the context key `fastapiBackendEngineer.cursorInTableModel` current, so the editor
 * context menu offers "Generate CRUD for this Model" only inside a SQLModel table class.
 */
import * as vscode from 'vscode';
import { CONTEXT_KEYS } from '../commands/command-ids';
import type { ExtensionServices } from '../services';
import { tableModelAt } from '../../core/project/table-models';

export function registerTableModelContext(services: ExtensionServices): vscode.Disposable {
  let current: boolean | undefined;
  const set = (value: boolean): void => {
    if (value === current) return;
    current = value;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.cursorInTableModel, value);
  };
  const refresh = (editor: vscode.TextEditor | undefined): void => {
    if (editor === undefined || editor.document.languageId !== 'python') return set(false);
    const found = services.indexes.serviceOf(editor.document.uri);
    const facts = found?.service.facts;
    if (facts === undefined) {
      // Read the project in the background; the facts event brings us back here.
      void found?.service.backgroundFacts();
      return set(false);
    }
    set(tableModelAt(facts, services.indexes.relative(editor.document.uri), editor.selection.active.line) !== undefined);
  };
  refresh(vscode.window.activeTextEditor);
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.window.onDidChangeTextEditorSelection((event) => refresh(event.textEditor)),
    services.indexes.onDidChangeFacts(() => refresh(vscode.window.activeTextEditor)),
  );
}
