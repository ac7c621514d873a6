/**
 * The include_router graph: which app or router includes which router with what prefix, and
 * so the full path of every route (`/api/v1` from settings + `/items` + `/{id}`).
 */
import type { CallFact, FunctionFact, IncludeRouterFact, ParameterFact, PythonFileFacts, RouteFact } from '../python/facts';
import type { ProjectApp, ProjectNote, ProjectRoute, ProjectRouter } from './facts';
import type { ModuleTable } from './module-names';
import { compareText } from './resolve-models';
import type { StringEvaluator } from './settings';
import type { SymbolResolver } from './symbols';
import { isTestPath } from './test-paths';

interface MountNode {
  readonly key: string;
  readonly file: string;
  readonly variable: string;
  readonly kind: 'app' | 'router';
  readonly prefix: string;
  readonly tags: readonly string[];
  readonly dependencies: readonly string[];
  /** The function whose body creates the app (an app factory). */
  readonly factory?: string;
}

interface IncludeEdge {
  readonly parent: string;
  readonly child: string;
  readonly prefix: string;
  readonly dependencies: readonly string[];
  readonly file: string;
  readonly target: string;
  readonly conditions: readonly string[];
}

/** One way a router is reached from the top: the prefix above it, the dependencies and conditions on the way. */
interface Mount {
  readonly prefix: string;
  readonly dependencies: readonly string[];
  readonly conditions: readonly string[];
}

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
}

/** `status.HTTP_201_CREATED`, `201`, `HTTPStatus.CREATED` (not understood) → 201 / undefined. */
function statusNumber(text: string | undefined): number | undefined {
  const match = text === undefined ? null : /(?:^|\D)([1-5]\d\d)(?:\D|$)/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function keyOf(file: string, variable: string): string {
  return `${file}#${variable}`;
}

export function buildRouteGraph(
  files: ReadonlyMap<string, PythonFileFacts>,
  resolver: SymbolResolver,
  evaluator: StringEvaluator,
  modules: ModuleTable,
): RouteGraph {
  const notes: ProjectNote[] = [];
  // Apps and routers a test builds for itself are not the project's.
  const sortedFiles = [...files.values()].filter((facts) => !isTestPath(facts.path)).sort((a, b) => compareText(a.path, b.path));
  const evaluatePrefix = (file: string, literal: string | undefined, expression: string | undefined): string => {
    if (literal !== undefined) return literal;
    if (expression === undefined) return '';
    const value = evaluator.evaluate(file, expression);
    if (value !== undefined) return value;
    notes.push({ file, message: `The prefix ${expression} has no literal value; paths below it show it in braces.` });
    return `{${expression}}`;
  };

  const nodes = new Map<string, MountNode>();
  const addNode = (node: Omit<MountNode, 'key'>): void => {
    const key = keyOf(node.file, node.variable);
    nodes.set(key, { key, ...node });
  };
  for (const facts of sortedFiles) {
    for (const app of facts.apps) {
      addNode({
        file: facts.path,
        variable: app.variable,
        kind: 'app',
        prefix: '',
        tags: [],
        dependencies: [],
        ...(app.inFunction === undefined ? {} : { factory: app.inFunction }),
      });
    }
    for (const router of facts.routers) {
      addNode({
        file: facts.path,
        variable: router.variable,
        kind: 'router',
        prefix: evaluatePrefix(facts.path, router.prefix, router.prefixExpression),
        tags: router.tags,
        dependencies: router.dependencies,
      });
    }
  }
  const nodeFor = (file: string, name: string): MountNode | undefined => {
    const symbol = resolver.resolve(file, name);
    if (symbol?.kind === 'router') return nodes.get(keyOf(symbol.path, symbol.router.variable));
    if (symbol?.kind === 'app') return nodes.get(keyOf(symbol.path, symbol.app.variable));
    return undefined;
  };

  // Calls of project functions at module level: `app = create_application(api_router)`.
  const callsOf = new Map<string, FunctionCall[]>();
  for (const facts of sortedFiles) {
    for (const call of facts.calls) {
      if (!mayCallFactory(call)) continue;
      const symbol = resolver.resolve(facts.path, call.callee);
      if (symbol?.kind !== 'function' || isTestPath(symbol.path)) continue;
      const key = keyOf(symbol.path, symbol.fn.name);
      callsOf.set(key, [...(callsOf.get(key) ?? []), { file: facts.path, call, fn: symbol.fn }]);
    }
  }
  /** The nodes a name in an include stands for: itself, or what callers pass for a parameter. */
  const nodesFor = (file: string, include: IncludeRouterFact, name: string): MountNode[] => {
    const direct = nodeFor(file, name);
    if (direct || include.inFunction === undefined) return direct ? [direct] : [];
    const head = name.split('.')[0] ?? name;
    const rest = name.slice(head.length);
    return (callsOf.get(keyOf(file, include.inFunction)) ?? []).flatMap((caller) => {
      const argument = argumentFor(caller.fn, head, caller.call);
      const node = argument === undefined ? undefined : nodeFor(caller.file, `${argument}${rest}`);
      return node ? [node] : [];
    });
  };

  const edges: IncludeEdge[] = [];
  for (const facts of sortedFiles) {
    for (const include of facts.includes) {
      const parents = nodesFor(facts.path, include, include.target);
      const children = nodesFor(facts.path, include, include.router);
      for (const parent of parents) {
        for (const child of children) {
          edges.push({
            parent: parent.key,
            child: child.key,
            prefix: evaluatePrefix(facts.path, include.prefix, include.prefixExpression),
            dependencies: include.dependencies,
            file: facts.path,
            target: include.target,
            conditions: include.conditions ?? [],
          });
        }
      }
    }
  }

  const mounts = computeMounts(nodes, edges);
  const routesByNode = new Map<string, ProjectRoute[]>();
  const routes: ProjectRoute[] = [];
  for (const facts of sortedFiles) {
    for (const route of facts.routes) {
      const node = nodeFor(facts.path, route.owner);
      const nodeMounts = node ? (mounts.get(node.key) ?? []) : [{ prefix: '', dependencies: [], conditions: [] }];
      for (const mount of nodeMounts) {
        const projectRoute = toProjectRoute(route, facts.path, node, mount, resolver);
        routes.push(projectRoute);
        if (node) routesByNode.set(node.key, [...(routesByNode.get(node.key) ?? []), projectRoute]);
      }
    }
  }

  const apps: ProjectApp[] = [];
  const routers: ProjectRouter[] = [];
  for (const node of nodes.values()) {
    if (node.kind === 'app') {
      // An app made by a factory is known by the name its caller gives it: `app = create_app()`.
      const made = node.factory === undefined ? undefined : (callsOf.get(keyOf(node.file, node.factory)) ?? []).find((caller) => caller.call.assignedTo !== undefined);
      const file = made?.file ?? node.file;
      apps.push({ file, module: modules.moduleOf(file), variable: made?.call.assignedTo ?? node.variable });
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
      includedBy: edges
        .filter((edge) => edge.child === node.key)
        .map((edge) => ({
          file: edge.file,
          target: edge.target,
          prefix: edge.prefix,
          ...(edge.conditions.length > 0 ? { conditions: edge.conditions } : {}),
        })),
      routes: routesByNode.get(node.key) ?? [],
    });
  }
  return { apps, routers, routes, notes };
}

/** Every way each node is reached, walking down from the apps (then from routers nobody includes). */
function computeMounts(nodes: ReadonlyMap<string, MountNode>, edges: readonly IncludeEdge[]): Map<string, Mount[]> {
  const mounts = new Map<string, Mount[]>();
  const childrenOf = new Map<string, IncludeEdge[]>();
  for (const edge of edges) childrenOf.set(edge.parent, [...(childrenOf.get(edge.parent) ?? []), edge]);
  const visit = (key: string, mount: Mount, onPath: ReadonlySet<string>): void => {
    const node = nodes.get(key);
    if (!node || onPath.has(key)) return;
    const list = mounts.get(key) ?? [];
    if (list.some((seen) => seen.prefix === mount.prefix)) return;
    list.push(mount);
    mounts.set(key, list);
    const below = new Set(onPath).add(key);
    for (const edge of childrenOf.get(key) ?? []) {
      const child = nodes.get(edge.child);
      if (!child) continue;
      visit(
        edge.child,
        {
          prefix: mount.prefix + edge.prefix + child.prefix,
          dependencies: [...mount.dependencies, ...edge.dependencies, ...child.dependencies],
          conditions: [...mount.conditions, ...edge.conditions],
        },
        below,
      );
    }
  };
  const included = new Set(edges.map((edge) => edge.child));
  const roots = [...nodes.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'app' ? -1 : 1));
  for (const node of roots) {
    if (node.kind === 'app' || !included.has(node.key)) {
      visit(node.key, { prefix: node.prefix, dependencies: [...node.dependencies], conditions: [] }, new Set());
    }
  }
  // Routers included only from a cycle or an unreached object still get their own prefix.
  for (const node of nodes.values()) {
    if (!mounts.has(node.key)) mounts.set(node.key, [{ prefix: node.prefix, dependencies: [...node.dependencies], conditions: [] }]);
  }
  return mounts;
}

function parameterDependency(parameter: ParameterFact, file: string, resolver: SymbolResolver): string | undefined {
  if (parameter.dependency !== undefined) return parameter.dependency;
  const annotation = parameter.annotation?.trim();
  if (annotation === undefined || !/^[\w.]+$/.test(annotation)) return undefined;
  const symbol = resolver.resolve(file, annotation);
  return symbol?.kind === 'alias' ? symbol.alias.dependency : undefined;
}

/** Routes made for a parsed route, by everything else they were made from: reused while that holds. */
const routesByFact = new WeakMap<RouteFact, Map<string, ProjectRoute>>();

function toProjectRoute(
  route: RouteFact,
  file: string,
  node: MountNode | undefined,
  mount: Mount,
  resolver: SymbolResolver,
): ProjectRoute {
  const dependencies = [
    ...mount.dependencies,
    ...route.dependencies,
    ...route.parameters.flatMap((parameter) => parameterDependency(parameter, file, resolver) ?? []),
  ];
  const key = `${file}\0${node?.variable ?? ''}\0${mount.prefix}\0${dependencies.join(',')}\0${mount.conditions.join('\0')}`;
  let known = routesByFact.get(route);
  const cached = known?.get(key);
  if (cached) return cached;
  const built = buildProjectRoute(route, file, node, mount, dependencies);
  if (!known) {
    known = new Map();
    routesByFact.set(route, known);
  }
  known.set(key, built);
  return built;
}

function buildProjectRoute(
  route: RouteFact,
  file: string,
  node: MountNode | undefined,
  mount: Mount,
  dependencies: readonly string[],
): ProjectRoute {
  const statusCode = statusNumber(route.statusCode);
  return {
    method: route.method,
    path: mount.prefix + route.path,
    localPath: route.path,
    functionName: route.functionName,
    file,
    router: node?.variable ?? route.owner,
    ...(statusCode === undefined ? {} : { statusCode }),
    ...(route.responseModel === undefined ? {} : { responseModel: route.responseModel }),
    ...(route.returnAnnotation === undefined ? {} : { returnAnnotation: route.returnAnnotation }),
    dependencies: [...new Set(dependencies)],
    ...(mount.conditions.length > 0 ? { conditions: mount.conditions } : {}),
    parameters: route.parameters,
    isAsync: route.isAsync,
    range: route.range,
  };
}
