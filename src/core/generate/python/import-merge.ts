/**
 * Adds imports to an existing Python file as a minimal edit: names join an existing
 * `from x import ...` of the same module; new statements go where ruff's isort would put them;
 * every other line stays byte-identical.
 */
import type { ImportFact } from '../../python/facts';
import {
  type ImportContext,
  type ImportSection,
  ImportSet,
  type ImportStatement,
  renderStatement,
  sectionOf,
  statementKey,
} from './imports';
import { editLines, type LineEdit, splitLines } from './line-edits';

interface ExistingImport {
  statement: ImportStatement;
  readonly section: ImportSection;
  readonly key: string;
  readonly startLine: number;
  readonly endLine: number;
}

export interface ImportMergeOptions extends ImportContext {
  /** Names the file defines itself: never imported. */
  readonly localNames?: ReadonlySet<string>;
}

/** Every name the file's top-level imports bind. */
function boundImportNames(imports: readonly ImportFact[]): Set<string> {
  const bound = new Set<string>();
  for (const fact of topLevel(imports)) {
    if (fact.kind === 'import') {
      bound.add(fact.alias ?? fact.module.split('.')[0] ?? fact.module);
    } else {
      for (const name of fact.names) {
        bound.add(name.alias ?? name.name);
      }
    }
  }
  return bound;
}

function topLevel(imports: readonly ImportFact[]): ImportFact[] {
  return imports.filter((fact) => !fact.typeCheckingOnly && fact.range.startColumn === 0);
}

export function mergeImports(
  text: string,
  imports: readonly ImportFact[],
  needed: ImportSet,
  options: ImportMergeOptions,
): string {
  return editLines(text, importEdits(text, imports, needed, options));
}

/** The line edits that add `needed` to a file, against its original line numbers. */
export function importEdits(
  text: string,
  imports: readonly ImportFact[],
  needed: ImportSet,
  options: ImportMergeOptions,
): LineEdit[] {
  const existing: ExistingImport[] = topLevel(imports).map((fact) => {
    const statement: ImportStatement = {
      kind: fact.kind,
      module: fact.module,
      level: fact.level,
      names: fact.names,
      ...(fact.alias === undefined ? {} : { alias: fact.alias }),
    };
    return {
      statement,
      section: sectionOf(statement, options),
      key: statementKey(statement),
      startLine: fact.range.startLine,
      endLine: fact.range.endLine,
    };
  });
  const bound = boundImportNames(imports);
  const local = options.localNames ?? new Set<string>();
  const edits: LineEdit[] = [];
  const fresh = new ImportSet();

  for (const statement of needed.list()) {
    if (statement.kind === 'import') {
      const present = existing.some(
        (entry) => entry.statement.kind === 'import' && entry.statement.module === statement.module && !entry.statement.alias,
      );
      if (!present) {
        fresh.add(statement);
      }
      continue;
    }
    const missing = statement.names.filter((name) => !bound.has(name.alias ?? name.name) && !local.has(name.name));
    if (missing.length === 0) {
      continue;
    }
    const target = existing.find(
      (entry) =>
        entry.statement.kind === 'from' &&
        entry.statement.module === statement.module &&
        entry.statement.level === statement.level &&
        // ruff keeps `as` imports on statements of their own (combine-as-imports is off by default).
        !entry.statement.names.some((name) => name.name === '*' || name.alias !== undefined),
    );
    if (target === undefined) {
      fresh.add({ ...statement, names: missing });
    } else {
      const merged: ImportStatement = { ...target.statement, names: [...target.statement.names, ...missing] };
      edits.push({ start: target.startLine, end: target.endLine + 1, lines: renderStatement(merged).split('\n') });
      // A later request for the same module merges into this rewritten statement.
      target.statement = merged;
    }
  }

  edits.push(...insertions(text, existing, fresh, options));
  return edits;
}

function insertions(
  text: string,
  existing: readonly ExistingImport[],
  fresh: ImportSet,
  context: ImportContext,
): LineEdit[] {
  const groups = new Map<string, { line: number; before: boolean; after: boolean; statements: ImportStatement[] }>();
  const place = (line: number, before: boolean, after: boolean, statement: ImportStatement): void => {
    const id = `${line}:${before}:${after}`;
    const group = groups.get(id) ?? { line, before, after, statements: [] };
    group.statements.push(statement);
    groups.set(id, group);
  };

  for (const statement of fresh.list()) {
    const section = sectionOf(statement, context);
    const key = statementKey(statement);
    const same = existing.filter((entry) => entry.section === section);
    if (same.length > 0) {
      const next = same.find((entry) => entry.key > key);
      const last = same[same.length - 1];
      place(next === undefined && last !== undefined ? last.endLine + 1 : (next?.startLine ?? 0), false, false, statement);
      continue;
    }
    const later = existing.find((entry) => entry.section > section);
    if (later !== undefined) {
      place(later.startLine, false, true, statement);
      continue;
    }
    const earlier = existing.filter((entry) => entry.section < section).pop();
    if (earlier !== undefined) {
      place(earlier.endLine + 1, true, false, statement);
      continue;
    }
    place(headerEnd(text), true, true, statement);
  }

  const fileLines = splitLines(text).lines;
  return [...groups.values()].map((group) => {
    const block = new ImportSet();
    group.statements.forEach((statement) => block.add(statement));
    const lines = block.render(context).split('\n');
    const after = group.after ? blankLinesAfter(fileLines, group.line, existing.length === 0) : [];
    return {
      start: group.line,
      end: group.line,
      lines: [...(group.before && group.line > 0 ? [''] : []), ...lines, ...after],
    };
  });
}

/**
 * Blank lines to add after a new import block so the code below it sits where the formatter and
 * isort want it: one blank line before a statement, two before a `def` or `class`.
 */
function blankLinesAfter(lines: readonly string[], at: number, firstBlock: boolean): string[] {
  if (!firstBlock) {
    return [''];
  }
  let blanks = 0;
  while (at + blanks < lines.length && lines[at + blanks]?.trim() === '') {
    blanks++;
  }
  const next = lines[at + blanks] ?? '';
  const wanted = /^(def |class |async def |@)/.test(next) ? 2 : next === '' ? 0 : 1;
  return Array.from({ length: Math.max(0, wanted - blanks) }, () => '');
}

/** The line after a module's docstring and leading comments, where a first import goes. */
function headerEnd(text: string): number {
  const lines = splitLines(text).lines;
  let index = 0;
  while (index < lines.length && (lines[index]?.startsWith('#') || lines[index]?.trim() === '')) {
    index++;
  }
  const first = lines[index]?.trimStart() ?? '';
  const quote = /^[rRuU]?("""|''')/.exec(first)?.[1];
  if (quote === undefined) {
    return 0;
  }
  const rest = first.slice(first.indexOf(quote) + 3);
  if (rest.includes(quote)) {
    return index + 1;
  }
  for (let line = index + 1; line < lines.length; line++) {
    if (lines[line]?.includes(quote)) {
      return line + 1;
    }
  }
  return 0;
}
