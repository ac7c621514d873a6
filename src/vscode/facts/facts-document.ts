/**
 * "What the assistant sees" as a read-only Markdown document per workspace folder, rendered from
 * the current facts and refreshed when the index changes.
 */
import * as vscode from 'vscode';
import type { ProjectIndexes } from '../index/project-indexes';

export const FACTS_SCHEME = 'fastapi-engineer-facts';

export class FactsDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(private readonly indexes: ProjectIndexes) {
    this.subscription = indexes.onDidChangeFacts(({ folder }) => this.changed.fire(factsUri(folder)));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const folderUri = vscode.Uri.parse(new URLSearchParams(uri.query).get('folder') ?? '');
    const found = this.indexes.serviceOf(folderUri);
    if (found === undefined) return '# No workspace folder\n\nOpen the folder of a FastAPI + SQLModel project.\n';
    const facts = await found.service.ensureFacts(false);
    const { describeProject } = await import('../../core/project/describe');
    return describeProject(facts);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function factsUri(folder: vscode.WorkspaceFolder): vscode.Uri {
  const query = new URLSearchParams({ folder: folder.uri.toString() }).toString();
  return vscode.Uri.from({ scheme: FACTS_SCHEME, path: `/${folder.name} - what the assistant sees.md`, query });
}
