/**
 * The service / crud layer, for projects that keep database code out of their routes: emits the
 * model's service functions in the project's style and gives the router the calls to make.
 */
import { functionDocstring, type FunctionDoc } from '../python/route-docs';
import { bracketed, INDENT, signature } from '../python/text';
import {
  type AccessContext,
  accessContext,
  countLine,
  createLines,
  deleteLines,
  fetchLines,
  listLines,
  type OnHidden,
  saveLines,
  scopeFilters,
  updateLines,
} from './access';
import type { CrudPlan } from './plan-types';
import { importTypeOf } from './router';
import { ChangeWorkspace, type FileDraft } from './workspace';

/** Router-side lines, at one indent, for each operation. */
export interface ServiceCalls {
  list(rows: string, count?: string): string[];
  fetch(row: string, onHidden: OnHidden): string[];
  create(row: string, body: string): string[];
  update(row: string, body: string): string[];
  remove(row: string): string[];
}

export function serviceCalls(
  plan: CrudPlan,
  workspace: ChangeWorkspace,
  routerDraft: FileDraft,
  routerContext: AccessContext,
): ServiceCalls | undefined {
  const service = plan.service;
  if (service === undefined) {
    return undefined;
  }
  const draft = workspace.file(service.file, service.module);
  routerDraft.imports.add({
    kind: 'from',
    module: service.importModule,
    level: 0,
    names: [{ name: service.importName, ...(service.importAlias === undefined ? {} : { alias: service.importAlias }) }],
  });
  const q = service.qualifier;
  const wait = plan.asyncSession ? 'await ' : '';
  const { names } = plan;
  const fn = (operation: 'list' | 'count' | 'get' | 'create' | 'update' | 'delete'): string =>
    operation === 'list' ? `list_${names.plural}` : operation === 'count' ? `count_${names.plural}` : `${operation}_${names.snake}`;

  if (service.style === 'crud-file') {
    const create = fn('create');
    if (!service.existing.has(create)) {
      emitCrudFileCreate(plan, draft, create);
    }
    const owner = routerContext.user && plan.ownerField ? [`${plan.ownerField.name}=${routerContext.user}.id`] : [];
    return {
      list: (rows, count) => {
        ChangeWorkspace.importFrom(routerDraft, 'sqlmodel', 'col', 'select', ...(count === undefined ? [] : ['func']));
        return listLines(routerContext, INDENT, rows, count);
      },
      fetch: (row, onHidden) => fetchLines(routerContext, INDENT, row, onHidden),
      create: (row, body) => [
        bracketed(INDENT, `${row} = ${wait}${q}${create}`, ['session=session', `${names.snake}_in=${body}`, ...owner]),
      ],
      update: (row, body) => updateLines(plan, INDENT, row, body),
      remove: (row) => deleteLines(plan, INDENT, row),
    };
  }

  draft.descriptions.push(`service functions for ${names.model}`);
  const serviceContext = accessContext(plan, plan.auth && !plan.auth.superuserOnly ? 'owner' : undefined);
  const ownerArg = serviceContext.user !== undefined ? [routerContext.user ?? 'current_user'] : [];
  const parentArgs = serviceContext.parents.map((parent) => parent.param);
  const scopeParams = serviceParameters(plan, draft, serviceContext);
  const keyword = plan.asyncSession ? 'async def' : 'def';
  const defined = new Set(service.existing);
  const define = (name: string, parameters: string[], returns: string, doc: FunctionDoc, body: string[]): void => {
    if (!defined.has(name)) {
      defined.add(name);
      const docstring = functionDocstring(doc, { prefix: INDENT, style: plan.docstringStyle });
      draft.blocks.push([signature('', `${keyword} ${name}`, parameters, ` -> ${returns}:`), docstring, ...body].join('\n'));
    }
  };
  const { human, humanPlural } = names;
  const scoped = serviceContext.user !== undefined ? `, only the owner's unless they are a superuser` : '';
  const ownScope = plan.auth?.superuserField === undefined ? scoped.replace(' unless they are a superuser', '') : scoped;
  const model = names.model;
  const { skip, limit } = names.pageParams;
  ChangeWorkspace.importFrom(draft, plan.modelModule, model);

  return {
    list: (rows, count) => {
      ChangeWorkspace.importFrom(draft, 'sqlmodel', 'col', 'select');
      ChangeWorkspace.importFrom(draft, 'collections.abc', 'Sequence');
      define(fn('list'), [...scopeParams, `${skip}: int`, `${limit}: int`], `Sequence[${model}]`, { summary: `One page of ${humanPlural}, ordered by id${ownScope}.`, returns: `The ${humanPlural} of the page.` }, [
        ...listLines(serviceContext, INDENT, rows),
        `${INDENT}return ${rows}`,
      ]);
      const call = bracketed(INDENT, `${rows} = ${wait}${q}${fn('list')}`, ['session', ...ownerArg, ...parentArgs, skip, limit]);
      const lines = [call];
      if (count !== undefined) {
        ChangeWorkspace.importFrom(draft, 'sqlmodel', 'func');
        define(fn('count'), scopeParams, 'int', { summary: `Count the ${humanPlural} a page may list${ownScope}.`, returns: `The number of ${humanPlural}.` }, [...countLines(plan, serviceContext), `${INDENT}return count`]);
        lines.unshift(bracketed(INDENT, `${count} = ${wait}${q}${fn('count')}`, ['session', ...ownerArg, ...parentArgs]));
      }
      return lines;
    },
    fetch: (row, onHidden) => {
      importTypeOf(draft, [plan.idType]);
      define(fn('get'), [...scopeParams, `${names.idParam}: ${plan.idType}`], `${model} | None`, { summary: `The ${human} with this id${ownScope}.`, returns: `The ${human}, or None when there is none to see.` }, [
        ...fetchLines(serviceContext, INDENT, row, (prefix) => [`${prefix}return None`]),
        `${INDENT}return ${row}`,
      ]);
      return [
        bracketed(INDENT, `${row} = ${wait}${q}${fn('get')}`, ['session', ...ownerArg, ...parentArgs, names.idParam]),
        `${INDENT}if ${row} is None:`,
        ...onHidden(`${INDENT}${INDENT}`),
      ];
    },
    create: (row, body) => {
      ChangeWorkspace.importFrom(draft, plan.schemas.create.module, plan.schemas.create.name);
      define(fn('create'), [...scopeParams, `data: ${plan.schemas.create.name}`], model, { summary: `Store a new ${human} from the data sent.`, returns: `The stored ${human}, with its id.` }, [
        ...createLines(serviceContext, INDENT, row, 'data'),
        `${INDENT}return ${row}`,
      ]);
      return [bracketed(INDENT, `${row} = ${wait}${q}${fn('create')}`, ['session', ...ownerArg, ...parentArgs, body])];
    },
    update: (row, body) => {
      ChangeWorkspace.importFrom(draft, plan.schemas.update.module, plan.schemas.update.name);
      define(fn('update'), [sessionParameter(plan, draft), `${row}: ${model}`, `data: ${plan.schemas.update.name}`], model, { summary: `Change the fields of the ${human} that the data sets.`, returns: `The stored ${human}.` }, [
        ...updateLines(plan, INDENT, row, 'data'),
        `${INDENT}return ${row}`,
      ]);
      return [bracketed(INDENT, `${row} = ${wait}${q}${fn('update')}`, ['session', row, body])];
    },
    remove: (row) => {
      define(fn('delete'), [sessionParameter(plan, draft), `${row}: ${model}`], 'None', { summary: `Delete the ${human}.` }, deleteLines(plan, INDENT, row));
      return [`${INDENT}${wait}${q}${fn('delete')}(session, ${row})`];
    },
  };
}

function countLines(plan: CrudPlan, context: AccessContext): string[] {
  return [
    `${INDENT}count_statement = select(func.count()).select_from(${plan.model.name})`,
    ...scopeFilters(context, INDENT, ['count_statement']),
    countLine(plan, INDENT, 'count'),
  ];
}

function sessionParameter(plan: CrudPlan, draft: FileDraft): string {
  if (plan.asyncSession) {
    ChangeWorkspace.importFrom(draft, 'sqlmodel.ext.asyncio.session', 'AsyncSession');
    return 'session: AsyncSession';
  }
  ChangeWorkspace.importFrom(draft, 'sqlmodel', 'Session');
  return 'session: Session';
}

/** `session`, the owner, and parent ids: what scopes a query. */
function serviceParameters(plan: CrudPlan, draft: FileDraft, context: AccessContext): string[] {
  const parameters = [sessionParameter(plan, draft)];
  if (context.user !== undefined && plan.auth !== undefined) {
    ChangeWorkspace.importFrom(draft, plan.auth.userModel.module, plan.auth.userModel.name);
    parameters.push(`${context.user}: ${plan.auth.userModel.name}`);
  }
  for (const param of plan.router.parentParams) {
    if (param.field !== undefined) {
      parameters.push(`${param.name}: ${param.type}`);
    }
  }
  return parameters;
}

/** `create_x(*, session, x_in, owner_id)` in a single crud module, as the full-stack template writes it. */
function emitCrudFileCreate(plan: CrudPlan, draft: FileDraft, name: string): void {
  const { names } = plan;
  const body = `${names.snake}_in`;
  const parameters = ['*', sessionParameter(plan, draft), `${body}: ${plan.schemas.create.name}`];
  const update: string[] = [];
  if (plan.ownerField && plan.auth && !plan.auth.superuserOnly) {
    parameters.push(`${plan.ownerField.name}: ${plan.ownerField.baseType}`);
    update.push(`"${plan.ownerField.name}": ${plan.ownerField.name}`);
    if (plan.ownerField.baseType.startsWith('uuid.')) {
      draft.imports.module('uuid');
    }
  }
  ChangeWorkspace.importFrom(draft, plan.modelModule, plan.model.name);
  ChangeWorkspace.importFrom(draft, plan.schemas.create.module, plan.schemas.create.name);
  const row = `db_${names.snake}`;
  const args = update.length === 0 ? [body] : [body, `update={${update.join(', ')}}`];
  const keyword = plan.asyncSession ? 'async def' : 'def';
  draft.descriptions.push(`adds ${name}`);
  draft.blocks.push(
    [
      signature('', `${keyword} ${name}`, parameters, ` -> ${names.model}:`),
      functionDocstring({ summary: `Store a new ${names.human} from the data sent.`, returns: `The stored ${names.human}, with its id.` }, { prefix: INDENT, style: plan.docstringStyle }),
      bracketed(INDENT, `${row} = ${names.model}.model_validate`, args),
      ...saveLines(plan, INDENT, row),
      `${INDENT}return ${row}`,
    ].join('\n'),
  );
}
