/**
 * Route-graph calls made as statements rather than decorators, found through the text like
 * `include_router`: `<owner>.add_api_route(path, endpoint, methods=[...])` (a route) and
 * `<app>.mount(path, subapp)` (a sub-application under a path).
 */
import type { Node } from 'web-tree-sitter';
import type { FunctionFact, MountFact, RouteFact, UnderConstruction, UnresolvedRouteSite } from './facts';
import { collapseWhitespace, lastSegment } from './annotation-text';
import type { ModuleCollector } from './module-walk';
import { declaredMethods, unresolvedRouteSite } from './route-facts';
import { argumentNode, callArguments } from './argument-table';
import { dependencyList, fieldChild, rangeOf, stringValue } from './syntax-nodes';

export interface CallSites {
  readonly routes: RouteFact[];
  readonly mounts: MountFact[];
  readonly unresolved: UnresolvedRouteSite[];
}

/** `<object>.<attribute>(...)` calls under `root` between offsets `from` and `to` of `text`. */
function attributeCalls(root: Node, text: string, from: number, to: number, attribute: string): { call: Node; owner: Node }[] {
  const calls: { call: Node; owner: Node }[] = [];
  for (let index = text.indexOf(attribute, from); index >= 0 && index < to; index = text.indexOf(attribute, index + 1)) {
    const identifier = root.descendantForIndex(index, index + attribute.length);
    const access = identifier?.parent;
    const call = access?.parent;
    if (identifier?.type !== 'identifier' || identifier.text !== attribute || access?.type !== 'attribute' || call?.type !== 'call') continue;
    if (fieldChild(access, 'attribute')?.id !== identifier.id || fieldChild(call, 'function')?.id !== access.id) continue;
    const owner = fieldChild(access, 'object');
    if (owner) calls.push({ call, owner });
  }
  return calls;
}

function addedRoutes(call: Node, owner: Node, functions: ReadonlyMap<string, FunctionFact>, into: CallSites): void {
  const argumentList = fieldChild(call, 'arguments');
  const pathNode = argumentNode(argumentList, 'path', 0);
  const endpointNode = argumentNode(argumentList, 'endpoint', 1);
  if (!endpointNode) {
    into.unresolved.push(unresolvedRouteSite(call, 'add_api_route without an endpoint the index can read'));
    return;
  }
  const methods = declaredMethods(argumentNode(argumentList, 'methods'));
  if (methods === undefined) {
    into.unresolved.push(unresolvedRouteSite(call, 'its methods= is not a literal list of HTTP methods'));
    return;
  }
  const endpoint = collapseWhitespace(endpointNode.text);
  const handler = functions.get(endpoint);
  const statusCode = argumentNode(argumentList, 'status_code')?.text;
  const responseModel = argumentNode(argumentList, 'response_model')?.text;
  const owned = owner.text.replace(/\s+/g, '');
  const path = pathNode ? (stringValue(pathNode) ?? pathNode.text) : '';
  const dependencies = dependencyList(argumentNode(argumentList, 'dependencies'));
  const decoratorArgs = callArguments(argumentList);
  const range = rangeOf(call);
  for (const method of methods) {
    // Key by key, in the order these route facts are written in: caches and golden files compare them.
    const route: UnderConstruction<RouteFact> = { functionName: lastSegment(endpoint), owner: owned, path };
    if (statusCode !== undefined) route.statusCode = statusCode;
    if (responseModel !== undefined) route.responseModel = responseModel;
    route.dependencies = dependencies;
    route.decoratorArgs = decoratorArgs;
    route.parameters = handler?.parameters ?? [];
    if (handler?.returnAnnotation !== undefined) route.returnAnnotation = handler.returnAnnotation;
    route.isAsync = handler?.isAsync ?? false;
    route.returnedValues = handler?.returnedValues ?? [];
    if (handler?.docstring !== undefined) route.docstring = handler.docstring;
    route.endpoint = endpoint;
    route.range = range;
    route.method = method;
    into.routes.push(route as RouteFact);
  }
}

function mountFact(call: Node, owner: Node): MountFact | undefined {
  const argumentList = fieldChild(call, 'arguments');
  const pathNode = argumentNode(argumentList, 'path', 0);
  const appNode = argumentNode(argumentList, 'app', 1);
  if (!appNode) return undefined;
  const literal = pathNode ? stringValue(pathNode) : undefined;
  return {
    target: owner.text.replace(/\s+/g, ''),
    app: collapseWhitespace(appNode.text),
    ...(literal !== undefined ? { path: literal } : pathNode ? { pathExpression: collapseWhitespace(pathNode.text) } : {}),
    range: rangeOf(call),
  };
}

/** The `add_api_route` and `mount` calls of a stretch of a file; `functions`: its module-level functions by name. */
export function callSiteFacts(root: Node, text: string, from: number, to: number, functions: readonly FunctionFact[]): CallSites {
  const sites: CallSites = { routes: [], mounts: [], unresolved: [] };
  if (text.includes('add_api_route')) {
    const byName = new Map(functions.map((fn) => [fn.name, fn]));
    for (const { call, owner } of attributeCalls(root, text, from, to, 'add_api_route')) addedRoutes(call, owner, byName, sites);
  }
  if (text.includes('.mount')) {
    for (const { call, owner } of attributeCalls(root, text, from, to, 'mount')) {
      const mount = mountFact(call, owner);
      if (mount) sites.mounts.push(mount);
    }
  }
  return sites;
}

/** Adds the `add_api_route` routes and `mount`s found between `from` and `to`, routes kept in source order. */
export function collectCallSites(root: Node, text: string, from: number, to: number, into: ModuleCollector): void {
  const sites = callSiteFacts(root, text, from, to, into.functions);
  into.mounts.push(...sites.mounts);
  into.unresolvedRoutes.push(...sites.unresolved);
  if (sites.routes.length === 0) return;
  into.routes.push(...sites.routes);
  into.routes.sort((left, right) => left.range.startIndex - right.range.startIndex);
}
