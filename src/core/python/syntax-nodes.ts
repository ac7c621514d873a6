/**
 * Small readers over tree-sitter nodes shared by the extractors: ranges, children, string
 * literals, call arguments.
 */
import type { Language, Node, Tree } from 'web-tree-sitter';
import type { SourceRange } from './facts';
import { argumentNode } from './argument-table';
import { lastSegment } from './annotation-text';
import { leadingPlainString } from './plain-text';

/** The fields of the Python grammar the extractors read. */
export type PythonField =
  | 'alias'
  | 'alternative'
  | 'arguments'
  | 'attribute'
  | 'body'
  | 'condition'
  | 'consequence'
  | 'definition'
  | 'expression'
  | 'function'
  | 'left'
  | 'module_name'
  | 'name'
  | 'object'
  | 'operator'
  | 'parameters'
  | 'return_type'
  | 'right'
  | 'superclasses'
  | 'type'
  | 'value';

/**
 * Field ids by name, looked up once per language: `childForFieldName` searches the grammar's
 * list of field names on every call, and the extractors ask for fields tens of thousands of
 * times per project.
 */
let fieldIds: { readonly language: Language; readonly ids: Map<PythonField, number> } | undefined;

function fieldId(node: Node, field: PythonField): number {
  const language = node.tree.language;
  if (fieldIds?.language !== language) fieldIds = { language, ids: new Map() };
  let id = fieldIds.ids.get(field);
  if (id === undefined) {
    id = language.fieldIdForName(field) ?? -1;
    fieldIds.ids.set(field, id);
  }
  return id;
}

/** The child of `node` in `field`, as `childForFieldName` gives it. */
export function fieldChild(node: Node, field: PythonField): Node | null {
  const id = fieldId(node, field);
  return id > 0 ? node.childForFieldId(id) : null;
}

/** Every child of `node` in `field`, as `childrenForFieldName` gives them. */
export function fieldChildren(node: Node, field: PythonField): (Node | null)[] {
  const id = fieldId(node, field);
  return id > 0 ? node.childrenForFieldId(id) : [];
}

/** Named nodes the grammar allows between any two tokens: they belong to no field. */
export const NAMED_EXTRAS: ReadonlySet<string> = new Set(['comment', 'line_continuation']);

/** Whether each tree read so far has no ERROR or MISSING node, asked once per tree. */
const cleanTrees = new WeakMap<Tree, boolean>();

/**
 * True when the tree `node` belongs to has no syntax error anywhere: its nodes then have the
 * shape the grammar gives them, so a node's children can stand for its fields.
 */
export function inCleanTree(node: Node): boolean {
  const tree = node.tree;
  let clean = cleanTrees.get(tree);
  if (clean === undefined) {
    clean = !tree.rootNode.hasError;
    cleanTrees.set(tree, clean);
  }
  return clean;
}

/** The text each tree was parsed from, for readers that read plain statements from the text. */
const sourceTexts = new WeakMap<Tree, string>();

/** Records the text `tree` was parsed from. */
export function rememberSource(tree: Tree, text: string): void {
  sourceTexts.set(tree, text);
}

/** The text the tree of `node` was parsed from, when it was recorded (see rememberSource). */
export function sourceOf(node: Node): string | undefined {
  return sourceTexts.get(node.tree);
}

/**
 * The range of a one-line text `offset` characters after the start of `node`, on its line:
 * known without asking the parser. Only for plain (ASCII) text, whose length counts the
 * columns the parser counts.
 */
export function lineRangeFrom(node: Node, length: number, offset = 0): SourceRange {
  const start = node.startPosition;
  const startIndex = node.startIndex + offset;
  const startColumn = start.column + offset;
  return {
    startLine: start.row,
    startColumn,
    endLine: start.row,
    endColumn: startColumn + length,
    startIndex,
    endIndex: startIndex + length,
  };
}

export function rangeOf(node: Node): SourceRange {
  const start = node.startPosition;
  const end = node.endPosition;
  return {
    startLine: start.row,
    startColumn: start.column,
    endLine: end.row,
    endColumn: end.column,
    startIndex: node.startIndex,
    endIndex: node.endIndex,
  };
}

export function namedChildrenOf(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

/** Unwraps `(expr)` groupings. */
export function unparenthesized(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = current.firstNamedChild;
    if (!inner || inner.type === 'comment') return current;
    current = inner;
  }
  return current;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  '\n': '',
};

function decodeEscapes(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (whole, code: string) => {
    const simple = SIMPLE_ESCAPES[code];
    if (simple !== undefined && code !== '0') return simple;
    const head = code[0];
    if (head === 'x' || head === 'u' || head === 'U') return String.fromCodePoint(Number.parseInt(code.slice(1), 16));
    if (/^[0-7]+$/.test(code)) return String.fromCodePoint(Number.parseInt(code, 8));
    return whole;
  });
}

/** Value of one `string` node, or undefined for f-strings with interpolations and byte strings. */
function singleStringValue(node: Node): string | undefined {
  if (inCleanTree(node)) {
    // Without a prefix and without errors, the quotes are the first and last characters.
    const text = node.text;
    const quote = text[0];
    if (quote === '"' || quote === "'") {
      const width = text.length >= 6 && text.startsWith(quote.repeat(3)) ? 3 : 1;
      const body = text.slice(width, text.length - width);
      return body.includes('\\N{') ? undefined : decodeEscapes(body);
    }
  }
  const start = node.firstChild;
  const end = node.lastChild;
  if (!start || !end || start.type !== 'string_start' || end.type !== 'string_end') return undefined;
  const opening = start.text;
  const prefix = opening.replace(/['"]+$/, '').toLowerCase();
  // Byte strings and template strings (`t"..."`, Python 3.14) are not `str` values.
  if (prefix.includes('b') || prefix.includes('t')) return undefined;
  // Only f-strings hold interpolations: other strings skip the look at their children.
  if (prefix.includes('f') && namedChildrenOf(node).some((child) => child.type === 'interpolation')) return undefined;
  // `startIndex` is known without asking the parser, unlike `endIndex`.
  const body = node.text.slice(opening.length, end.startIndex - node.startIndex);
  if (prefix.includes('r')) return body;
  // `\N{NAME}` needs the Unicode name table; better no value than a wrong one.
  return body.includes('\\N{') ? undefined : decodeEscapes(body);
}

/** The value of a string literal expression (implicit concatenation included). */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unparenthesized(node);
  if (inner.type === 'string') return singleStringValue(inner);
  if (inner.type !== 'concatenated_string') return undefined;
  let value = '';
  for (const part of namedChildrenOf(inner)) {
    if (part.type === 'comment') continue;
    const piece = part.type === 'string' ? singleStringValue(part) : undefined;
    if (piece === undefined) return undefined;
    value += piece;
  }
  return value;
}

/** The callee of a call node as written (`router.get`), or undefined if `node` is not a call. */
export function calleeOf(node: Node | null | undefined): string | undefined {
  if (!node || node.type !== 'call') return undefined;
  return fieldChild(node, 'function')?.text.replace(/\s+/g, '');
}

/** True when `node` is a call whose callee's last dotted segment is one of `names`. */
export function isCallTo(node: Node | null | undefined, names: readonly string[]): node is Node {
  const callee = calleeOf(node);
  return callee !== undefined && names.includes(lastSegment(callee));
}

/** Strings of a list/tuple literal: literal values, raw text for anything else. */
export function listItems(node: Node | undefined): string[] {
  if (!node) return [];
  const inner = unparenthesized(node);
  if (inner.type !== 'list' && inner.type !== 'tuple' && inner.type !== 'set') return [stringValue(inner) ?? inner.text];
  return namedChildrenOf(inner)
    .filter((item) => item.type !== 'comment')
    .map((item) => stringValue(item) ?? item.text);
}

const DEPENDENCY_CALLS = ['Depends', 'Security'];

/** Dependencies of a `dependencies=[Depends(f), Security(g)]` list: `['f', 'g']`. */
export function dependencyList(node: Node | undefined): string[] {
  if (!node) return [];
  const inner = unparenthesized(node);
  const items = inner.type === 'list' || inner.type === 'tuple' ? namedChildrenOf(inner) : [inner];
  const dependencies: string[] = [];
  for (const item of items) {
    if (!isCallTo(item, DEPENDENCY_CALLS)) continue;
    const argumentList = fieldChild(item, 'arguments');
    const target = argumentNode(argumentList, 'dependency', 0);
    if (target) dependencies.push(target.text);
  }
  return dependencies;
}

/**
 * The docstring of a function or class body: its first statement when that is a string.
 * `statements`: the body's named children, when the caller has them already; `text`: the
 * body's text in a tree without errors, when the caller has it (a plain docstring is read from it).
 */
export function docstringOf(body: Node | null, statements?: readonly Node[], text?: string): string | undefined {
  if (!body) return undefined;
  const fromText = text === undefined ? undefined : leadingPlainString(text);
  if (fromText !== undefined) return fromText === null ? undefined : cleanDocstring(fromText);
  const first = statements ? statements.find((child) => child.type !== 'comment') : firstStatement(body);
  if (first?.type !== 'expression_statement') return undefined;
  const expression = first.firstNamedChild;
  if (!expression || (expression.type !== 'string' && expression.type !== 'concatenated_string')) return undefined;
  const value = stringValue(expression);
  return value === undefined ? undefined : cleanDocstring(value);
}

/** The first named child that is not a comment, without reading the others. */
function firstStatement(body: Node): Node | undefined {
  let child = body.firstNamedChild;
  while (child?.type === 'comment') child = child.nextNamedSibling;
  return child ?? undefined;
}

/** Removes the common indentation of a docstring's continuation lines, like `inspect.cleandoc`. */
function cleanDocstring(value: string): string {
  const lines = value.split('\n');
  const indents = lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.length - line.trimStart().length);
  const margin = indents.length > 0 ? Math.min(...indents) : 0;
  const cleaned = [lines[0]?.trim() ?? '', ...lines.slice(1).map((line) => line.slice(margin).trimEnd())];
  return cleaned.join('\n').trim();
}

/** The `decorated_definition` around a class or function definition, or null when it has no decorators. */
export function decoratedParent(definition: Node): Node | null {
  const parent = definition.parent;
  return parent?.type === 'decorated_definition' ? parent : null;
}

/**
 * Decorator expressions without the `@`. `decorated`: the `decorated_definition` around the
 * definition (null for none), when the caller knows it: asking for the parent costs a node.
 */
export function decoratorsOf(definition: Node, decorated: Node | null = decoratedParent(definition)): Node[] {
  if (!decorated) return [];
  return namedChildrenOf(decorated)
    .filter((child) => child.type === 'decorator')
    .map((decorator) => decorator.firstNamedChild)
    .filter((expression): expression is Node => expression !== null);
}
