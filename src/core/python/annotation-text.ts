/**
 * Text-level helpers for Python type expressions. Annotations reach us in several syntactic
 * shapes (a subscript in an assignment, a `generic_type` in a `type` statement, a whole quoted
 * forward reference), so they are read from their source text with a bracket- and quote-aware
 * scanner rather than from the tree.
 */

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

/** Index just past the string literal that starts with the quote at `start`. */
function skipQuoted(text: string, start: number): number {
  const quote = text[start] ?? '"';
  const triple = text.startsWith(quote.repeat(3), start);
  const closing = triple ? quote.repeat(3) : quote;
  let index = start + closing.length;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') {
      index += 2;
      continue;
    }
    if (text.startsWith(closing, index)) return index + closing.length;
    if (!triple && char === '\n') return index;
    index += 1;
  }
  return text.length;
}

/**
 * Visits the characters of `text` from `start` that lie outside string literals, with the
 * bracket depth after each; stops at the first visit that returns true.
 */
function scanOutsideStrings(text: string, start: number, visit: (char: string, index: number, depth: number) => boolean): void {
  let depth = 0;
  let index = start;
  while (index < text.length) {
    const char = text[index] ?? '';
    if (char === '"' || char === "'") {
      index = skipQuoted(text, index);
      continue;
    }
    if (OPENERS.has(char)) depth += 1;
    else if (CLOSERS.has(char)) depth = Math.max(0, depth - 1);
    if (visit(char, index, depth)) return;
    index += 1;
  }
}

/** Splits on `separator` where it is outside brackets and strings; parts are trimmed. */
export function splitTopLevel(text: string, separator: ',' | '|'): string[] {
  const parts: string[] = [];
  let partStart = 0;
  scanOutsideStrings(text, 0, (char, index, depth) => {
    if (char === separator && depth === 0) {
      parts.push(text.slice(partStart, index).trim());
      partStart = index + 1;
    }
    return false;
  });
  parts.push(text.slice(partStart).trim());
  return parts;
}

/** Collapses line breaks and the padding inside brackets of a multi-line expression. */
export function collapseWhitespace(text: string): string {
  if (!/[\n\t]/.test(text)) return text;
  return text
    .replace(/\\\n/g, ' ')
    .replace(/\s*#[^\n'"]*(?=\n)/g, '')
    .replace(/\s+/g, ' ')
    .replace(/([[({]) /g, '$1')
    .replace(/,? ([\])}])/g, '$1')
    .trim();
}

/**
 * Removes the quotes of forward references: `list["Hero"]` → `list[Hero]`, `"User | None"` →
 * `User | None`. Strings inside `Literal[...]` are values, not references, and keep their quotes.
 */
export function stripForwardRefQuotes(text: string): string {
  if (!text.includes('"') && !text.includes("'")) return text;
  const parts: string[] = [];
  const literalDepths: boolean[] = [];
  let copiedUpTo = 0;
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? '';
    if (char === '"' || char === "'") {
      const end = skipQuoted(text, index);
      const prefixed = /[A-Za-z]/.test(text[index - 1] ?? '');
      if (!prefixed && !literalDepths.includes(true)) {
        parts.push(text.slice(copiedUpTo, index), stripForwardRefQuotes(unquote(text.slice(index, end))));
        copiedUpTo = end;
      }
      index = end;
      continue;
    }
    if (char === '[') literalDepths.push(/(?:^|[^\w.])(?:[\w.]*\.)?Literal\s*$/.test(text.slice(Math.max(0, index - 40), index)));
    else if (char === ']') literalDepths.pop();
    index += 1;
  }
  parts.push(text.slice(copiedUpTo));
  return parts.join('');
}

function unquote(literal: string): string {
  const quote = literal[0] ?? '"';
  const width = literal.startsWith(quote.repeat(3)) && literal.length >= 6 ? 3 : 1;
  const closed = literal.endsWith(quote.repeat(width)) && literal.length >= 2 * width;
  return literal.slice(width, closed ? literal.length - width : literal.length).trim();
}

/** Annotation text as the facts present it: one line, forward-reference quotes removed. */
export function normaliseAnnotation(text: string): string {
  return stripForwardRefQuotes(collapseWhitespace(text.trim()));
}

/** Index of the bracket closing the one opened at `open`, or -1. */
function closingBracket(text: string, open: number): number {
  let closing = -1;
  scanOutsideStrings(text, open, (char, index, depth) => {
    if (depth === 0 && CLOSERS.has(char)) closing = index;
    return closing >= 0;
  });
  return closing;
}

/**
 * `head(inner)` or `head[inner]` spanning the whole text → `{ head, inner }`, where head is a
 * dotted name. `A[x] | B[y]` is not one: its first bracket closes before the end.
 */
function splitApplication(text: string, bracket: '[' | '('): { head: string; inner: string } | undefined {
  const trimmed = text.trim();
  const match = /^(?:[A-Za-z_]\w*\s*\.\s*)*[A-Za-z_]\w*\s*/.exec(trimmed);
  if (!match || trimmed[match[0].length] !== bracket) return undefined;
  const open = match[0].length;
  if (closingBracket(trimmed, open) !== trimmed.length - 1) return undefined;
  return { head: match[0].replace(/\s+/g, ''), inner: trimmed.slice(open + 1, -1) };
}

/** `Name[inner]` → `inner` when the head's last dotted segment is one of `heads`. */
export function subscriptOf(text: string, heads: readonly string[]): string | undefined {
  // The head's last segment is written out in the text: most texts name none of the heads.
  if (!heads.some((head) => text.includes(head))) return undefined;
  const parts = splitApplication(text, '[');
  return parts && heads.includes(lastSegment(parts.head)) ? parts.inner : undefined;
}

export interface OptionalAnalysis {
  readonly optional: boolean;
  readonly baseType: string;
}

/** Reads whether a (normalised) annotation admits None, and what it is without None. */
export function analyseOptional(annotation: string): OptionalAnalysis {
  const annotated = unwrapAnnotated(annotation);
  const text = annotated ? annotated.type : annotation.trim();
  const members = text.includes('|') ? splitTopLevel(text, '|') : [];
  if (members.length > 1) return withoutNone(members);
  const optionalInner = subscriptOf(text, ['Optional']);
  if (optionalInner !== undefined) {
    const inner = analyseOptional(optionalInner.trim());
    return { optional: true, baseType: inner.baseType };
  }
  const unionInner = subscriptOf(text, ['Union']);
  if (unionInner !== undefined) return withoutNone(splitTopLevel(unionInner, ',').filter((part) => part !== ''));
  return { optional: text === 'None', baseType: text };
}

function withoutNone(members: readonly string[]): OptionalAnalysis {
  const rest = members.filter((member) => member !== 'None');
  return { optional: rest.length < members.length, baseType: rest.join(' | ') };
}

export interface AnnotatedParts {
  readonly type: string;
  readonly metadata: readonly string[];
}

/** `Annotated[T, a, b]` → `{ type: 'T', metadata: ['a', 'b'] }`. */
function unwrapAnnotated(text: string): AnnotatedParts | undefined {
  const inner = subscriptOf(text, ['Annotated']);
  if (inner === undefined) return undefined;
  const [type = '', ...metadata] = splitTopLevel(inner, ',').filter((part) => part !== '');
  return { type, metadata };
}

const DEPENDENCY_MARKERS = ['Depends', 'Security'];

/**
 * The dependency of a `Depends(f)` / `Security(f, scopes=[...])` call written as text:
 * `f`; `''` for a bare `Depends()` (the annotated class is the dependency); undefined otherwise.
 */
export function dependencyOfCall(text: string): string | undefined {
  if (!DEPENDENCY_MARKERS.some((marker) => text.includes(marker))) return undefined;
  const call = splitApplication(text, '(');
  if (!call || !DEPENDENCY_MARKERS.includes(lastSegment(call.head))) return undefined;
  const args = splitTopLevel(call.inner, ',').filter((part) => part !== '');
  const keyword = args.find((arg) => /^dependency\s*=/.test(arg));
  if (keyword) return keyword.replace(/^dependency\s*=\s*/, '');
  const positional = args.find((arg) => !/^[A-Za-z_]\w*\s*=(?!=)/.test(arg));
  return positional ?? '';
}

/** `Annotated[T, ..., Depends(f)]` → `{ type: 'T', dependency: 'f' }`. */
export function annotatedDependency(text: string): { type: string; dependency: string } | undefined {
  const parts = unwrapAnnotated(text);
  if (!parts) return undefined;
  for (const item of parts.metadata) {
    const dependency = dependencyOfCall(item);
    if (dependency !== undefined) return { type: parts.type, dependency: dependency === '' ? parts.type : dependency };
  }
  return undefined;
}

/** `a.b.c` → `c`. */
export function lastSegment(dotted: string): string {
  const index = dotted.lastIndexOf('.');
  return index < 0 ? dotted : dotted.slice(index + 1);
}
