/**
 * Reading statements out of a function's source text: where a statement ends, the arguments
 * of a call, the enclosing `try`'s handler. Enough to edit a project's own code in place
 * without a second parser; anything it cannot read is reported as not found.
 */

/** Bracket depth after each character outside string literals. */
function depthChange(line: string, depth: number): number {
  let quote: string | undefined;
  let current = depth;
  for (let index = 0; index < line.length; index++) {
    const char = line[index] ?? '';
    if (quote !== undefined) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '#') break;
    if (char === '"' || char === "'") quote = char;
    else if ('([{'.includes(char)) current++;
    else if (')]}'.includes(char)) current--;
  }
  return current;
}

/** Index of the last line of the statement that starts at `start` (brackets balanced). */
export function statementEnd(lines: readonly string[], start: number): number {
  let depth = 0;
  for (let index = start; index < lines.length; index++) {
    depth = depthChange(lines[index] ?? '', depth);
    if (depth <= 0) return index;
  }
  return lines.length - 1;
}

/** The top-level arguments of the call whose `(` is at `open` in `text`, as written. */
export function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let index = open; index < text.length; index++) {
    const char = text[index] ?? '';
    if (quote !== undefined) {
      current += char;
      if (char === '\\') current += text[++index] ?? '';
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    if ('([{'.includes(char)) {
      depth++;
      if (depth === 1) continue;
    } else if (')]}'.includes(char)) {
      depth--;
      if (depth === 0) {
        if (current.trim() !== '') args.push(current.trim());
        return args;
      }
    } else if (char === ',' && depth === 1) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  return args;
}

export function indentOf(line: string): string {
  return /^\s*/.exec(line)?.[0] ?? '';
}

/**
 * The exception class the `try` around line `at` catches first (`InvalidTokenError` from
 * `except (InvalidTokenError, ValueError) as exc:`), or undefined outside a `try`.
 */
export function enclosingHandler(lines: readonly string[], at: number, bodyStart: number): string | undefined {
  const own = indentOf(lines[at] ?? '').length;
  let tryIndent: number | undefined;
  for (let index = at - 1; index >= bodyStart; index--) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    const width = indentOf(line).length;
    if (width < own && /^\s*try\s*:/.test(line)) {
      tryIndent = width;
      break;
    }
    if (width < own) return undefined;
  }
  if (tryIndent === undefined) return undefined;
  for (let index = at + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    const width = indentOf(line).length;
    if (width < tryIndent) return undefined;
    if (width === tryIndent) {
      const handler = /^\s*except\s*\(?\s*([\w.]+)/.exec(line);
      if (handler?.[1] !== undefined) return handler[1];
      if (!/^\s*except\b/.test(line)) return undefined;
    }
  }
  return undefined;
}
