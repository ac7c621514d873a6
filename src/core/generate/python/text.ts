/**
 * Emitting Python text the way `ruff format` lays it out, so generated files need no reformat:
 * double-quoted strings, 4-space indents, 88-column lines, brackets split like the formatter.
 */

export const LINE_LENGTH = 88;
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
  const inner = `${prefix}${INDENT}`;
  const hugged = `${inner}${items.join(', ')}`;
  if (fits(hugged) && fits(`${prefix}${head}${open}`) && !items.some((item) => item.includes('\n'))) {
    return `${prefix}${head}${open}\n${hugged}\n${prefix}${close}${tail}`;
  }
  const lines = items.map((item) => `${inner}${item.replace(/\n/g, `\n${INDENT}`)},`);
  return `${prefix}${head}${open}\n${lines.join('\n')}\n${prefix}${close}${tail}`;
}

export function fits(line: string): boolean {
  return line.length <= LINE_LENGTH;
}

/** Top-level definitions separated by two blank lines, the file ending in one newline. */
export function joinTopLevel(blocks: readonly string[]): string {
  return `${blocks.map((block) => block.trimEnd()).filter((block) => block !== '').join('\n\n\n')}\n`;
}

/** Statements of one body, each block separated by one blank line. */
export function joinBlocks(blocks: readonly string[]): string {
  return blocks.map((block) => block.trimEnd()).filter((block) => block !== '').join('\n\n');
}

/** A docstring line for a body at `prefix`. */
export function docstring(prefix: string, text: string): string {
  return `${prefix}"""${text.replace(/"""/g, '\\"\\"\\"')}"""`;
}
