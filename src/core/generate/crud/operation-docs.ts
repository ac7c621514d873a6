/**
 * What each generated CRUD route does, who may call it and which errors it answers: the input
 * of the shared route documentation, and of the tests that read the OpenAPI document back.
 */
import type { ResolvedField } from '../../project/facts';
import { humanWords, withArticle } from '../../python/naming';
import { accessErrors, type Access, type ErrorAnswer, type OperationDoc } from '../python/route-docs';
import type { CrudOperation, CrudPlan } from './plan-types';

export function crudAccess(plan: CrudPlan): Access {
  if (plan.auth === undefined) return 'public';
  if (plan.auth.superuserOnly) return 'superuser';
  return plan.ownerField !== undefined || plan.ownerPath !== undefined ? 'owner' : 'user';
}

/** `A team with this name already exists`: the detail of a unique conflict. */
export function conflictDetail(plan: CrudPlan, field: ResolvedField): string {
  const article = withArticle(plan.names.human);
  return `${article[0]?.toUpperCase() ?? ''}${article.slice(1)} with this ${humanWords(field.name)} already exists`;
}

/** Unique columns a create body sets: a duplicate is answered 409 before the database refuses it. */
export function createConflicts(plan: CrudPlan): ResolvedField[] {
  const sent = new Set(plan.schemas.createFields.map((field) => field.name));
  return plan.uniqueFields.filter((field) => sent.has(field.name));
}

export function updateConflicts(plan: CrudPlan): ResolvedField[] {
  const sent = new Set(plan.schemas.updateFields.map((field) => field.name));
  return plan.uniqueFields.filter((field) => sent.has(field.name) && !plan.updateExcluded.includes(field.name));
}

/** Every error the route of `operation` answers, and when. */
export function operationErrors(plan: CrudPlan, operation: CrudOperation): ErrorAnswer[] {
  const { human } = plan.names;
  const access = crudAccess(plan);
  const missing: ErrorAnswer = {
    status: 404,
    when: access === 'owner' ? `the ${human} does not exist or is not the caller's` : `no ${human} has this id`,
  };
  const conflicts = (fields: readonly ResolvedField[]): ErrorAnswer[] => {
    const columns = fields.map((field) => humanWords(field.name));
    const named = columns.length > 1 ? `${columns.slice(0, -1).join(', ')} or ${columns.at(-1) ?? ''}` : (columns[0] ?? '');
    return fields.length === 0 ? [] : [{ status: 409, when: `another ${human} already has this ${named}` }];
  };
  const errors: ErrorAnswer[] = [];
  switch (operation) {
    case 'list':
      break;
    case 'read':
    case 'delete':
      errors.push(missing);
      break;
    case 'create':
      if (plan.ownerPath !== undefined && access === 'owner') {
        errors.push({ status: 404, when: `the ${humanWords(plan.ownerPath.parent.name)} named in the body is not the caller's` });
      }
      errors.push(...conflicts(createConflicts(plan)));
      break;
    case 'update':
      errors.push(missing, ...conflicts(updateConflicts(plan)));
      if (plan.notNullUpdates.length > 0) errors.push({ status: 422, when: 'a field that cannot be empty is sent as null' });
      break;
  }
  return [...errors, ...accessErrors(access)];
}

function summaryOf(plan: CrudPlan, operation: CrudOperation, ownedByCaller: boolean): string {
  const { human, humanPlural } = plan.names;
  switch (operation) {
    case 'list':
      return `List ${humanPlural}, a page at a time.`;
    case 'read':
      return `Read one ${human} by id.`;
    case 'create':
      return ownedByCaller ? `Create ${withArticle(human)} owned by the current user.` : `Create ${withArticle(human)}.`;
    case 'update':
      return `Update ${withArticle(human)}: the fields sent change, the others keep their values.`;
    case 'delete':
      return `Delete ${withArticle(human)}.`;
  }
}

function detailsOf(plan: CrudPlan, operation: CrudOperation): string[] {
  const { humanPlural } = plan.names;
  if (operation === 'list') {
    const { skip, limit, max } = plan.names.pageParams;
    const count = plan.schemas.list ? `, with the \`${plan.envelope.count}\` of all ${humanPlural} it may list` : '';
    return [`Skips \`${skip}\` rows and returns at most \`${limit}\` (up to ${max}), ordered by id${count}.`];
  }
  return [];
}

export function operationDoc(plan: CrudPlan, operation: CrudOperation): OperationDoc {
  const access = crudAccess(plan);
  const ownedByCaller = access === 'owner' && plan.ownerField !== undefined;
  return {
    summary: summaryOf(plan, operation, ownedByCaller),
    details: detailsOf(plan, operation),
    // A new row is the caller's own: "reaches only the rows they own" says nothing about creating.
    access: operation === 'create' && access === 'owner' ? 'user' : access,
    owned: plan.names.humanPlural,
    superuserSeesAll: plan.auth?.superuserField !== undefined,
    errors: operationErrors(plan, operation),
  };
}

/** Whether any generated route answers an error, so the error model is needed. */
export function anyRouteErrors(plan: CrudPlan): boolean {
  return plan.operations.some((operation) => operationErrors(plan, operation).some((error) => error.status !== 422));
}
