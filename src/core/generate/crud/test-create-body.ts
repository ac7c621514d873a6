/**
 * What every generated CRUD test reads (the plan, the row helpers, the path parents) and the
 * create payload the create, conflict and ownership tests all post.
 */
import type { ModelFact, ProjectFacts } from '../../project/facts';
import type { ImportSet } from '../python/imports';
import { pyString } from '../python/text';
import { foreignTable, modelForTable } from './model-analysis';
import type { CrudPlan, TestPlan } from './plan-types';
import { assertId, type RowHelper, type RowHelpers } from './test-rows';
import { sampleFor } from './test-samples';

export interface TestContext {
  readonly facts: ProjectFacts;
  readonly plan: CrudPlan;
  readonly tests: TestPlan;
  readonly rows: RowHelpers;
  readonly main: RowHelper;
  /** Path parents of nested routes (`shop` for `/shops/{shop_id}/products/`). */
  readonly pathParents: readonly ModelFact[];
  readonly urlName: string;
}

/** `TeamMember` → `team_member`: test and variable names. */
export function snakeName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function parentVar(parent: ModelFact): string {
  const name = snakeName(parent.name);
  // A parent named like a fixture the test takes (a `Client` owning pets) must not shadow it.
  return TEST_NAMES.has(name) ? `${name}_row` : name;
}

/** Names the generated tests' fixtures and locals use. */
const TEST_NAMES = new Set(['client', 'session', 'app', 'response', 'user', 'other_user', 'auth_headers', 'headers', 'superuser', 'db', 'payload']);

/** The create payload: required input fields with sample values, parents stored first. */
export function createBody(
  context: TestContext,
  imports: ImportSet,
): { setup: string[]; entries: string[]; echoed: string[]; invalid: string; needsUser: boolean } | undefined {
  const { plan, rows } = context;
  const setup: string[] = [];
  const entries: string[] = [];
  const echoed: string[] = [];
  let needsUser = false;
  const required = plan.schemas.createFields.filter((field) => !field.optional && !field.hasDefault);
  for (const field of required) {
    const table = foreignTable(field);
    const parent = table ? modelForTable(context.facts, table) : undefined;
    if (parent) {
      const helper = rows.helper(parent);
      if (!helper) return undefined;
      needsUser ||= helper.needsOwner;
      const variable = field.name.replace(/_id$/, '') || parentVar(parent);
      setup.push(rows.assign('', variable, helper, context.tests.fixtures.user, []));
      setup.push(...assertId(parent, variable).map((line) => line.trimStart()));
      const key = parent.fields.find((candidate) => candidate.name === parent.primaryKey[0]);
      entries.push(`${pyString(field.name)}: ${key?.baseType.includes('UUID') ? `str(${variable}.id)` : `${variable}.id`}`);
      continue;
    }
    const sample = sampleFor(field, 1, imports);
    if (!sample) return undefined;
    entries.push(`${pyString(field.name)}: ${sample.json}`);
    if (sample.comparable && plan.schemas.publicFieldNames.has(field.name)) echoed.push(field.name);
  }
  const invalid = required.length > 0 ? '{}' : invalidPayload(plan);
  return { setup, entries, echoed, invalid, needsUser };
}

function invalidPayload(plan: CrudPlan): string {
  const field = plan.schemas.createFields[0];
  return field ? `{${pyString(field.name)}: {"not": "valid"}}` : '[]';
}
