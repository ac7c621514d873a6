/**
 * Walking the route graph: every way each app or router is reached from the top (prefix,
 * dependencies, conditions, sub-application on the way), and the ProjectRoute a parsed route
 * becomes under each of them.
 */
import type { ParameterFact, RouteFact, SourceRange } from '../python/facts';
import type { ProjectRoute } from './facts';
import type { SymbolResolver } from './symbols';

export interface MountNode {
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

export interface IncludeEdge {
  readonly parent: string;
  readonly child: string;
  readonly prefix: string;
  readonly dependencies: readonly string[];
  readonly file: string;
  readonly target: string;
  readonly conditions: readonly string[];
  /** An `app.mount(path, subapp)` rather than an `include_router`. */
  readonly mounted: boolean;
}

/** One way a router is reached from the top: the prefix above it, the dependencies and conditions on the way. */
export interface Mount {
  readonly prefix: string;
  readonly dependencies: readonly string[];
  readonly conditions: readonly string[];
  /** The innermost sub-application on the way, when the way passes through a mount. */
  readonly subApp?: { readonly path: string; readonly app: string; readonly file: string };
}

/** `status.HTTP_201_CREATED`, `201`, `HTTPStatus.CREATED` (not understood) → 201 / undefined. */
function statusNumber(text: string | undefined): number | undefined {
  const match = text === undefined ? null : /(?:^|\D)([1-5]\d\d)(?:\D|$)/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Every way each node is reached, walking down from the apps (then from routers nobody includes). */
export function computeMounts(nodes: ReadonlyMap<string, MountNode>, edges: readonly IncludeEdge[]): Map<string, Mount[]> {
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
      const prefix = mount.prefix + edge.prefix + child.prefix;
      // A mounted application is served on its own: nothing of the parent applies inside it.
      const conditions = [...mount.conditions, ...edge.conditions];
      const reached: Mount = edge.mounted
        ? { prefix, dependencies: [...child.dependencies], conditions, subApp: { path: prefix, app: child.variable, file: child.file } }
        : {
            prefix,
            dependencies: [...mount.dependencies, ...edge.dependencies, ...child.dependencies],
            conditions,
            ...(mount.subApp ? { subApp: mount.subApp } : {}),
          };
      visit(edge.child, reached, below);
    }
  };
  const included = new Set(edges.map((edge) => edge.child));
  const roots = [...nodes.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'app' ? -1 : 1));
  for (const node of roots) {
    if (!included.has(node.key)) {
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

/**
 * The handler of an `add_api_route` route: the function its endpoint names, wherever it is
 * defined (a decorated route is its own handler, and needs none of this).
 */
interface Handler {
  readonly file: string;
  readonly parameters: readonly ParameterFact[];
  readonly isAsync: boolean;
  readonly returnAnnotation?: string;
  readonly returnedValues: readonly string[];
  readonly range: SourceRange;
}

function endpointHandler(route: RouteFact, file: string, resolver: SymbolResolver): Handler | undefined {
  if (route.endpoint === undefined) return undefined;
  const symbol = resolver.resolve(file, route.endpoint);
  if (symbol?.kind !== 'function') return undefined;
  const fn = symbol.fn;
  return {
    file: symbol.path,
    parameters: fn.parameters,
    isAsync: fn.isAsync,
    returnedValues: fn.returnedValues,
    ...(fn.returnAnnotation === undefined ? {} : { returnAnnotation: fn.returnAnnotation }),
    range: fn.range,
  };
}

export function toProjectRoute(
  route: RouteFact,
  file: string,
  node: MountNode | undefined,
  mount: Mount,
  resolver: SymbolResolver,
): ProjectRoute {
  const handler = endpointHandler(route, file, resolver);
  const handlerFile = handler?.file ?? file;
  const dependencies = [...mount.dependencies, ...route.dependencies];
  for (const parameter of handler?.parameters ?? route.parameters) {
    const dependency = parameterDependency(parameter, handlerFile, resolver);
    if (dependency !== undefined) dependencies.push(dependency);
  }
  let key = `${file}\0${node?.key ?? ''}\0${mount.prefix}\0${dependencies.join(',')}\0${mount.conditions.join('\0')}`;
  if (mount.subApp) key += `\0${mount.subApp.path}`;
  if (handler) key += `\0${handler.file}:${handler.range.startIndex}`;
  let known = routesByFact.get(route);
  const cached = known?.get(key);
  if (cached) return cached;
  const built = buildProjectRoute(route, file, handler, node, mount, dependencies);
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
  handler: Handler | undefined,
  node: MountNode | undefined,
  mount: Mount,
  dependencies: readonly string[],
): ProjectRoute {
  const statusCode = statusNumber(route.statusCode);
  const returnAnnotation = handler ? handler.returnAnnotation : route.returnAnnotation;
  return {
    method: route.method,
    path: mount.prefix + route.path,
    localPath: route.path,
    functionName: route.functionName,
    file: handler?.file ?? file,
    router: node?.variable ?? route.owner,
    ...(statusCode === undefined ? {} : { statusCode }),
    ...(route.responseModel === undefined ? {} : { responseModel: route.responseModel }),
    ...(returnAnnotation === undefined ? {} : { returnAnnotation }),
    dependencies: [...new Set(dependencies)],
    ...(mount.conditions.length > 0 ? { conditions: mount.conditions } : {}),
    parameters: handler?.parameters ?? route.parameters,
    isAsync: handler?.isAsync ?? route.isAsync,
    returnedValues: handler?.returnedValues ?? route.returnedValues,
    range: handler?.range ?? route.range,
    ...(mount.subApp ? { mount: mount.subApp } : {}),
    ...(route.endpoint === undefined ? {} : { registeredAt: { file, range: route.range } }),
  };
}
