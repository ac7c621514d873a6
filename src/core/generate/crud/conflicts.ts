/**
 * Unique columns checked before a write: a duplicate value is the client's conflict (409 with a
 * detail naming the column), not a database error surfacing as a 500.
 */
import type { ResolvedField } from '../../project/facts';
import { bracketed, fits, INDENT, pyString } from '../python/text';
import { conflictDetail, createConflicts, updateConflicts } from './operation-docs';
import type { CrudPlan } from './plan-types';

/** `taken = session.exec(select(X).where(...)).first()` laid out like the formatter, sync or async. */
function takenLines(plan: CrudPlan, prefix: string, conditions: readonly string[]): string[] {
  const query = `select(${plan.model.name}).where(${conditions.join(', ')})`;
  if (!plan.asyncSession) {
    return [bracketed(prefix, 'taken = session.exec', [query], '.first()')];
  }
  const awaited = `${prefix}taken = (await session.exec(${query})).first()`;
  if (fits(awaited)) return [awaited];
  // Too long for one line: the result gets a name rather than the formatter's parentheses.
  return [bracketed(prefix, 'result = await session.exec', [query]), `${prefix}taken = result.first()`];
}

function conflictCheck(plan: CrudPlan, prefix: string, field: ResolvedField, value: string, conditions: readonly string[], guarded: boolean): string[] {
  const inner = guarded ? `${prefix}${INDENT}` : prefix;
  return [
    ...(guarded ? [`${prefix}if ${value} is not None:`] : []),
    ...takenLines(plan, inner, conditions),
    `${inner}if taken is not None:`,
    bracketed(`${inner}${INDENT}`, 'raise HTTPException', ['status_code=409', `detail=${pyString(conflictDetail(plan, field))}`]),
  ];
}

/** Before a create: no stored row may already hold a unique value of the body. */
export function createConflictLines(plan: CrudPlan, prefix: string, body: string): string[] {
  const model = plan.model.name;
  return createConflicts(plan).flatMap((field) => {
    const value = `${body}.${field.name}`;
    const optional = plan.schemas.createFields.find((candidate) => candidate.name === field.name)?.optional ?? false;
    return conflictCheck(plan, prefix, field, value, [`${model}.${field.name} == ${value}`], optional);
  });
}

/** Before an update of `row`: a unique value sent may be held by no other row. */
export function updateConflictLines(plan: CrudPlan, prefix: string, body: string, row: string): string[] {
  const model = plan.model.name;
  const key = plan.primaryKey.name;
  return updateConflicts(plan).flatMap((field) => {
    const value = `${body}.${field.name}`;
    return conflictCheck(plan, prefix, field, value, [`${model}.${field.name} == ${value}`, `${model}.${key} != ${row}.${key}`], true);
  });
}
