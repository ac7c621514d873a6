/**
 * Path operations: functions decorated with `@<owner>.<method>(path, ...)` → RouteFact.
 */
import type { Node } from 'web-tree-sitter';
import type { FunctionFact, HttpMethod, RouteFact } from './facts';
import { argumentNode, callArguments, decoratorsOf, dependencyList, listItems, stringValue } from './syntax-nodes';

const HTTP_METHODS: ReadonlySet<string> = new Set<HttpMethod>(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace']);

function isHttpMethod(name: string): name is HttpMethod {
  return HTTP_METHODS.has(name);
}

/** The methods a decorator declares: `get` for `@router.get`, the `methods=[...]` of `api_route`. */
function decoratorMethods(attribute: string, argumentList: Node | null): HttpMethod[] {
  if (isHttpMethod(attribute)) return [attribute];
  if (attribute !== 'api_route') return [];
  const declared = argumentNode(argumentList, 'methods');
  if (!declared) return ['get'];
  return listItems(declared)
    .map((method) => method.toLowerCase())
    .filter(isHttpMethod);
}

function routesOfDecorator(decorator: Node, fact: FunctionFact): RouteFact[] {
  if (decorator.type !== 'call') return [];
  const callee = decorator.childForFieldName('function');
  if (callee?.type !== 'attribute') return [];
  const owner = callee.childForFieldName('object');
  const attribute = callee.childForFieldName('attribute');
  if (!owner || !attribute) return [];
  const argumentList = decorator.childForFieldName('arguments');
  const methods = decoratorMethods(attribute.text, argumentList);
  if (methods.length === 0) return [];
  const pathNode = argumentNode(argumentList, 'path', 0);
  const statusCode = argumentNode(argumentList, 'status_code')?.text;
  const responseModel = argumentNode(argumentList, 'response_model')?.text;
  const shared = {
    functionName: fact.name,
    owner: owner.text.replace(/\s+/g, ''),
    path: pathNode ? (stringValue(pathNode) ?? pathNode.text) : '',
    ...(statusCode !== undefined ? { statusCode } : {}),
    ...(responseModel !== undefined ? { responseModel } : {}),
    dependencies: dependencyList(argumentNode(argumentList, 'dependencies')),
    decoratorArgs: callArguments(argumentList),
    parameters: fact.parameters,
    ...(fact.returnAnnotation !== undefined ? { returnAnnotation: fact.returnAnnotation } : {}),
    isAsync: fact.isAsync,
    ...(fact.docstring !== undefined ? { docstring: fact.docstring } : {}),
    returnedValues: fact.returnedValues,
    range: fact.range,
  };
  return methods.map((method) => ({ ...shared, method }));
}

/** Every route a decorated function declares (one per decorator and method). */
export function routeFacts(definition: Node, fact: FunctionFact, decorators: readonly Node[] = decoratorsOf(definition)): RouteFact[] {
  return decorators.flatMap((decorator) => routesOfDecorator(decorator, fact));
}
