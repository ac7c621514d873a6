/**
 * One annotation style per generated class, the one the project's Python target allows: `X | None`
 * from Python 3.10 (ruff's UP007/UP045 flag `Optional[X]` there), `Optional[X]` below it (where
 * pydantic cannot evaluate `X | None` at runtime). Annotations copied from the project are
 * rewritten into that style so a class never mixes the two.
 */
export type AnnotationStyle = 'pep604' | 'typing';

type ReadText = (path: string) => string | undefined;

/** `py39` → [3, 9]; `>=3.9` → [3, 9]. */
function minorVersion(text: string): number | undefined {
  const match = /(?:py3|3\.)(\d+)/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The style the nearest `pyproject.toml` allows: ruff's `target-version`, else `requires-python`. */
export function annotationStyleOf(readText: ReadText, dirs: readonly string[]): AnnotationStyle {
  for (const dir of [...dirs].reverse()) {
    const text = readText(dir === '' ? 'pyproject.toml' : `${dir}/pyproject.toml`);
    if (text === undefined) continue;
    const target = /^\s*target-version\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
    const requires = /^\s*requires-python\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
    const minor = minorVersion(target ?? requires ?? '');
    if (minor !== undefined) return minor >= 10 ? 'pep604' : 'typing';
  }
  return 'pep604';
}

/** Top-level pieces of `text` split at `separator` (outside brackets). */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '[' || char === '(') depth++;
    else if (char === ']' || char === ')') depth--;
    else if (depth === 0 && text.startsWith(separator, index)) {
      parts.push(text.slice(start, index).trim());
      start = index + separator.length;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** `Optional[int]` → `int | None`, `Union[A, B]` → `A | B`, nested ones included. */
export function toPep604(annotation: string): string {
  const text = annotation.trim();
  const union = splitTopLevel(text, '|');
  if (union.length > 1) return union.map(toPep604).join(' | ');
  const open = text.indexOf('[');
  if (open < 0 || !text.endsWith(']')) return text;
  const head = text.slice(0, open);
  const args = splitTopLevel(text.slice(open + 1, -1), ',').map(toPep604);
  if (/^(?:typing\.)?Optional$/.test(head)) return `${args.join(' | ')} | None`;
  if (/^(?:typing\.)?Union$/.test(head)) return args.join(' | ');
  return `${head}[${args.join(', ')}]`;
}

/** `int | None` → `Optional[int]`; `A | B` → `Union[A, B]`. The typing names it needs are reported. */
export function toTyping(annotation: string, needs: Set<'Optional' | 'Union'>): string {
  const parts = splitTopLevel(annotation.trim(), '|');
  if (parts.length === 1) return annotation.trim();
  const rest = parts.filter((part) => part !== 'None').map((part) => toTyping(part, needs));
  const inner = rest.length === 1 ? (rest[0] ?? '') : (needs.add('Union'), `Union[${rest.join(', ')}]`);
  if (rest.length === parts.length) return inner;
  needs.add('Optional');
  return `Optional[${inner}]`;
}
