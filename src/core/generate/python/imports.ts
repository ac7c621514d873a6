/**
 * Python imports as ruff's isort rules order them: sections (future, standard library, third
 * party, first party, relative), `import x` before `from x import y` within a section, modules
 * case-insensitively, names constants first, then classes, then the rest.
 */
import { STDLIB_MODULES } from './stdlib-modules';
import { fits } from './text';

export type ImportSection = 0 | 1 | 2 | 3 | 4;
const FUTURE: ImportSection = 0;
const STDLIB: ImportSection = 1;
const THIRD_PARTY: ImportSection = 2;
const FIRST_PARTY: ImportSection = 3;
const LOCAL_FOLDER: ImportSection = 4;

export interface ImportedName {
  readonly name: string;
  readonly alias?: string;
}

/** One import statement: `import module` (names empty) or `from module import names`. */
export interface ImportStatement {
  readonly kind: 'import' | 'from';
  readonly module: string;
  /** Leading dots of a relative import. */
  readonly level: number;
  readonly names: readonly ImportedName[];
  readonly alias?: string;
}

/** Which top-level modules count as the project's own (first party). */
export interface ImportContext {
  readonly firstParty: ReadonlySet<string>;
}

export function sectionOf(statement: Pick<ImportStatement, 'module' | 'level'>, context: ImportContext): ImportSection {
  if (statement.level > 0) {
    return LOCAL_FOLDER;
  }
  const top = statement.module.split('.')[0] ?? '';
  if (top === '__future__') {
    return FUTURE;
  }
  if (STDLIB_MODULES.has(top)) {
    return STDLIB;
  }
  return context.firstParty.has(top) ? FIRST_PARTY : THIRD_PARTY;
}

/** Sort key of a statement inside its section. */
export function statementKey(statement: Pick<ImportStatement, 'kind' | 'module' | 'level'> & { readonly names?: readonly ImportedName[] }): string {
  const straight = statement.kind === 'import' ? '0' : '1';
  // Furthest relative imports first: `from .. import` before `from . import`.
  const distance = String(9 - Math.min(statement.level, 9));
  // Statements of one module (an `as` import kept apart) follow their first name.
  const first = statement.names?.[0]?.name.toLowerCase() ?? '';
  return `${straight}${distance}${statement.module.toLowerCase()}\u0000${statement.module}\u0000${first}`;
}

function nameGroup(name: string): number {
  if (name.length > 1 && name === name.toUpperCase() && name !== name.toLowerCase()) {
    return 0;
  }
  return /^[A-Z]/.test(name) ? 1 : 2;
}

function compareNames(a: ImportedName, b: ImportedName): number {
  const group = nameGroup(a.name) - nameGroup(b.name);
  if (group !== 0) {
    return group;
  }
  const lower = compareText(a.name.toLowerCase(), b.name.toLowerCase());
  if (lower !== 0) {
    return lower;
  }
  return compareText(a.name, b.name) || compareText(a.alias ?? '', b.alias ?? '');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function renderName(imported: ImportedName): string {
  return imported.alias === undefined ? imported.name : `${imported.name} as ${imported.alias}`;
}

export function renderStatement(statement: ImportStatement): string {
  if (statement.kind === 'import') {
    return statement.alias === undefined
      ? `import ${statement.module}`
      : `import ${statement.module} as ${statement.alias}`;
  }
  const source = `${'.'.repeat(statement.level)}${statement.module}`;
  const names = [...statement.names].sort(compareNames).map(renderName);
  const flat = `from ${source} import ${names.join(', ')}`;
  if (fits(flat)) {
    return flat;
  }
  return `from ${source} import (\n${names.map((name) => `    ${name},`).join('\n')}\n)`;
}

function sameSource(a: ImportStatement, b: ImportStatement): boolean {
  return a.kind === b.kind && a.module === b.module && a.level === b.level && a.alias === b.alias;
}

/** Collects the imports a generated file or edit needs, merging names of the same module. */
export class ImportSet {
  private readonly statements: ImportStatement[] = [];

  /** `from module import name`; a module starting with dots is relative. */
  from(module: string, ...names: string[]): this {
    const level = /^\.*/.exec(module)?.[0].length ?? 0;
    const statement: ImportStatement = {
      kind: 'from',
      module: module.slice(level),
      level,
      names: names.map((name) => ({ name })),
    };
    return this.add(statement);
  }

  /** `import module`. */
  module(module: string): this {
    return this.add({ kind: 'import', module, level: 0, names: [] });
  }

  add(statement: ImportStatement): this {
    if (statement.kind === 'from' && statement.level === 0 && statement.module === '') {
      // A top-level module has no package to import it from: `import teams`, not `from  import teams`.
      for (const imported of statement.names) {
        this.add({ kind: 'import', module: imported.name, level: 0, names: [], ...(imported.alias === undefined ? {} : { alias: imported.alias }) });
      }
      return this;
    }
    const index = this.statements.findIndex((existing) => sameSource(existing, statement));
    const existing = index >= 0 ? this.statements[index] : undefined;
    if (existing === undefined) {
      this.statements.push({ ...statement, names: dedupe(statement.names) });
    } else {
      this.statements[index] = { ...existing, names: dedupe([...existing.names, ...statement.names]) };
    }
    return this;
  }

  addAll(other: ImportSet): this {
    for (const statement of other.list()) {
      this.add(statement);
    }
    return this;
  }

  list(): readonly ImportStatement[] {
    return this.statements;
  }

  /** Drops `from module import ...` of one absolute module: a module never imports itself. */
  dropFrom(module: string): this {
    const kept = this.statements.filter((statement) => !(statement.kind === 'from' && statement.level === 0 && statement.module === module));
    this.statements.splice(0, this.statements.length, ...kept);
    return this;
  }

  /**
   * Rewrites `from <first-party module> import x` relative to the module `fromModule`
   * (`from app.main import app` in `app.test_heroes` → `from .main import app`), for projects
   * whose tests import their package that way.
   */
  makeRelative(fromModule: string, firstParty: ReadonlySet<string>): this {
    const own = fromModule.split('.').slice(0, -1);
    const rewritten = this.statements.splice(0).map((statement): ImportStatement => {
      if (statement.kind !== 'from' || statement.level > 0 || !firstParty.has(statement.module.split('.')[0] ?? '')) {
        return statement;
      }
      const target = statement.module.split('.');
      let common = 0;
      while (common < own.length && common < target.length - 1 && own[common] === target[common]) common++;
      return { ...statement, level: own.length - common + 1, module: target.slice(common).join('.') };
    });
    for (const statement of rewritten) this.add(statement);
    return this;
  }

  /** Every statement, sorted into sections separated by one blank line. */
  render(context: ImportContext): string {
    const bySection = new Map<ImportSection, ImportStatement[]>();
    for (const statement of this.statements) {
      const section = sectionOf(statement, context);
      bySection.set(section, [...(bySection.get(section) ?? []), statement]);
    }
    return [...bySection.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, statements]) =>
        statements
          .slice()
          .sort((a, b) => compareText(statementKey(a), statementKey(b)))
          .map(renderStatement)
          .join('\n'),
      )
      .join('\n\n');
  }
}

function dedupe(names: readonly ImportedName[]): ImportedName[] {
  const seen = new Set<string>();
  const result: ImportedName[] = [];
  for (const name of names) {
    const key = `${name.name} as ${name.alias ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push(name);
    }
  }
  return result;
}

/** The top-level module names of a project from its Python file paths (ruff's `src = ["."]`). */
export function firstPartyModules(paths: Iterable<string>): Set<string> {
  const modules = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    // ruff also looks under `src/` for first-party packages.
    const top = parts[0] === 'src' && parts.length > 2 ? parts.slice(1) : parts;
    const first = top[0] ?? '';
    const name = top.length > 1 ? first : first.replace(/\.pyi?$/, '');
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      modules.add(name);
    }
  }
  return modules;
}
