/**
 * The FastAPI explorer's TreeDataProvider: renders the tree `core/explorer` builds from each
 * folder's facts, and rebuilds it whenever the index updates (a save re-reads the saved file).
 * With several folders open, each folder is a row of its own.
 */
import * as vscode from 'vscode';
import type { ExplorerNode, ExplorerTree } from '../../core/explorer/explorer-node';
import { buildExplorerTree, walkTree } from '../../core/explorer/explorer-tree';
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
  private parents = new Map<ExplorerNode, ExplorerNode>();
  private folders = new Map<ExplorerNode, vscode.WorkspaceFolder>();
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

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    if (element !== undefined) return [...element.children];
    const trees = await this.buildTrees();
    this.parents = new Map();
    this.folders = new Map();
    const roots: ExplorerNode[] =
      trees.length === 1 ? [...(trees[0]?.tree.roots ?? [])] : trees.map(({ folder, tree }) => folderNode(folder, tree));
    for (const [index, root] of roots.entries()) {
      const folder = trees.length === 1 ? trees[0]?.folder : trees[index]?.folder;
      for (const node of walkTree([root])) {
        if (folder !== undefined) this.folders.set(node, folder);
        for (const child of node.children) this.parents.set(child, node);
      }
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

  /** The workspace folder a row belongs to. */
  folderOf(element: ExplorerNode): vscode.WorkspaceFolder | undefined {
    return this.folders.get(element);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const state =
      node.children.length === 0
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
      // Never a visible build from here: the first read runs in the background, and its end
      // (onDidChangeFacts) refreshes the view.
      const facts = service.facts ?? (await service.backgroundFacts());
      const tree: ExplorerTree =
        facts === undefined
          ? { message: `The project in ${folder.name} could not be read; see the FastAPI Backend Engineer log, then run "FastAPI: Read the Project Again".`, roots: [] }
          : buildExplorerTree(facts, { idPrefix: folder.uri.toString(), folderName: folder.name });
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
