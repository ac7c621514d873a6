/**
 * Class-body statements read from the source text instead of the tree. In a tree without
 * syntax errors, a one-line plain statement (see plain-text: ASCII, no comments, continuations
 * or `;`) such as `name: int | None = Field(default=None, max_length=200)` holds its parts in
 * the same places as its nodes, and every node it would take to read them (a dozen and more
 * per field) is left unbuilt. Anything the text alone cannot settle gives undefined, and the
 * caller reads the statement's nodes.
 */
import type { Node } from 'web-tree-sitter';
import { lastSegment, normaliseAnnotation } from './annotation-text';
import { plainArguments, plainArgumentText } from './argument-table';
import { FIELD_CALLS, fieldFactOf, RELATIONSHIP_CALLS, relationshipFactOf, type ClassMember } from './field-facts';
import { hasStatementSeparator, isPlainText, plainStringLiteral, topLevelEquals, wholeCall } from './plain-text';
import { lineRangeFrom } from './syntax-nodes';

/** What one class-body statement declares. */
export type BodyStatement =
  | { readonly kind: 'method'; readonly name: string }
  | { readonly kind: 'configuration'; readonly name: string; readonly value: string | undefined; readonly literal: string | undefined }
  | { readonly kind: 'member'; readonly member: ClassMember }
  | { readonly kind: 'nothing' };

/** A statement that declares no member, method or setting. */
export const NOTHING: BodyStatement = { kind: 'nothing' };

/** Statements that start with a keyword are left to the tree: `lambda: x` is no annotation. */
const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'case', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'match', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'type', 'while', 'with', 'yield', '_',
]);

const METHOD = /^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(/;
/** `name:` or `name =`; `name := value` is an expression, and `name == value` a comparison. */
const TARGET = /^([A-Za-z_]\w*)[ \t]*(:(?!=)|=(?!=))/;

/** Only calls to these decide what a member is: a value that might be one is left to the tree. */
function mightCallMemberKind(value: string): boolean {
  return value.includes('Field') || value.includes('elationship');
}

/**
 * The statement `statement` of a class body whose text (up to the next statement, trailing
 * whitespace removed) is `text`; `configurationNames`: names that configure the class.
 */
export function bodyStatementFromText(statement: Node, text: string, configurationNames: ReadonlySet<string>): BodyStatement | undefined {
  const first = text[0];
  if (first === '#') return NOTHING;
  if (first === '@') return undefined;
  const method = METHOD.exec(text);
  if (method) return { kind: 'method', name: method[1] ?? '' };
  if (text.includes('\n') || !isPlainText(text) || hasStatementSeparator(text)) return undefined;
  const target = TARGET.exec(text);
  // An assignment to a name always starts `name =` or `name:`: anything else declares nothing here.
  if (!target) return NOTHING;
  const name = target[1] ?? '';
  if (KEYWORDS.has(name)) return undefined;
  const rest = text.slice(target[0].length);
  const annotated = target[2] === ':';
  const equals = annotated ? topLevelEquals(rest) : -1;
  if (equals >= 0 && (rest[equals + 1] === '=' || /[=<>!:]/.test(rest[equals - 1] ?? ''))) return undefined;
  const value = annotated ? (equals < 0 ? undefined : rest.slice(equals + 1).trim()) : rest.trim();
  if (value === '' || (value !== undefined && topLevelEquals(value) >= 0)) return undefined;
  const annotationText = equals < 0 ? rest : rest.slice(0, equals);
  if (annotated && (annotationText.trim() === '' || /\blambda\b/.test(annotationText))) return undefined;
  if (configurationNames.has(name)) {
    const literal = value === undefined ? null : plainStringLiteral(value);
    return literal === undefined ? undefined : { kind: 'configuration', name, value, literal: literal ?? undefined };
  }
  if (!annotated) return NOTHING;
  const member = memberFromText(statement, text.length, name, normaliseAnnotation(annotationText), value);
  return member && { kind: 'member', member };
}

function memberFromText(statement: Node, length: number, name: string, annotation: string, value: string | undefined): ClassMember | undefined {
  if (value?.startsWith('(')) return undefined;
  const call = value === undefined ? undefined : wholeCall(value);
  if (!call && value !== undefined && value.endsWith(')') && mightCallMemberKind(value)) return undefined;
  const kind = call ? lastSegment(call.callee) : undefined;
  const range = lineRangeFrom(statement, length);
  if (call && kind !== undefined && RELATIONSHIP_CALLS.includes(kind)) {
    const args = plainArguments(call.argumentsText);
    if (!args) return undefined;
    const backPopulates = literalOrText(plainArgumentText(args, 'back_populates'));
    const linkModel = literalOrText(plainArgumentText(args, 'link_model'));
    if (backPopulates === null || linkModel === null) return undefined;
    return { kind: 'relationship', fact: relationshipFactOf({ name, annotation, args: args.texts.keywords, backPopulates, linkModel, range }) };
  }
  let defaultText: string | undefined;
  let defaultFactory: string | undefined;
  let fieldArgs: Record<string, string> = {};
  if (call && kind !== undefined && FIELD_CALLS.includes(kind)) {
    const args = plainArguments(call.argumentsText);
    if (!args) return undefined;
    fieldArgs = { ...args.texts.keywords };
    defaultText = plainArgumentText(args, 'default', 0);
    defaultFactory = fieldArgs.default_factory;
  } else {
    // `Annotated[T, Field(...)]` reads its Field call from the annotation's nodes.
    if (annotation.includes('Field')) return undefined;
    defaultText = value;
  }
  if (defaultText === '...') defaultText = undefined;
  const literal = defaultText === undefined ? null : plainStringLiteral(defaultText);
  if (literal === undefined) return undefined;
  return { kind: 'field', fact: fieldFactOf({ name, annotation, value, defaultText, defaultFactory, literal: literal ?? undefined, fieldArgs, range }) };
}

/** A keyword's string value, or its text when it is no string; null when the text cannot tell. */
function literalOrText(text: string | undefined): string | undefined | null {
  if (text === undefined) return undefined;
  const literal = plainStringLiteral(text);
  return literal === undefined ? null : (literal ?? text);
}
