/**
 * `include_router` calls inside `for` loops: `for r in [a.router, b.router]:
 * app.include_router(r, prefix=...)` registers one router per item. A loop over a literal list
 * or tuple (written in place, or assigned to a module-level name) is expanded item by item; a
 * loop over anything else cannot be read without running the code and is reported as such.
 */
import type { Node } from 'web-tree-sitter';
import type { IncludeRouterFact, UnresolvedRouteSite } from './facts';
import { collapseWhitespace } from './annotation-text';
import { unresolvedRouteSite } from './route-facts';
import { argumentNode } from './argument-table';
import { fieldChild, namedChildrenOf, stringValue, unparenthesized } from './syntax-nodes';

const SCOPE_BOUNDARIES = new Set(['function_definition', 'class_definition', 'lambda', 'module']);
const SEQUENCE_LITERALS = new Set(['list', 'tuple']);

type Bindings = ReadonlyMap<string, Node>;

/** The `for` statements around `node` within its function or module, outermost first. */
function enclosingLoops(node: Node): Node[] {
  const loops: Node[] = [];
  for (let current = node.parent; current && !SCOPE_BOUNDARIES.has(current.type); current = current.parent) {
    if (current.type === 'for_statement') loops.unshift(current);
  }
  return loops;
}

/** `r` → ['r']; `name, router` / `(name, router)` → ['name', 'router']; anything else → undefined. */
function targetNames(target: Node | null): string[] | undefined {
  if (!target) return undefined;
  const inner = unparenthesized(target);
  if (inner.type === 'identifier') return [inner.text];
  if (inner.type !== 'pattern_list' && inner.type !== 'tuple_pattern' && inner.type !== 'list_pattern') return undefined;
  const names = namedChildrenOf(inner).map((part) => (part.type === 'identifier' ? part.text : undefined));
  return names.every((name): name is string => name !== undefined) ? names : undefined;
}

function sequenceItems(node: Node): Node[] | undefined {
  const inner = unparenthesized(node);
  if (!SEQUENCE_LITERALS.has(inner.type)) return undefined;
  return namedChildrenOf(inner).filter((item) => item.type !== 'comment');
}

/** The literal list the loop walks: written in place, or the last module-level `NAME = [...]` before the loop. */
function literalItems(iterable: Node, loop: Node): Node[] | undefined {
  const inPlace = sequenceItems(iterable);
  if (inPlace || iterable.type !== 'identifier') return inPlace;
  let root: Node = loop;
  while (root.parent) root = root.parent;
  let found: Node[] | undefined;
  for (const statement of namedChildrenOf(root)) {
    if (statement.startIndex >= loop.startIndex) break;
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    if (assignment?.type !== 'assignment' || fieldChild(assignment, 'left')?.text !== iterable.text) continue;
    const value = fieldChild(assignment, 'right');
    found = value ? sequenceItems(value) : undefined;
  }
  return found;
}

/** One set of bindings per item, or why the items do not bind to the loop's names. */
function itemBindings(names: readonly string[], items: readonly Node[]): Bindings[] | string {
  const bindings: Bindings[] = [];
  for (const item of items) {
    if (names.length === 1) {
      bindings.push(new Map([[names[0] ?? '', item]]));
      continue;
    }
    const parts = sequenceItems(item);
    if (!parts || parts.length !== names.length) return `item ${collapseWhitespace(item.text)} does not unpack into ${names.join(', ')}`;
    bindings.push(new Map(names.map((name, index) => [name, parts[index] as Node])));
  }
  return bindings;
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`(?<![\\w.])${name}(?!\\w)`).test(text);
}

/** `r.router` with `r` bound to `items` → `items.router`. */
function substituted(text: string, bindings: Bindings): string {
  let result = text;
  for (const [name, value] of bindings) {
    result = result.replace(new RegExp(`(?<![\\w.])${name}(?!\\w)`, 'g'), collapseWhitespace(value.text));
  }
  return result;
}

function boundPrefix(call: Node, fact: IncludeRouterFact, bindings: Bindings): Pick<IncludeRouterFact, 'prefix' | 'prefixExpression'> {
  const prefixNode = argumentNode(fieldChild(call, 'arguments'), 'prefix');
  const bound = prefixNode?.type === 'identifier' ? bindings.get(prefixNode.text) : undefined;
  if (!bound) return { ...(fact.prefix !== undefined ? { prefix: fact.prefix } : {}), ...(fact.prefixExpression !== undefined ? { prefixExpression: fact.prefixExpression } : {}) };
  const literal = stringValue(bound);
  return literal !== undefined ? { prefix: literal } : { prefixExpression: collapseWhitespace(bound.text) };
}

function unresolvedSite(call: Node, reason: string): UnresolvedRouteSite {
  return unresolvedRouteSite(call, reason, 'include');
}

/** The includes `fact` (read from `call`) stands for: itself outside loops, one per item inside them. */
export function includesOverLoops(call: Node, fact: IncludeRouterFact, unresolved: UnresolvedRouteSite[]): IncludeRouterFact[] {
  const loops = enclosingLoops(call);
  if (loops.length === 0) return [fact];
  const callText = call.text;
  let variants: Bindings[] = [new Map()];
  for (const loop of loops) {
    const names = targetNames(fieldChild(loop, 'left'));
    const uses = names ? names.some((name) => mentions(callText, name)) : true;
    if (!uses) continue;
    const iterable = fieldChild(loop, 'right');
    const items = names && iterable ? literalItems(iterable, loop) : undefined;
    if (!names || !iterable || !items) {
      const over = iterable ? collapseWhitespace(iterable.text) : 'an unreadable iterable';
      unresolved.push(unresolvedSite(call, `included in a loop over ${over}, which is not a literal list or tuple`));
      return [];
    }
    const bound = itemBindings(names, items);
    if (typeof bound === 'string') {
      unresolved.push(unresolvedSite(call, `included in a loop whose ${bound}`));
      return [];
    }
    variants = variants.flatMap((outer) => bound.map((inner) => new Map([...outer, ...inner])));
  }
  const { prefix: _prefix, prefixExpression: _prefixExpression, ...rest } = fact;
  return variants.map((bindings) => ({
    ...rest,
    target: substituted(fact.target, bindings),
    router: substituted(fact.router, bindings),
    ...boundPrefix(call, fact, bindings),
  }));
}
