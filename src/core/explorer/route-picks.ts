/**
 * The entries of "Go to Route…": every route by full path, searchable by path and handler name,
 * each leading to its handler.
 */
import type { ProjectFacts } from '../project/facts';
import { type RouteAccess, routeAccessOf } from '../project/route-access';
import type { SourceLocation } from './explorer-node';
import { compareRoutes, locationOf } from './route-rows';

export interface RoutePick {
  /** `GET /api/v1/items/{id}` */
  readonly label: string;
  /** The handler's name, so typing it finds the route. */
  readonly description: string;
  /** `app/api/routes/items.py:40 · user · → ItemPublic` */
  readonly detail: string;
  readonly path: string;
  readonly access: RouteAccess;
  readonly location: SourceLocation;
}

export function routePicks(facts: ProjectFacts): RoutePick[] {
  const accessOf = routeAccessOf(facts);
  const seen = new Set<string>();
  const picks: RoutePick[] = [];
  for (const route of [...facts.routes].sort(compareRoutes)) {
    const key = `${route.method} ${route.path} ${route.file}:${route.range.startLine}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const access = accessOf(route);
    const response = route.responseModel ?? route.returnAnnotation;
    picks.push({
      label: `${route.method.toUpperCase()} ${route.path}`,
      description: route.functionName,
      detail: [`${route.file}:${route.range.startLine + 1}`, access, ...(response === undefined ? [] : [`→ ${response}`])].join(' · '),
      path: route.path,
      access,
      location: locationOf(route.file, route.range),
    });
  }
  return picks;
}
