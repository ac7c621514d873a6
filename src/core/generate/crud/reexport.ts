/**
 * Packages that re-export their modules' classes through `__init__.py` and `__all__`
 * (`from .team import Team` + `__all__ = [...]`): new schema classes join both, so the rest of
 * the project keeps importing from the package.
 */
import { scanImports } from '../python/module-scan';
import { splitLines } from '../python/line-edits';
import { pyString } from '../python/text';
import { dirname, joinPath, stem, type ReadText } from './modules';
import type { ChangeWorkspace } from './workspace';

export interface Reexport {
  readonly init: string;
  readonly packageModule: string;
  /** Names `__all__` lists now. */
  readonly exported: ReadonlySet<string>;
}

const ALL_START = /^__all__\s*(?::[^=]+)?=\s*[[(]/;

/** The re-exporting package of `file`, when its `__init__.py` has an `__all__` list. */
export function findReexport(
  file: string,
  module: string,
  readText: ReadText,
): Reexport | undefined {
  if (stem(file) === '__init__') {
    return undefined;
  }
  const init = joinPath(dirname(file), '__init__.py');
  const text = readText(init);
  if (text === undefined) {
    return undefined;
  }
  const all = allSpan(text);
  if (all === undefined) {
    return undefined;
  }
  return { init, packageModule: module.slice(0, module.lastIndexOf('.')), exported: new Set(all.names) };
}

function allSpan(text: string): { start: number; end: number; names: string[] } | undefined {
  const lines = splitLines(text).lines;
  const start = lines.findIndex((line) => ALL_START.test(line));
  if (start < 0) {
    return undefined;
  }
  let end = start;
  while (end < lines.length && !/[\])]\s*$/.test(lines[end] ?? '')) {
    end++;
  }
  const body = lines.slice(start, end + 1).join('\n');
  const names = [...body.matchAll(/["']([A-Za-z_][A-Za-z0-9_]*)["']/g)].map((match) => match[1] ?? '');
  return { start, end, names };
}

/** Adds `names` of `file` to the package's import of that module and to `__all__`. */
export function emitReexport(
  workspace: ChangeWorkspace,
  reexport: Reexport,
  file: string,
  module: string,
  names: readonly string[],
): void {
  const draft = workspace.file(reexport.init, reexport.packageModule);
  const text = draft.before ?? '';
  const relative = scanImports(text).some((fact) => fact.level > 0);
  draft.imports.add({
    kind: 'from',
    module: relative ? stem(file) : module,
    level: relative ? 1 : 0,
    names: names.map((name) => ({ name })),
  });
  const all = allSpan(text);
  if (all === undefined) {
    return;
  }
  const sorted = all.names.every((name, index) => index === 0 || (all.names[index - 1] ?? '') <= name);
  const added = names.filter((name) => !all.names.includes(name));
  const merged = sorted ? [...all.names, ...added].sort() : [...all.names, ...added];
  const flat = `__all__ = [${merged.map(pyString).join(', ')}]`;
  const lines = flat.length <= 88 ? [flat] : ['__all__ = [', ...merged.map((name) => `    ${pyString(name)},`), ']'];
  draft.edits.push({ start: all.start, end: all.end + 1, lines });
  draft.descriptions.push(`re-exports ${names.join(', ')}`);
}
