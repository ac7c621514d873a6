/**
 * The include_router graph: which app or router includes which router with what prefix, and
 * which app mounts which sub-application, and so the full path of every route (`/api/v1` from
 * settings + `/items` + `/{id}`). What cannot be followed statically is reported, not dropped.
 */
import type { CallFact, FunctionFact, IncludeRouterFact, PythonFileFacts, SourceRange } from '../python/facts';
import type { ProjectApp, ProjectNote, ProjectRoute, ProjectRouter, UnresolvedRoute } from './facts';
import { dependencyOfCall, splitTopLevel } from '../python/annotation-text';
import type { ModuleTable } from './module-names';
import { compareText } from './resolve-models';
import { type RouteObject, type RouteObjectFact, RouteObjects } from './route-objects';
import { computeMounts, type IncludeEdge, type MountNode, toProjectRoute } from './route-paths';
import { localOwner, requestImportedModules, unresolvedRoute, unresolvedSites } from './route-sites';
import type { StringEvaluator } from './settings';
import type { SymbolResolver } from './symbols';
import { isTestPath } from './test-paths';

/** A module-level call of a project function: what its parameters are bound to. */
interface FunctionCall {
  readonly file: string;
  readonly call: CallFact;
  readonly fn: FunctionFact;
}

/** Calls of plain functions (`create_app(...)`), not of classes (`Settings()`, `FastAPI()`). */
export function mayCallFactory(call: CallFact): boolean {
  const last = call.callee.slice(call.callee.lastIndexOf('.') + 1);
  return /^[a-z_]/.test(last);
}

/** The argument a call passes for `parameter` of `fn`, as written. */
function argumentFor(fn: FunctionFact, parameter: string, call: CallFact): string | undefined {
  const keyword = call.args.keywords[parameter];
  if (keyword !== undefined) return keyword;
  const index = fn.parameters.filter((candidate) => candidate.variadic === undefined).findIndex((candidate) => candidate.name === parameter);
  return index < 0 ? undefined : call.args.positional[index];
}

export interface RouteGraph {
  readonly apps: ProjectApp[];
  readonly routers: ProjectRouter[];
  readonly routes: ProjectRoute[];
  readonly notes: ProjectNote[];
  readonly unresolved: UnresolvedRoute[];
}

function keyOf(file: string, name: string): string {
  return `${file}#${name}`;
}

export function buildRouteGraph(
  files: ReadonlyMap<string, PythonFileFacts>,
  resolver: SymbolResolver,
  evaluator: StringEvaluator,
  modules: ModuleTable,
): RouteGraph {
  const notes: ProjectNote[] = [];
  const unresolved: UnresolvedRoute[] = [];
  // Apps and routers a test builds for itself are not the project's.
  const sortedFiles = [...files.values()].filter((facts) => !isTestPath(facts.path)).sort((a, b) => compareText(a.path, b.path));
  const evaluatePrefix = (file: string, literal: string | undefined, expression: string | undefined, range: SourceRange): string => {
    if (literal !== undefined) return literal;
    if (expression === undefined) return '';
    const value = evaluator.evaluate(file, expression);
    if (value !== undefined) return value;
    notes.push({ file, message: `The prefix ${expression} has no literal value; paths below it show it in braces.` });
    unresolved.push(unresolvedRoute('prefix', file, range, expression, 'the prefix has no value the index can compute; paths below it show it in braces'));
    return `{${expression}}`;
  };

  requestImportedModules(files, resolver, modules);
  const objects = new RouteObjects(files, resolver);
  const nodes = new Map<string, MountNode>();
  const keysByFact = new Map<RouteObjectFact, string>();
  const nodeOf = (object: RouteObject): MountNode => {
    const known = keysByFact.get(object.fact);
    const existing = known === undefined ? undefined : nodes.get(known);
    if (existing) return existing;
    const fact = object.fact;
    let key = keyOf(object.file, fact.variable);
    // Two objects of one name in one file (a module-level router and one built in a factory).
    if (nodes.has(key)) key = `${key}@${fact.range.startIndex}`;
    const router = object.kind === 'router' && 'tags' in fact ? fact : undefined;
    const node: MountNode = {
      key,
      file: object.file,
      variable: fact.variable,
      kind: object.kind,
      prefix: router ? evaluatePrefix(object.file, router.prefix, router.prefixExpression, fact.range) : '',
      tags: router?.tags ?? [],
      // An app's own `FastAPI(dependencies=[...])` run for each of its routes, as a router's do.
      dependencies: router?.dependencies ?? (object.kind === 'app' ? dependenciesWritten(fact.args.keywords['dependencies']) : []),
      ...(object.kind === 'app' && 'inFunction' in fact && fact.inFunction !== undefined ? { factory: fact.inFunction } : {}),
    };
    nodes.set(key, node);
    keysByFact.set(fact, key);
    return node;
  };
  for (const facts of sortedFiles) {
    for (const app of facts.apps) nodeOf({ kind: 'app', file: facts.path, fact: app });
    for (const router of facts.routers) nodeOf({ kind: 'router', file: facts.path, fact: router });
    for (const construction of facts.constructions) {
      const object = objects.constructed(facts.path, construction);
      if (object) nodeOf(object);
    }
  }
  const lookupNode = (file: string, expression: string): MountNode | string => {
    const found = objects.lookup(file, expression);
    return 'object' in found ? nodeOf(found.object) : found.reason;
  };

  // Calls of project functions at module level: `app = create_application(api_router)`.
  const callsOf = new Map<string, FunctionCall[]>();
  for (const facts of sortedFiles) {
    for (const call of facts.calls) {
      if (!mayCallFactory(call)) continue;
      const symbol = resolver.resolve(facts.path, call.callee);
      if (symbol?.kind !== 'function' || isTestPath(symbol.path)) continue;
      const key = keyOf(symbol.path, symbol.fn.name);
      const calls = callsOf.get(key);
      if (calls) calls.push({ file: facts.path, call, fn: symbol.fn });
      else callsOf.set(key, [{ file: facts.path, call, fn: symbol.fn }]);
    }
  }
  /** The nodes a name in an include stands for: itself, or what callers pass for a parameter; else why none. */
  const nodesFor = (file: string, include: IncludeRouterFact, name: string): MountNode[] | string => {
    const direct = lookupNode(file, name);
    if (typeof direct !== 'string') return [direct];
    if (include.inFunction === undefined) return direct;
    const head = name.split('.')[0] ?? name;
    const rest = name.slice(head.length);
    const passed = (callsOf.get(keyOf(file, include.inFunction)) ?? []).flatMap((caller) => {
      const argument = argumentFor(caller.fn, head, caller.call);
      const node = argument === undefined ? undefined : lookupNode(caller.file, `${argument}${rest}`);
      return node === undefined || typeof node === 'string' ? [] : [node];
    });
    return passed.length > 0 ? passed : direct;
  };

  const edges: IncludeEdge[] = [];
  for (const facts of sortedFiles) {
    const file = facts.path;
    unresolved.push(...unresolvedSites(facts));
    for (const include of facts.includes) {
      const parents = nodesFor(file, include, include.target);
      const children = nodesFor(file, include, include.router);
      const problem = typeof parents === 'string' ? parents : typeof children === 'string' ? children : undefined;
      if (problem !== undefined || typeof parents === 'string' || typeof children === 'string') {
        const expression = `${include.target}.include_router(${include.router})`;
        unresolved.push(unresolvedRoute('include', file, include.range, expression, problem ?? ''));
        continue;
      }
      const prefix = evaluatePrefix(file, include.prefix, include.prefixExpression, include.range);
      for (const parent of parents) {
        for (const child of children) {
          edges.push({
            parent: parent.key,
            child: child.key,
            prefix,
            dependencies: include.dependencies,
            file,
            target: include.target,
            conditions: include.conditions ?? [],
            mounted: false,
          });
        }
      }
    }
    for (const mount of facts.mounts) {
      const child = lookupNode(file, mount.app);
      if (typeof child === 'string' && servesNoRoutes(resolver, file, mount.app)) continue;
      const parent = lookupNode(file, mount.target);
      if (typeof parent === 'string' || typeof child === 'string' || child.kind !== 'app') {
        const problem = typeof parent === 'string' ? parent : typeof child === 'string' ? child : `${mount.app} is a router; mount takes an application`;
        const path = mount.path === undefined ? (mount.pathExpression ?? '') : JSON.stringify(mount.path);
        unresolved.push(unresolvedRoute('mount', file, mount.range, `${mount.target}.mount(${path}, ${mount.app})`, problem));
        continue;
      }
      edges.push({
        parent: parent.key,
        child: child.key,
        prefix: evaluatePrefix(file, mount.path, mount.pathExpression, mount.range),
        dependencies: [],
        file,
        target: mount.target,
        conditions: [],
        mounted: true,
      });
    }
  }

  const mounts = computeMounts(nodes, edges);
  const routesByNode = new Map<string, ProjectRoute[]>();
  const routes: ProjectRoute[] = [];
  for (const facts of sortedFiles) {
    for (const route of facts.routes) {
      const local = localOwner(facts, route);
      const owner = local ? nodeOf({ kind: local.kind, file: facts.path, fact: local.fact }) : lookupNode(facts.path, route.owner);
      const node = typeof owner === 'string' ? undefined : owner;
      if (typeof owner === 'string') {
        const expression = `@${route.owner}.${route.method}(${JSON.stringify(route.path)}) ${route.functionName}`;
        unresolved.push(unresolvedRoute('route', facts.path, route.range, expression, `${owner}; the route is listed without the prefixes above it`));
      }
      const nodeMounts = node ? (mounts.get(node.key) ?? []) : [{ prefix: '', dependencies: [], conditions: [] }];
      for (const mount of nodeMounts) {
        const projectRoute = toProjectRoute(route, facts.path, node, mount, resolver);
        routes.push(projectRoute);
        if (node) {
          const served = routesByNode.get(node.key);
          if (served) served.push(projectRoute);
          else routesByNode.set(node.key, [projectRoute]);
        }
      }
    }
  }

  const apps: ProjectApp[] = [];
  const routers: ProjectRouter[] = [];
  const edgesInto = new Map<string, IncludeEdge[]>();
  for (const edge of edges) {
    const into = edgesInto.get(edge.child);
    if (into) into.push(edge);
    else edgesInto.set(edge.child, [edge]);
  }
  for (const node of nodes.values()) {
    const incoming = edgesInto.get(node.key) ?? [];
    if (node.kind === 'app') {
      const mountedBy = incoming.filter((edge) => edge.mounted).map((edge) => ({ file: edge.file, target: edge.target, path: edge.prefix }));
      // An app made by a factory is known by the name its caller gives it: `app = create_app()`.
      const made = node.factory === undefined ? undefined : (callsOf.get(keyOf(node.file, node.factory)) ?? []).find((caller) => caller.call.assignedTo !== undefined);
      const appFile = made?.file ?? node.file;
      apps.push({
        file: appFile,
        module: modules.moduleOf(appFile),
        variable: made?.call.assignedTo ?? node.variable,
        ...(mountedBy.length > 0 ? { mountedBy } : {}),
      });
      continue;
    }
    routers.push({
      file: node.file,
      module: modules.moduleOf(node.file),
      variable: node.variable,
      prefix: node.prefix,
      fullPrefix: mounts.get(node.key)?.[0]?.prefix ?? node.prefix,
      tags: node.tags,
      dependencies: node.dependencies,
      includedBy: incoming.map((edge) => ({
        file: edge.file,
        target: edge.target,
        prefix: edge.prefix,
        ...(edge.dependencies.length > 0 ? { dependencies: edge.dependencies } : {}),
        ...(edge.conditions.length > 0 ? { conditions: edge.conditions } : {}),
      })),
      routes: routesByNode.get(node.key) ?? [],
    });
  }
  unresolved.sort((a, b) => compareText(a.file, b.file) || a.range.startIndex - b.range.startIndex);
  return { apps, routers, routes, notes, unresolved };
}

/** `StaticFiles(...)`, `WSGIMiddleware(...)`: mounted objects from outside the project serve no FastAPI routes. */
function servesNoRoutes(resolver: SymbolResolver, file: string, expression: string): boolean {
  const callee = /^([A-Za-z_][\w.]*)\s*\(/.exec(expression)?.[1];
  return callee !== undefined && resolver.resolve(file, callee)?.kind === 'external';
}

/** `[Depends(check), Security(key_check)]` as written → `check`, `key_check`. */
function dependenciesWritten(text: string | undefined): string[] {
  const inner = text?.trim().replace(/^[[(]([\s\S]*)[\])]$/, '$1');
  if (inner === undefined || inner === '') return [];
  return splitTopLevel(inner, ',').flatMap((item) => {
    const dependency = dependencyOfCall(item.trim());
    return dependency === undefined || dependency === '' ? [] : [dependency];
  });
}
