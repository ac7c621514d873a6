/**
 * Follows a name written in one file to where it is defined: through `from x import y as z`,
 * relative imports, `__init__` re-exports, star imports and dotted module access.
 *
 * A name that leads into a project file the index has not parsed (the text prefilter skipped
 * it) resolves to `{ kind: 'unparsed' }`, so the index can parse that file and ask again.
 */
import type {
  AppFact,
  AssignmentFact,
  ClassFact,
  DependencyAliasFact,
  FunctionFact,
  PythonFileFacts,
  RouterFact,
} from '../python/facts';
import type { ModuleTable } from './module-names';

export type ResolvedSymbol =
  | { readonly kind: 'class'; readonly path: string; readonly cls: ClassFact }
  | { readonly kind: 'function'; readonly path: string; readonly fn: FunctionFact }
  | { readonly kind: 'router'; readonly path: string; readonly router: RouterFact }
  | { readonly kind: 'app'; readonly path: string; readonly app: AppFact }
  | { readonly kind: 'alias'; readonly path: string; readonly alias: DependencyAliasFact }
  | { readonly kind: 'assignment'; readonly path: string; readonly assignment: AssignmentFact }
  | { readonly kind: 'module'; readonly path: string | undefined; readonly module: string }
  | { readonly kind: 'external'; readonly module: string; readonly name: string }
  | { readonly kind: 'unparsed'; readonly path: string };

type LocalSymbol = Exclude<ResolvedSymbol, { kind: 'module' | 'external' | 'unparsed' }>;

const MAX_DEPTH = 24;

/**
 * Libraries whose classes and functions the index knows by name (`SQLModel`, `APIRouter`,
 * `BaseSettings`): an import from them means the library, even when the workspace holds a copy
 * of it (a vendored or in-tree `sqlmodel/`), whose own bases would hide what the class is.
 */
const KNOWN_LIBRARIES: ReadonlySet<string> = new Set(['sqlmodel', 'pydantic', 'pydantic_settings', 'fastapi', 'starlette', 'sqlalchemy']);

export function isKnownLibrary(module: string): boolean {
  const dot = module.indexOf('.');
  return KNOWN_LIBRARIES.has(dot < 0 ? module : module.slice(0, dot));
}

/** Local definitions of a file, kept until the file is parsed again (a new facts object). */
const localsByFacts = new WeakMap<PythonFileFacts, Map<string, LocalSymbol>>();

interface MemoEntry {
  readonly symbol: ResolvedSymbol | undefined;
  readonly unparsed: readonly string[];
}

/**
 * The questions a derivation step asked with the answers it got, to tell later whether all its
 * answers still hold: an answer forgotten and found again (perhaps differently) does not.
 */
export type ResolutionTrace = readonly (readonly [from: string, name: string, answer: MemoEntry])[];

/**
 * Answers are remembered with the files each one looked into, so after a change only the
 * answers that looked into the changed files are forgotten (`invalidate`): an update resolves
 * again only what it may have changed.
 */
export class SymbolResolver {
  /** Project files a lookup led into that are not parsed: the index parses them and derives again. */
  readonly unparsedSeen = new Set<string>();
  /** Answers by the file asked from, then by the name asked. */
  private readonly memo = new Map<string, Map<string, MemoEntry>>();
  /** For each file, the (file asked from, name) answers that looked into it. */
  private readonly dependents = new Map<string, Map<string, Set<string>>>();
  private visited = new Set<string>();
  private trace: [string, string, MemoEntry][] | undefined;
  private unparsedNow: string[] = [];

  constructor(
    private readonly modules: ModuleTable,
    private readonly files: ReadonlyMap<string, PythonFileFacts>,
  ) {}

  /** Forgets every answer that looked into one of these files (changed, added or deleted). */
  invalidate(paths: Iterable<string>): void {
    for (const path of paths) {
      for (const [from, names] of this.dependents.get(path) ?? []) {
        const answers = this.memo.get(from);
        for (const name of names) answers?.delete(name);
      }
      this.dependents.delete(path);
    }
  }

  /** Starts a derivation: `unparsedSeen` then collects what this derivation needs. */
  beginDerivation(): void {
    this.unparsedSeen.clear();
  }

  /** Records every question asked until `stopTracing`. */
  startTracing(): void {
    this.trace = [];
  }

  stopTracing(): ResolutionTrace {
    const trace = this.trace ?? [];
    this.trace = undefined;
    return trace;
  }

  /** True when no file the traced answers looked into has changed since. */
  stillHolds(trace: ResolutionTrace): boolean {
    return trace.every(([from, name, answer]) => this.memo.get(from)?.get(name) === answer);
  }

  /** Resolves a possibly dotted name (`models.User`, `settings.API_V1_STR` stops at `settings`). */
  resolve(path: string, dottedName: string): ResolvedSymbol | undefined {
    let answers = this.memo.get(path);
    const known = answers?.get(dottedName);
    if (known) {
      this.trace?.push([path, dottedName, known]);
      for (const unparsed of known.unparsed) this.unparsedSeen.add(unparsed);
      return known.symbol;
    }
    this.visited = new Set([path]);
    this.unparsedNow = [];
    const symbol = this.resolveUncached(path, dottedName);
    if (!answers) {
      answers = new Map();
      this.memo.set(path, answers);
    }
    const entry = { symbol, unparsed: this.unparsedNow };
    answers.set(dottedName, entry);
    this.trace?.push([path, dottedName, entry]);
    for (const visited of this.visited) {
      let byFrom = this.dependents.get(visited);
      if (!byFrom) {
        byFrom = new Map();
        this.dependents.set(visited, byFrom);
      }
      let names = byFrom.get(path);
      if (!names) {
        names = new Set();
        byFrom.set(path, names);
      }
      names.add(dottedName);
    }
    return symbol;
  }

  private resolveUncached(path: string, dottedName: string): ResolvedSymbol | undefined {
    const parts = dottedName.trim().split('.');
    let symbol = this.lookup(path, parts[0] ?? '', 0);
    for (let i = 1; i < parts.length && symbol; i++) {
      const part = parts[i] ?? '';
      if (symbol.kind === 'module') symbol = this.memberOfModule(symbol, part, path);
      else if (symbol.kind === 'external') symbol = { kind: 'external', module: symbol.module, name: `${symbol.name}.${part}` };
      else return symbol.kind === 'unparsed' ? symbol : undefined;
    }
    return symbol;
  }

  /** The class a base or annotation names, with the file it is in. */
  resolveClass(path: string, name: string): { path: string; cls: ClassFact } | undefined {
    const symbol = this.resolve(path, name);
    return symbol?.kind === 'class' ? { path: symbol.path, cls: symbol.cls } : undefined;
  }

  private memberOfModule(
    module: { readonly path: string | undefined; readonly module: string },
    name: string,
    fromPath: string,
  ): ResolvedSymbol | undefined {
    const submodule = this.modules.resolveSubmodule({ module: module.module, level: 0 }, name, fromPath);
    if (module.path) {
      const inside = this.lookup(module.path, name, 1);
      if (inside && inside.kind !== 'unparsed') return inside;
      if (!submodule) return inside;
    }
    return submodule ? { kind: 'module', path: submodule, module: `${module.module}.${name}` } : undefined;
  }

  private lookup(path: string, name: string, depth: number): ResolvedSymbol | undefined {
    if (depth > MAX_DEPTH) return undefined;
    this.visited.add(path);
    const facts = this.files.get(path);
    if (!facts) {
      if (!this.modules.has(path)) return undefined;
      this.unparsedSeen.add(path);
      this.unparsedNow.push(path);
      return { kind: 'unparsed', path };
    }
    const local = this.localsOf(facts).get(name);
    if (local) return local;
    const imports = facts.imports;
    for (let i = imports.length - 1; i >= 0; i--) {
      const imp = imports[i];
      if (!imp) continue;
      if (imp.kind === 'import') {
        const bound = imp.alias ?? imp.module.split('.')[0];
        if (bound !== name) continue;
        const moduleName = imp.alias ? imp.module : name;
        if (isKnownLibrary(moduleName)) return { kind: 'external', module: moduleName, name: '' };
        const file = this.modules.resolveAbsolute(moduleName, path);
        if (file || this.modules.hasPackagePrefix(moduleName)) return { kind: 'module', path: file, module: moduleName };
        return { kind: 'external', module: moduleName, name: '' };
      }
      for (const imported of imp.names) {
        if (imported.name === '*' || (imported.alias ?? imported.name) !== name) continue;
        if (imp.level === 0 && isKnownLibrary(imp.module)) return { kind: 'external', module: imp.module, name: imported.name };
        return this.fromImport(imp, imported.name, path, depth);
      }
    }
    for (const imp of imports) {
      if (imp.kind !== 'from' || !imp.names.some((imported) => imported.name === '*')) continue;
      const target = this.modules.resolveImport(imp, path);
      const found = target ? this.lookup(target, name, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  private fromImport(
    imp: { readonly module: string; readonly level: number },
    name: string,
    path: string,
    depth: number,
  ): ResolvedSymbol {
    const target = this.modules.resolveImport(imp, path);
    if (target) this.visited.add(target);
    const submodule = this.modules.resolveSubmodule(imp, name, path);
    const asModule = submodule ? ({ kind: 'module', path: submodule, module: this.modules.moduleOf(submodule) } as const) : undefined;
    // `from pkg import mod` with an unparsed `pkg/__init__.py`: the submodule needs no parse.
    if (asModule && target && !this.files.has(target)) return asModule;
    const symbol = target ? this.lookup(target, name, depth + 1) : undefined;
    if (symbol && symbol.kind !== 'unparsed') return symbol;
    if (asModule) return asModule;
    if (symbol) return symbol;
    if (target || imp.level > 0) return { kind: 'external', module: this.modules.moduleOf(target ?? path), name };
    return { kind: 'external', module: imp.module, name };
  }

  /** Collects a file's own definitions before any name is looked up in it. */
  prepareLocals(facts: PythonFileFacts): void {
    this.localsOf(facts);
  }

  private localsOf(facts: PythonFileFacts): Map<string, LocalSymbol> {
    let table = localsByFacts.get(facts);
    if (table) return table;
    table = new Map<string, LocalSymbol>();
    const path = facts.path;
    // Later kinds do not replace earlier ones: a class beats an assignment of the same name.
    const add = (name: string, symbol: LocalSymbol): void => {
      if (!table?.has(name)) table?.set(name, symbol);
    };
    for (const cls of facts.classes) add(cls.name, { kind: 'class', path, cls });
    for (const router of facts.routers) add(router.variable, { kind: 'router', path, router });
    for (const app of facts.apps) add(app.variable, { kind: 'app', path, app });
    for (const alias of facts.aliases) add(alias.name, { kind: 'alias', path, alias });
    for (const fn of facts.functions) add(fn.name, { kind: 'function', path, fn });
    for (const assignment of facts.assignments) add(assignment.name, { kind: 'assignment', path, assignment });
    localsByFacts.set(facts, table);
    return table;
  }
}
