/**
 * Small pieces of the route graph: the unresolved-route records, and which object a route
 * declared inside a function is on (a factory's own `router`, not a module-level namesake).
 */
import type { AppFact, PythonFileFacts, RouteFact, RouterFact, SourceRange } from '../python/facts';
import type { UnresolvedRoute } from './facts';
import type { ModuleTable } from './module-names';
import type { SymbolResolver } from './symbols';

export function unresolvedRoute(
  kind: UnresolvedRoute['kind'],
  file: string,
  range: SourceRange,
  expression: string,
  reason: string,
): UnresolvedRoute {
  return { kind, file, line: range.startLine + 1, range, expression, reason };
}

/** What the parser itself could not read in a file (computed methods, loops over computed lists). */
export function unresolvedSites(facts: PythonFileFacts): UnresolvedRoute[] {
  return facts.unresolvedRoutes.map((site) => unresolvedRoute(site.kind, facts.path, site.range, site.expression, site.reason));
}

function within(outer: SourceRange, inner: SourceRange): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** Per file, the module-level functions that create an app or router in their body (most files: none). */
const scopesByFacts = new WeakMap<PythonFileFacts, readonly SourceRange[]>();

function creatingScopes(facts: PythonFileFacts): readonly SourceRange[] {
  let scopes = scopesByFacts.get(facts);
  if (!scopes) {
    const created = [...facts.routers, ...facts.apps].map((fact) => fact.range);
    scopes = facts.functions.map((fn) => fn.range).filter((range) => created.some((inner) => within(range, inner)));
    scopesByFacts.set(facts, scopes);
  }
  return scopes;
}

/**
 * The app or router a route inside a module-level function is declared on, when that function
 * creates it: `def make_router(): router = APIRouter(); @router.get(...)`.
 */
export function localOwner(
  facts: PythonFileFacts,
  route: RouteFact,
): { readonly kind: 'app'; readonly fact: AppFact } | { readonly kind: 'router'; readonly fact: RouterFact } | undefined {
  if (route.endpoint !== undefined || route.owner.includes('.')) return undefined;
  const scopes = creatingScopes(facts);
  if (scopes.length === 0) return undefined;
  const scope = scopes.find((range) => range.startIndex < route.range.startIndex && within(range, route.range));
  if (!scope) return undefined;
  const router = facts.routers.find((candidate) => candidate.variable === route.owner && within(scope, candidate.range));
  if (router) return { kind: 'router', fact: router };
  const app = facts.apps.find((candidate) => candidate.variable === route.owner && within(scope, candidate.range));
  return app ? { kind: 'app', fact: app } : undefined;
}

/** True for a file that takes part in the route graph: an app, a router, an include, a mount or a route. */
function routeParticipant(facts: PythonFileFacts): boolean {
  return facts.apps.length + facts.routers.length + facts.includes.length + facts.mounts.length + facts.routes.length > 0;
}

/**
 * Asks for the project modules that files of the route graph import, so that a module holding
 * only routes (`@router.get` on a router imported from elsewhere, which names no FastAPI at
 * all) is parsed too: importing it is what registers its routes. Files reached this way that
 * take part in the route graph have their imports followed in turn, on the next derivation.
 * Only the module table is asked (no symbol resolution), so this costs a few map lookups.
 */
export function requestImportedModules(
  files: ReadonlyMap<string, PythonFileFacts>,
  resolver: SymbolResolver,
  modules: ModuleTable,
): void {
  for (const facts of files.values()) {
    if (!routeParticipant(facts)) continue;
    for (const path of importedModulesOf(facts, modules)) if (!files.has(path)) resolver.unparsedSeen.add(path);
  }
}

/** The project files a file's imports name as modules, by module table and then by the file's facts. */
const importedByModules = new WeakMap<ModuleTable, WeakMap<PythonFileFacts, readonly string[]>>();

/** The project files a route file's imports name as modules (kept per file facts and module table). */
export function importedModulesOf(facts: PythonFileFacts, modules: ModuleTable): readonly string[] {
  let known = importedByModules.get(modules);
  if (!known) {
    known = new WeakMap();
    importedByModules.set(modules, known);
  }
  let imported = known.get(facts);
  if (!imported) {
    imported = routeParticipant(facts) ? importedModules(facts, modules) : [];
    known.set(facts, imported);
  }
  return imported;
}

function importedModules(facts: PythonFileFacts, modules: ModuleTable): string[] {
  const paths: string[] = [];
  const add = (path: string | undefined): void => {
    if (path !== undefined && modules.has(path) && !paths.includes(path)) paths.push(path);
  };
  for (const imp of facts.imports) {
    if (imp.typeCheckingOnly) continue;
    if (imp.kind === 'import') add(modules.resolveAbsolute(imp.module, facts.path));
    else for (const imported of imp.names) if (imported.name !== '*') add(modules.resolveSubmodule(imp, imported.name, facts.path));
  }
  return paths;
}
