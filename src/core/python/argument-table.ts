/**
 * Call arguments: what `callArguments` and `argumentNode` read from an `argument_list`.
 *
 * In a tree without syntax errors, a plain argument list (see plain-text) splits at its
 * top-level commas exactly as the grammar splits it: its texts then come from one read of the
 * list's text, and argument nodes are built only for the arguments a caller asks for. Other
 * lists are read node by node.
 */
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from './facts';
import { splitPlainList } from './plain-text';
import { fieldChild, inCleanTree, namedChildrenOf } from './syntax-nodes';

interface ArgumentTable {
  readonly texts: CallArguments;
  /** The first keyword argument of `name`: its value (which may be missing) and place among the arguments. */
  keyword(name: string): { readonly value: Node | undefined; readonly order: number } | undefined;
  /** The positional argument at `index`, before the first `*` / `**` splat (after it, positions are unknown). */
  positional(index: number): { readonly node: Node; readonly order: number } | undefined;
}

/** Every argument read as a node: the names, values and texts of each one. */
function nodeTable(argumentList: Node): ArgumentTable {
  const positional: string[] = [];
  const keywords: Record<string, string> = {};
  const keywordNodes = new Map<string, { value: Node | undefined; order: number }>();
  const positionalNodes: { node: Node; order: number }[] = [];
  let splatSeen = false;
  let order = 0;
  for (const argument of namedChildrenOf(argumentList)) {
    const type = argument.type;
    if (type === 'comment') continue;
    order += 1;
    if (type === 'keyword_argument') {
      const nameText = fieldChild(argument, 'name')?.text;
      const value = fieldChild(argument, 'value') ?? undefined;
      if (nameText !== undefined && !keywordNodes.has(nameText)) keywordNodes.set(nameText, { value, order });
      if (nameText !== undefined && value) keywords[nameText] = value.text;
      continue;
    }
    positional.push(argument.text);
    if (type === 'list_splat' || type === 'dictionary_splat') splatSeen = true;
    else if (!splatSeen) positionalNodes.push({ node: argument, order });
  }
  return {
    texts: { positional, keywords },
    keyword: (name) => keywordNodes.get(name),
    positional: (index) => positionalNodes[index],
  };
}

const KEYWORD = /^([A-Za-z_]\w*)\s*=(?!=)/;

/** A plain argument list read from its text alone: its items and where each argument is among them. */
export interface PlainArguments {
  readonly parts: readonly string[];
  readonly texts: CallArguments;
  /** The first item of each keyword. */
  readonly keywordIndexes: ReadonlyMap<string, number>;
  /** The items of the positional arguments before the first `*` / `**` splat. */
  readonly positionalIndexes: readonly number[];
}

/** The arguments of a plain argument list's text (`(a, b=1)`), or undefined when the text is not plain. */
export function plainArguments(text: string): PlainArguments | undefined {
  const parts = splitPlainList(text);
  // `f(x for x in items)` passes a generator, which is no argument list.
  if (!parts || (parts.length === 1 && /\bfor\b/.test(parts[0] ?? ''))) return undefined;
  const positional: string[] = [];
  const keywords: Record<string, string> = {};
  const keywordIndexes = new Map<string, number>();
  const positionalIndexes: number[] = [];
  let splatSeen = false;
  parts.forEach((part, index) => {
    const keyword = KEYWORD.exec(part);
    const name = keyword?.[1];
    if (keyword && name !== undefined) {
      if (!keywordIndexes.has(name)) keywordIndexes.set(name, index);
      keywords[name] = part.slice(keyword[0].length).trim();
      return;
    }
    positional.push(part);
    if (part.startsWith('*')) splatSeen = true;
    else if (!splatSeen) positionalIndexes.push(index);
  });
  return { parts, texts: { positional, keywords }, keywordIndexes, positionalIndexes };
}

/** The value text of keyword `name` (or of positional `index`) of plain arguments: whichever comes first. */
export function plainArgumentText(args: PlainArguments, name: string, index?: number): string | undefined {
  const keyword = args.keywordIndexes.get(name);
  const positional = index === undefined ? undefined : args.positionalIndexes[index];
  if (keyword !== undefined && (positional === undefined || keyword < positional)) {
    const part = args.parts[keyword] ?? '';
    return part.slice(KEYWORD.exec(part)?.[0].length ?? 0).trim();
  }
  return positional === undefined ? undefined : args.parts[positional];
}

/** The table of a plain argument list from its text, or undefined when the text is not plain. */
function textTable(argumentList: Node): ArgumentTable | undefined {
  const plain = plainArguments(argumentList.text);
  if (!plain) return undefined;
  const { parts, keywordIndexes, positionalIndexes } = plain;
  // Nodes only for the arguments asked for; should the children not pair up with the parts
  // after all, the list is read node by node instead.
  let argumentNodes: Node[] | undefined;
  let byNodes: ArgumentTable | undefined;
  const argumentsRead = (): Node[] | undefined => {
    argumentNodes ??= namedChildrenOf(argumentList);
    return argumentNodes.length === parts.length ? argumentNodes : undefined;
  };
  return {
    texts: plain.texts,
    keyword: (name) => {
      const nodes = argumentsRead();
      if (!nodes) return (byNodes ??= nodeTable(argumentList)).keyword(name);
      const index = keywordIndexes.get(name);
      const argument = index === undefined ? undefined : nodes[index];
      return index === undefined || !argument ? undefined : { value: fieldChild(argument, 'value') ?? undefined, order: index + 1 };
    },
    positional: (index) => {
      const nodes = argumentsRead();
      if (!nodes) return (byNodes ??= nodeTable(argumentList)).positional(index);
      const at = positionalIndexes[index];
      const node = at === undefined ? undefined : nodes[at];
      return at === undefined || !node ? undefined : { node, order: at + 1 };
    },
  };
}

/**
 * Tables by argument-list node: the extractors ask the same list for several arguments, and
 * each question would otherwise cross into the parser for every argument again. Weak, so the
 * tables go with the nodes of a deleted tree.
 */
const argumentTables = new WeakMap<Node, ArgumentTable>();

function argumentTable(argumentList: Node): ArgumentTable {
  const known = argumentTables.get(argumentList);
  if (known) return known;
  const plain = inCleanTree(argumentList) && argumentList.type === 'argument_list' ? textTable(argumentList) : undefined;
  const table = plain ?? nodeTable(argumentList);
  argumentTables.set(argumentList, table);
  return table;
}

/** Positional and keyword arguments of an `argument_list` as source text. */
export function callArguments(argumentList: Node | null): CallArguments {
  if (!argumentList || argumentList.type !== 'argument_list') return { positional: [], keywords: {} };
  const { positional, keywords } = argumentTable(argumentList).texts;
  return { positional: [...positional], keywords: { ...keywords } };
}

/** The value node of keyword `name` (or of positional `index`) in an `argument_list`: whichever comes first. */
export function argumentNode(argumentList: Node | null, name: string, index?: number): Node | undefined {
  if (!argumentList) return undefined;
  const table = argumentTable(argumentList);
  const keyword = table.keyword(name);
  const atIndex = index === undefined ? undefined : table.positional(index);
  if (keyword && (!atIndex || keyword.order < atIndex.order)) return keyword.value;
  return atIndex?.node;
}
