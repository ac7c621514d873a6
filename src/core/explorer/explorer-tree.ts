/**
 * ProjectFacts → the explorer's tree: apps with their routers and routes, models, and what the
 * user should fix (files with syntax errors, skipped files, prefixes without a value). A new kind
 * of fact becomes a new section function here, or a note, which is listed under "Problems" with
 * its line when it has one.
 */
import type { ProjectFacts, ProjectNote } from '../project/facts';
import { routeAccessOf } from '../project/route-access';
import type { ExplorerNode, ExplorerTree } from './explorer-node';
import { modelSections } from './model-rows';
import { routeSections } from './route-rows';

export interface ExplorerTreeOptions {
  /** Prefix of every node id: keeps ids unique when several folders are shown. */
  readonly idPrefix?: string;
  /** The folder's name, for messages. */
  readonly folderName?: string;
}

function noteNode(note: ProjectNote, facts: ProjectFacts, parentId: string, index: number): ExplorerNode {
  const syntax = facts.files.get(note.file)?.hasSyntaxErrors === true;
  return {
    id: `${parentId}/note:${index}:${note.file}`,
    kind: 'problem',
    label: note.file,
    description: note.message,
    tooltip: `${note.file}${note.line === undefined ? '' : `:${note.line + 1}`}\n${note.message}`,
    icon: syntax ? 'error' : 'warning',
    ...(note.line === undefined ? {} : { location: { file: note.file, line: note.line, column: 0 } }),
    children: [],
  };
}

function problemSection(facts: ProjectFacts, parentId: string): ExplorerNode[] {
  if (facts.notes.length === 0) return [];
  const id = `${parentId}/problems`;
  const syntaxFiles = new Set(facts.notes.filter((note) => facts.files.get(note.file)?.hasSyntaxErrors === true).map((note) => note.file));
  return [
    {
      id,
      kind: 'group',
      label: 'Problems',
      description: syntaxFiles.size === 0 ? `${facts.notes.length}` : `${syntaxFiles.size} file${syntaxFiles.size === 1 ? '' : 's'} with syntax errors`,
      tooltip: 'Files the index could not read fully: what they define may be missing above until they are fixed.',
      icon: syntaxFiles.size === 0 ? 'warning' : 'error',
      expanded: syntaxFiles.size > 0,
      children: facts.notes.map((note, index) => noteNode(note, facts, id, index)),
    },
  ];
}

function stateMessage(facts: ProjectFacts, folder: string): string | undefined {
  const syntax = facts.notes.filter((note) => facts.files.get(note.file)?.hasSyntaxErrors === true).length;
  const fix = syntax === 0 ? '' : ` ${syntax} file${syntax === 1 ? ' has' : 's have'} syntax errors (listed below); fix them and save.`;
  if (facts.apps.length === 0 && facts.routers.length === 0 && facts.models.length === 0) {
    return `No FastAPI app found in ${folder} (${facts.pythonFileCount} Python files looked at). Create one with \`app = FastAPI()\`, or open the folder that holds your project.${fix}`;
  }
  if (facts.apps.length === 0) {
    return `No FastAPI app found in ${folder}: routes show their routers' own prefixes only. Create \`app = FastAPI()\` and include the routers with \`app.include_router(...)\`.${fix}`;
  }
  return syntax === 0 ? undefined : `${syntax} file${syntax === 1 ? ' has' : 's have'} syntax errors: what ${syntax === 1 ? 'it defines' : 'they define'} may be missing. Fix and save to update.`;
}

export function buildExplorerTree(facts: ProjectFacts, options: ExplorerTreeOptions = {}): ExplorerTree {
  const parentId = options.idPrefix ?? '';
  const message = stateMessage(facts, options.folderName ?? 'this folder');
  const roots = [...routeSections(facts, routeAccessOf(facts), parentId), ...modelSections(facts, parentId), ...problemSection(facts, parentId)];
  return message === undefined ? { roots } : { message, roots };
}

/** Every node of the tree, depth first: for searching and for the parent lookup of a view. */
export function* walkTree(nodes: readonly ExplorerNode[]): Generator<ExplorerNode> {
  for (const node of nodes) {
    yield node;
    yield* walkTree(node.children);
  }
}
