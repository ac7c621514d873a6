/**
 * How a generated test fixture stands in for a dependency: it sets the override for as long as it
 * yields, then puts back every override the suite had before. Clearing them all instead would
 * drop one a session-scoped conftest fixture set once for the whole run (often of the same
 * session dependency), and the test files after this one would reach the real database.
 */

/**
 * The fixture body lines around `yielding` (already indented): `app.dependency_overrides[dependency]`
 * is `value` meanwhile. `indent`: the body's indentation.
 */
export function overridingWhileYielding(indent: string, app: string, dependency: string, value: string, yielding: readonly string[]): string[] {
  return [
    `${indent}saved_overrides = ${app}.dependency_overrides.copy()`,
    `${indent}${app}.dependency_overrides[${dependency}] = ${value}`,
    ...yielding,
    `${indent}${app}.dependency_overrides.clear()`,
    `${indent}${app}.dependency_overrides.update(saved_overrides)`,
  ];
}
