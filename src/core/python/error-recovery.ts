/**
 * Reading past syntax errors. Tree-sitter's own recovery can fold everything after an unclosed
 * bracket into one ERROR node, losing the classes and routes that follow. So the top-level
 * statements that parsed cleanly are read from the full tree, and each damaged stretch of lines
 * is cut into top-level chunks (at lines that start in column 0) that are parsed on their own:
 * a broken statement then costs only its own chunk (and, inside a class or function, only its
 * own body statement: see member-recovery).
 */
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { IncludeRouterFact, SourceRange } from './facts';
import { collectCallSites } from './call-sites';
import { repairCompoundChunk } from './member-recovery';
import { includeFacts } from './module-facts';
import { emptyCollector, walkStatements, type ModuleCollector } from './module-walk';
import { namedChildrenOf, rememberSource } from './syntax-nodes';

interface LineSpan {
  first: number;
  last: number;
}

/** Lines that cannot start a new top-level statement even though they start in column 0. */
const CONTINUATION = /^(?:[\s#)\]}]|else\b|elif\b|except\b|finally\b|case\b)/;

function damagedSpans(root: Node, lineCount: number): LineSpan[] {
  if (root.type !== 'module') return [{ first: 0, last: lineCount - 1 }];
  const spans: LineSpan[] = [];
  for (const statement of namedChildrenOf(root)) {
    if (!statement.hasError && !statement.isError && !statement.isMissing) continue;
    const span = { first: statement.startPosition.row, last: statement.endPosition.row };
    const previous = spans[spans.length - 1];
    if (previous && span.first <= previous.last + 1) previous.last = Math.max(previous.last, span.last);
    else spans.push(span);
  }
  return spans;
}

function chunkStarts(lines: readonly string[], span: LineSpan): number[] {
  const starts = [span.first];
  let previous = lines[span.first] ?? '';
  for (let line = span.first + 1; line <= span.last; line += 1) {
    const text = lines[line] ?? '';
    if (text.trim() === '' || text.startsWith('#')) continue;
    const afterDecorator = previous.startsWith('@');
    const continued = previous.endsWith('\\');
    if (!CONTINUATION.test(text) && !afterDecorator && !continued) starts.push(line);
    previous = text;
  }
  return starts;
}

/** A copy of `value` with every SourceRange moved by a chunk's first line and offset. */
function shifted<T>(value: T, lines: number, offset: number): T {
  if (Array.isArray(value)) return value.map((item: unknown) => shifted(item, lines, offset)) as T;
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) copy[key] = shifted(item, lines, offset);
  if (typeof record.startLine === 'number' && typeof record.startIndex === 'number') {
    copy.startLine = record.startLine + lines;
    copy.endLine = (record.endLine as number) + lines;
    copy.startIndex = record.startIndex + offset;
    copy.endIndex = (record.endIndex as number) + offset;
  }
  return copy as T;
}

function mergeShifted(from: ModuleCollector, into: ModuleCollector, lines: number, offset: number): void {
  for (const key of Object.keys(from) as (keyof ModuleCollector)[]) {
    (into[key] as unknown[]).push(...shifted(from[key] as unknown[], lines, offset));
  }
}

function byPosition(items: { readonly range: SourceRange }[]): void {
  items.sort((left, right) => left.range.startIndex - right.range.startIndex);
}

function sortCollector(collector: ModuleCollector): void {
  for (const key of Object.keys(collector) as (keyof ModuleCollector)[]) {
    byPosition(collector[key]);
  }
}

/** Parses one chunk; a class or function with a broken body statement loses only that statement. */
function parseChunk(parser: Parser, text: string): Tree | null {
  const tree = parser.parse(text);
  if (!tree?.rootNode.hasError) return tree && remembered(tree, text);
  const repaired = repairCompoundChunk(parser, tree.rootNode, text);
  if (repaired === undefined) return tree;
  tree.delete();
  const repairedTree = parser.parse(repaired);
  return repairedTree && remembered(repairedTree, repaired);
}

function remembered(tree: Tree, text: string): Tree {
  rememberSource(tree, text);
  return tree;
}

/**
 * Collects facts from a tree with syntax errors: clean top-level statements from `root`,
 * damaged stretches re-parsed chunk by chunk. Returns the include_router calls found.
 */
export function collectDespiteErrors(parser: Parser, root: Node, source: string, into: ModuleCollector): IncludeRouterFact[] {
  const lines = source.split('\n');
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  const spans = damagedSpans(root, lines.length);
  const inSpan = (node: Node): boolean =>
    spans.some((span) => node.startPosition.row <= span.last && node.endPosition.row >= span.first);
  const clean = root.type === 'module' ? namedChildrenOf(root).filter((node) => !inSpan(node)) : [];
  walkStatements(clean, false, into);
  const includes = clean.flatMap((node) => includeFacts(node, source, node.startIndex, node.endIndex, into.unresolvedRoutes));
  for (const node of clean) collectCallSites(node, source, node.startIndex, node.endIndex, into);

  for (const span of spans) {
    const starts = chunkStarts(lines, span);
    starts.forEach((first, index) => {
      const next = starts[index + 1] ?? span.last + 1;
      const chunkStart = lineStarts[first] ?? 0;
      const chunkEnd = lineStarts[next] ?? source.length;
      const text = source.slice(chunkStart, chunkEnd);
      const tree = parseChunk(parser, text);
      if (!tree) return;
      try {
        const collected = emptyCollector();
        walkStatements(namedChildrenOf(tree.rootNode), false, collected);
        const chunkIncludes = includeFacts(tree.rootNode, text, 0, text.length, collected.unresolvedRoutes);
        collectCallSites(tree.rootNode, text, 0, text.length, collected);
        mergeShifted(collected, into, first, chunkStart);
        includes.push(...shifted(chunkIncludes, first, chunkStart));
      } finally {
        tree.delete();
      }
    });
  }
  sortCollector(into);
  byPosition(includes);
  return includes;
}
