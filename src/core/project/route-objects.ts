/**
 * Which expressions of a file name a FastAPI app or an `APIRouter`: the literal constructors
 * the parser recognised, and what only resolution can tell — an aliased import
 * (`from fastapi import APIRouter as R`), a subclass (`class VersionedRouter(APIRouter)`), a
 * function that returns a router (`def make_router() -> APIRouter`), called at module level or
 * inside an `include_router(...)`. Anything else comes back with the reason it is not one.
 */
import type { AppFact, ConstructionFact, FunctionFact, PythonFileFacts, RouterFact, SourceRange } from '../python/facts';
import type { ResolvedSymbol, SymbolResolver } from './symbols';

/** The fact an app or router node of the route graph is made from. */
export type RouteObjectFact = AppFact | RouterFact | ConstructionFact;

export interface RouteObject {
  readonly kind: 'app' | 'router';
  /** The file the object is created in. */
  readonly file: string;
  readonly fact: RouteObjectFact;
}

export type RouteObjectLookup = { readonly object: RouteObject } | { readonly reason: string };

type Constructor = 'app' | 'router';

const MAX_BASE_DEPTH = 12;
const CALL = /^([A-Za-z_][\w.]*)\s*\(/;

/** Constructions of a file by variable, kept with the file's facts. */
const constructionsByFacts = new WeakMap<PythonFileFacts, Map<string, ConstructionFact>>();

function constructionsOf(facts: PythonFileFacts): Map<string, ConstructionFact> {
  let table = constructionsByFacts.get(facts);
  if (!table) {
    table = new Map();
    for (const construction of facts.constructions) if (!table.has(construction.variable)) table.set(construction.variable, construction);
    constructionsByFacts.set(facts, table);
  }
  return table;
}

function contains(outer: SourceRange, inner: SourceRange): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

function lastSegmentOf(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

/** `fastapi.APIRouter` (also through `fastapi.routing`) → 'router'; `fastapi.FastAPI` → 'app'. */
function fastapiConstructor(symbol: ResolvedSymbol | undefined): Constructor | undefined {
  if (symbol?.kind !== 'external' || symbol.module.split('.')[0] !== 'fastapi') return undefined;
  const name = lastSegmentOf(symbol.name === '' ? symbol.module : symbol.name);
  return name === 'APIRouter' ? 'router' : name === 'FastAPI' ? 'app' : undefined;
}

function described(expression: string, symbol: ResolvedSymbol | undefined): string {
  if (!symbol) return `${expression} is neither defined nor imported where it is used`;
  switch (symbol.kind) {
    case 'external':
      return `${expression} comes from outside the project (${symbol.module}${symbol.name === '' ? '' : `.${symbol.name.replace(/^\./, '')}`})`;
    case 'assignment':
      return `${expression} is assigned ${symbol.assignment.value}, which the index cannot follow to an app or router`;
    case 'function':
      return `${expression} is a function, not an app or router`;
    case 'class':
      return `${expression} is the class ${symbol.cls.name}, not an app or router`;
    case 'module':
      return `${expression} is the module ${symbol.module}`;
    case 'unparsed':
      return `${expression} leads into ${symbol.path}, which could not be read`;
    default:
      return `${expression} is not an app or router`;
  }
}

export class RouteObjects {
  /** Answers by file and callee: the same constructors recur in every router module. */
  private readonly constructors = new Map<string, Constructor | undefined>();

  constructor(
    private readonly files: ReadonlyMap<string, PythonFileFacts>,
    private readonly resolver: SymbolResolver,
  ) {}

  /** The app or router a (possibly dotted, possibly called) expression written in `file` names. */
  lookup(file: string, expression: string): RouteObjectLookup {
    const call = CALL.exec(expression);
    if (call?.[1] !== undefined) return this.lookupCall(file, call[1], expression);
    const symbol = this.resolver.resolve(file, expression);
    // `app.include_router(subapp.router)`: an application's own router carries its routes.
    if (!symbol && expression.endsWith('.router')) {
      const owner = this.lookup(file, expression.slice(0, -'.router'.length));
      if ('object' in owner && owner.object.kind === 'app') return owner;
    }
    if (symbol?.kind === 'router') return { object: { kind: 'router', file: symbol.path, fact: symbol.router } };
    if (symbol?.kind === 'app') return { object: { kind: 'app', file: symbol.path, fact: symbol.app } };
    if (symbol?.kind === 'assignment') {
      const facts = this.files.get(symbol.path);
      const construction = facts ? constructionsOf(facts).get(symbol.assignment.name) : undefined;
      const object = construction ? this.constructed(symbol.path, construction) : undefined;
      if (object) return { object };
      const factory = construction ? this.factoryRouter(symbol.path, construction.callee) : undefined;
      if (factory) return factory;
      if (construction?.callee === 'getattr') return { reason: `${expression} comes from getattr(...), which the index does not evaluate` };
    }
    return { reason: described(expression, symbol) };
  }

  /** The app or router a module-level `name = callee(...)` makes, if its callee is a constructor or factory. */
  constructed(file: string, construction: ConstructionFact): RouteObject | undefined {
    const kind = this.constructorKind(file, construction.callee);
    if (kind) return { kind, file, fact: construction };
    const factory = this.factoryRouter(file, construction.callee);
    return factory && 'object' in factory ? factory.object : undefined;
  }

  /** `make_router()` or `getattr(module, "router")` written in place. */
  private lookupCall(file: string, callee: string, expression: string): RouteObjectLookup {
    if (callee === 'getattr') return { reason: `${expression} comes from getattr(...), which the index does not evaluate` };
    const factory = this.factoryRouter(file, callee);
    if (factory) return factory;
    const kind = this.constructorKind(file, callee);
    if (kind) return { reason: `${expression} makes a new ${kind === 'app' ? 'app' : 'router'} in place, with no routes the index can see` };
    return { reason: `${expression} is a call the index cannot follow to an app or router` };
  }

  /** 'router' / 'app' when calling `callee` (in `file`) constructs one: fastapi's class or a subclass. */
  private constructorKind(file: string, callee: string): Constructor | undefined {
    const key = `${file}\0${callee}`;
    if (this.constructors.has(key)) return this.constructors.get(key);
    const kind = this.classKind(file, callee, 0);
    this.constructors.set(key, kind);
    return kind;
  }

  private classKind(file: string, name: string, depth: number): Constructor | undefined {
    if (depth > MAX_BASE_DEPTH) return undefined;
    const symbol = this.resolver.resolve(file, name);
    const named = fastapiConstructor(symbol);
    if (named) return named;
    if (symbol?.kind !== 'class') return undefined;
    for (const base of symbol.cls.bases) {
      const kind = this.classKind(symbol.path, base, depth + 1);
      if (kind) return kind;
    }
    return undefined;
  }

  /**
   * The router a factory function returns: the `APIRouter` it builds in its body (whose routes
   * are declared there too), when it is annotated to return a router or builds one.
   */
  private factoryRouter(file: string, callee: string): RouteObjectLookup | undefined {
    const symbol = this.resolver.resolve(file, callee);
    if (symbol?.kind !== 'function') return undefined;
    const built = this.files.get(symbol.path)?.routers.find((router) => contains(symbol.fn.range, router.range));
    if (built) return { object: { kind: 'router', file: symbol.path, fact: built } };
    if (!this.returnsRouter(symbol.path, symbol.fn)) return undefined;
    return { reason: `${callee}() returns a router it does not assign to a name, so its routes cannot be read` };
  }

  private returnsRouter(file: string, fn: FunctionFact): boolean {
    return fn.returnAnnotation !== undefined && this.constructorKind(file, fn.returnAnnotation) === 'router';
  }
}
