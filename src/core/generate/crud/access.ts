/**
 * The database code of each operation (query, scope to the owner and parent, write), shared by
 * routes that talk to the session themselves and by generated service functions.
 */
import { snakeCase } from '../../python/naming';
import { bracketed, collection, fits, INDENT, pyString } from '../python/text';
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
  const owned = plan.ownerField !== undefined || plan.ownerPath !== undefined;
  return { plan, ...(user === undefined || !owned ? {} : { user }), parents };
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
  const path = context.plan.ownerPath;
  if (context.user !== undefined && (owner !== undefined || path !== undefined)) {
    const superuser = context.plan.auth?.superuserField;
    const inner = superuser === undefined ? prefix : `${prefix}${INDENT}`;
    if (superuser !== undefined) {
      lines.push(`${prefix}if not ${context.user}.${superuser}:`);
    }
    for (const statement of statements) {
      if (path !== undefined) {
        // Owned through the parent: only rows whose parent belongs to the user.
        const condition = `${path.parent.name}.${path.parentOwner.name} == ${context.user}.id`;
        lines.push(bracketed(inner, `${statement} = ${statement}.join(${path.parent.name}).where`, [condition]));
      } else {
        lines.push(bracketed(inner, `${statement} = ${statement}.where`, [`${model}.${owner ?? ''} == ${context.user}.id`]));
      }
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
  // Pages are only stable in a fixed order (PostgreSQL returns rows in any order otherwise).
  lines.push(bracketed(prefix, `statement = select(${model}).order_by`, [`col(${model}.${plan.primaryKey.name})`]));
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
  const path = context.plan.ownerPath;
  if (context.user !== undefined && (owner !== undefined || path !== undefined)) {
    const superuser = context.plan.auth?.superuserField;
    const notOwner =
      path === undefined ? `${row}.${owner ?? ''} != ${context.user}.id` : `${parentVariable(context)}.${path.parentOwner.name} != ${context.user}.id`;
    if (path !== undefined) conditions.push(`${parentVariable(context)} is None`);
    conditions.push(superuser === undefined ? notOwner : `(not ${context.user}.${superuser} and ${notOwner})`);
  }
  return conditions;
}

/** Variable holding the parent row of a row owned through it: `parent_task`. */
export function parentVariable(context: AccessContext): string {
  return `parent_${snakeCase(context.plan.ownerPath?.parent.name ?? 'row')}`;
}

/** Statements run when a row is missing, rendered at the indent they end up at. */
export type OnHidden = (prefix: string) => string[];

/** `row = session.get(Model, id)` then `if <hidden>:` followed by `onHidden` one level deeper. */
export function fetchLines(context: AccessContext, prefix: string, row: string, onHidden: OnHidden): string[] {
  const { plan } = context;
  const lines = [bracketed(prefix, `${row} = ${awaited(plan)}session.get`, [plan.model.name, plan.names.idParam])];
  const path = plan.ownerPath;
  if (path !== undefined && context.user !== undefined) {
    const parentRow = `${awaited(plan)}session.get(${path.parent.name}, ${row}.${path.field.name})`;
    lines.push(`${prefix}${parentVariable(context)} = None if ${row} is None else ${parentRow}`);
  }
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
  // Like black, the formatter hugs the last parentheses only after a single `or`; with more it
  // parenthesizes the whole condition.
  if (operands.length === 2 && last.startsWith('(') && last.endsWith(')')) {
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

/**
 * Before a row owned through a parent is created: the parent named in the body must exist and
 * be the user's (a 404 otherwise, as for a row the user may not see).
 */
export function parentOwnerCheck(context: AccessContext, prefix: string, body: string): string[] {
  const { plan } = context;
  const path = plan.ownerPath;
  if (path === undefined || context.user === undefined) {
    return [];
  }
  const parent = parentVariable(context);
  const superuser = plan.auth?.superuserField;
  const notOwner = `${parent}.${path.parentOwner.name} != ${context.user}.id`;
  return [
    bracketed(prefix, `${parent} = ${awaited(plan)}session.get`, [path.parent.name, `${body}.${path.field.name}`]),
    conditionLine(prefix, [`${parent} is None`, superuser === undefined ? notOwner : `(not ${context.user}.${superuser} and ${notOwner})`]),
    bracketed(`${prefix}${INDENT}`, 'raise HTTPException', ['status_code=404', `detail=${pyString(`${path.parent.name} not found`)}`]),
  ];
}

export function saveLines(plan: CrudPlan, prefix: string, row: string): string[] {
  const wait = awaited(plan);
  return [`${prefix}session.add(${row})`, `${prefix}${wait}session.commit()`, `${prefix}${wait}session.refresh(${row})`];
}

/** `body.model_dump(exclude_unset=True, exclude={"id", "owner_id"})`: never the key or the ownership. */
function sentFields(plan: CrudPlan, body: string): string {
  const excluded = plan.updateExcluded.map((name) => JSON.stringify(name)).join(', ');
  return `${body}.model_dump(exclude_unset=True, exclude={${excluded}})`;
}

export function updateLines(plan: CrudPlan, prefix: string, row: string, body: string): string[] {
  const hash = plan.passwordHash;
  if (hash && plan.schemas.updateFields.some((field) => field.name === 'password')) {
    // A new password is stored as its hash, never as sent.
    return [
      splitAssignment(prefix, 'update_data', sentFields(plan, body)),
      `${prefix}if "password" in update_data:`,
      bracketed(`${prefix}${INDENT}`, `update_data[${JSON.stringify(hash.field)}] = ${hash.function}`, ['update_data.pop("password")']),
      `${prefix}${row}.sqlmodel_update(update_data)`,
      ...saveLines(plan, prefix, row),
    ];
  }
  return [
    ...(fits(`${prefix}${row}.sqlmodel_update(${sentFields(plan, body)})`)
      ? [`${prefix}${row}.sqlmodel_update(${sentFields(plan, body)})`]
      : [splitAssignment(prefix, 'update_data', sentFields(plan, body)), `${prefix}${row}.sqlmodel_update(update_data)`]),
    ...saveLines(plan, prefix, row),
  ];
}

/** `name = call(args)` as the formatter lays it out when too long: the call's arguments split. */
function splitAssignment(prefix: string, name: string, call: string): string {
  const flat = `${prefix}${name} = ${call}`;
  if (fits(flat)) return flat;
  const open = call.indexOf('(');
  return bracketed(prefix, `${name} = ${call.slice(0, open)}`, splitArguments(call.slice(open + 1, -1)));
}

/** Top-level comma-separated arguments of a call's argument text. */
function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part !== '');
}

/**
 * An explicit null for a column that cannot hold one is the client's mistake: 422, before the
 * database refuses it with a 500.
 */
export function nullUpdateCheck(plan: CrudPlan, prefix: string, body: string): string[] {
  if (plan.notNullUpdates.length === 0) {
    return [];
  }
  const names = plan.notNullUpdates.map((name) => JSON.stringify(name)).join(', ');
  const loop = `${prefix}for name in ${body}.model_fields_set & {${names}}:`;
  const header = fits(loop)
    ? [loop]
    : [
        collection(prefix, 'not_nullable = ', plan.notNullUpdates.map((name) => JSON.stringify(name))),
        `${prefix}for name in ${body}.model_fields_set & not_nullable:`,
      ];
  return [
    ...header,
    `${prefix}${INDENT}if getattr(${body}, name) is None:`,
    bracketed(`${prefix}${INDENT}${INDENT}`, 'raise HTTPException', ['status_code=422', 'detail=f"{name} may not be null"']),
  ];
}

export function deleteLines(plan: CrudPlan, prefix: string, row: string): string[] {
  const wait = awaited(plan);
  return [`${prefix}${wait}session.delete(${row})`, `${prefix}${wait}session.commit()`];
}
