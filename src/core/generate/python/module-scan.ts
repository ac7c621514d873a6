/**
 * A quick line scan of a module's top-level imports and names, for files the project index did
 * not parse (its text prefilter skips modules that never mention FastAPI or SQLModel). Lines in
 * triple-quoted strings are not scanned: a template's `from x import y` at column 0 is text.
 */
import type { ImportFact, SourceRange } from '../../python/facts';
import { withoutLongStrings } from '../../python/long-strings';

function lineRange(startLine: number, endLine: number): SourceRange {
  return { startLine, startColumn: 0, endLine, endColumn: 0, startIndex: 0, endIndex: 0 };
}

function parseNames(text: string): { name: string; alias?: string }[] {
  return text
    .replace(/[()\\]/g, ' ')
    .replace(/#[^\n]*/g, ' ')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [name = '', alias] = part.split(/\s+as\s+/);
      return alias === undefined ? { name: name.trim() } : { name: name.trim(), alias: alias.trim() };
    });
}

/** Top-level `import` / `from ... import` statements with their line spans. */
export function scanImports(text: string): ImportFact[] {
  const lines = withoutLongStrings(text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n')).split('\n');
  const facts: ImportFact[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const from = /^from\s+(\.*)([\w.]*)\s+import\s+(.*)$/.exec(line);
    if (from !== null) {
      let body = from[3] ?? '';
      let end = index;
      if (body.trimStart().startsWith('(')) {
        while (!body.includes(')') && end + 1 < lines.length) {
          end++;
          body += `\n${lines[end] ?? ''}`;
        }
      } else {
        while (body.trimEnd().endsWith('\\') && end + 1 < lines.length) {
          end++;
          body += `\n${lines[end] ?? ''}`;
        }
      }
      facts.push({
        kind: 'from',
        module: from[2] ?? '',
        level: (from[1] ?? '').length,
        names: parseNames(body),
        typeCheckingOnly: false,
        range: lineRange(index, end),
      });
      index = end;
      continue;
    }
    const plain = /^import\s+([\w.]+)(?:\s+as\s+(\w+))?\s*(?:#.*)?$/.exec(line);
    if (plain !== null) {
      facts.push({
        kind: 'import',
        module: plain[1] ?? '',
        level: 0,
        names: [],
        ...(plain[2] === undefined ? {} : { alias: plain[2] }),
        typeCheckingOnly: false,
        range: lineRange(index, index),
      });
    }
  }
  return facts;
}

/** Names a module defines at top level: classes, functions, assigned variables. */
export function scanDefinedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of withoutLongStrings(text).matchAll(/^(?:async\s+def|def|class)\s+(\w+)|^(\w+)\s*(?::[^=\n]+)?=(?!=)/gm)) {
    const name = match[1] ?? match[2];
    if (name !== undefined) {
      names.add(name);
    }
  }
  return names;
}
