/**
 * Locating and rewriting single statements in a module's current text, for the weakness
 * fixes: a call (or bracket) with its arguments, laid out again as the formatter would; a
 * function's lines by its name; import statements of a module. The text may already carry the
 * engine's own edits, so nothing here relies on the index's line numbers.
 */
import { INDENT, bracketed, fits } from '../python/text';
import { callArguments, indentOf, statementEnd } from './python-source';

export interface BracketSpan {
  /** Index of the opening bracket. */
  readonly open: number;
  /** Index of the closing bracket. */
  readonly close: number;
  readonly args: readonly string[];
  /** True when the last argument is followed by a comma: the formatter keeps one per line. */
  readonly trailingComma: boolean;
}

/** Index of the bracket that closes the one at `open`, outside string literals; -1 if none. */
export function closingBracket(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = open; index < text.length; index++) {
    const char = text[index] ?? '';
    if (quote !== undefined) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '#') {
      const end = text.indexOf('\n', index);
      index = end === -1 ? text.length : end;
    } else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

export function bracketSpan(text: string, open: number): BracketSpan | undefined {
  const close = closingBracket(text, open);
  if (close === -1) return undefined;
  const inner = text.slice(open + 1, close);
  return { open, close, args: callArguments(text, open), trailingComma: /,\s*$/.test(inner.replace(/#.*$/gm, '')) };
}

/** Unclosed brackets on a line, outside string literals. */
function bracketDepth(line: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index] ?? '';
    if (quote !== undefined) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
  }
  return depth;
}

/** Offsets of `callee(` where `callee` is not part of a longer name, outside comment lines. */
export function callOffsets(text: string, callee: string, from = 0, to = text.length): number[] {
  const escaped = callee.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?<![\\w.])${escaped}\\s*\\(`, 'g');
  const offsets: number[] = [];
  for (const match of text.slice(from, to).matchAll(pattern)) {
    const at = from + (match.index ?? 0);
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (text.slice(lineStart, at).includes('#')) continue;
    offsets.push(at);
  }
  return offsets;
}

/**
 * Replaces the bracket at `open` with `items`, laid out like the formatter lays out the whole
 * statement it sits in. Undefined when the bracket is not the last one opened on its first line
 * and closed on the statement's last line (nested inside another call: left to the user).
 */
export function rewriteBracket(text: string, open: number, items: readonly string[]): string | undefined {
  const span = bracketSpan(text, open);
  if (span === undefined || items.some((item) => item.includes('\n'))) return undefined;
  const lineStart = text.lastIndexOf('\n', open - 1) + 1;
  const lineEndAfterClose = text.indexOf('\n', span.close);
  const lineEnd = lineEndAfterClose === -1 ? text.length : lineEndAfterClose;
  const prefixLine = text.slice(lineStart, open);
  const tail = text.slice(span.close + 1, lineEnd);
  const indentText = indentOf(prefixLine);
  const head = prefixLine.slice(indentText.length);
  const brackets: [string, string] = [text[open] ?? '(', text[span.close] ?? ')'];
  const flat = `${prefixLine}${brackets[0]}${items.join(', ')}${brackets[1]}${tail}`;
  let laidOut: string;
  if (bracketDepth(prefixLine) > 0 || /[([{]/.test(tail)) {
    // Inside another bracket the formatter's layout depends on the outer one: only a one-liner is safe.
    if (span.trailingComma || !fits(flat)) return undefined;
    laidOut = flat;
  } else if (span.trailingComma) {
    laidOut = `${indentText}${head}${brackets[0]}\n${items.map((item) => `${indentText}${INDENT}${item},`).join('\n')}\n${indentText}${brackets[1]}${tail}`;
  } else {
    laidOut = bracketed(indentText, head, items, tail, brackets);
  }
  return `${text.slice(0, lineStart)}${laidOut}${text.slice(lineEnd)}`;
}

/** Lines [start, end] (zero-based, inclusive) of `def name(...)` or `class name`: its header and body. */
export function definitionLines(text: string, name: string): { readonly start: number; readonly end: number } | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\s*((async\\s+)?def|class)\\s+${name}\\s*[(:]`).test(line));
  if (start === -1) return undefined;
  const own = indentOf(lines[start] ?? '').length;
  let end = statementEnd(lines, start);
  for (let index = end + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    if (indentOf(line).length <= own) break;
    end = index;
  }
  return { start, end };
}

/** Character offsets of a line range in `text`. */
export function lineOffsets(text: string, start: number, end: number): { readonly from: number; readonly to: number } {
  const lines = text.split('\n');
  const from = lines.slice(0, start).reduce((sum, line) => sum + line.length + 1, 0);
  const to = from + lines.slice(start, end + 1).reduce((sum, line) => sum + line.length + 1, 0);
  return { from, to: Math.min(to, text.length) };
}

export interface ImportStatementText {
  readonly start: number;
  readonly end: number;
  readonly module: string;
  /** Imported names as written, `name` or `name as alias`. */
  readonly names: readonly string[];
}

/** Top-level `from <module...> import ...` statements whose module is `root` or under it. */
export function fromImports(text: string, root: string): ImportStatementText[] {
  const lines = text.split('\n');
  const found: ImportStatementText[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = /^from\s+([\w.]+)\s+import\s+(.*)$/.exec(lines[index] ?? '');
    const module = match?.[1];
    if (module === undefined || (module !== root && !module.startsWith(`${root}.`))) continue;
    const end = statementEnd(lines, index);
    const names = lines
      .slice(index, end + 1)
      .join(' ')
      .replace(/^from\s+[\w.]+\s+import\s+/, '')
      .replace(/[()\\]/g, ' ')
      .split(',')
      .map((name) => name.trim().replace(/\s+/g, ' '))
      .filter((name) => name !== '');
    found.push({ start: index, end, module, names });
  }
  return found;
}

/** `text` without the lines [start, end] of each statement. */
export function withoutLines(text: string, ranges: readonly { readonly start: number; readonly end: number }[]): string {
  const drop = new Set(ranges.flatMap((range) => Array.from({ length: range.end - range.start + 1 }, (_, offset) => range.start + offset)));
  return text
    .split('\n')
    .filter((_, index) => !drop.has(index))
    .join('\n');
}

/** Every `<name>.<attribute>` used in the text. */
export function attributesOf(text: string, name: string): Set<string> {
  return new Set([...text.matchAll(new RegExp(`(?<![\\w.])${name}\\.(\\w+)`, 'g'))].map((match) => match[1] ?? ''));
}
