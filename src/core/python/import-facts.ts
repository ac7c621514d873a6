/**
 * `import` / `from ... import` statements → ImportFact, for resolving names across modules.
 */
import type { Node } from 'web-tree-sitter';
import type { ImportFact } from './facts';
import { isCompleteLine, isPlainText } from './plain-text';
import { fieldChild, fieldChildren, inCleanTree, lineRangeFrom, NAMED_EXTRAS, namedChildrenOf, rangeOf, sourceOf } from './syntax-nodes';

function dotted(node: Node | null): string {
  return node ? node.text.replace(/\s+/g, '') : '';
}

/** `import a.b as c, d` → one fact per imported module. */
function plainImports(statement: Node, typeCheckingOnly: boolean): ImportFact[] {
  const facts: ImportFact[] = [];
  for (const name of fieldChildren(statement, 'name')) {
    if (!name) continue;
    const aliased = name.type === 'aliased_import';
    const module = dotted(aliased ? fieldChild(name, 'name') : name);
    const alias = aliased ? fieldChild(name, 'alias')?.text : undefined;
    if (module === '') continue;
    facts.push({
      kind: 'import',
      module,
      level: 0,
      names: [],
      ...(alias ? { alias } : {}),
      typeCheckingOnly,
      range: rangeOf(statement),
    });
  }
  return facts;
}

/** The module part of `from <module> import ...`: its dotted name and relative level. */
function importedModule(source: Node | undefined): { module: string; level: number } {
  if (source?.type !== 'relative_import') return { module: dotted(source ?? null), level: 0 };
  let module = '';
  let level = 0;
  for (const part of namedChildrenOf(source)) {
    if (part.type === 'import_prefix') level = part.text.replace(/[^.]/g, '').length;
    else module = dotted(part);
  }
  return { module, level };
}

function importedName(name: Node, type: string): { name: string; alias?: string } {
  if (type !== 'aliased_import') return { name: dotted(name) };
  const alias = fieldChild(name, 'alias')?.text;
  return { name: dotted(fieldChild(name, 'name')), ...(alias ? { alias } : {}) };
}

/**
 * In a tree without errors the grammar fixes the shape: the module first (none for
 * `__future__`), then the names or a `*`, comments and line continuations aside. One look at the children then
 * replaces the field lookups, which would build every child again.
 */
function cleanFromImport(statement: Node, type: string, typeCheckingOnly: boolean): ImportFact {
  const parts = namedChildrenOf(statement).filter((child) => !NAMED_EXTRAS.has(child.type));
  const future = type === 'future_import_statement';
  const { module, level } = future ? { module: '__future__', level: 0 } : importedModule(parts[0]);
  const rest = future ? parts : parts.slice(1);
  const names = rest.map((name) => {
    const nameType = name.type;
    return nameType === 'wildcard_import' ? { name: '*' } : importedName(name, nameType);
  });
  return { kind: 'from', module, level, names, typeCheckingOnly, range: rangeOf(statement) };
}

const FROM_IMPORT = /^from\s+([.\s]*)(?:([A-Za-z_][\w.\s]*?)\s+)?import\b([\s\S]*)$/;
const IMPORTED_NAME = /^(?:\*|[A-Za-z_][\w.\s]*?(?:\s+as\s+[A-Za-z_]\w*)?)$/;
const ALIAS = /\s+as\s+([A-Za-z_]\w*)$/;

/**
 * A `from ... import ...` statement read from its text, which in a tree without errors holds
 * the same parts as its nodes when it is plain (see plain-text: no comments or continuations);
 * undefined for anything else.
 */
function fromImportText(text: string, future: boolean): Pick<ImportFact, 'module' | 'level' | 'names'> | undefined {
  const match = isPlainText(text) ? FROM_IMPORT.exec(text) : null;
  if (!match) return undefined;
  const [, prefix = '', source = '', rest = ''] = match;
  if (prefix.trim() === '' && source === '') return undefined;
  let list = rest.trim();
  if (list.startsWith('(')) {
    if (!list.endsWith(')')) return undefined;
    list = list.slice(1, -1);
  }
  const items = list.split(',').map((item) => item.trim());
  // A trailing comma (inside parentheses) leaves an empty last item.
  if (items.length > 1 && items[items.length - 1] === '') items.pop();
  if (items.some((item) => !IMPORTED_NAME.test(item))) return undefined;
  const names = items.map((item) => {
    if (item === '*') return { name: '*' };
    const alias = ALIAS.exec(item);
    return alias ? { name: item.slice(0, alias.index).replace(/\s+/g, ''), alias: alias[1] ?? '' } : { name: item.replace(/\s+/g, '') };
  });
  if (future) return prefix === '' && source.trim() === '__future__' ? { module: '__future__', level: 0, names } : undefined;
  return { module: source.replace(/\s+/g, ''), level: prefix.replace(/[^.]/g, '').length, names };
}

/**
 * The text of an import written on one plain line, read from the source when the statement
 * ends with the line. The parser carries an import over a line break where the line cannot
 * end (`import a as`), so the end is asked for: one question instead of the text's two and
 * the end position's.
 */
function oneLineImport(statement: Node): string | undefined {
  const source = sourceOf(statement);
  if (source === undefined) return undefined;
  const start = statement.startIndex;
  const end = source.indexOf('\n', start);
  const line = source.slice(start, end < 0 ? source.length : end).trimEnd();
  return isCompleteLine(line) && statement.endIndex === start + line.length ? line : undefined;
}

function fromImport(statement: Node, type: string, typeCheckingOnly: boolean): ImportFact {
  if (inCleanTree(statement)) {
    const line = oneLineImport(statement);
    const read = fromImportText(line ?? statement.text, type === 'future_import_statement');
    const range = line === undefined ? rangeOf(statement) : lineRangeFrom(statement, line.length);
    if (read) return { kind: 'from', module: read.module, level: read.level, names: read.names, typeCheckingOnly, range };
    return cleanFromImport(statement, type, typeCheckingOnly);
  }
  const source = fieldChild(statement, 'module_name');
  const { module, level } = type === 'future_import_statement' ? { module: '__future__', level: 0 } : importedModule(source ?? undefined);
  const names: { name: string; alias?: string }[] = [];
  if (namedChildrenOf(statement).some((child) => child.type === 'wildcard_import')) names.push({ name: '*' });
  for (const name of fieldChildren(statement, 'name')) if (name) names.push(importedName(name, name.type));
  return { kind: 'from', module, level, names, typeCheckingOnly, range: rangeOf(statement) };
}

/** `type`: the statement's node type, when the caller has read it already. */
export function importFacts(statement: Node, typeCheckingOnly: boolean, type: string = statement.type): ImportFact[] {
  if (type === 'import_statement') return plainImports(statement, typeCheckingOnly);
  return [fromImport(statement, type, typeCheckingOnly)];
}

export const IMPORT_STATEMENTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);
