/**
 * Registers a new router: its import and an `include_router` line after the last one on the
 * same object, leaving the rest of the file byte-identical.
 */
import { pyString } from '../python/text';
import { splitLines } from '../python/line-edits';
import type { ProjectFacts } from '../../project/facts';
import type { CrudPlan } from './plan-types';
import { CrudRefusal } from './refusals';
import type { ChangeWorkspace } from './workspace';
import { moduleForPath } from './modules';

export function emitRegistration(plan: CrudPlan, facts: ProjectFacts, workspace: ChangeWorkspace): void {
  const registration = plan.registration;
  if (registration === undefined || plan.router.mode !== 'new') {
    return;
  }
  const draft = workspace.file(registration.file, moduleForPath(facts, registration.file));
  if (draft.before === null) {
    throw new CrudRefusal(`The file that registers routers (${registration.file}) could not be read.`);
  }
  draft.imports.add({
    kind: 'from',
    module: registration.importModule,
    level: 0,
    names: [{ name: registration.importName, ...(registration.importAlias ? { alias: registration.importAlias } : {}) }],
  });
  const args = [registration.routerExpression];
  if (plan.router.includePrefix !== '') {
    args.push(`prefix=${pyString(plan.router.includePrefix)}`);
  }
  const statement = `${registration.target}.include_router(${args.join(', ')})`;
  const includes = (facts.files.get(registration.file)?.includes ?? []).filter(
    (include) => include.target === registration.target,
  );
  const last = includes.sort((a, b) => a.range.endLine - b.range.endLine).at(-1);
  const line = last ? last.range.endLine + 1 : afterTarget(draft.before, registration.target);
  draft.edits.push({ start: line, end: line, lines: [statement] });
  draft.descriptions.push(`registers the ${plan.names.plural.replace(/_/g, ' ')} router`);
}

/** The line after `target = APIRouter(...)` / `FastAPI(...)` when nothing is included yet. */
export function afterTarget(text: string, target: string): number {
  const lines = splitLines(text).lines;
  const start = lines.findIndex((line) => new RegExp(`^${target}\\s*(:[^=]+)?=`).test(line));
  if (start < 0) {
    return lines.length;
  }
  let depth = 0;
  for (let index = start; index < lines.length; index++) {
    for (const char of lines[index] ?? '') {
      depth += char === '(' ? 1 : char === ')' ? -1 : 0;
    }
    if (depth <= 0) {
      return index + 1;
    }
  }
  return lines.length;
}
