/**
 * Where a new `include_router` line goes in the file that registers routers, for every engine:
 * after the last include on the same object that runs once, in the scope that creates the
 * object, with that include's indentation. Includes under an `if`, in a loop, or in a helper
 * that registers whatever router it is given (`def register(page): app.include_router(page.router)`)
 * do not run once per new router, and a line put beside them would break the block around them
 * or be repeated: they are passed over. Without a usable include the line goes right after the
 * object is made (inside an app factory, indented like it), or at the end of the module.
 */
import type { PythonFileFacts } from '../../python/facts';
import { splitLines } from './line-edits';

export interface IncludePlacement {
  /** The zero-based line the include is inserted before. */
  readonly line: number;
  /** The indentation of the scope it runs in. */
  readonly indent: string;
}

export function includePlacement(file: PythonFileFacts | undefined, text: string, target: string): IncludePlacement {
  const lines = splitLines(text).lines;
  const made = madeAt(lines, target);
  const scope = [...(file?.apps ?? []), ...(file?.routers ?? [])].find((fact) => fact.variable === target)?.inFunction;
  const indent = made?.indent ?? '';
  const once = (file?.includes ?? []).filter(
    (include) =>
      include.target === target &&
      (include.conditions ?? []).length === 0 &&
      include.inFunction === scope &&
      (lines[include.range.startLine] ?? '').slice(0, include.range.startColumn) === indent,
  );
  const last = once.sort((a, b) => a.range.endLine - b.range.endLine).at(-1);
  if (last) return { line: last.range.endLine + 1, indent };
  return made ?? { line: lines.length, indent: '' };
}

/** The line after `target = APIRouter(...)` / `FastAPI(...)` (its call closed), and its indentation. */
function madeAt(lines: readonly string[], target: string): IncludePlacement | undefined {
  const assignment = new RegExp(`^(\\s*)${target}\\s*(:[^=]+)?=`);
  const start = lines.findIndex((line) => assignment.test(line));
  if (start < 0) return undefined;
  const indent = assignment.exec(lines[start] ?? '')?.[1] ?? '';
  let depth = 0;
  for (let index = start; index < lines.length; index++) {
    for (const char of lines[index] ?? '') depth += char === '(' ? 1 : char === ')' ? -1 : 0;
    if (depth <= 0) return { line: index + 1, indent };
  }
  return { line: lines.length, indent };
}
