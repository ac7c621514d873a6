/**
 * Apps → routers (by full prefix) → routes. A router is listed under every app it is reached
 * from through `include_router` (walking nested includes); routers no app reaches are listed in a
 * group of their own, so nothing the index found is hidden.
 */
import type { HttpMethod, SourceRange } from '../python/facts';
import type { ProjectApp, ProjectFacts, ProjectRoute, ProjectRouter } from '../project/facts';
import type { RouteAccess } from '../project/route-access';
import type { ExplorerNode, SourceLocation } from './explorer-node';

const METHOD_ORDER: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];
const ACCESS_ICONS: Readonly<Record<RouteAccess, string>> = { public: 'globe', user: 'lock', superuser: 'shield' };

export function locationOf(file: string, range: SourceRange): SourceLocation {
  return { file, line: range.startLine, column: range.startColumn };
}

export function compareRoutes(a: ProjectRoute, b: ProjectRoute): number {
  return a.path.localeCompare(b.path) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) || a.file.localeCompare(b.file);
}

function keyOf(file: string, variable: string): string {
  return `${file}#${variable}`;
}

export function routeNode(route: ProjectRoute, access: RouteAccess, parentId: string): ExplorerNode {
  const method = route.method.toUpperCase();
  const response = route.responseModel ?? route.returnAnnotation;
  const conditions = route.conditions ?? [];
  const tooltip = [
    `${method} ${route.path}`,
    `handler ${route.functionName} in ${route.file}:${route.range.startLine + 1}`,
    `access: ${access}`,
    ...(response === undefined ? [] : [`response: ${response}`]),
    ...(route.statusCode === undefined ? [] : [`status: ${route.statusCode}`]),
    ...(route.dependencies.length === 0 ? [] : [`dependencies: ${route.dependencies.join(', ')}`]),
    ...(conditions.length === 0 ? [] : [`served only if ${conditions.join(' and ')}`]),
  ].join('\n');
  return {
    id: `${parentId}/${route.method} ${route.path} ${route.file}:${route.range.startLine}`,
    kind: 'route',
    label: `${method} ${route.path}`,
    description: [route.functionName, access, ...(response === undefined ? [] : [`→ ${response}`]), ...(conditions.length === 0 ? [] : [`if ${conditions.join(' and ')}`])].join(' · '),
    tooltip,
    icon: ACCESS_ICONS[access],
    location: locationOf(route.file, route.range),
    children: [],
    route: {
      method: route.method,
      path: route.path,
      handler: route.functionName,
      access,
      ...(response === undefined ? {} : { responseModel: response }),
      ...(conditions.length === 0 ? {} : { conditions }),
    },
  };
}

/** The routers each app reaches, nested includes followed (a router that only includes others is not listed). */
function routersByApp(facts: ProjectFacts): Map<string, ProjectRouter[]> {
  const routerByKey = new Map(facts.routers.map((router) => [keyOf(router.file, router.variable), router]));
  const appKeys = new Set(facts.apps.map((app) => keyOf(app.file, app.variable)));
  const appsOf = (router: ProjectRouter, seen: Set<string>): Set<string> => {
    const found = new Set<string>();
    for (const include of router.includedBy) {
      const parent = keyOf(include.file, include.target);
      if (appKeys.has(parent)) found.add(parent);
      const parentRouter = routerByKey.get(parent);
      if (parentRouter !== undefined && !seen.has(parent)) {
        for (const app of appsOf(parentRouter, new Set(seen).add(parent))) found.add(app);
      }
    }
    return found;
  };
  const result = new Map<string, ProjectRouter[]>();
  for (const router of facts.routers) {
    const key = keyOf(router.file, router.variable);
    const apps = appsOf(router, new Set([key]));
    const onlyIncludesOthers = router.routes.length === 0 && facts.routers.some((other) => other.includedBy.some((include) => keyOf(include.file, include.target) === key));
    if (onlyIncludesOthers) continue;
    for (const app of apps.size === 0 ? [''] : apps) result.set(app, [...(result.get(app) ?? []), router]);
  }
  return result;
}

/** Small projects show every route at once; larger ones start with their routers folded. */
const EXPAND_ROUTERS_UP_TO = 40;

function routerNode(router: ProjectRouter, facts: ProjectFacts, accessOf: (route: ProjectRoute) => RouteAccess, parentId: string): ExplorerNode {
  const id = `${parentId}/router:${keyOf(router.file, router.variable)}`;
  const declared = facts.files.get(router.file)?.routers.find((candidate) => candidate.variable === router.variable);
  const includedBy = router.includedBy.map(
    (include) =>
      `${include.target}${include.prefix ? ` (prefix "${include.prefix}")` : ''} in ${include.file}${include.conditions === undefined || include.conditions.length === 0 ? '' : ` only if ${include.conditions.join(' and ')}`}`,
  );
  const count = router.routes.length;
  return {
    id,
    kind: 'router',
    label: router.fullPrefix === '' ? '/' : router.fullPrefix,
    description: `${router.variable} · ${router.file} · ${count === 0 ? 'no routes yet' : `${count} route${count === 1 ? '' : 's'}`}`,
    tooltip: [
      `${router.variable} = APIRouter(${router.prefix === '' ? '' : `prefix="${router.prefix}"`}) in ${router.file}`,
      `full prefix: ${router.fullPrefix === '' ? '(none)' : router.fullPrefix}`,
      includedBy.length === 0 ? 'not included anywhere' : `included by ${includedBy.join('; ')}`,
      ...(router.dependencies.length === 0 ? [] : [`dependencies: ${router.dependencies.join(', ')}`]),
    ].join('\n'),
    icon: 'symbol-namespace',
    expanded: facts.routes.length <= EXPAND_ROUTERS_UP_TO,
    ...(declared === undefined ? {} : { location: locationOf(router.file, declared.range) }),
    children: [...router.routes].sort(compareRoutes).map((route) => routeNode(route, accessOf(route), id)),
  };
}

function appNode(app: ProjectApp, routers: readonly ProjectRouter[], facts: ProjectFacts, accessOf: (route: ProjectRoute) => RouteAccess, parentId: string): ExplorerNode {
  const id = `${parentId}/app:${keyOf(app.file, app.variable)}`;
  const declared = facts.files.get(app.file)?.apps.find((candidate) => candidate.variable === app.variable);
  const ownRoutes = facts.routes.filter((route) => route.file === app.file && route.router === app.variable).sort(compareRoutes);
  const routeCount = ownRoutes.length + routers.reduce((sum, router) => sum + router.routes.length, 0);
  return {
    id,
    kind: 'app',
    label: app.variable,
    description: `FastAPI app · ${app.file} · ${routeCount} route${routeCount === 1 ? '' : 's'}`,
    tooltip: `${app.variable} = FastAPI() in ${app.file}`,
    icon: 'server-process',
    ...(declared === undefined ? {} : { location: locationOf(app.file, declared.range) }),
    expanded: true,
    children: [
      ...ownRoutes.map((route) => routeNode(route, accessOf(route), id)),
      ...[...routers].sort((a, b) => a.fullPrefix.localeCompare(b.fullPrefix) || a.file.localeCompare(b.file)).map((router) => routerNode(router, facts, accessOf, id)),
    ],
  };
}

/** One node per app, then a group of the routers no app includes (absent when there are none). */
export function routeSections(facts: ProjectFacts, accessOf: (route: ProjectRoute) => RouteAccess, parentId: string): ExplorerNode[] {
  const byApp = routersByApp(facts);
  const apps = [...facts.apps].sort((a, b) => a.file.localeCompare(b.file) || a.variable.localeCompare(b.variable));
  const nodes = apps.map((app) => appNode(app, byApp.get(keyOf(app.file, app.variable)) ?? [], facts, accessOf, parentId));
  const loose = byApp.get('') ?? [];
  if (loose.length > 0) {
    const id = `${parentId}/unincluded`;
    nodes.push({
      id,
      kind: 'group',
      label: facts.apps.length === 0 ? 'Routers' : 'Routers not included in an app',
      description: `${loose.length}`,
      tooltip: 'No include_router chain leads from a FastAPI app to these routers; paths show their own prefix only.',
      icon: 'debug-disconnect',
      expanded: facts.apps.length === 0,
      children: [...loose].sort((a, b) => a.fullPrefix.localeCompare(b.fullPrefix) || a.file.localeCompare(b.file)).map((router) => routerNode(router, facts, accessOf, id)),
    });
  }
  const covered = new Set([...facts.routers.flatMap((router) => router.routes), ...facts.routes.filter((route) => facts.apps.some((app) => route.file === app.file && route.router === app.variable))]);
  const orphans = facts.routes.filter((route) => !covered.has(route)).sort(compareRoutes);
  if (orphans.length > 0) {
    const id = `${parentId}/orphans`;
    nodes.push({
      id,
      kind: 'group',
      label: 'Routes on an unknown app or router',
      description: `${orphans.length}`,
      tooltip: 'The object these routes are declared on is not an app or router the index could resolve; paths show the decorator path only.',
      icon: 'question',
      children: orphans.map((route) => routeNode(route, accessOf(route), id)),
    });
  }
  return nodes;
}
