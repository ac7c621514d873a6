/**
 * What a previous generation (or the user) left in a router module: route functions recognised
 * by their `operation_id` (or, without one, by the function name the operationId gives), each
 * split into its header (decorator and signature) and its body, by line.
 */
import type { PythonFileFacts, RouteFact } from '../../python/facts';
import { splitLines } from '../python/line-edits';

export interface ExistingHandler {
  readonly functionName: string;
  readonly operationId?: string;
  /** Zero-based first line of the decorators and the line after the signature's colon. */
  readonly headerStart: number;
  readonly headerEnd: number;
  /** The header as written, and the body lines (docstring included) as written. */
  readonly header: string;
  readonly body: readonly string[];
}

function literal(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^[rRbBuU]?(["'])(.*)\1$/s.exec(value.trim());
  return match?.[2];
}

/** The line after the one that closes the signature: the first line ending in `:` at bracket depth 0. */
function signatureEnd(lines: readonly string[], defLine: number, last: number): number {
  let depth = 0;
  for (let index = defLine; index <= last; index++) {
    const line = lines[index] ?? '';
    for (const char of line.replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""')) {
      if (char === '(' || char === '[' || char === '{') depth++;
      else if (char === ')' || char === ']' || char === '}') depth--;
    }
    if (depth <= 0 && /:\s*(#.*)?$/.test(line)) return index + 1;
  }
  return last + 1;
}

export function readHandlers(text: string, facts: PythonFileFacts | undefined): ExistingHandler[] {
  if (facts === undefined) return [];
  const lines = splitLines(text).lines;
  return facts.routes.map((route: RouteFact) => {
    const start = route.range.startLine;
    const end = route.range.endLine;
    let defLine = start;
    while (defLine <= end && !/^\s*(async\s+)?def\s/.test(lines[defLine] ?? '')) defLine++;
    const headerEnd = signatureEnd(lines, defLine, end);
    const operationId = literal(route.decoratorArgs.keywords['operation_id']);
    return {
      functionName: route.functionName,
      ...(operationId === undefined ? {} : { operationId }),
      headerStart: start,
      headerEnd,
      header: lines.slice(start, headerEnd).join('\n'),
      body: lines.slice(headerEnd, end + 1),
    };
  });
}
