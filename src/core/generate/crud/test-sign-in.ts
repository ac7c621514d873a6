/**
 * Tests of routes guarded by a current-user dependency that returns no user model: no user row
 * can sign a token the project would accept, so the module stands in for a signed-in caller by
 * overriding that dependency for every test, and one test takes the override away again.
 */
import type { ImportSet } from '../python/imports';
import { INDENT } from '../python/text';
import type { CrudPlan, TestPlan } from './plan-types';

/** The module's autouse fixture that signs every request in, or undefined when not needed. */
export function signInFixture(plan: CrudPlan, tests: TestPlan, imports: ImportSet): string | undefined {
  const guard = plan.signInGuard;
  const app = tests.appRef;
  if (guard === undefined || app === undefined) {
    return undefined;
  }
  imports.module('pytest');
  imports.from('collections.abc', 'Generator');
  imports.from(app.module, app.variable);
  imports.from(guard.module, guard.function);
  return [
    '@pytest.fixture(autouse=True)',
    'def signed_in() -> Generator[None, None, None]:',
    `${INDENT}"""Every request passes ${guard.function} as a signed-in caller."""`,
    `${INDENT}${app.variable}.dependency_overrides[${guard.function}] = lambda: ${guard.testValue}`,
    `${INDENT}yield`,
    `${INDENT}${app.variable}.dependency_overrides.pop(${guard.function}, None)`,
  ].join('\n');
}

/** The line a test starts with to call the routes as nobody: the stand-in removed. */
export function signOutLine(plan: CrudPlan, tests: TestPlan): string | undefined {
  const guard = plan.signInGuard;
  const app = tests.appRef;
  return guard === undefined || app === undefined ? undefined : `${INDENT}${app.variable}.dependency_overrides.pop(${guard.function})`;
}
