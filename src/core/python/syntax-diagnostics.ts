/**
 * Syntax errors of a tree as diagnostics: ERROR nodes (text the grammar could not place) and
 * MISSING nodes (tokens the parser had to assume, such as a closing bracket).
 */
import type { Node } from 'web-tree-sitter';
import type { Diagnostic } from './facts';
import { rangeOf } from './syntax-nodes';

const MAX_DIAGNOSTICS = 50;
const SNIPPET_LENGTH = 40;

function snippet(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > SNIPPET_LENGTH ? `${line.slice(0, SNIPPET_LENGTH)}…` : line;
}

function errorMessage(node: Node): string {
  if (node.isMissing) return `Syntax error: missing "${node.type}"`;
  const text = snippet(node.text.trim());
  return text === '' ? 'Syntax error: unexpected end of input' : `Syntax error: cannot read "${text}"`;
}

/**
 * Valid syntax the grammar does not know yet: type parameter defaults (`class Box[T = int]`,
 * Python 3.13) parse as an ERROR holding `T =` inside the type parameter list.
 */
function isGrammarGap(node: Node): boolean {
  return node.isError && node.parent?.type === 'type_parameter' && /^[\p{L}_][\p{L}\p{N}_]*\s*=$/u.test(node.text);
}

export function syntaxDiagnostics(root: Node): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (!root.hasError) return diagnostics;
  const pending: Node[] = [root];
  while (pending.length > 0 && diagnostics.length < MAX_DIAGNOSTICS) {
    const node = pending.pop();
    if (!node) break;
    if (isGrammarGap(node)) continue;
    if (node.isError || node.isMissing) {
      diagnostics.push({ message: errorMessage(node), range: rangeOf(node), severity: 'error' });
      continue;
    }
    const children = node.children.filter((child): child is Node => child !== null && (child.hasError || child.isMissing));
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const child = children[index];
      if (child) pending.push(child);
    }
  }
  return diagnostics;
}
