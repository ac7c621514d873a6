/**
 * Bracketed lists (parameters, call arguments) read from their text. In a tree without syntax
 * errors, a plain list (printable ASCII, no comments, line continuations, lambdas or prefixed
 * strings) splits at its top-level commas, outside brackets and strings, into the same pieces
 * as the grammar's: one read of the list's text then stands for several nodes per item.
 */

const TAB = 0x09;
const LINE_FEED = 0x0a;
const SPACE = 0x20;
const TILDE = 0x7e;
const HASH = 0x23;
const BACKSLASH = 0x5c;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const COLON = 0x3a;

function isWordCode(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

/** Printable ASCII, spaces, tabs and line breaks: whitespace the grammar and `trim` agree on. */
function isPlainCode(code: number): boolean {
  if (code < SPACE) return code === TAB || code === LINE_FEED;
  // Comments and line continuations are nodes between any two tokens.
  return code <= TILDE && code !== HASH && code !== BACKSLASH;
}

/** True when every character of `text` is plain (see isPlainCode). */
export function isPlainText(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) if (!isPlainCode(text.charCodeAt(index))) return false;
  return true;
}

function isOpener(code: number): boolean {
  return code === 0x28 || code === 0x5b || code === 0x7b;
}

function isCloser(code: number): boolean {
  return code === 0x29 || code === 0x5d || code === 0x7d;
}

/** Index just past the string literal opening at `start` (no escapes: a backslash is not plain), or -1 when it is not plain. */
function endOfString(text: string, start: number, end: number): number {
  const quote = text.charCodeAt(start);
  const triple = text.charCodeAt(start + 1) === quote && text.charCodeAt(start + 2) === quote;
  const width = triple ? 3 : 1;
  for (let index = start + width; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (!isPlainCode(code)) return -1;
    if (code !== quote) continue;
    if (!triple) return index + 1;
    if (text.charCodeAt(index + 1) === quote && text.charCodeAt(index + 2) === quote) return index + 3;
  }
  return -1;
}

/** True at the start of the word `lambda`: its colon and commas are its own, not the list's. */
function isLambdaAt(text: string, index: number): boolean {
  return text.startsWith('lambda', index) && !isWordCode(text.charCodeAt(index - 1)) && !isWordCode(text.charCodeAt(index + 6));
}

/**
 * The items of a bracketed list's text (`(a, b=1)` → `['a', 'b=1']`), trimmed; a trailing
 * comma leaves no item. Undefined when the text is not plain.
 */
export function splitPlainList(text: string): string[] | undefined {
  const end = text.length - 1;
  if (end < 1 || !isOpener(text.charCodeAt(0)) || !isCloser(text.charCodeAt(end))) return undefined;
  const items: string[] = [];
  let depth = 0;
  let itemStart = 1;
  let index = 1;
  while (index < end) {
    const code = text.charCodeAt(index);
    if (!isPlainCode(code)) return undefined;
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      // A prefixed string (an f-string may nest quotes) is not plain.
      if (isWordCode(text.charCodeAt(index - 1))) return undefined;
      index = endOfString(text, index, end);
      if (index < 0) return undefined;
      continue;
    }
    if (code === 0x6c && isLambdaAt(text, index)) return undefined;
    if (isOpener(code)) depth += 1;
    else if (isCloser(code)) depth -= 1;
    else if (code === COMMA && depth === 0) {
      items.push(text.slice(itemStart, index).trim());
      itemStart = index + 1;
    }
    if (depth < 0) return undefined;
    index += 1;
  }
  const last = text.slice(itemStart, end).trim();
  if (last !== '' || items.length === 0) items.push(last);
  if (items.length === 1 && items[0] === '') return [];
  return items.includes('') ? undefined : items;
}

/** Index of the first `target` character of a plain text outside brackets and strings, or -1. */
function topLevelIndexOf(text: string, target: number): number {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      index = endOfString(text, index, text.length) - 1;
      if (index < 0) return -1;
    } else if (isOpener(code)) depth += 1;
    else if (isCloser(code)) depth -= 1;
    else if (code === target && depth === 0) return index;
  }
  return -1;
}

/** Index of the first `=` of a plain text outside brackets and strings, or -1. */
export function topLevelEquals(text: string): number {
  return topLevelIndexOf(text, EQUALS);
}

/**
 * What a plain expression's text says about it being one string literal: its value when it is
 * exactly one unprefixed plain literal, `null` when it certainly is no string literal, and
 * undefined when the text alone cannot tell (prefixed or concatenated strings, parentheses).
 */
export function plainStringLiteral(text: string): string | null | undefined {
  const first = text.charCodeAt(0);
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
    const end = endOfString(text, 0, text.length);
    if (end !== text.length) return undefined;
    const width = text.length >= 6 && text.charCodeAt(1) === first && text.charCodeAt(2) === first ? 3 : 1;
    return text.slice(width, text.length - width);
  }
  // `(...)` may wrap a string; a word right before a quote is a string prefix (`f"`, `rb'`).
  if (first === 0x28 || /^[A-Za-z]{1,2}["']/.test(text)) return undefined;
  return null;
}

/** Index of the bracket closing the one opening at `open` in a plain text, or -1. */
export function closingBracketOf(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      index = endOfString(text, index, text.length) - 1;
      if (index < 0) return -1;
    } else if (isOpener(code)) depth += 1;
    else if (isCloser(code)) {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** True when a plain text has a `;` outside strings: more than one statement on the line. */
export function hasStatementSeparator(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      index = endOfString(text, index, text.length) - 1;
      if (index < 0) return true;
    } else if (code === 0x3b) return true;
  }
  return false;
}

/**
 * True when a one-line text is plain and complete: brackets closed, strings ended, no `;`.
 * Read after a keyword (`return`, `raise`), it is then the whole rest of the statement.
 */
export function isCompleteLine(text: string): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (!isPlainCode(code) || code === LINE_FEED || code === 0x3b) return false;
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      index = endOfString(text, index, text.length) - 1;
      if (index < 0) return false;
    } else if (isOpener(code)) depth += 1;
    else if (isCloser(code) && --depth < 0) return false;
  }
  return depth === 0;
}

/** Index of the first `:` of a plain text outside brackets and strings, or -1. */
export function topLevelColon(text: string): number {
  return topLevelIndexOf(text, COLON);
}

/**
 * The raw value of the string a body's text starts with when that string is the whole first
 * statement (a docstring); null when the text starts with no string; undefined when the text
 * alone cannot tell (a prefixed string, a comment first, anything after the string).
 */
export function leadingPlainString(text: string): string | null | undefined {
  const first = text.charCodeAt(0);
  if (first !== DOUBLE_QUOTE && first !== SINGLE_QUOTE) {
    return first === HASH || first === 0x28 || /^[A-Za-z]{1,2}["']/.test(text) ? undefined : null;
  }
  const end = endOfString(text, 0, text.length);
  if (end < 0) return undefined;
  for (let index = end; index < text.length && text.charCodeAt(index) !== LINE_FEED; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== SPACE && code !== TAB) return undefined;
  }
  const width = end >= 6 && text.charCodeAt(1) === first && text.charCodeAt(2) === first ? 3 : 1;
  return text.slice(width, end - width);
}

const CALLEE = /^[A-Za-z_][\w.]*\(/;

/** `callee(arguments)` spanning the whole of a plain text: the dotted callee and the argument list's text. */
export function wholeCall(text: string): { callee: string; argumentsText: string } | undefined {
  const head = CALLEE.exec(text);
  if (!head) return undefined;
  const open = head[0].length - 1;
  if (closingBracketOf(text, open) !== text.length - 1) return undefined;
  return { callee: text.slice(0, open), argumentsText: text.slice(open) };
}
