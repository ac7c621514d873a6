/**
 * Completes a project's access-token sign-in in place with minimal edits: refresh tokens signed
 * beside its access tokens, its token check refusing refresh tokens (older access tokens without
 * a type claim keep working), its login answering a refresh token too, and refresh with
 * rotation, reuse detection and logout added to its login router.
 */
import type { ProjectFacts } from '../../project/facts';
import { scanDefinedNames } from '../python/module-scan';
import { moduleForPath } from '../crud/modules';
import { documentedDecorator, ERROR_DETAIL_CLASS, errorDetailClass, routeDocsContext, routeDocstring, type ErrorModelRef } from '../python/route-docs';
import { signature } from '../python/text';
import { authRouteDocs } from './route-docs';
import type { ChangeWorkspace, FileDraft } from '../crud/workspace';
import { refreshTable } from './emit-models';
import type { PartialPlan } from './partial-plan';
import type { AuthPlan } from './plan';
import { AuthRefusal } from './refusals';

const REFRESH_DAYS_DEFAULT = 7;

/** The refresh lifetime: a settings field in the project's case, or a module constant without settings. */
function refreshDays(plan: AuthPlan): { readonly reference: string; readonly name: string; readonly inSettings: boolean } {
  const s = plan.settings;
  if (s.kind === 'new') return { reference: 'REFRESH_TOKEN_EXPIRE_DAYS', name: 'REFRESH_TOKEN_EXPIRE_DAYS', inSettings: false };
  const lower = !s.accessMinutes.added && s.accessMinutes.name === s.accessMinutes.name.toLowerCase();
  const name = s.refreshDays.added && lower ? s.refreshDays.name.toLowerCase() : s.refreshDays.name;
  return { reference: `${s.instance}.${name}`, name, inSettings: true };
}

function emitRefreshSetting(plan: AuthPlan, workspace: ChangeWorkspace): void {
  const s = plan.settings;
  const days = refreshDays(plan);
  if (!days.inSettings || !s.refreshDays.added) return;
  const draft = workspace.file(s.file, s.module);
  const line =
    s.kind === 'plain'
      ? `${s.indent}${days.name}: int = int(os.environ.get("${days.name.toUpperCase()}", "${REFRESH_DAYS_DEFAULT}"))`
      : `${s.indent}${days.name}: int = ${REFRESH_DAYS_DEFAULT}`;
  if (s.kind === 'plain') draft.imports.module('os');
  draft.edits.push({ start: s.insertLine, end: s.insertLine, lines: [line] });
  draft.descriptions.push(`adds ${days.name} to ${s.className}`);
}

function emitSigning(plan: AuthPlan, partial: PartialPlan, workspace: ChangeWorkspace): void {
  const { file, module, key, algorithm } = partial.signing;
  const draft = workspace.file(file, module);
  const days = refreshDays(plan);
  draft.imports.from('datetime', 'UTC', 'datetime', 'timedelta');
  draft.imports.from('typing', 'Any');
  draft.imports.module('jwt');
  if (days.inSettings) draft.imports.from(plan.settings.module, plan.settings.instance);
  draft.blocks.push(
    [
      ...(days.inSettings ? [] : [`${days.name} = ${REFRESH_DAYS_DEFAULT}`]),
      '# Access tokens signed before the type claim have none; they stay access tokens.',
      'REFRESH_TOKEN_TYPE = "refresh"',
    ].join('\n'),
    [
      'def create_refresh_token(subject: str, jti: str) -> str:',
      '    """A long-lived token only the refresh route accepts, tracked by its jti."""',
      '    now = datetime.now(UTC)',
      '    payload = {',
      '        "sub": subject,',
      '        "type": REFRESH_TOKEN_TYPE,',
      '        "jti": jti,',
      '        "iat": now,',
      `        "exp": now + timedelta(days=${days.reference}),`,
      '    }',
      signature('    ', 'return jwt.encode', ['payload', key, `algorithm=${algorithm}`], ''),
    ].join('\n'),
    [
      'def decode_refresh_token(token: str) -> dict[str, Any]:',
      '    """Claims of a refresh token this app signed; else jwt.InvalidTokenError."""',
      '    payload: dict[str, Any] = jwt.decode(',
      '        token,',
      `        ${key},`,
      `        algorithms=[${algorithm}],`,
      '        options={"require": ["exp", "iat", "sub", "type", "jti"]},',
      '    )',
      '    if payload["type"] != REFRESH_TOKEN_TYPE:',
      '        raise jwt.InvalidTokenError("not a refresh token")',
      '    return payload',
    ].join('\n'),
  );
  draft.descriptions.push('refresh tokens (type, jti, iat, exp) signed like the access tokens');
}

function emitTokenCheck(partial: PartialPlan, facts: ProjectFacts, workspace: ChangeWorkspace): void {
  const check = partial.tokenCheck;
  const draft = workspace.file(check.file, moduleForPath(facts, check.file));
  draft.edits.push({
    start: check.decodeEnd + 1,
    end: check.decodeEnd + 1,
    lines: [
      `${check.indent}# A refresh token is no access token; older tokens without a type still are.`,
      `${check.indent}if ${check.payload}.get("type", "access") != "access":`,
      `${check.indent}    raise ${check.handler}("not an access token")`,
    ],
  });
  draft.descriptions.push(`${facts.dependencies.currentUser?.function ?? 'the token check'} refuses refresh tokens`);
}

/** `pair` (as wide as `return`, so the statement keeps its layout) unless the login uses it. */
function responseVariable(partial: PartialPlan): string {
  const { source } = partial.login;
  const text = source.lines.slice(source.fn.range.startLine, source.fn.range.endLine + 1).join('\n');
  return ['pair', 'resp', 'toks'].find((name) => !new RegExp(`\\b${name}\\b`).test(text)) ?? 'pair';
}

function storeRefresh(partial: PartialPlan, variable: string, call: string): string {
  return partial.login.responseIsDict ? `${variable}["refresh_token"] = ${call}` : `${variable}.refresh_token = ${call}`;
}

function emitLoginEdit(partial: PartialPlan, draft: FileDraft): string {
  const login = partial.login;
  const variable = responseVariable(partial);
  const first = login.source.lines[login.returnStart] ?? '';
  const indent = first.slice(0, first.indexOf('return '));
  const issue = `${asyncWords(partial).wait}issue_refresh_token(${login.sessionParameter.name}, ${login.userVariable})`;
  draft.edits.push(
    { start: login.returnStart, end: login.returnStart + 1, lines: [first.replace('return ', `${variable} = `)] },
    { start: login.returnEnd + 1, end: login.returnEnd + 1, lines: [`${indent}${storeRefresh(partial, variable, issue)}`, `${indent}return ${variable}`] },
  );
  return variable;
}

function emitModels(plan: AuthPlan, partial: PartialPlan, facts: ProjectFacts, workspace: ChangeWorkspace): void {
  const user = plan.user;
  if (user === undefined) throw new AuthRefusal('The project signs tokens but no user table model was found.');
  const users = workspace.file(user.model.file, user.model.module);
  users.imports.module('uuid');
  users.imports.from('sqlmodel', 'Field', 'SQLModel');
  users.blocks.push(refreshTable(plan));
  users.descriptions.push(`${plan.names.refreshModel} table: issued refresh tokens by jti, one family per sign-in`);
  const tokenModel = partial.tokenModel;
  const schemaFile = tokenModel ?? user.model;
  const schemas = workspace.file(schemaFile.file, schemaFile.module);
  schemas.imports.from('sqlmodel', 'SQLModel');
  schemas.blocks.push([`class ${plan.names.refreshRequest}(SQLModel):`, '    refresh_token: str'].join('\n'));
  schemas.descriptions.push(`${plan.names.refreshRequest} schema`);
  if (tokenModel === undefined || tokenModel.fields.some((field) => field.name === 'refresh_token')) return;
  const cls = facts.files.get(tokenModel.file)?.classes.find((candidate) => candidate.name === tokenModel.name);
  const last = cls ? [...cls.fields].sort((a, b) => a.range.endLine - b.range.endLine).at(-1) : undefined;
  if (cls === undefined || last === undefined) throw new AuthRefusal(`${tokenModel.name} (${tokenModel.file}) has no fields to extend.`);
  const line = last.range.endLine + 1;
  schemas.edits.push({ start: line, end: line, lines: [`${' '.repeat(last.range.startColumn)}refresh_token: str | None = None`] });
  schemas.descriptions.push(`${tokenModel.name} carries the refresh token`);
}

/** `async def` and `await ` on an AsyncSession, nothing on a Session. */
function asyncWords(partial: PartialPlan): { readonly def: string; readonly wait: string } {
  return partial.session.async ? { def: 'async def', wait: 'await ' } : { def: 'def', wait: '' };
}

/** The rows a `select` statement answers, in the session's own way. */
function selectRows(partial: PartialPlan, session: string, statement: string): string {
  const { wait } = asyncWords(partial);
  if (partial.session.query === 'execute') return `(${wait}${session}.execute(${statement})).scalars().all()`;
  return partial.session.async ? `(await ${session}.exec(${statement})).all()` : `${session}.exec(${statement}).all()`;
}

function helpers(plan: AuthPlan, partial: PartialPlan): string[] {
  const refresh = plan.names.refreshModel;
  const user = plan.userName;
  const { def, wait } = asyncWords(partial);
  const sessionType = partial.session.typeName;
  return [
    [
      'def refresh_error() -> HTTPException:',
      '    return HTTPException(',
      '        status_code=status.HTTP_401_UNAUTHORIZED,',
      '        detail="Invalid refresh token",',
      '        headers={"WWW-Authenticate": "Bearer"},',
      '    )',
    ].join('\n'),
    [
      signature('', `${def} issue_refresh_token`, [`session: ${sessionType}`, `user: ${user}`, 'family_id: uuid.UUID | None = None'], ' -> str:'),
      '    """A refresh token stored by its jti; a new sign-in starts a new family."""',
      ...(plan.user?.idType === 'uuid.UUID' ? [] : ['    if user.id is None:', '        raise ValueError("tokens are issued to stored users only")']),
      '    jti = uuid.uuid4()',
      '    family = uuid.uuid4() if family_id is None else family_id',
      // Read before the commit, which may expire the user's attributes (an async load then fails).
      '    subject = str(user.id)',
      `    session.add(${refresh}(id=jti, family_id=family, user_id=user.id))`,
      `    ${wait}session.commit()`,
      '    return create_refresh_token(subject, str(jti))',
    ].join('\n'),
    [
      signature('', `${def} revoke_refresh_family`, [`session: ${sessionType}`, 'family_id: uuid.UUID'], ' -> None:'),
      '    """Revokes every refresh token of one sign-in."""',
      `    statement = select(${refresh}).where(${refresh}.family_id == family_id)`,
      `    for row in ${selectRows(partial, 'session', 'statement')}:`,
      '        row.revoked = True',
      '        session.add(row)',
      `    ${wait}session.commit()`,
    ].join('\n'),
    [
      signature('', `${def} stored_refresh_token`, [`session: ${sessionType}`, 'token: str'], ` -> ${refresh}:`),
      '    """The issued refresh token a request presents; 401 for anything else."""',
      '    try:',
      '        payload = decode_refresh_token(token)',
      '        jti = uuid.UUID(payload["jti"])',
      '    except (jwt.InvalidTokenError, ValueError):',
      '        raise refresh_error() from None',
      `    stored = ${wait}session.get(${refresh}, jti)`,
      '    if stored is None or str(stored.user_id) != payload["sub"]:',
      '        raise refresh_error()',
      '    return stored',
    ].join('\n'),
  ];
}

function routes(plan: AuthPlan, partial: PartialPlan, variable: string, facts: ProjectFacts, errorModel: string): string[] {
  const login = partial.login;
  const docs = authRouteDocs(plan);
  const layout = { prefix: '    ', style: routeDocsContext(facts).style };
  const refreshDoc =
    partial.inactiveStatus === 403 ? { ...docs.refresh, errors: [...docs.refresh.errors, { status: 403, when: 'the user is inactive' }] } : docs.refresh;
  const router = login.route.router;
  const session = `${login.sessionParameter.name}: ${login.sessionParameter.annotation}`;
  const s = login.sessionParameter.name;
  const u = login.userVariable;
  const active = plan.user?.activeField ?? 'is_active';
  const returns = login.route.returnAnnotation ?? 'Any';
  const currentUser = 'alias' in partial.currentUser ? partial.currentUser.alias : `Annotated[${plan.userName}, Depends(${partial.currentUser.function})]`;
  const { def, wait } = asyncWords(partial);
  const inactive =
    partial.inactiveStatus === 403
      ? [`    if not ${u}.${active}:`, '        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="Inactive user")']
      : [`    if not ${u}.${active}:`, '        raise refresh_error()'];
  return [
    [
      documentedDecorator(`@${router}.post`, [`"${partial.paths.refresh}"`], refreshDoc.errors, errorModel),
      signature('', `${def} refresh_tokens`, [session, `body: ${plan.names.refreshRequest}`], ` -> ${returns}:`),
      routeDocstring(refreshDoc, layout),
      `    stored = ${wait}stored_refresh_token(${s}, body.refresh_token)`,
      '    if stored.revoked:',
      '        # A spent token came back, so a copy is in other hands: end that whole sign-in.',
      `        ${wait}revoke_refresh_family(${s}, stored.family_id)`,
      '        raise refresh_error()',
      `    ${u} = ${wait}${s}.get(${plan.userName}, stored.user_id)`,
      `    if ${u} is None:`,
      '        raise refresh_error()',
      ...inactive,
      '    stored.revoked = True',
      `    ${s}.add(stored)`,
      ...login.locals.map((line) => `    ${line}`),
      `    ${variable} = ${login.expression.map((line, index) => (index === 0 ? line : `    ${line}`)).join('\n')}`,
      `    ${storeRefresh(partial, variable, `${wait}issue_refresh_token(${s}, ${u}, stored.family_id)`)}`,
      `    return ${variable}`,
    ].join('\n'),
    [
      documentedDecorator(`@${router}.post`, [`"${partial.paths.logout}"`, 'status_code=status.HTTP_204_NO_CONTENT'], docs.logout.errors, errorModel),
      signature('', `${def} logout`, [session, `current_user: ${currentUser}`, `body: ${plan.names.refreshRequest}`], ' -> None:'),
      routeDocstring(docs.logout, layout),
      `    stored = ${wait}stored_refresh_token(${s}, body.refresh_token)`,
      '    if stored.user_id != current_user.id:',
      '        raise refresh_error()',
      `    ${wait}revoke_refresh_family(${s}, stored.family_id)`,
    ].join('\n'),
  ];
}

/** The project's error model, else `ErrorDetail` added once beside the refresh request schema. */
function documentedErrorModel(facts: ProjectFacts, partial: PartialPlan, plan: AuthPlan, workspace: ChangeWorkspace): ErrorModelRef {
  const existing = routeDocsContext(facts).errorModel;
  if (existing !== undefined) return existing;
  const schemaFile = partial.tokenModel ?? plan.user?.model;
  if (schemaFile === undefined) throw new AuthRefusal('The project signs tokens but no user table model was found.');
  const schemas = workspace.file(schemaFile.file, schemaFile.module);
  schemas.blocks.push(errorDetailClass('SQLModel'));
  return { name: ERROR_DETAIL_CLASS, module: schemaFile.module, isNew: true };
}

const NEW_ROUTER_NAMES = ['refresh_error', 'issue_refresh_token', 'revoke_refresh_family', 'stored_refresh_token', 'refresh_tokens', 'logout'];

/** A name `from` some module the file already imports it from, else from `module`. */
function importOnce(draft: FileDraft, facts: ProjectFacts, name: string, module: string): void {
  const already = facts.files.get(draft.path)?.imports.some((fact) => fact.kind === 'from' && fact.names.some((imported) => (imported.alias ?? imported.name) === name));
  if (!already) draft.imports.from(module, name);
}

export function emitPartial(plan: AuthPlan, partial: PartialPlan, facts: ProjectFacts, workspace: ChangeWorkspace): void {
  const login = partial.login;
  const router = workspace.file(login.route.file, moduleForPath(facts, login.route.file));
  const taken = scanDefinedNames(router.before ?? '');
  const clash = NEW_ROUTER_NAMES.filter((name) => taken.has(name));
  if (clash.length > 0) throw new AuthRefusal(`${login.route.file} already defines ${clash.join(', ')}; refresh and logout cannot be added beside the login.`);
  emitRefreshSetting(plan, workspace);
  emitSigning(plan, partial, workspace);
  emitTokenCheck(partial, facts, workspace);
  emitModels(plan, partial, facts, workspace);
  const variable = emitLoginEdit(partial, router);
  const user = plan.user;
  if (user === undefined) return;
  router.imports.module('uuid');
  router.imports.module('jwt');
  router.imports.from('fastapi', 'HTTPException', 'status');
  router.imports.from('sqlmodel', 'select');
  router.imports.from(partial.session.module, partial.session.typeName);
  if (login.route.returnAnnotation === undefined) router.imports.from('typing', 'Any');
  if ('alias' in partial.currentUser) importOnce(router, facts, partial.currentUser.alias, partial.currentUser.module);
  else {
    router.imports.from('typing', 'Annotated');
    router.imports.from('fastapi', 'Depends');
    importOnce(router, facts, partial.currentUser.function, partial.currentUser.module);
  }
  importOnce(router, facts, plan.userName, user.model.module);
  router.imports.from(user.model.module, plan.names.refreshModel);
  const schemaModule = partial.tokenModel?.module ?? user.model.module;
  router.imports.from(schemaModule, plan.names.refreshRequest);
  router.imports.from(partial.signing.module, 'create_refresh_token', 'decode_refresh_token');
  const errorModel = documentedErrorModel(facts, partial, plan, workspace);
  importOnce(router, facts, errorModel.name, errorModel.module);
  router.blocks.push(...helpers(plan, partial), ...routes(plan, partial, variable, facts, errorModel.name));
  router.descriptions.push(
    `${login.route.functionName} also answers a refresh token; POST ${partial.paths.refreshFull} (rotation, reuse revokes the sign-in) and POST ${partial.paths.logoutFull}`,
  );
}
