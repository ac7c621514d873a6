/**
 * Where the spec's code goes in the project's layout: the schemas module, one router module
 * per tag, the security module, the tests, and the include point that adds the spec's base path.
 */
import type { ProjectFacts } from '../../project/facts';
import type { SpecDocument, SpecOperation } from '../../spec/model';
import { pythonName } from './names';
import { dirname, joinPath, moduleForPath, type ReadText } from '../crud/modules';
import { planRegistration } from '../crud/locations';
import type { RegistrationPlan } from '../crud/plan-types';

export interface SpecLayout {
  readonly stem: string;
  readonly schemas: { readonly path: string; readonly module: string };
  readonly security: { readonly path: string; readonly module: string };
  readonly routersDir: string;
  readonly testsDir: string;
}

/** `Pet Clinic` → `pet_clinic`; the file's stem when the title has no letters. */
function specStem(spec: SpecDocument): string {
  const fromTitle = pythonName(spec.title);
  if (/[a-z]/.test(fromTitle) && fromTitle.length <= 30) return fromTitle.replace(/_+$/, '');
  const file = spec.file.slice(spec.file.lastIndexOf('/') + 1).replace(/\.(ya?ml|json)$/i, '');
  return pythonName(file).replace(/_+$/, '');
}

export function planLayout(facts: ProjectFacts, spec: SpecDocument): SpecLayout {
  const stem = specStem(spec);
  const schemasLayout = facts.conventions.layout.schemas.value;
  const schemasPath = schemasLayout.kind === 'dir' ? joinPath(schemasLayout.path, `${stem}.py`) : joinPath(dirname(schemasLayout.path), `${stem}_schemas.py`);
  const securityPath = joinPath(dirname(schemasPath), schemasLayout.kind === 'dir' ? `${stem}_security.py` : `${stem}_security.py`);
  return {
    stem,
    schemas: { path: schemasPath, module: moduleForPath(facts, schemasPath) },
    security: { path: securityPath, module: moduleForPath(facts, securityPath) },
    routersDir: facts.conventions.layout.routersDir.value,
    testsDir: facts.conventions.layout.testsDir.value,
  };
}

/** The router an operation belongs to: its first tag, else the first segment of its path. */
export function routerKey(operation: SpecOperation): string {
  const tag = operation.tags[0];
  if (tag !== undefined && pythonName(tag) !== 'value') return tag;
  const segment = operation.path.split('/').find((part) => part !== '' && !part.startsWith('{'));
  return segment ?? 'root';
}

export interface IncludePlan {
  readonly registration: RegistrationPlan;
  /** `prefix=` of the include: what the spec's base path adds to the target's own prefix. */
  readonly prefix: string;
}

/**
 * Registers a router so that its paths are served under the spec's base path: at the project's
 * include point when that point's prefix is the start of the base path, else on the app.
 */
export function planInclude(facts: ProjectFacts, routerPath: string, basePath: string): IncludePlan | undefined {
  const module = moduleForPath(facts, routerPath);
  const point = facts.conventions.includePoint.value;
  if (point !== null) {
    const router = facts.routers.find((candidate) => candidate.file === point.file && candidate.variable === point.target);
    const prefix = router?.fullPrefix ?? '';
    const isApp = facts.apps.some((app) => app.file === point.file && app.variable === point.target);
    if ((router !== undefined || isApp) && (basePath === prefix || basePath.startsWith(`${prefix}/`) || prefix === '')) {
      return { registration: planRegistration(facts, point, module), prefix: basePath.slice(prefix.length) };
    }
  }
  const app = facts.apps[0];
  if (app === undefined) return undefined;
  return { registration: planRegistration(facts, { file: app.file, target: app.variable }, module), prefix: basePath };
}

export function routerFile(facts: ProjectFacts, layout: SpecLayout, key: string, readText: ReadText, isOurs: (path: string) => boolean): string {
  const stem = pythonName(key).replace(/_+$/, '');
  const plain = joinPath(layout.routersDir, `${stem}.py`);
  if (isOurs(plain) || (readText(plain) === undefined && !facts.files.has(plain))) return plain;
  return joinPath(layout.routersDir, `${stem}_api.py`);
}
