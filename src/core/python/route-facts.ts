/**
 * Path operations: functions decorated with `@<owner>.<method>(path, ...)` → RouteFact.
 */
import type { Node } from 'web-tree-sitter';
import type { CallArguments, FunctionFact, HttpMethod, RouteFact, UnderConstruction, UnresolvedRouteSite } from './facts';
import { collapseWhitespace } from './annotation-text';
import { argumentNode, callArguments } from './argument-table';
import { isPlainText } from './plain-text';
import { decoratorsOf, dependencyList, fieldChild, inCleanTree, namedChildrenOf, rangeOf, stringValue, unparenthesized } from './syntax-nodes';

const HTTP_METHODS: ReadonlySet<string> = new Set<HttpMethod>(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace']);

export function isHttpMethod(name: string): name is HttpMethod {
  return HTTP_METHODS.has(name);
}

const MAX_EXPRESSION_LENGTH = 120;

/** A site the index reports as unresolved: the node's text (shortened), the reason, the place. */
export function unresolvedRouteSite(node: Node, reason: string, kind: UnresolvedRouteSite['kind'] = 'route'): UnresolvedRouteSite {
  const text = collapseWhitespace(node.text);
  const expression = text.length > MAX_EXPRESSION_LENGTH ? `${text.slice(0, MAX_EXPRESSION_LENGTH - 1)}…` : text;
  return { kind, expression, reason, range: rangeOf(node) };
}

/**
 * The methods of a `methods=` argument (`["GET", "POST"]`); GET when there is none, as
 * FastAPI does; undefined when it is not a literal list of strings.
 */
export function declaredMethods(declared: Node | undefined): HttpMethod[] | undefined {
  if (!declared) return ['get'];
  const inner = unparenthesized(declared);
  if (inner.type !== 'list' && inner.type !== 'tuple' && inner.type !== 'set') return undefined;
  const methods: HttpMethod[] = [];
  for (const item of namedChildrenOf(inner)) {
    if (item.type === 'comment') continue;
    const method = stringValue(item)?.toLowerCase();
    if (method === undefined) return undefined;
    if (isHttpMethod(method) && !methods.includes(method)) methods.push(method);
  }
  return methods;
}

/** The methods a decorator declares: `get` for `@router.get`, the `methods=[...]` of `api_route`. */
function decoratorMethods(attribute: string, argumentList: Node | null): HttpMethod[] | undefined {
  if (isHttpMethod(attribute)) return [attribute];
  if (attribute !== 'api_route') return [];
  return declaredMethods(argumentNode(argumentList, 'methods'));
}

/**
 * `owner.attribute` as texts, the owner without whitespace. In a tree without errors, plain
 * text splits at its last dot as the grammar splits it, without building the two nodes.
 */
function attributeParts(attribute: Node): { owner: string; attribute: string } | undefined {
  if (inCleanTree(attribute)) {
    const text = attribute.text;
    const dot = text.lastIndexOf('.');
    if (dot > 0 && isPlainText(text)) return { owner: text.slice(0, dot).replace(/\s+/g, ''), attribute: text.slice(dot + 1).trim() };
  }
  const owner = fieldChild(attribute, 'object');
  const name = fieldChild(attribute, 'attribute');
  return owner && name ? { owner: owner.text.replace(/\s+/g, ''), attribute: name.text } : undefined;
}

function routesOfDecorator(decorator: Node, fact: FunctionFact, unresolved: UnresolvedRouteSite[]): RouteFact[] {
  if (decorator.type !== 'call') return [];
  const callee = fieldChild(decorator, 'function');
  if (callee?.type !== 'attribute') return [];
  const parts = attributeParts(callee);
  if (!parts) return [];
  const argumentList = fieldChild(decorator, 'arguments');
  const methods = decoratorMethods(parts.attribute, argumentList);
  if (methods === undefined) {
    unresolved.push(unresolvedRouteSite(decorator, `the methods= of ${fact.name}'s api_route is not a literal list of HTTP methods`));
    return [];
  }
  if (methods.length === 0) return [];
  const pathNode = argumentNode(argumentList, 'path', 0);
  const route: DecoratorRoute = {
    owner: parts.owner,
    path: pathNode ? (stringValue(pathNode) ?? pathNode.text) : '',
    statusCode: argumentNode(argumentList, 'status_code')?.text,
    responseModel: argumentNode(argumentList, 'response_model')?.text,
    dependencies: dependencyList(argumentNode(argumentList, 'dependencies')),
    decoratorArgs: callArguments(argumentList),
  };
  return routesOf(route, methods, fact);
}

/** What a route decorator says, however it was read (nodes or text). */
export interface DecoratorRoute {
  readonly owner: string;
  readonly path: string;
  readonly statusCode: string | undefined;
  readonly responseModel: string | undefined;
  readonly dependencies: readonly string[];
  readonly decoratorArgs: CallArguments;
}

/** One route per method of a decorator on the function `fact`. */
export function routesOf(route: DecoratorRoute, methods: readonly HttpMethod[], fact: FunctionFact): RouteFact[] {
  return methods.map((method) => {
    // Key by key, in the order route facts are written in: caches and golden files compare them.
    const built: UnderConstruction<RouteFact> = { functionName: fact.name, owner: route.owner, path: route.path };
    if (route.statusCode !== undefined) built.statusCode = route.statusCode;
    if (route.responseModel !== undefined) built.responseModel = route.responseModel;
    built.dependencies = route.dependencies;
    built.decoratorArgs = route.decoratorArgs;
    built.parameters = fact.parameters;
    if (fact.returnAnnotation !== undefined) built.returnAnnotation = fact.returnAnnotation;
    built.isAsync = fact.isAsync;
    if (fact.docstring !== undefined) built.docstring = fact.docstring;
    built.returnedValues = fact.returnedValues;
    built.range = fact.range;
    built.method = method;
    return built as RouteFact;
  });
}

/** Every route a decorated function declares (one per decorator and method). */
export function routeFacts(
  definition: Node,
  fact: FunctionFact,
  decorators: readonly Node[] = decoratorsOf(definition),
  unresolved: UnresolvedRouteSite[] = [],
): RouteFact[] {
  return decorators.flatMap((decorator) => routesOfDecorator(decorator, fact, unresolved));
}
