/**
 * For a database that outlives one test (a session-scoped engine or session, as suites against
 * PostgreSQL keep): an autouse fixture that notes which rows exist before each generated test
 * and removes the ones the test stored, so the project's own tests never trip over them.
 */
import type { ModelFact } from '../../project/facts';
import { snakeCase } from '../../python/naming';
import type { ImportSet } from '../python/imports';
import { bracketed, INDENT, signature } from '../python/text';
import type { CrudPlan, TestPlan } from './plan-types';
import type { RowHelpers } from './test-rows';

function keyOf(model: ModelFact): string {
  return model.primaryKey[0] ?? 'id';
}

function keptVariable(model: ModelFact): string {
  return `kept_${snakeCase(model.name)}_ids`;
}

/** The fixture block, or undefined when the database is the test's own (nothing to clean). */
export function cleanupFixture(plan: CrudPlan, tests: TestPlan, rows: RowHelpers, imports: ImportSet): string | undefined {
  const fx = tests.fixtures;
  if (!fx.sharedDatabase || plan.asyncSession) {
    return undefined;
  }
  const userModel = plan.auth?.userModel;
  const storesUsers = fx.local.has('user') || fx.local.has('otherUser');
  // Rows that point at others go first, so the database's foreign keys never see an orphan.
  const models = [...rows.storedModels()].reverse().filter((model) => storesUsers || model.name !== userModel?.name);
  if (!models.some((model) => model.name === plan.model.name)) models.unshift(plan.model);
  if (models.length === 0) {
    return undefined;
  }
  imports.module('pytest');
  imports.from('collections.abc', 'Generator');
  imports.from('sqlmodel', 'Session', 'col', 'select');
  for (const model of models) imports.from(model.name === plan.model.name ? plan.modelModule : model.module, model.name);
  const db = fx.session;
  // The conftest's user fixtures are made before the snapshot: removing them would break later tests.
  const removesUsers = models.some((model) => model.name === userModel?.name);
  const conftestUsers = [fx.user, fx.otherUser].filter(
    (name): name is string =>
      removesUsers && name !== undefined && !(name === fx.user ? fx.local.has('user') : fx.local.has('otherUser')),
  );
  if (conftestUsers.length > 0 && userModel !== undefined) imports.from(userModel.module, userModel.name);
  const parameters = [`${db}: Session`, ...conftestUsers.map((name) => `${name}: ${userModel?.name ?? 'object'}`)];
  const name = `_remove_rows_stored_by_${plan.names.plural}_tests`;
  const lines = [
    '@pytest.fixture(autouse=True)',
    signature('', `def ${name}`, parameters, ' -> Generator[None, None, None]:'),
    // The user fixtures are parameters only to exist before the snapshot.
    `${INDENT}"""Removes the rows each test stores: the database outlives the test."""`,
    ...models.map((model) =>
      bracketed(INDENT, `${keptVariable(model)} = set`, [`${db}.exec(select(col(${model.name}.${keyOf(model)}))).all()`]),
    ),
    `${INDENT}yield`,
    `${INDENT}${db}.rollback()`,
  ];
  for (const model of models) {
    const row = `stale_${snakeCase(model.name)}`;
    const condition = `col(${model.name}.${keyOf(model)}).not_in(${keptVariable(model)})`;
    lines.push(bracketed(INDENT, `${row}_rows = select(${model.name}).where`, [condition]));
    lines.push(`${INDENT}for ${row} in ${db}.exec(${row}_rows).all():`);
    lines.push(`${INDENT}${INDENT}${db}.delete(${row})`);
  }
  lines.push(`${INDENT}${db}.commit()`);
  return lines.join('\n');
}
