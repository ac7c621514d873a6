/**
 * `import` / `from ... import` statements → ImportFact, for resolving names across modules.
 */
import type { Node } from 'web-tree-sitter';
import type { ImportFact } from './facts';
import { fieldChild, fieldChildren, inCleanTree, NAMED_EXTRAS, namedChildrenOf, rangeOf } from './syntax-nodes';

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

function fromImport(statement: Node, type: string, typeCheckingOnly: boolean): ImportFact {
  if (inCleanTree(statement)) return cleanFromImport(statement, type, typeCheckingOnly);
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
