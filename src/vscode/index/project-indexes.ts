/**
 * One ProjectIndexService per workspace folder, created on first use, and the file watchers that
 * feed them: Python files are re-read when they change; a `.gitignore` change re-reads everything.
 */
import * as vscode from 'vscode';
import type { ProjectFacts } from '../../core/project/facts';
import type { Logger } from '../../core/ports';
import { type IndexServiceOptions, ProjectIndexService } from './project-index-service';

export class ProjectIndexes implements vscode.Disposable {
  private readonly services = new Map<string, ProjectIndexService>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<{ folder: vscode.WorkspaceFolder; facts: ProjectFacts }>();
  readonly onDidChangeFacts = this.changed.event;

  constructor(
    private readonly logger: Logger,
    private readonly maxFileBytes: () => number,
    private readonly factsCache?: IndexServiceOptions['factsCache'],
  ) {
    const python = vscode.workspace.createFileSystemWatcher('**/*.py');
    const ignore = vscode.workspace.createFileSystemWatcher('**/.gitignore');
    const onPython = (uri: vscode.Uri): void => this.serviceOf(uri, false)?.service.fileChanged(this.relative(uri));
    const onIgnore = (uri: vscode.Uri): void => this.serviceOf(uri, false)?.service.invalidate();
    this.subscriptions.push(
      python,
      ignore,
      python.onDidCreate(onPython),
      python.onDidChange(onPython),
      python.onDidDelete(onPython),
      ignore.onDidCreate(onIgnore),
      ignore.onDidChange(onIgnore),
      ignore.onDidDelete(onIgnore),
      vscode.workspace.onDidChangeWorkspaceFolders((event) => event.removed.forEach((folder) => this.drop(folder))),
    );
  }

  /** The service of the folder holding `uri`; created on demand unless `create` is false. */
  serviceOf(uri: vscode.Uri, create = true): { service: ProjectIndexService; folder: vscode.WorkspaceFolder } | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder === undefined) return undefined;
    const service = this.services.get(folder.uri.toString()) ?? (create ? this.create(folder) : undefined);
    return service === undefined ? undefined : { service, folder };
  }

  /** The folder of the active editor, the only folder, or one the user picks. */
  async pickService(): Promise<ProjectIndexService | undefined> {
    const active = vscode.window.activeTextEditor?.document.uri;
    const fromEditor = active === undefined ? undefined : this.serviceOf(active);
    if (fromEditor !== undefined) return fromEditor.service;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const only = folders.length === 1 ? folders[0] : undefined;
    const folder = only ?? (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which project?' }));
    return folder === undefined ? undefined : this.serviceOf(folder.uri)?.service;
  }

  /** Reads every open folder again from scratch. */
  invalidateAll(): void {
    for (const service of this.services.values()) service.invalidate();
  }

  relative(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
  }

  dispose(): void {
    for (const service of this.services.values()) service.dispose();
    this.services.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }

  private create(folder: vscode.WorkspaceFolder): ProjectIndexService {
    const options = { logger: this.logger, maxFileBytes: this.maxFileBytes };
    const service = new ProjectIndexService(folder, this.factsCache === undefined ? options : { ...options, factsCache: this.factsCache });
    this.subscriptions.push(service.onDidChangeFacts((facts) => this.changed.fire({ folder, facts })));
    this.services.set(folder.uri.toString(), service);
    return service;
  }

  private drop(folder: vscode.WorkspaceFolder): void {
    this.services.get(folder.uri.toString())?.dispose();
    this.services.delete(folder.uri.toString());
  }
}
