/**
 * Module-level statements: assignments, `FastAPI(...)` apps, `APIRouter(...)` routers,
 * `include_router(...)` calls and dependency aliases.
 */
import type { Node } from 'web-tree-sitter';
import type {
  AppFact,
  AssignmentFact,
  ConstructionFact,
  DependencyAliasFact,
  IncludeRouterFact,
  RouterFact,
  UnderConstruction,
  UnresolvedRouteSite,
} from './facts';
import { includesOverLoops } from './loop-includes';
import { annotatedDependency, collapseWhitespace, lastSegment, normaliseAnnotation } from './annotation-text';
import { argumentNode, callArguments } from './argument-table';
import { dependencyList, fieldChild, listItems, rangeOf, stringValue, unparenthesized } from './syntax-nodes';

/** A literal prefix, or the raw expression when it is computed (`settings.API_V1_STR`). */
function prefixOf(node: Node | undefined): { prefix?: string; prefixExpression?: string } {
  if (!node) return {};
  const literal = stringValue(node);
  return literal !== undefined ? { prefix: literal } : { prefixExpression: node.text };
}

/**
 * The parts of an assignment the module-level facts read, looked up once: one assignment is
 * asked for an assignment, an app, a router, a construction and an alias fact.
 */
export interface AssignmentSides {
  readonly left: Node | null;
  readonly value: Node | null;
  readonly type: Node | null;
  /** The value without parentheses; its callee node and text (whitespace removed) when it is a call. */
  readonly call: Node | undefined;
  readonly calleeNode: Node | null;
  readonly callee: string | undefined;
}

export function assignmentSides(assignment: Node): AssignmentSides {
  const value = fieldChild(assignment, 'right');
  const call = value ? unparenthesized(value) : undefined;
  const calleeNode = call?.type === 'call' ? fieldChild(call, 'function') : null;
  return {
    left: fieldChild(assignment, 'left'),
    value,
    type: fieldChild(assignment, 'type'),
    call,
    calleeNode,
    callee: calleeNode?.text.replace(/\s+/g, ''),
  };
}

function callsOneOf(sides: AssignmentSides, names: readonly string[]): boolean {
  return sides.callee !== undefined && names.includes(lastSegment(sides.callee));
}

export function assignmentFact(assignment: Node, sides: AssignmentSides = assignmentSides(assignment)): AssignmentFact | undefined {
  const { left, value, type: typeNode } = sides;
  if (left?.type !== 'identifier' || !value || value.type === 'assignment') return undefined;
  const literal = stringValue(value);
  // Key by key, in the order assignment facts are written in: caches and golden files compare them.
  const fact: UnderConstruction<AssignmentFact> = { name: left.text, value: value.text };
  if (typeNode) fact.annotation = normaliseAnnotation(typeNode.text);
  if (literal !== undefined) fact.stringValue = literal;
  fact.range = rangeOf(assignment);
  return fact as AssignmentFact;
}

export function appFact(assignment: Node, sides: AssignmentSides = assignmentSides(assignment)): AppFact | undefined {
  const { left, call } = sides;
  if (left?.type !== 'identifier' || !call || !callsOneOf(sides, ['FastAPI'])) return undefined;
  return { variable: left.text, args: callArguments(fieldChild(call, 'arguments')), range: rangeOf(assignment) };
}

export function routerFact(assignment: Node, sides: AssignmentSides = assignmentSides(assignment)): RouterFact | undefined {
  const { left, call } = sides;
  if (left?.type !== 'identifier' || !call || !callsOneOf(sides, ['APIRouter'])) return undefined;
  return routerArguments(left.text, call, assignment);
}

function routerArguments(variable: string, call: Node, assignment: Node): RouterFact {
  const argumentList = fieldChild(call, 'arguments');
  return {
    variable,
    ...prefixOf(argumentNode(argumentList, 'prefix')),
    tags: listItems(argumentNode(argumentList, 'tags')),
    dependencies: dependencyList(argumentNode(argumentList, 'dependencies')),
    args: callArguments(argumentList),
    range: rangeOf(assignment),
  };
}

const NAMED_CONSTRUCTORS = ['APIRouter', 'FastAPI'];

/**
 * `name = callee(...)` with a dotted callee other than `APIRouter` / `FastAPI`: read like a
 * router, in case the callee turns out to be an alias, a subclass or a factory of one.
 */
export function constructionFact(assignment: Node, sides: AssignmentSides = assignmentSides(assignment)): ConstructionFact | undefined {
  const { left, call, calleeNode } = sides;
  if (left?.type !== 'identifier' || call?.type !== 'call') return undefined;
  const calleeType = calleeNode?.type;
  if (calleeType !== 'identifier' && calleeType !== 'attribute') return undefined;
  if (callsOneOf(sides, NAMED_CONSTRUCTORS)) return undefined;
  return { ...routerArguments(left.text, call, assignment), callee: sides.callee ?? '' };
}

/**
 * `X = Annotated[T, Depends(f)]`, `X: TypeAlias = ...`, or a `type X = ...` statement;
 * `sides` for an assignment whose parts the caller has read already.
 */
export function aliasFact(statement: Node, sides?: AssignmentSides): DependencyAliasFact | undefined {
  const isTypeStatement = !sides && statement.type === 'type_alias_statement';
  const left = sides ? sides.left : fieldChild(statement, 'left');
  const value = sides ? sides.value : fieldChild(statement, 'right');
  if (!left || !value) return undefined;
  const nameNode = isTypeStatement ? left.descendantsOfType('identifier')[0] : left;
  if (nameNode?.type !== 'identifier') return undefined;
  const typeNode = isTypeStatement ? null : sides ? sides.type : fieldChild(statement, 'type');
  if (typeNode && lastSegment(typeNode.text.trim()) !== 'TypeAlias') return undefined;
  if (value.type !== 'subscript' && value.type !== 'type') return undefined;
  const parts = annotatedDependency(normaliseAnnotation(value.text));
  if (!parts) return undefined;
  return { name: nameNode.text, type: parts.type, dependency: parts.dependency, range: rangeOf(statement) };
}

/** `<target>.include_router(router, prefix=..., tags=[...], dependencies=[...])`. */
function includeFact(call: Node): IncludeRouterFact | undefined {
  const callee = fieldChild(call, 'function');
  if (callee?.type !== 'attribute' || fieldChild(callee, 'attribute')?.text !== 'include_router') return undefined;
  const target = fieldChild(callee, 'object');
  const argumentList = fieldChild(call, 'arguments');
  const router = argumentNode(argumentList, 'router', 0);
  if (!target || !router) return undefined;
  const { conditions, inFunction } = enclosingBlocks(call);
  return {
    target: target.text.replace(/\s+/g, ''),
    router: collapseWhitespace(router.text),
    ...prefixOf(argumentNode(argumentList, 'prefix')),
    tags: listItems(argumentNode(argumentList, 'tags')),
    dependencies: dependencyList(argumentNode(argumentList, 'dependencies')),
    ...(conditions.length > 0 ? { conditions } : {}),
    ...(inFunction === undefined ? {} : { inFunction }),
    range: rangeOf(call),
  };
}

/** `__name__ == "__main__"` and `TYPE_CHECKING` guard how a module is run, not what it serves. */
const UNCONDITIONAL = /^(?:__name__\s*==\s*['"]__main__['"]|(?:\w+\.)?TYPE_CHECKING)$/;

/**
 * The `if` conditions a call sits under (an `else` branch as `not (...)`), and the outermost
 * function it is in. Conditions inside that function count too: the include depends on them.
 */
function enclosingBlocks(node: Node): { conditions: string[]; inFunction?: string } {
  const conditions: string[] = [];
  let inFunction: string | undefined;
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    const type = parent.type;
    if (type === 'function_definition') inFunction = fieldChild(parent, 'name')?.text ?? inFunction;
    else if (type === 'if_statement' || type === 'elif_clause') {
      const condition = fieldChild(parent, 'condition');
      if (!condition || child.id === condition.id) continue;
      const text = collapseWhitespace(condition.text);
      if (UNCONDITIONAL.test(text)) continue;
      const inConsequence = fieldChild(parent, 'consequence')?.id === child.id;
      conditions.unshift(inConsequence ? text : `not (${text})`);
    }
  }
  return { conditions, ...(inFunction === undefined ? {} : { inFunction }) };
}

/**
 * Every `include_router(...)` call under `root` between offsets `from` and `to` of `text`,
 * found through the text rather than a walk of every node. A call in a `for` loop over a
 * literal list counts once per item; one that cannot be expanded goes to `unresolved`.
 */
export function includeFacts(
  root: Node,
  text: string,
  from: number,
  to: number,
  unresolved: UnresolvedRouteSite[] = [],
): IncludeRouterFact[] {
  const facts: IncludeRouterFact[] = [];
  let index = text.indexOf('include_router', from);
  while (index >= 0 && index < to) {
    const identifier = root.descendantForIndex(index, index + 'include_router'.length);
    const call = identifier?.parent?.parent;
    if (identifier?.type === 'identifier' && identifier.parent?.type === 'attribute' && call?.type === 'call') {
      const fact = includeFact(call);
      if (fact) facts.push(...includesOverLoops(call, fact, unresolved));
    }
    index = text.indexOf('include_router', index + 1);
  }
  return facts;
}
