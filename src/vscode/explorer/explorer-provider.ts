/**
 * The FastAPI explorer's TreeDataProvider: renders the tree `core/explorer` builds from each
 * folder's facts, and rebuilds it whenever the index updates (a save re-reads the saved file).
 * With several folders open, each folder is a row of its own.
 *
 * It starts a read of a folder only the first time the folder is shown and on Refresh: a read the
 * user cancelled, or one dropped because settings changed, is not restarted behind their back.
 */
import * as vscode from 'vscode';
import type { ExplorerNode, ExplorerTree } from '../../core/explorer/explorer-node';
import { buildExplorerTree } from '../../core/explorer/explorer-tree';
import { EXPLORER } from '../commands/command-ids';
import type { ProjectIndexes } from '../index/project-indexes';

interface FolderTree {
  readonly folder: vscode.WorkspaceFolder;
  readonly tree: ExplorerTree;
}

export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  private readonly messageChanged = new vscode.EventEmitter<string | undefined>();
  private readonly subscription: vscode.Disposable;
  /** Filled as rows are handed out, so a large tree is never walked as a whole. */
  private parents = new WeakMap<ExplorerNode, ExplorerNode>();
  private folders = new WeakMap<ExplorerNode, vscode.WorkspaceFolder>();
  /** Folders whose first read this view has asked for. */
  private readonly requested = new Set<string>();
  private currentMessage: string | undefined;
  readonly onDidChangeTreeData = this.changed.event;
  /** The text shown above the rows (no app found, syntax errors); the view sets it as its message. */
  readonly onDidChangeMessage = this.messageChanged.event;

  constructor(private readonly indexes: ProjectIndexes) {
    this.subscription = vscode.Disposable.from(
      indexes.onDidChangeFacts(() => this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
    );
  }

  get message(): string | undefined {
    return this.currentMessage;
  }

  /** Shows the facts as they are; `readAgain` also reads folders whose facts were dropped. */
  refresh(readAgain = false): void {
    if (readAgain) this.requested.clear();
    this.changed.fire(undefined);
  }

  async getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    if (element !== undefined) {
      const folder = this.folders.get(element);
      for (const child of element.children) {
        this.parents.set(child, element);
        if (folder !== undefined) this.folders.set(child, folder);
      }
      return [...element.children];
    }
    const trees = await this.buildTrees();
    this.parents = new WeakMap();
    this.folders = new WeakMap();
    const roots: ExplorerNode[] = [];
    for (const { folder, tree } of trees) {
      const rows = trees.length === 1 ? tree.roots : [folderNode(folder, tree)];
      for (const row of rows) this.folders.set(row, folder);
      roots.push(...rows);
    }
    const message = trees.flatMap(({ folder, tree }) => (tree.message === undefined ? [] : [trees.length === 1 ? tree.message : `${folder.name}: ${tree.message}`])).join(' ') || undefined;
    if (message !== this.currentMessage) {
      this.currentMessage = message;
      this.messageChanged.fire(message);
    }
    return roots;
  }

  getParent(element: ExplorerNode): ExplorerNode | undefined {
    return this.parents.get(element);
  }

  /** The workspace folder of a row this provider handed out. */
  folderOf(element: ExplorerNode): vscode.WorkspaceFolder | undefined {
    return this.folders.get(element);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const state = !(node.hasChildren ?? node.children.length > 0)
      ? vscode.TreeItemCollapsibleState.None
      : node.expanded === true
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    if (node.description !== undefined) item.description = node.description;
    if (node.tooltip !== undefined) item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon);
    if (node.route !== undefined) item.contextValue = EXPLORER.routeItem;
    else if (node.crudModel !== undefined) item.contextValue = EXPLORER.crudModelItem;
    else item.contextValue = node.kind;
    const folder = this.folders.get(node);
    if (node.location !== undefined && folder !== undefined) {
      const position = new vscode.Position(node.location.line, node.location.column);
      item.command = {
        command: 'vscode.open',
        title: 'Open',
        arguments: [vscode.Uri.joinPath(folder.uri, ...node.location.file.split('/')), { selection: new vscode.Range(position, position), preview: true }],
      };
    }
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.messageChanged.dispose();
  }

  private async buildTrees(): Promise<FolderTree[]> {
    const trees: FolderTree[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const service = this.indexes.serviceOf(folder.uri)?.service;
      if (service === undefined) continue;
      const key = folder.uri.toString();
      let facts = service.facts;
      if (facts === undefined && !this.requested.has(key)) {
        this.requested.add(key);
        // Never a visible build from here: the read runs in the background, and its end
        // (onDidChangeFacts) refreshes the view.
        facts = await service.backgroundFacts();
      }
      const tree: ExplorerTree =
        facts !== undefined
          ? buildExplorerTree(facts, { idPrefix: key, folderName: folder.name })
          : { message: service.reading ? `Reading the project in ${folder.name}…` : `The project in ${folder.name} is not read: use Refresh (or "FastAPI: Read the Project Again") to read it.`, roots: [] };
      trees.push({ folder, tree });
    }
    return trees;
  }
}

function folderNode(folder: vscode.WorkspaceFolder, tree: ExplorerTree): ExplorerNode {
  return {
    id: `${folder.uri.toString()}/folder`,
    kind: 'group',
    label: folder.name,
    ...(tree.message === undefined ? {} : { description: tree.message }),
    icon: 'root-folder',
    expanded: true,
    children: tree.roots,
  };
}
