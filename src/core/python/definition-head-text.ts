/**
 * The heads of definitions read from the source text: `async def name(parameters) -> T:` and
 * `class Name(Base, table=True):`. In a tree without syntax errors, a head whose lists and
 * annotation are plain (see plain-text) holds the same parts as the definition's `name`,
 * `parameters`, `return_type` and `superclasses` nodes, which are then left unbuilt. Anything
 * else gives undefined, and the caller reads the nodes.
 */
import type { Node } from 'web-tree-sitter';
import type { CallArguments, SourceRange } from './facts';
import { normaliseAnnotation } from './annotation-text';
import { plainArguments } from './argument-table';
import { closingBracketOf, isPlainText, topLevelColon } from './plain-text';
import { lineRangeFrom } from './syntax-nodes';

export interface FunctionHead {
  readonly name: string;
  readonly isAsync: boolean;
  /** The parameter list with its parentheses, as a `parameters` node's text. */
  readonly parametersText: string;
  readonly returnAnnotation: string | undefined;
}

const DEF = /(async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(/y;

/** The head of the definition that starts at offset `start` of `source`. */
export function functionHeadFromText(source: string, start: number): FunctionHead | undefined {
  DEF.lastIndex = start;
  const match = DEF.exec(source);
  if (!match) return undefined;
  const open = DEF.lastIndex - 1;
  const close = closingBracketOf(source, open);
  if (close < 0) return undefined;
  const parametersText = source.slice(open, close + 1);
  if (!isPlainText(parametersText)) return undefined;
  const lineEnd = source.indexOf('\n', close);
  const rest = source.slice(close + 1, lineEnd < 0 ? source.length : lineEnd);
  const arrow = /^[ \t]*(->)?/.exec(rest);
  const afterArrow = rest.slice(arrow?.[0].length ?? 0);
  let returnAnnotation: string | undefined;
  if (arrow?.[1] === undefined) {
    if (!afterArrow.startsWith(':') || afterArrow[1] === '=') return undefined;
  } else {
    // The rest of the line may hold a one-line body: only its head part need be plain.
    const colon = topLevelColon(afterArrow);
    // `:=` in the annotation is a walrus the parser takes in, not the end of the head.
    const annotation = colon < 0 || afterArrow[colon + 1] === '=' ? '' : afterArrow.slice(0, colon).trim();
    if (annotation === '' || !isPlainText(afterArrow.slice(0, colon)) || /\blambda\b/.test(annotation)) return undefined;
    returnAnnotation = normaliseAnnotation(annotation);
  }
  return { name: match[2] ?? '', isAsync: match[1] !== undefined, parametersText, returnAnnotation };
}

export interface ClassHead {
  readonly name: string;
  readonly nameRange: SourceRange;
  readonly superclasses: CallArguments;
}

const CLASS = /class[ \t]+([A-Za-z_]\w*)[ \t]*([(:])/y;

/** The head of the class `definition`, read from `source`, the text of its tree. */
export function classHeadFromText(source: string, definition: Node): ClassHead | undefined {
  const start = definition.startIndex;
  CLASS.lastIndex = start;
  const match = CLASS.exec(source);
  const name = match?.[1];
  if (!match || name === undefined) return undefined;
  let superclasses: CallArguments = { positional: [], keywords: {} };
  if (match[2] === '(') {
    const open = CLASS.lastIndex - 1;
    const close = closingBracketOf(source, open);
    const list = close < 0 ? '' : source.slice(open, close + 1);
    const read = isPlainText(list) && /^[ \t]*:/.test(source.slice(close + 1, close + 64)) ? plainArguments(list) : undefined;
    if (!read) return undefined;
    superclasses = read.texts;
  }
  const nameOffset = source.indexOf(name, start + 'class'.length) - start;
  return { name, nameRange: lineRangeFrom(definition, name.length, nameOffset), superclasses };
}
