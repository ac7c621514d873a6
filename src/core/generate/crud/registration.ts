/**
 * Registers a new router: its import and an `include_router` line where includePlacement says
 * (after the last one on the same object that runs once), the rest of the file byte-identical.
 */
import { pyString } from '../python/text';
import { includePlacement } from '../python/include-placement';
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
  const { line, indent } = includePlacement(facts.files.get(registration.file), draft.before, registration.target);
  draft.edits.push({ start: line, end: line, lines: [`${indent}${statement}`] });
  draft.descriptions.push(`registers the ${plan.names.plural.replace(/_/g, ' ')} router`);
}
