/**
 * The database code of each operation (query, scope to the owner and parent, write), shared by
 * routes that talk to the session themselves and by generated service functions.
 */
import { bracketed, fits, INDENT } from '../python/text';
import type { CrudPlan } from './plan-types';

export interface AccessContext {
  readonly plan: CrudPlan;
  /** Variable holding the signed-in user, when rows are scoped to their owner. */
  readonly user?: string;
  /** Path parameters that scope rows to a parent: `{ param: 'shop_id', field: 'shop_id' }`. */
  readonly parents: readonly { readonly param: string; readonly field: string }[];
}

export function accessContext(plan: CrudPlan, user: string | undefined): AccessContext {
  const parents = plan.router.parentParams.flatMap((param) =>
    param.field === undefined ? [] : [{ param: param.name, field: param.field }],
  );
  return { plan, ...(user === undefined || plan.ownerField === undefined ? {} : { user }), parents };
}

function awaited(plan: CrudPlan): string {
  return plan.asyncSession ? 'await ' : '';
}

/** Lines at `prefix` that filter `statement` variables to what the user may see. */
export function scopeFilters(context: AccessContext, prefix: string, statements: readonly string[]): string[] {
  const model = context.plan.model.name;
  const lines: string[] = [];
  for (const parent of context.parents) {
    for (const statement of statements) {
      lines.push(bracketed(prefix, `${statement} = ${statement}.where`, [`${model}.${parent.field} == ${parent.param}`]));
    }
  }
  const owner = context.plan.ownerField?.name;
  if (context.user !== undefined && owner !== undefined) {
    const superuser = context.plan.auth?.superuserField;
    const inner = superuser === undefined ? prefix : `${prefix}${INDENT}`;
    if (superuser !== undefined) {
      lines.push(`${prefix}if not ${context.user}.${superuser}:`);
    }
    for (const statement of statements) {
      lines.push(bracketed(inner, `${statement} = ${statement}.where`, [`${model}.${owner} == ${context.user}.id`]));
    }
  }
  return lines;
}

/** Rows of one page: assigns `rowsVar` (and `countVar` when counting). */
export function listLines(context: AccessContext, prefix: string, rowsVar: string, countVar?: string): string[] {
  const { plan } = context;
  const { skip, limit } = plan.names.pageParams;
  const model = plan.model.name;
  const statements = countVar === undefined ? ['statement'] : ['count_statement', 'statement'];
  const lines: string[] = [];
  if (countVar !== undefined) {
    lines.push(`${prefix}count_statement = select(func.count()).select_from(${model})`);
  }
  lines.push(`${prefix}statement = select(${model})`);
  lines.push(...scopeFilters(context, prefix, statements));
  if (countVar !== undefined) {
    lines.push(countLine(plan, prefix, countVar));
  }
  const page = `statement.offset(${skip}).limit(${limit})`;
  if (!plan.asyncSession) {
    lines.push(bracketed(prefix, `${rowsVar} = session.exec`, [page], '.all()'));
    return lines;
  }
  const awaitedPage = `${prefix}${rowsVar} = (await session.exec(${page})).all()`;
  if (fits(awaitedPage)) {
    lines.push(awaitedPage);
  } else {
    // Too long for one line: the result gets a name rather than the formatter's parentheses.
    lines.push(bracketed(prefix, 'result = await session.exec', [page]), `${prefix}${rowsVar} = result.all()`);
  }
  return lines;
}

/** The count line of an async session needs its await inside parentheses. */
export function countLine(plan: CrudPlan, prefix: string, countVar: string): string {
  return plan.asyncSession
    ? `${prefix}${countVar} = (await session.exec(count_statement)).one()`
    : `${prefix}${countVar} = session.exec(count_statement).one()`;
}

/** The conditions (joined by `or`) under which a fetched row is missing or not the user's to see. */
function hiddenConditions(context: AccessContext, row: string): string[] {
  const conditions = [`${row} is None`];
  for (const parent of context.parents) {
    conditions.push(`${row}.${parent.field} != ${parent.param}`);
  }
  const owner = context.plan.ownerField?.name;
  if (context.user !== undefined && owner !== undefined) {
    const superuser = context.plan.auth?.superuserField;
    const notOwner = `${row}.${owner} != ${context.user}.id`;
    conditions.push(superuser === undefined ? notOwner : `(not ${context.user}.${superuser} and ${notOwner})`);
  }
  return conditions;
}

/** Statements run when a row is missing, rendered at the indent they end up at. */
export type OnHidden = (prefix: string) => string[];

/** `row = session.get(Model, id)` then `if <hidden>:` followed by `onHidden` one level deeper. */
export function fetchLines(context: AccessContext, prefix: string, row: string, onHidden: OnHidden): string[] {
  const { plan } = context;
  const lines = [bracketed(prefix, `${row} = ${awaited(plan)}session.get`, [plan.model.name, plan.names.idParam])];
  lines.push(conditionLine(prefix, hiddenConditions(context, row)));
  lines.push(...onHidden(`${prefix}${INDENT}`));
  return lines;
}

/**
 * `if a or b:` laid out as ruff formats it: on one line; else splitting a parenthesized last
 * operand; else the whole condition in parentheses, on one line or one operand per line.
 */
export function conditionLine(prefix: string, operands: readonly string[]): string {
  const condition = operands.join(' or ');
  const flat = `${prefix}if ${condition}:`;
  if (fits(flat)) {
    return flat;
  }
  const inner = `${prefix}${INDENT}`;
  const last = operands[operands.length - 1] ?? '';
  if (operands.length > 1 && last.startsWith('(') && last.endsWith(')')) {
    const head = `${prefix}if ${operands.slice(0, -1).join(' or ')} or (`;
    const content = last.slice(1, -1);
    if (fits(head)) {
      const body = fits(`${inner}${content}`)
        ? `${inner}${content}`
        : content
            .split(' and ')
            .map((part, index) => `${inner}${index === 0 ? '' : 'and '}${part}`)
            .join('\n');
      return `${head}\n${body}\n${prefix}):`;
    }
  }
  if (fits(`${inner}${condition}`)) {
    return `${prefix}if (\n${inner}${condition}\n${prefix}):`;
  }
  const lines = operands.map((operand, index) => `${inner}${index === 0 ? '' : 'or '}${operand}`);
  return `${prefix}if (\n${lines.join('\n')}\n${prefix}):`;
}

/** Builds and stores a row from the create body, filling owner and parent from the request. */
export function createLines(context: AccessContext, prefix: string, row: string, body: string): string[] {
  const { plan } = context;
  const update: string[] = [];
  if (context.user !== undefined && plan.ownerField !== undefined) {
    update.push(`"${plan.ownerField.name}": ${context.user}.id`);
  }
  for (const parent of context.parents) {
    update.push(`"${parent.field}": ${parent.param}`);
  }
  const hash = plan.passwordHash;
  if (hash && plan.schemas.createFields.some((field) => field.name === 'password')) {
    update.push(`"${hash.field}": ${hash.function}(${body}.password)`);
  }
  const args = update.length === 0 ? [body] : [body, `update={${update.join(', ')}}`];
  return [bracketed(prefix, `${row} = ${plan.model.name}.model_validate`, args), ...saveLines(plan, prefix, row)];
}

export function saveLines(plan: CrudPlan, prefix: string, row: string): string[] {
  const wait = awaited(plan);
  return [`${prefix}session.add(${row})`, `${prefix}${wait}session.commit()`, `${prefix}${wait}session.refresh(${row})`];
}

export function updateLines(plan: CrudPlan, prefix: string, row: string, body: string): string[] {
  const hash = plan.passwordHash;
  if (hash && plan.schemas.updateFields.some((field) => field.name === 'password')) {
    // A new password is stored as its hash, never as sent.
    return [
      `${prefix}update_data = ${body}.model_dump(exclude_unset=True)`,
      `${prefix}if "password" in update_data:`,
      bracketed(`${prefix}${INDENT}`, `update_data[${JSON.stringify(hash.field)}] = ${hash.function}`, ['update_data.pop("password")']),
      `${prefix}${row}.sqlmodel_update(update_data)`,
      ...saveLines(plan, prefix, row),
    ];
  }
  return [
    bracketed(prefix, `${row}.sqlmodel_update`, [`${body}.model_dump(exclude_unset=True)`]),
    ...saveLines(plan, prefix, row),
  ];
}

export function deleteLines(plan: CrudPlan, prefix: string, row: string): string[] {
  const wait = awaited(plan);
  return [`${prefix}${wait}session.delete(${row})`, `${prefix}${wait}session.commit()`];
}
