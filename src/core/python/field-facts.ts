/**
 * Annotated class-body assignments → FieldFact (plain and `Field(...)` values) or
 * RelationshipFact (`Relationship(...)` values).
 */
import type { Node } from 'web-tree-sitter';
import type { FieldFact, RelationshipFact } from './facts';
import { analyseOptional, lastSegment, normaliseAnnotation, subscriptOf } from './annotation-text';
import { argumentNode, callArguments } from './argument-table';
import { calleeOf, fieldChild, isCallTo, rangeOf, stringValue, unparenthesized } from './syntax-nodes';

const FIELD_CALLS = ['Field'];
const RELATIONSHIP_CALLS = ['Relationship', 'relationship'];
const COLLECTIONS = ['list', 'List', 'Sequence', 'set', 'Set', 'frozenset', 'FrozenSet', 'tuple', 'Tuple', 'Iterable'];

export type ClassMember = { kind: 'field'; fact: FieldFact } | { kind: 'relationship'; fact: RelationshipFact };

/** `Field(...)` written inside `Annotated[T, Field(...)]`, which pydantic reads like a value. */
function annotatedFieldCall(typeNode: Node): Node | undefined {
  return typeNode.descendantsOfType('call').find((call) => call !== null && isCallTo(call, FIELD_CALLS)) ?? undefined;
}

/** `valueCallee`: the callee of the value when it is a call (the caller has read it already). */
function fieldFact(statement: Node, name: string, annotation: string, typeNode: Node, value: Node | null, valueCallee: string | undefined): FieldFact {
  const { optional, baseType } = analyseOptional(annotation);
  const isClassVar = /^(?:[\w.]*\.)?ClassVar$/.test(annotation) || subscriptOf(annotation, ['ClassVar']) !== undefined;
  const valueNode = value ? unparenthesized(value) : undefined;
  // A `Field(` call in the annotation leaves its name in the text: most annotations have none,
  // and are not walked.
  const fieldCall = valueCallee !== undefined && FIELD_CALLS.includes(lastSegment(valueCallee)) ? valueNode : annotation.includes('Field') ? annotatedFieldCall(typeNode) : undefined;
  let defaultNode: Node | undefined;
  let defaultFactory: string | undefined;
  let fieldArgs: Record<string, string> = {};
  if (fieldCall) {
    const args = fieldChild(fieldCall, 'arguments');
    fieldArgs = { ...callArguments(args).keywords };
    defaultNode = argumentNode(args, 'default', 0);
    defaultFactory = fieldArgs.default_factory;
  }
  if (value && fieldCall !== valueNode) defaultNode = value;
  const defaultText = defaultNode?.type === 'ellipsis' ? undefined : defaultNode?.text;
  const literal = defaultText !== undefined ? stringValue(defaultNode) : undefined;
  return {
    name,
    annotation,
    optional,
    baseType,
    ...(value ? { value: value.text } : {}),
    ...(defaultText !== undefined ? { default: defaultText } : {}),
    ...(defaultFactory !== undefined ? { defaultFactory } : {}),
    ...(literal !== undefined ? { stringValue: literal } : {}),
    hasDefault: defaultText !== undefined || defaultFactory !== undefined,
    fieldArgs,
    isClassVar,
    range: rangeOf(statement),
  };
}

/** `list["Hero"]` → `{ target: 'Hero', many: true }`; `Optional["Team"]` → `{ target: 'Team' }`. */
export function relationshipTarget(annotation: string): { target: string; many: boolean } {
  let text = subscriptOf(annotation, ['Mapped']) ?? annotation;
  text = analyseOptional(text).baseType;
  const element = subscriptOf(text, COLLECTIONS);
  if (element === undefined) return { target: text, many: false };
  const first = element.split(',')[0]?.trim() ?? element;
  return { target: analyseOptional(first).baseType, many: true };
}

function cascadeDeleteOf(keywords: Readonly<Record<string, string>>): boolean | undefined {
  const flag = keywords.cascade_delete;
  if (flag === 'True') return true;
  if (flag === 'False') return false;
  const options = keywords.sa_relationship_kwargs ?? keywords.cascade;
  if (options !== undefined && /["'][^"']*\bdelete\b/.test(options)) return true;
  return undefined;
}

function relationshipFact(statement: Node, name: string, annotation: string, call: Node): RelationshipFact {
  const argumentList = fieldChild(call, 'arguments');
  const args = callArguments(argumentList).keywords;
  const { target, many } = relationshipTarget(annotation);
  const backPopulatesNode = argumentNode(argumentList, 'back_populates');
  const linkModelNode = argumentNode(argumentList, 'link_model');
  const backPopulates = backPopulatesNode ? (stringValue(backPopulatesNode) ?? backPopulatesNode.text) : undefined;
  const linkModel = linkModelNode ? (stringValue(linkModelNode) ?? linkModelNode.text) : undefined;
  const cascadeDelete = cascadeDeleteOf(args);
  return {
    name,
    annotation,
    target,
    many,
    ...(backPopulates !== undefined ? { backPopulates } : {}),
    ...(linkModel !== undefined ? { linkModel } : {}),
    ...(cascadeDelete !== undefined ? { cascadeDelete } : {}),
    args,
    range: rangeOf(statement),
  };
}

/**
 * Reads an annotated assignment of a class body; undefined when it is not `name: T [= v]`.
 * `left` and `value` are the assignment's sides, which the caller has already looked up.
 */
export function classMember(statement: Node, assignment: Node, left: Node | null, value: Node | null): ClassMember | undefined {
  if (left?.type !== 'identifier') return undefined;
  const typeNode = fieldChild(assignment, 'type');
  if (!typeNode) return undefined;
  const annotation = normaliseAnnotation(typeNode.text);
  const name = left.text;
  const valueNode = value ? unparenthesized(value) : undefined;
  const callee = calleeOf(valueNode);
  if (valueNode && callee !== undefined && RELATIONSHIP_CALLS.includes(lastSegment(callee))) {
    return { kind: 'relationship', fact: relationshipFact(statement, name, annotation, valueNode) };
  }
  return { kind: 'field', fact: fieldFact(statement, name, annotation, typeNode, value, callee) };
}
