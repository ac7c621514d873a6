/**
 * The current-user dependency (`CurrentUser`) and the superuser guard: every token that is not
 * a valid access token of an active user is a 401 with `WWW-Authenticate: Bearer`.
 */
import type { ChangeWorkspace } from '../crud/workspace';
import type { AuthPlan } from './plan';

export function subjectParser(plan: AuthPlan): string {
  const idType = plan.user?.idType ?? 'int';
  return idType === 'uuid.UUID' ? 'uuid.UUID' : idType;
}

/** `SessionDep`, or the inline `Annotated[Session, Depends(get_session)]` when the project has no alias. */
export function sessionAnnotation(plan: AuthPlan, imports: ChangeWorkspaceImports): string {
  const session = plan.session;
  if (session.alias !== undefined && session.aliasModule !== undefined) {
    imports.from(session.aliasModule, session.alias);
    return session.alias;
  }
  imports.from('typing', 'Annotated');
  imports.from('fastapi', 'Depends');
  imports.from(session.module, session.function);
  imports.from(plan.async ? 'sqlmodel.ext.asyncio.session' : 'sqlmodel', plan.session.sessionType);
  return `Annotated[${plan.session.sessionType}, Depends(${session.function})]`;
}

export interface ChangeWorkspaceImports {
  from(module: string, ...names: string[]): unknown;
  module(module: string): unknown;
}

export function emitDeps(plan: AuthPlan, workspace: ChangeWorkspace): void {
  const draft = workspace.file(plan.deps.file, plan.deps.module);
  const [def, wait] = plan.async ? ['async def', 'await '] : ['def', ''];
  const user = plan.userName;
  const active = plan.user?.activeField ?? 'is_active';
  const superuser = plan.user === undefined ? 'is_superuser' : plan.user.superuserField;
  const parse = subjectParser(plan);
  const sessionType = sessionAnnotation(plan, draft.imports);
  draft.imports.from('typing', 'Annotated');
  draft.imports.module('jwt');
  if (parse === 'uuid.UUID') draft.imports.module('uuid');
  draft.imports.from('fastapi', 'Depends', 'HTTPException', 'status');
  draft.imports.from('fastapi.security', 'OAuth2PasswordBearer');
  draft.imports.from(plan.models.module, user);
  draft.imports.from(plan.security.module, 'ACCESS', 'decode_token');
  const tokenUrl = `${plan.apiPrefix}/login/access-token`;
  draft.blocks.push(
    [
      `reusable_oauth2 = OAuth2PasswordBearer(tokenUrl="${tokenUrl}")`,
      '',
      'TokenDep = Annotated[str, Depends(reusable_oauth2)]',
    ].join('\n'),
    [
      `${def} get_current_user(session: ${sessionType}, token: TokenDep) -> ${user}:`,
      '    """The active user an access token was issued to; 401 for any other token."""',
      '    credentials_error = HTTPException(',
      '        status_code=status.HTTP_401_UNAUTHORIZED,',
      '        detail="Could not validate credentials",',
      '        headers={"WWW-Authenticate": "Bearer"},',
      '    )',
      '    try:',
      '        payload = decode_token(token, ACCESS)',
      `        user_id = ${parse}(payload["sub"])`,
      '    except (jwt.InvalidTokenError, ValueError):',
      '        raise credentials_error from None',
      `    user = ${wait}session.get(${user}, user_id)`,
      `    if user is None or not user.${active}:`,
      '        raise credentials_error',
      '    return user',
    ].join('\n'),
    `CurrentUser = Annotated[${user}, Depends(get_current_user)]`,
  );
  if (superuser !== undefined) {
    draft.blocks.push(
      [
        `def get_current_active_superuser(current_user: CurrentUser) -> ${user}:`,
        `    if not current_user.${superuser}:`,
        '        raise HTTPException(',
        '            status_code=status.HTTP_403_FORBIDDEN,',
        '            detail="The user doesn\'t have enough privileges",',
        '        )',
        '    return current_user',
      ].join('\n'),
    );
  }
  draft.descriptions.push(
    `get_current_user / CurrentUser${superuser === undefined ? '' : ' and get_current_active_superuser'} (401 with WWW-Authenticate: Bearer)`,
  );
}
