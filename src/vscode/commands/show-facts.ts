/**
 * "Show What the Assistant Sees": the project's facts (models, routes with full paths,
 * dependencies, conventions and where each was seen) as a readable Markdown document.
 */
import * as vscode from 'vscode';
import { FACTS_SCHEME, FactsDocumentProvider, factsUri } from '../facts/facts-document';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { registerCommand } from './register-command';

export function registerShowFactsCommand(services: ExtensionServices): vscode.Disposable {
  const provider = new FactsDocumentProvider(services.indexes);
  const command = registerCommand(services.logger, COMMANDS.showFacts, async () => {
    const index = await services.indexes.pickService();
    if (index === undefined) {
      void vscode.window.showWarningMessage('Open a folder with a FastAPI + SQLModel project first.');
      return undefined;
    }
    await index.ensureFacts(true); // progress and cancel here, not inside the document provider
    const document = await vscode.workspace.openTextDocument(factsUri(index.folder));
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { preview: false });
    return document.uri.toString();
  });
  return vscode.Disposable.from(provider, vscode.workspace.registerTextDocumentContentProvider(FACTS_SCHEME, provider), command);
}
