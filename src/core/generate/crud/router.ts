/**
 * The route functions: list, read, create, update, delete, in a new router module or appended
 * to the module that already serves the model.
 */
import { responsesArgument, routeDocstring } from '../python/route-docs';
import { bracketed, INDENT, pyString, signature } from '../python/text';
import { createConflictLines, updateConflictLines } from './conflicts';
import { createConflicts, operationDoc, operationErrors, updateConflicts } from './operation-docs';
import { accessContext, createLines, deleteLines, fetchLines, listLines, nullUpdateCheck, type OnHidden, parentOwnerCheck, updateLines } from './access';
import type { CrudOperation, CrudPlan } from './plan-types';
import { ChangeWorkspace, type FileDraft } from './workspace';
import { serviceCalls } from './service';

const STATUS_NAMES: Readonly<Record<number, string>> = {
  200: 'HTTP_200_OK',
  201: 'HTTP_201_CREATED',
  202: 'HTTP_202_ACCEPTED',
  204: 'HTTP_204_NO_CONTENT',
};

function statusExpression(plan: CrudPlan, draft: FileDraft, code: number): string {
  const name = STATUS_NAMES[code];
  if (!plan.statusConstants || name === undefined) {
    return String(code);
  }
  ChangeWorkspace.importFrom(draft, 'fastapi', 'status');
  return `status.${name}`;
}

interface RouteParts {
  readonly method: string;
  readonly path: string;
  readonly decoratorArgs: string[];
  readonly parameters: string[];
  readonly returns: string;
  readonly body: string[];
}

function renderRoute(plan: CrudPlan, operation: CrudOperation, draft: FileDraft, parts: RouteParts): string {
  const errorModel = plan.errorModel;
  const responses = responsesArgument(operationErrors(plan, operation), errorModel.name);
  if (responses !== undefined) ChangeWorkspace.importFrom(draft, errorModel.module, errorModel.name);
  const args = [pyString(parts.path), ...parts.decoratorArgs, ...(responses === undefined ? [] : [responses])];
  const decorator = bracketed('', `@${plan.router.variable}.${parts.method}`, args);
  const keyword = plan.isAsync ? 'async def' : 'def';
  const header = signature('', `${keyword} ${plan.names.functions[operation]}`, parts.parameters, ` -> ${parts.returns}:`);
  const doc = routeDocstring(operationDoc(plan, operation), { prefix: INDENT, style: plan.docstringStyle });
  return [decorator, header, doc, ...parts.body].join('\n');
}

/** Emits the missing routes (and a new router's module header) into the router file. */
export function emitRouter(plan: CrudPlan, workspace: ChangeWorkspace): void {
  const router = plan.router;
  const draft = workspace.file(router.file, router.module);
  const { names, schemas } = plan;
  const importFrom = (module: string | undefined, ...imported: string[]): void =>
    ChangeWorkspace.importFrom(draft, module, ...imported);

  importFrom('fastapi', 'HTTPException');
  importFrom(plan.modelModule, plan.model.name);
  if (router.mode === 'new') {
    importFrom('fastapi', 'APIRouter');
    const args = [
      ...(router.routerPrefix === '' ? [] : [`prefix=${pyString(router.routerPrefix)}`]),
      `tags=[${router.tags.map(pyString).join(', ')}]`,
      ...signInGuard(plan, draft),
    ];
    draft.descriptions.push(`new router for ${names.model}: ${plan.operations.join(', ')}`);
    emitAliases(plan, draft);
    draft.blocks.push(bracketed('', 'router = APIRouter', args));
  } else {
    draft.descriptions.push(`adds ${plan.operations.join(', ')} for ${names.model}`);
    emitAliases(plan, draft);
  }
  const user = plan.auth && !plan.auth.superuserOnly ? 'current_user' : undefined;
  const context = accessContext(plan, user);
  const common = commonParameters(plan, draft);
  const idParameter = `${names.idParam}: ${plan.idType}`;
  importTypeOf(draft, [plan.idType, ...router.parentParams.map((param) => param.type)]);
  const notFound: OnHidden = (prefix) => [
    bracketed(prefix, 'raise HTTPException', ['status_code=404', `detail=${pyString(names.notFound)}`]),
  ];
  // A new router requires sign-in as a whole; routes added to an existing module each do.
  const guard = [...superuserGuard(plan, draft), ...(router.mode === 'new' ? [] : signInGuard(plan, draft))];
  const calls = plan.service ? serviceCalls(plan, workspace, draft, context) : undefined;
  if (plan.passwordHash && (plan.operations.includes('create') || plan.operations.includes('update'))) {
    // The router or its service hashes; importing into a file that ends up not using it would be F401.
    const hashing = calls === undefined ? draft : workspace.file(plan.service?.file ?? '', plan.service?.module ?? '');
    ChangeWorkspace.importFrom(hashing, plan.passwordHash.module, plan.passwordHash.function);
  }

  const checksConflicts =
    (plan.operations.includes('create') && createConflicts(plan).length > 0) || (plan.operations.includes('update') && updateConflicts(plan).length > 0);
  if (checksConflicts) {
    importFrom('sqlmodel', 'select');
  }
  for (const operation of plan.operations) {
    const row = names.rowVar;
    const body: string[] = [];
    let parts: Omit<RouteParts, 'body'>;
    switch (operation) {
      case 'list': {
        const { skip, limit, max } = names.pageParams;
        importFrom('fastapi', 'Query');
        importFrom('typing', 'Annotated');
        const page = [`${skip}: Annotated[int, Query(ge=0)] = 0`, `${limit}: Annotated[int, Query(ge=1, le=${max})] = ${max}`];
        const rows = names.plural === names.snake ? `${names.snake}_rows` : names.plural;
        if (schemas.list) {
          importFrom(schemas.list.module, schemas.list.name);
          importFrom(schemas.public.module, schemas.public.name);
          if (calls) {
            body.push(...calls.list(rows, 'count'));
          } else {
            importFrom('sqlmodel', 'col', 'func', 'select');
            body.push(...listLines(context, INDENT, rows, 'count'));
          }
          const data = `data=[${schemas.public.name}.model_validate(${names.snake}) for ${names.snake} in ${rows}]`;
          body.push(bracketed(INDENT, `return ${schemas.list.name}`, [data, 'count=count']));
          parts = { method: 'get', path: plan.router.collectionPath, decoratorArgs: [], parameters: [...common, ...page], returns: schemas.list.name };
        } else {
          importFrom(schemas.public.module, schemas.public.name);
          importFrom('collections.abc', 'Sequence');
          if (calls) {
            body.push(...calls.list(rows));
          } else {
            importFrom('sqlmodel', 'col', 'select');
            body.push(...listLines(context, INDENT, rows));
          }
          body.push(`${INDENT}return ${rows}`);
          parts = { method: 'get', path: plan.router.collectionPath, decoratorArgs: [`response_model=list[${schemas.public.name}]`], parameters: [...common, ...page], returns: `Sequence[${names.model}]` };
        }
        break;
      }
      case 'read': {
        const detail = schemas.detail ?? schemas.public;
        importFrom(detail.module, detail.name);
        body.push(...(calls ? calls.fetch(row, notFound) : fetchLines(context, INDENT, row, notFound)));
        body.push(`${INDENT}return ${row}`);
        parts = { method: 'get', path: plan.router.itemPath, decoratorArgs: [`response_model=${detail.name}`], parameters: [idParameter, ...common], returns: names.model };
        break;
      }
      case 'create':
        importFrom(schemas.public.module, schemas.public.name);
        importFrom(schemas.create.module, schemas.create.name);
        body.push(...parentOwnerCheck(context, INDENT, names.bodyParam));
        body.push(...createConflictLines(plan, INDENT, names.bodyParam));
        body.push(...(calls ? calls.create(row, names.bodyParam) : createLines(context, INDENT, row, names.bodyParam)));
        body.push(`${INDENT}return ${row}`);
        parts = {
          method: 'post',
          path: plan.router.collectionPath,
          decoratorArgs: [`response_model=${schemas.public.name}`, ...(plan.createStatus === 200 ? [] : [`status_code=${statusExpression(plan, draft, plan.createStatus)}`])],
          parameters: [`${names.bodyParam}: ${schemas.create.name}`, ...common],
          returns: names.model,
        };
        break;
      case 'update':
        importFrom(schemas.public.module, schemas.public.name);
        importFrom(schemas.update.module, schemas.update.name);
        body.push(...nullUpdateCheck(plan, INDENT, names.bodyParam));
        body.push(...(calls ? calls.fetch(row, notFound) : fetchLines(context, INDENT, row, notFound)));
        body.push(...updateConflictLines(plan, INDENT, names.bodyParam, row));
        body.push(...(calls ? calls.update(row, names.bodyParam) : updateLines(plan, INDENT, row, names.bodyParam)));
        body.push(`${INDENT}return ${row}`);
        parts = { method: plan.updateMethod, path: plan.router.itemPath, decoratorArgs: [`response_model=${schemas.public.name}`], parameters: [idParameter, `${names.bodyParam}: ${schemas.update.name}`, ...common], returns: names.model };
        break;
      case 'delete':
        parts = deleteRoute(plan, draft, idParameter, common);
        body.push(...(calls ? calls.fetch(row, notFound) : fetchLines(context, INDENT, row, notFound)));
        body.push(...deleteBody(plan, draft, calls?.remove(row) ?? deleteLines(plan, INDENT, row), row));
        break;
    }
    draft.blocks.push(renderRoute(plan, operation, draft, { ...parts, decoratorArgs: [...parts.decoratorArgs, ...guard], body }));
  }
  importOwnerParent(plan, [draft, ...(plan.service ? [workspace.file(plan.service.file, plan.service.module)] : [])]);
}

/** The parent a row is owned through, imported where the scoping code names it. */
function importOwnerParent(plan: CrudPlan, drafts: readonly FileDraft[]): void {
  const parent = plan.ownerPath?.parent;
  if (parent === undefined) {
    return;
  }
  const named = new RegExp(`\\b${parent.name}\\b`);
  for (const draft of drafts) {
    if (draft.blocks.some((block) => named.test(block))) {
      ChangeWorkspace.importFrom(draft, parent.module, parent.name);
    }
  }
}

function deleteRoute(plan: CrudPlan, draft: FileDraft, idParameter: string, common: string[]): Omit<RouteParts, 'body'> {
  const { schemas } = plan;
  const base = { method: 'delete', path: plan.router.itemPath, parameters: [idParameter, ...common] };
  if (plan.deleteReturns === 'message' && plan.messageClass) {
    ChangeWorkspace.importFrom(draft, plan.messageClass.module, plan.messageClass.name);
    return { ...base, decoratorArgs: [], returns: plan.messageClass.name };
  }
  if (plan.deleteReturns === 'literal' && plan.deleteLiteral) {
    return { ...base, decoratorArgs: [], returns: plan.deleteLiteral.annotation };
  }
  if (plan.deleteReturns === 'model') {
    ChangeWorkspace.importFrom(draft, schemas.public.module, schemas.public.name);
    return { ...base, decoratorArgs: [], returns: schemas.public.name };
  }
  return { ...base, decoratorArgs: [`status_code=${statusExpression(plan, draft, plan.deleteStatus)}`], returns: 'None' };
}

function deleteBody(plan: CrudPlan, _draft: FileDraft, remove: string[], row: string): string[] {
  if (plan.deleteReturns === 'message' && plan.messageClass) {
    const message = pyString(`${plan.names.model} deleted successfully`);
    return [...remove, `${INDENT}return ${plan.messageClass.name}(message=${message})`];
  }
  if (plan.deleteReturns === 'literal' && plan.deleteLiteral) {
    return [...remove, `${INDENT}return ${plan.deleteLiteral.expression}`];
  }
  if (plan.deleteReturns === 'model') {
    const publicName = plan.schemas.public.name;
    return [`${INDENT}deleted = ${publicName}.model_validate(${row})`, ...remove, `${INDENT}return deleted`];
  }
  return remove;
}

/** Path parameters of the router prefix, the session, and the signed-in user. */
function commonParameters(plan: CrudPlan, draft: FileDraft): string[] {
  const parameters = plan.router.parentParams.map((param) => `${param.name}: ${param.type}`);
  parameters.push(`session: ${plan.session.alias}`);
  ChangeWorkspace.importFrom(draft, plan.session.aliasModule, plan.session.alias);
  if (plan.auth && !plan.auth.superuserOnly) {
    parameters.push(`current_user: ${plan.auth.currentUser.alias}`);
    ChangeWorkspace.importFrom(draft, plan.auth.currentUser.aliasModule, plan.auth.currentUser.alias);
  }
  return parameters;
}

/** `dependencies=[Depends(guard)]` for routes only superusers may call. */
function superuserGuard(plan: CrudPlan, draft: FileDraft): string[] {
  const guard = plan.auth?.superuserOnly ? plan.auth.superuserGuard : undefined;
  if (guard === undefined) {
    return [];
  }
  ChangeWorkspace.importFrom(draft, 'fastapi', 'Depends');
  ChangeWorkspace.importFrom(draft, guard.module, guard.function);
  return [`dependencies=[Depends(${guard.function})]`];
}

/** `dependencies=[Depends(get_current_user)]` where the current user is no user model. */
function signInGuard(plan: CrudPlan, draft: FileDraft): string[] {
  const guard = plan.signInGuard;
  if (guard === undefined) {
    return [];
  }
  ChangeWorkspace.importFrom(draft, 'fastapi', 'Depends');
  ChangeWorkspace.importFrom(draft, guard.module, guard.function);
  return [`dependencies=[Depends(${guard.function})]`];
}

/** `SessionDep = Annotated[Session, Depends(get_session)]` where the project has no alias. */
function emitAliases(plan: CrudPlan, draft: FileDraft): void {
  const uses = [plan.session, ...(plan.auth && !plan.auth.superuserOnly ? [plan.auth.currentUser] : [])];
  for (const use of uses) {
    if (use.aliasModule !== undefined) {
      continue;
    }
    ChangeWorkspace.importFrom(draft, 'typing', 'Annotated');
    ChangeWorkspace.importFrom(draft, 'fastapi', 'Depends');
    ChangeWorkspace.importFrom(draft, use.functionModule, use.function);
    const typeModule = use === plan.session ? (/AsyncSession/.test(use.type) ? 'sqlmodel.ext.asyncio.session' : 'sqlmodel') : plan.auth?.userModel.module;
    ChangeWorkspace.importFrom(draft, typeModule, use.type);
    draft.blocks.push(`${use.alias} = Annotated[${use.type}, Depends(${use.function})]`);
  }
}

/** `uuid.UUID` needs `import uuid`; a bare `UUID` comes from the uuid module too. */
export function importTypeOf(draft: FileDraft, types: readonly string[]): void {
  for (const type of types) {
    if (type.startsWith('uuid.')) {
      draft.imports.module('uuid');
    } else if (type === 'UUID') {
      ChangeWorkspace.importFrom(draft, 'uuid', 'UUID');
    }
  }
}
