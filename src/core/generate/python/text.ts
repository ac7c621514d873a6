/**
 * Emitting Python text the way `ruff format` lays it out, so generated files need no reformat:
 * double-quoted strings, 4-space indents, 88-column lines, brackets split like the formatter.
 */

const LINE_LENGTH = 88;
export const INDENT = '    ';

/** A double-quoted Python string literal. */
export function pyString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

/** Indents every non-empty line by `levels` indents. */
export function indent(text: string, levels = 1): string {
  const prefix = INDENT.repeat(levels);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${prefix}${line}`))
    .join('\n');
}

/**
 * `head(item, item)tail` laid out like the formatter: on one line when it fits; else the items
 * on one indented line between the brackets; else one item per line with a trailing comma.
 * `prefix` is the indentation of the statement.
 */
export function bracketed(
  prefix: string,
  head: string,
  items: readonly string[],
  tail = '',
  brackets: readonly [string, string] = ['(', ')'],
): string {
  const [open, close] = brackets;
  const flat = `${prefix}${head}${open}${items.join(', ')}${close}${tail}`;
  if (items.length === 0 || (fits(flat) && !items.some((item) => item.includes('\n')))) {
    return flat;
  }
  // `target = call(` too long to open on one line: the formatter parenthesizes the right side.
  const assignment = /^([\w.[\]"']+) = (.+)$/.exec(head);
  if (!fits(`${prefix}${head}${open}`) && assignment !== null) {
    const inner = bracketed(`${prefix}${INDENT}`, assignment[2] ?? '', items, tail, brackets);
    return `${prefix}${assignment[1] ?? ''} = (\n${inner}\n${prefix})`;
  }
  const inner = `${prefix}${INDENT}`;
  const hugged = `${inner}${items.join(', ')}`;
  if (fits(hugged) && fits(`${prefix}${head}${open}`) && !items.some((item) => item.includes('\n'))) {
    return `${prefix}${head}${open}\n${hugged}\n${prefix}${close}${tail}`;
  }
  const lines = items.map((item) => splitSubscript(inner, item) ?? `${inner}${item.replace(/\n/g, `\n${INDENT}`)},`);
  return `${prefix}${head}${open}\n${lines.join('\n')}\n${prefix}${close}${tail}`;
}

/**
 * A parameter `name: Annotated[...] = default` too long for its own line, split inside its
 * subscript as the formatter does (`name: Annotated[` / the contents / `] = default,`); undefined
 * when it fits or the contents would not fit on one line either.
 */
function splitSubscript(prefix: string, item: string): string | undefined {
  if (item.includes('\n') || fits(`${prefix}${item},`)) return undefined;
  const head = /^\w+: [\w.]+\[/.exec(item);
  if (head === null) return undefined;
  let depth = 0;
  for (let index = head[0].length - 1; index < item.length; index += 1) {
    const char = item[index];
    if (char === '[' || char === '(' || char === '{') depth += 1;
    else if (char === ']' || char === ')' || char === '}') depth -= 1;
    if (depth === 0) {
      const contents = item.slice(head[0].length, index);
      const rest = item.slice(index + 1);
      if (!/^( = .+)?$/.test(rest) || !fits(`${prefix}${INDENT}${contents}`)) return undefined;
      return `${prefix}${head[0]}\n${prefix}${INDENT}${contents}\n${prefix}]${rest},`;
    }
  }
  return undefined;
}

export function fits(line: string): boolean {
  return line.length <= LINE_LENGTH;
}

/** Top-level definitions separated by two blank lines, the file ending in one newline. */
export function joinTopLevel(blocks: readonly string[]): string {
  return `${blocks.map((block) => block.trimEnd()).filter((block) => block !== '').join('\n\n\n')}\n`;
}

/** A docstring line for a body at `prefix`. */
export function docstring(prefix: string, text: string): string {
  return `${prefix}"""${text.replace(/"""/g, '\\"\\"\\"')}"""`;
}

/** A dict, list or set literal: on one line when it fits, else one entry per line. */
export function collection(prefix: string, head: string, entries: readonly string[], brackets: readonly [string, string] = ['{', '}']): string {
  const [open, close] = brackets;
  const flat = `${prefix}${head}${open}${entries.join(', ')}${close}`;
  if (entries.length === 0 || fits(flat)) {
    return flat;
  }
  return `${prefix}${head}${open}\n${entries.map((entry) => `${prefix}${INDENT}${entry},`).join('\n')}\n${prefix}${close}`;
}

/** `if a or b or c:` at `prefix`; too long, one operand per line inside parentheses, as the formatter does. */
export function ifAny(prefix: string, operands: readonly string[], operator: 'or' | 'and' = 'or'): string {
  const flat = `${prefix}if ${operands.join(` ${operator} `)}:`;
  if (fits(flat)) return flat;
  const inner = `${prefix}${INDENT}`;
  return `${prefix}if (\n${operands.map((operand, index) => `${inner}${index === 0 ? '' : `${operator} `}${operand}`).join('\n')}\n${prefix}):`;
}

/** `assert left == right`, split at the operator inside parentheses when too long. */
export function assertion(prefix: string, left: string, operator: string, right: string): string {
  const flat = `${prefix}assert ${left} ${operator} ${right}`;
  if (fits(flat)) {
    return flat;
  }
  const inner = `${prefix}${INDENT}`;
  if (fits(`${inner}${left} ${operator} ${right}`)) {
    return `${prefix}assert (\n${inner}${left} ${operator} ${right}\n${prefix})`;
  }
  return `${prefix}assert (\n${inner}${left}\n${inner}${operator} ${right}\n${prefix})`;
}

/**
 * `def name(params) -> T:` laid out like the formatter: like a call, except that a single
 * parameter that must move to its own line gets a trailing comma.
 */
export function signature(prefix: string, head: string, parameters: readonly string[], tail: string): string {
  const laidOut = bracketed(prefix, head, parameters, tail);
  if (parameters.length === 1 && laidOut.includes('\n')) {
    return `${prefix}${head}(\n${prefix}${INDENT}${parameters[0] ?? ''},\n${prefix})${tail}`;
  }
  return laidOut;
}
