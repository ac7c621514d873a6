/**
 * The auth router: sign-in with the OAuth2 password form, refresh with rotation (a reused
 * refresh token revokes its whole sign-in), sign-out, sign-up that takes no privileged field,
 * and the signed-in user — and its registration at the project's include point.
 */
import type { ProjectFacts } from '../../project/facts';
import { includePlacement } from '../python/include-placement';
import { documentedDecorator, ERROR_DETAIL_CLASS, errorDetailClass, routeDocstring, type RouteDocsContext } from '../python/route-docs';
import { signature } from '../python/text';
import { authRouteDocs } from './route-docs';
import { ChangeWorkspace } from '../crud/workspace';
import { AuthRefusal } from './refusals';
import { sessionAnnotation } from './emit-deps';
import type { AuthPlan } from './plan';

export const AUTH_PATHS = {
  login: '/login/access-token',
  refresh: '/login/refresh',
  logout: '/logout',
  signup: '/signup',
  me: '/users/me',
} as const;

/** `session.exec(statement)`, parenthesized around its await on an AsyncSession. */
function executed(plan: AuthPlan, statement: string): string {
  return plan.async ? `(await session.exec(${statement}))` : `session.exec(${statement})`;
}

function helpers(plan: AuthPlan, sessionParam: string): string[] {
  const [def, wait] = plan.async ? ['async def', 'await '] : ['def', ''];
  const { token, refreshModel } = plan.names;
  const user = plan.userName;
  return [
    [
      'def credentials_error(detail: str) -> HTTPException:',
      '    return HTTPException(',
      '        status_code=status.HTTP_401_UNAUTHORIZED,',
      '        detail=detail,',
      '        headers={"WWW-Authenticate": "Bearer"},',
      '    )',
    ].join('\n'),
    [
      signature('', `${def} issue_tokens`, [sessionParam, `user: ${user}`, 'family_id: uuid.UUID'], ` -> ${token}:`),
      '    """A new access and refresh token pair; the refresh token is stored by its jti."""',
      ...(plan.user?.idType === 'uuid.UUID'
        ? []
        : ['    if user.id is None:', '        raise ValueError("tokens are issued to stored users only")']),
      '    jti = uuid.uuid4()',
      `    session.add(${refreshModel}(id=jti, family_id=family_id, user_id=user.id))`,
      `    ${wait}session.commit()`,
      '    subject = str(user.id)',
      `    return ${token}(`,
      '        access_token=create_access_token(subject),',
      '        refresh_token=create_refresh_token(subject, str(jti)),',
      '    )',
    ].join('\n'),
    [
      `${def} revoke_family(${sessionParam}, family_id: uuid.UUID) -> None:`,
      '    """Revokes every refresh token of one sign-in."""',
      `    statement = select(${refreshModel}).where(${refreshModel}.family_id == family_id)`,
      `    for row in ${executed(plan, 'statement')}.all():`,
      '        row.revoked = True',
      '        session.add(row)',
      `    ${wait}session.commit()`,
    ].join('\n'),
    [
      `${def} stored_refresh_token(${sessionParam}, token: str) -> ${refreshModel}:`,
      '    """The issued refresh token a request presents; 401 for anything else."""',
      '    try:',
      '        payload = decode_token(token, REFRESH)',
      '        jti = uuid.UUID(payload["jti"])',
      '    except (jwt.InvalidTokenError, ValueError):',
      '        raise credentials_error("Invalid refresh token") from None',
      `    stored = ${wait}session.get(${refreshModel}, jti)`,
      '    if stored is None or str(stored.user_id) != payload["sub"]:',
      '        raise credentials_error("Invalid refresh token")',
      '    return stored',
    ].join('\n'),
  ];
}

function routes(plan: AuthPlan, sessionAlias: string, context: RouteDocsContext, errorModel: string): string[] {
  const docs = authRouteDocs(plan);
  const layout = { prefix: '    ', style: context.style };
  const [def, wait] = plan.async ? ['async def', 'await '] : ['def', ''];
  const { token, refreshRequest, register, public: publicName } = plan.names;
  const user = plan.userName;
  const login = plan.user?.loginField ?? 'email';
  const password = plan.user?.passwordField ?? 'hashed_password';
  const active = plan.user?.activeField ?? 'is_active';
  const taken = login === 'email' ? 'A user with this email already exists' : `A user with this ${login.replace(/_/g, ' ')} already exists`;
  return [
    [
      documentedDecorator(`@${plan.routerVariable}.post`, [`"${AUTH_PATHS.login}"`], docs.login.errors, errorModel),
      signature(
        '',
        `${def} login_access_token`,
        [`session: ${sessionAlias}`, 'form_data: Annotated[OAuth2PasswordRequestForm, Depends()]'],
        ` -> ${token}:`,
      ),
      routeDocstring(docs.login, layout),
      `    statement = select(${user}).where(${user}.${login} == form_data.username)`,
      `    user = ${executed(plan, 'statement')}.first()`,
      '    if user is None:',
      '        verify_password(form_data.password, DUMMY_HASH)',
      '        raise credentials_error("Incorrect username or password")',
      `    if not verify_password(form_data.password, user.${password}):`,
      '        raise credentials_error("Incorrect username or password")',
      `    if not user.${active}:`,
      '        raise credentials_error("Incorrect username or password")',
      `    return ${wait}issue_tokens(session, user, uuid.uuid4())`,
    ].join('\n'),
    [
      documentedDecorator(`@${plan.routerVariable}.post`, [`"${AUTH_PATHS.refresh}"`], docs.refresh.errors, errorModel),
      signature('', `${def} refresh_access_token`, [`session: ${sessionAlias}`, `body: ${refreshRequest}`], ` -> ${token}:`),
      routeDocstring(docs.refresh, layout),
      `    stored = ${wait}stored_refresh_token(session, body.refresh_token)`,
      '    if stored.revoked:',
      '        # A spent token came back, so a copy is in other hands: end that whole sign-in.',
      `        ${wait}revoke_family(session, stored.family_id)`,
      '        raise credentials_error("Refresh token was already used")',
      `    user = ${wait}session.get(${user}, stored.user_id)`,
      `    if user is None or not user.${active}:`,
      '        raise credentials_error("Invalid refresh token")',
      '    stored.revoked = True',
      '    session.add(stored)',
      `    return ${wait}issue_tokens(session, user, stored.family_id)`,
    ].join('\n'),
    [
      documentedDecorator(`@${plan.routerVariable}.post`, [`"${AUTH_PATHS.logout}"`, 'status_code=status.HTTP_204_NO_CONTENT'], docs.logout.errors, errorModel),
      signature(
        '',
        `${def} logout`,
        [`session: ${sessionAlias}`, 'current_user: CurrentUser', `body: ${refreshRequest}`],
        ' -> None:',
      ),
      routeDocstring(docs.logout, layout),
      `    stored = ${wait}stored_refresh_token(session, body.refresh_token)`,
      '    if stored.user_id != current_user.id:',
      '        raise credentials_error("Invalid refresh token")',
      `    ${wait}revoke_family(session, stored.family_id)`,
    ].join('\n'),
    [
      documentedDecorator(`@${plan.routerVariable}.post`, [`"${AUTH_PATHS.signup}"`, `response_model=${publicName}`, 'status_code=status.HTTP_201_CREATED'], docs.signup.errors, errorModel),
      `${def} signup(session: ${sessionAlias}, user_in: ${register}) -> ${user}:`,
      routeDocstring(docs.signup, layout),
      `    statement = select(${user}).where(${user}.${login} == user_in.${login})`,
      `    if ${executed(plan, 'statement')}.first() is not None:`,
      '        raise HTTPException(',
      '            status_code=status.HTTP_409_CONFLICT,',
      `            detail="${taken}",`,
      '        )',
      `    hashed = hash_password(user_in.password)`,
      `    user = ${user}.model_validate(user_in, update={"${password}": hashed})`,
      '    session.add(user)',
      `    ${wait}session.commit()`,
      `    ${wait}session.refresh(user)`,
      '    return user',
    ].join('\n'),
    [
      documentedDecorator(`@${plan.routerVariable}.get`, [`"${AUTH_PATHS.me}"`, `response_model=${publicName}`], docs.me.errors, errorModel),
      `${def} read_users_me(current_user: CurrentUser) -> ${user}:`,
      routeDocstring(docs.me, layout),
      '    return current_user',
    ].join('\n'),
  ];
}

export function emitRouter(plan: AuthPlan, workspace: ChangeWorkspace, docs: RouteDocsContext): void {
  const draft = workspace.file(plan.router.file, plan.router.module);
  const errorModel = docs.errorModel ?? { name: ERROR_DETAIL_CLASS, module: plan.models.module, isNew: true };
  if (errorModel.isNew) {
    // The error answers' body, documented once beside the auth models.
    const models = workspace.file(plan.models.file, plan.models.module);
    ChangeWorkspace.importFrom(models, 'sqlmodel', 'SQLModel');
    models.blocks.push(errorDetailClass('SQLModel'));
  }
  ChangeWorkspace.importFrom(draft, errorModel.module, errorModel.name);
  const sessionAlias = sessionAnnotation(plan, draft.imports);
  draft.imports.module('uuid');
  draft.imports.from('typing', 'Annotated');
  draft.imports.module('jwt');
  draft.imports.from('fastapi', 'APIRouter', 'Depends', 'HTTPException', 'status');
  draft.imports.from('fastapi.security', 'OAuth2PasswordRequestForm');
  draft.imports.from('sqlmodel', 'select');
  if (plan.async) draft.imports.from('sqlmodel.ext.asyncio.session', 'AsyncSession');
  else draft.imports.from('sqlmodel', 'Session');
  draft.imports.from(plan.deps.module, 'CurrentUser');
  const { token, refreshRequest, register, public: publicName, refreshModel } = plan.names;
  draft.imports.from(plan.models.module, plan.userName, refreshModel, token, refreshRequest, register, publicName);
  draft.imports.from(
    plan.security.module,
    'DUMMY_HASH',
    'REFRESH',
    'create_access_token',
    'create_refresh_token',
    'decode_token',
    'hash_password',
    'verify_password',
  );
  draft.blocks.push(
    `${plan.routerVariable} = APIRouter(tags=["auth"])`,
    ...helpers(plan, `session: ${plan.session.sessionType}`),
    ...routes(plan, sessionAlias, docs, errorModel.name),
  );
  draft.descriptions.push('login, refresh with rotation and reuse detection, logout, signup and /users/me');
}

export function emitRegistration(plan: AuthPlan, facts: ProjectFacts, workspace: ChangeWorkspace): void {
  const registration = plan.registration;
  if (registration === undefined) return;
  const draft = workspace.file(registration.file, registration.module);
  if (draft.before === null) {
    throw new AuthRefusal(`The file that registers routers (${registration.file}) could not be read.`);
  }
  const routerPackage = plan.router.module.slice(0, plan.router.module.lastIndexOf('.'));
  const routerName = plan.router.module.slice(plan.router.module.lastIndexOf('.') + 1);
  const includes = (facts.files.get(registration.file)?.includes ?? []).filter((include) => include.target === registration.target);
  const moduleStyle = includes.some((include) => /^\w+\.router$/.test(include.router));
  const expression = moduleStyle ? `${routerName}.router` : `${routerName}_router`;
  if (moduleStyle) draft.imports.from(routerPackage, routerName);
  else draft.imports.add({ kind: 'from', module: plan.router.module, level: 0, names: [{ name: 'router', alias: `${routerName}_router` }] });
  const { line, indent } = includePlacement(facts.files.get(registration.file), draft.before, registration.target);
  draft.edits.push({ start: line, end: line, lines: [`${indent}${registration.target}.include_router(${expression})`] });
  draft.descriptions.push('registers the auth router');
}
