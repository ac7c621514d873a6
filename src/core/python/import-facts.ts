/**
 * `import` / `from ... import` statements → ImportFact, for resolving names across modules.
 */
import type { Node } from 'web-tree-sitter';
import type { ImportFact } from './facts';
import { namedChildrenOf, rangeOf } from './syntax-nodes';

function dotted(node: Node | null): string {
  return node ? node.text.replace(/\s+/g, '') : '';
}

/** `import a.b as c, d` → one fact per imported module. */
function plainImports(statement: Node, typeCheckingOnly: boolean): ImportFact[] {
  const facts: ImportFact[] = [];
  for (const name of statement.childrenForFieldName('name')) {
    if (!name) continue;
    const aliased = name.type === 'aliased_import';
    const module = dotted(aliased ? name.childForFieldName('name') : name);
    const alias = aliased ? name.childForFieldName('alias')?.text : undefined;
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

function fromImport(statement: Node, typeCheckingOnly: boolean): ImportFact {
  let module = '';
  let level = 0;
  const source = statement.childForFieldName('module_name');
  if (statement.type === 'future_import_statement') module = '__future__';
  else if (source?.type === 'relative_import') {
    for (const part of namedChildrenOf(source)) {
      if (part.type === 'import_prefix') level = part.text.replace(/[^.]/g, '').length;
      else module = dotted(part);
    }
  } else module = dotted(source);

  const names: { name: string; alias?: string }[] = [];
  if (namedChildrenOf(statement).some((child) => child.type === 'wildcard_import')) names.push({ name: '*' });
  for (const name of statement.childrenForFieldName('name')) {
    if (!name) continue;
    if (name.type === 'aliased_import') {
      const alias = name.childForFieldName('alias')?.text;
      names.push({ name: dotted(name.childForFieldName('name')), ...(alias ? { alias } : {}) });
    } else names.push({ name: dotted(name) });
  }
  return { kind: 'from', module, level, names, typeCheckingOnly, range: rangeOf(statement) };
}

export function importFacts(statement: Node, typeCheckingOnly: boolean): ImportFact[] {
  if (statement.type === 'import_statement') return plainImports(statement, typeCheckingOnly);
  return [fromImport(statement, typeCheckingOnly)];
}

export const IMPORT_STATEMENTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);
