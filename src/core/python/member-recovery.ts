/**
 * Second stage of reading past syntax errors: a class or function whose body holds a broken
 * statement (a field with an unclosed `Field(`, a route with a typo in its body) keeps its other
 * statements. Each body statement is tried on its own beside the header; the ones that do not
 * parse are blanked out with spaces, so every offset, line and column stays where it was.
 */
import type { Node, Parser } from 'web-tree-sitter';
import { fieldChild } from './syntax-nodes';

/** Body statements tried one by one; a larger body is left as tree-sitter read it. */
const MAX_MEMBERS = 300;

/** Lines that continue the statement above them rather than start a new one. */
const CONTINUATION = /^(?:[)\]}]|else\b|elif\b|except\b|finally\b|case\b)/;

function bodyOf(statement: Node | null): Node | null {
  if (!statement) return null;
  const definition = statement.type === 'decorated_definition' ? fieldChild(statement, 'definition') : statement;
  if (definition?.type !== 'class_definition' && definition?.type !== 'function_definition') return null;
  const body = fieldChild(definition, 'body');
  // A one-line body (`class A: pass`) has nothing to separate.
  return body && body.startPosition.row > definition.startPosition.row ? body : null;
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** Row ranges [first, last] of the body's statements, found by their indentation. */
function memberRows(lines: readonly string[], bodyRow: number): [number, number][] {
  const indent = indentOf(lines[bodyRow] ?? '');
  if (indent === '') return [];
  const members: [number, number][] = [];
  let previous = '';
  for (let row = bodyRow; row < lines.length; row += 1) {
    const line = lines[row] ?? '';
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const starts =
      indentOf(line) === indent && !CONTINUATION.test(trimmed) && !previous.startsWith('@') && !previous.endsWith('\\');
    const current = members[members.length - 1];
    if (starts || !current) members.push([row, row]);
    else current[1] = row;
    previous = trimmed;
  }
  return members;
}

function blankedExcept(lines: readonly string[], keep: (row: number) => boolean): string {
  return lines.map((line, row) => (keep(row) ? line : ' '.repeat(line.length))).join('\n');
}

function parses(parser: Parser, text: string): boolean {
  const tree = parser.parse(text);
  if (!tree) return false;
  const clean = !tree.rootNode.hasError;
  tree.delete();
  return clean;
}

/**
 * The chunk with the body statements that do not parse blanked out, or undefined when the chunk
 * is not a class or function with a multi-line body, or nothing in it can be saved.
 */
export function repairCompoundChunk(parser: Parser, root: Node, text: string): string | undefined {
  const body = bodyOf(root.firstNamedChild);
  if (!body) return undefined;
  const lines = text.split('\n');
  const bodyRow = body.startPosition.row;
  const members = memberRows(lines, bodyRow);
  if (members.length === 0 || members.length > MAX_MEMBERS) return undefined;
  const inHeader = (row: number): boolean => row < bodyRow;
  const good = members.filter(([first, last]) => parses(parser, blankedExcept(lines, (row) => inHeader(row) || (row >= first && row <= last))));
  if (good.length === 0) return undefined;
  return blankedExcept(lines, (row) => inHeader(row) || good.some(([first, last]) => row >= first && row <= last));
}
