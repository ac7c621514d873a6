/**
 * Decorators and route decorators read from the source text. In a tree without syntax errors,
 * decorators written one per line in plain text (see plain-text) — `@router.get("/{id}",
 * response_model=HeroPublic)` — hold the same parts as their nodes, which are then left
 * unbuilt. Anything the text alone cannot settle (a decorator over several lines, a comment,
 * `api_route` with its `methods=`) gives undefined, and the caller reads the nodes.
 */
import type { Node } from 'web-tree-sitter';
import type { FunctionFact, RouteFact } from './facts';
import { lastSegment } from './annotation-text';
import { plainArgumentText, plainArguments } from './argument-table';
import { closingBracketOf, isCompleteLine, plainStringLiteral, splitPlainList, wholeCall } from './plain-text';
import { isHttpMethod, routesOf } from './route-facts';

/**
 * The decorator expressions (without `@`) of the `decorated_definition` `decorated` around
 * `definition`, read from `source`.
 */
export function decoratorTextsFromSource(source: string, decorated: Node, definition: Node): string[] | undefined {
  const expressions: string[] = [];
  for (const line of source.slice(decorated.startIndex, definition.startIndex).split('\n')) {
    const text = line.trim();
    if (text === '') continue;
    if (!text.startsWith('@')) return undefined;
    const expression = text.slice(1).trim();
    // The parser carries a decorator over a line break where the line cannot end (`@a if b`):
    // a dotted name, or a call of one, ends there.
    if (!isCompleteLine(expression) || !(DOTTED_NAME.test(expression) || wholeCall(expression))) return undefined;
    expressions.push(expression);
  }
  return expressions;
}

const DOTTED_NAME = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

const DEPENDENCY_CALLS = ['Depends', 'Security'];

/** The dependencies of a plain `dependencies=[Depends(f), ...]` value, as dependencyList reads them from nodes. */
function dependencyListFromText(text: string | undefined): string[] | undefined {
  if (text === undefined) return [];
  if (text.startsWith('(')) return undefined;
  const items = text.startsWith('[') ? (closingBracketOf(text, 0) === text.length - 1 ? splitPlainList(text) : undefined) : [text];
  if (!items) return undefined;
  const dependencies: string[] = [];
  for (const item of items) {
    const call = wholeCall(item);
    if (!call) {
      if (DEPENDENCY_CALLS.some((name) => item.includes(name))) return undefined;
      continue;
    }
    if (!DEPENDENCY_CALLS.includes(lastSegment(call.callee))) continue;
    const args = plainArguments(call.argumentsText);
    if (!args) return undefined;
    const target = plainArgumentText(args, 'dependency', 0);
    if (target !== undefined) dependencies.push(target);
  }
  return dependencies;
}

/** The routes one decorator declares on the function `fact`, read from its text. */
function routesOfDecoratorText(expression: string, fact: FunctionFact): RouteFact[] | undefined {
  const call = wholeCall(expression);
  // Only a call can declare a route; a text ending in `)` may be a call of another shape.
  if (!call) return expression.endsWith(')') ? undefined : [];
  const dot = call.callee.lastIndexOf('.');
  if (dot < 0) return [];
  const attribute = call.callee.slice(dot + 1);
  if (attribute === 'api_route') return undefined;
  if (!isHttpMethod(attribute)) return [];
  const args = plainArguments(call.argumentsText);
  if (!args) return undefined;
  const pathText = plainArgumentText(args, 'path', 0);
  const path = pathText === undefined ? '' : plainStringLiteral(pathText);
  const dependencies = dependencyListFromText(plainArgumentText(args, 'dependencies'));
  if (path === undefined || !dependencies) return undefined;
  const route = {
    owner: call.callee.slice(0, dot),
    path: path ?? pathText ?? '',
    statusCode: plainArgumentText(args, 'status_code'),
    responseModel: plainArgumentText(args, 'response_model'),
    dependencies,
    decoratorArgs: args.texts,
  };
  return routesOf(route, [attribute], fact);
}

/** Every route the decorators `expressions` declare on `fact` (see routeFacts), or undefined when one of them needs its nodes. */
export function routeFactsFromText(expressions: readonly string[], fact: FunctionFact): RouteFact[] | undefined {
  const routes: RouteFact[] = [];
  for (const expression of expressions) {
    const declared = routesOfDecoratorText(expression, fact);
    if (!declared) return undefined;
    routes.push(...declared);
  }
  return routes;
}
