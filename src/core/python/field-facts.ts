/**
 * Annotated class-body assignments → FieldFact (plain and `Field(...)` values) or
 * RelationshipFact (`Relationship(...)` values).
 */
import type { Node } from 'web-tree-sitter';
import type { FieldFact, RelationshipFact, SourceRange, UnderConstruction } from './facts';
import { analyseOptional, lastSegment, normaliseAnnotation, subscriptOf } from './annotation-text';
import { argumentNode, callArguments } from './argument-table';
import { calleeOf, fieldChild, isCallTo, rangeOf, stringValue, unparenthesized } from './syntax-nodes';

export const FIELD_CALLS = ['Field'];
export const RELATIONSHIP_CALLS = ['Relationship', 'relationship'];
const COLLECTIONS = ['list', 'List', 'Sequence', 'set', 'Set', 'frozenset', 'FrozenSet', 'tuple', 'Tuple', 'Iterable'];

export type ClassMember = { kind: 'field'; fact: FieldFact } | { kind: 'relationship'; fact: RelationshipFact };

/** `Field(...)` written inside `Annotated[T, Field(...)]`, which pydantic reads like a value. */
function annotatedFieldCall(typeNode: Node): Node | undefined {
  return typeNode.descendantsOfType('call').find((call) => call !== null && isCallTo(call, FIELD_CALLS)) ?? undefined;
}

/** What a field is read from, however it was read (nodes or text). */
export interface FieldParts {
  readonly name: string;
  readonly annotation: string;
  readonly value: string | undefined;
  readonly defaultText: string | undefined;
  readonly defaultFactory: string | undefined;
  readonly literal: string | undefined;
  readonly fieldArgs: Record<string, string>;
  readonly range: SourceRange;
}

export function fieldFactOf(parts: FieldParts): FieldFact {
  const { annotation, defaultText, defaultFactory } = parts;
  const { optional, baseType } = analyseOptional(annotation);
  // Key by key, in the order facts are written in: caches and golden files compare them.
  const fact: UnderConstruction<FieldFact> = { name: parts.name, annotation, optional, baseType };
  if (parts.value !== undefined) fact.value = parts.value;
  if (defaultText !== undefined) fact.default = defaultText;
  if (defaultFactory !== undefined) fact.defaultFactory = defaultFactory;
  if (parts.literal !== undefined) fact.stringValue = parts.literal;
  fact.hasDefault = defaultText !== undefined || defaultFactory !== undefined;
  fact.fieldArgs = parts.fieldArgs;
  fact.isClassVar = /^(?:[\w.]*\.)?ClassVar$/.test(annotation) || subscriptOf(annotation, ['ClassVar']) !== undefined;
  fact.range = parts.range;
  return fact as FieldFact;
}

/** `valueCallee`: the callee of the value when it is a call (the caller has read it already). */
function fieldFact(statement: Node, name: string, annotation: string, typeNode: Node, value: Node | null, valueCallee: string | undefined): FieldFact {
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
  return fieldFactOf({ name, annotation, value: value?.text, defaultText, defaultFactory, literal, fieldArgs, range: rangeOf(statement) });
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

/** What a relationship is read from, however it was read (nodes or text). */
export interface RelationshipParts {
  readonly name: string;
  readonly annotation: string;
  readonly args: Record<string, string>;
  readonly backPopulates: string | undefined;
  readonly linkModel: string | undefined;
  readonly range: SourceRange;
}

export function relationshipFactOf(parts: RelationshipParts): RelationshipFact {
  const { target, many } = relationshipTarget(parts.annotation);
  const cascadeDelete = cascadeDeleteOf(parts.args);
  const fact: UnderConstruction<RelationshipFact> = { name: parts.name, annotation: parts.annotation, target, many };
  if (parts.backPopulates !== undefined) fact.backPopulates = parts.backPopulates;
  if (parts.linkModel !== undefined) fact.linkModel = parts.linkModel;
  if (cascadeDelete !== undefined) fact.cascadeDelete = cascadeDelete;
  fact.args = parts.args;
  fact.range = parts.range;
  return fact as RelationshipFact;
}

function relationshipFact(statement: Node, name: string, annotation: string, call: Node): RelationshipFact {
  const argumentList = fieldChild(call, 'arguments');
  const backPopulatesNode = argumentNode(argumentList, 'back_populates');
  const linkModelNode = argumentNode(argumentList, 'link_model');
  return relationshipFactOf({
    name,
    annotation,
    args: callArguments(argumentList).keywords,
    backPopulates: backPopulatesNode ? (stringValue(backPopulatesNode) ?? backPopulatesNode.text) : undefined,
    linkModel: linkModelNode ? (stringValue(linkModelNode) ?? linkModelNode.text) : undefined,
    range: rangeOf(statement),
  });
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
