/**
 * Tests for a completed sign-in, signing in through the project's own login route: its access
 * tokens (without a type claim) still work, refresh rotates, a reused refresh token ends the
 * sign-in, the two token kinds are not interchangeable, forged refresh tokens and logout.
 * On an AsyncSession the module is async too (httpx AsyncClient under anyio), with its own fixtures.
 */
import type { ProjectFacts } from '../../project/facts';
import { joinPath, moduleForPath } from '../crud/modules';
import type { ChangeWorkspace } from '../crud/workspace';
import { bracketed, pyString, signature } from '../python/text';
import { asyncClientFixtures, syncClientFixtures } from './emit-tests';
import { syncOverAsyncFixtures, syncOverAsyncSave, syncOverAsyncUser } from './sync-over-async-fixtures';
import type { PartialPlan } from './partial-plan';
import type { AuthPlan } from './plan';

const PASSWORD = 'refresh-password-1';

/** How the project's login takes credentials: its OAuth2 form or a JSON body model. */
function credentials(plan: AuthPlan, partial: PartialPlan, facts: ProjectFacts, login: string): string | undefined {
  const parameters = partial.login.route.parameters;
  if (parameters.some((parameter) => /OAuth2PasswordRequestForm/.test(parameter.annotation ?? ''))) {
    return `data={"username": ${pyString(login)}, "password": PASSWORD}`;
  }
  for (const parameter of parameters) {
    const model = facts.models.find((candidate) => candidate.name === parameter.annotation && !candidate.table);
    const loginField = model?.fields.find((field) => field.name === plan.user?.loginField);
    const password = model?.fields.find((field) => /password/.test(field.name));
    if (loginField && password) return `json={"${loginField.name}": ${pyString(login)}, "${password.name}": PASSWORD}`;
  }
  return undefined;
}

/**
 * How the tests talk to the app: the sync TestClient on a Session; on an AsyncSession, httpx's
 * AsyncClient under anyio — unless the project's own tests use the sync TestClient over its
 * async app (and never AsyncClient), which the new module then does too.
 */
type TestMode = 'sync' | 'async' | 'sync-over-async';

function testMode(partial: PartialPlan, facts: ProjectFacts, workspace: ChangeWorkspace): TestMode {
  if (!partial.session.async) return 'sync';
  const testTexts = [...facts.files.keys()]
    .filter((path) => /(^|\/)(tests?\/|test_[^/]*\.py$|conftest\.py$)/.test(path))
    .map((path) => workspace.textOf(path) ?? '');
  const usesAsyncClient = testTexts.some((text) => /\bAsyncClient\b/.test(text));
  const usesTestClient = testTexts.some((text) => /\bTestClient\b/.test(text));
  return usesTestClient && !usesAsyncClient ? 'sync-over-async' : 'async';
}

function fixtures(mode: TestMode, app: string, getSession: string): string[] {
  if (mode === 'sync') return syncClientFixtures(app, getSession);
  return mode === 'async' ? asyncClientFixtures(app, getSession) : syncOverAsyncFixtures(app, getSession);
}

/**
 * `secured`: a parameterless GET route the same change protects, checked to answer 401 without
 * a token and 200 with one from the project's own login.
 */
export function emitPartialTests(
  plan: AuthPlan,
  partial: PartialPlan,
  facts: ProjectFacts,
  workspace: ChangeWorkspace,
  secured?: string,
): string | undefined {
  const user = plan.user;
  const hasher = plan.existing.passwordHasher;
  const me = plan.existing.meRoute;
  if (user === undefined || hasher === undefined || me === undefined) {
    return 'Tests were not generated: they need the project\'s password hashing function and a GET …/me route.';
  }
  const loginValue = user.loginField === 'email' ? 'refresh-user@example.com' : 'refresh-user';
  const body = credentials(plan, partial, facts, loginValue);
  const required = user.model.fields.filter(
    (field) => !field.primaryKey && !field.hasDefault && !field.optional && ![user.loginField, user.passwordField].includes(field.name),
  );
  if (body === undefined || required.length > 0) {
    return 'Tests were not generated: the login body or the user\'s required fields could not be read.';
  }
  const testsDir = facts.conventions.layout.testsDir.value;
  const file = ['test_auth_refresh.py', 'test_refresh_tokens.py'].map((name) => joinPath(testsDir, name)).find((path) => workspace.textOf(path) === undefined);
  if (file === undefined) return 'Tests were not generated: test_auth_refresh.py and test_refresh_tokens.py exist.';
  const draft = workspace.file(file, moduleForPath(facts, file));
  const inactiveStatus = partial.inactiveStatus;
  const mode = testMode(partial, facts, workspace);
  const isAsync = mode === 'async';
  const [def, wait, clientType, sessionType] = isAsync ? ['async def', 'await ', 'AsyncClient', 'AsyncSession'] : ['def', '', 'TestClient', 'Session'];
  draft.imports.module('jwt');
  draft.imports.module('pytest');
  draft.imports.from('sqlalchemy.pool', 'StaticPool');
  if (mode === 'sync') {
    draft.imports.from('collections.abc', 'Generator');
    draft.imports.from('fastapi.testclient', 'TestClient');
    draft.imports.from('sqlmodel', 'Session', 'SQLModel', 'create_engine');
  } else {
    draft.imports.from('collections.abc', 'AsyncGenerator', ...(isAsync ? [] : ['Generator']));
    draft.imports.from('sqlalchemy.ext.asyncio', 'create_async_engine', ...(isAsync ? [] : ['AsyncEngine']));
    draft.imports.from('sqlmodel', 'SQLModel');
    // The project's own AsyncSession class: SQLModel's warns on the execute() SQLAlchemy's is used with.
    draft.imports.from(partial.session.module, 'AsyncSession');
    if (isAsync) draft.imports.from('httpx', 'ASGITransport', 'AsyncClient');
    else {
      draft.imports.module('asyncio');
      draft.imports.from('fastapi.testclient', 'TestClient');
    }
  }
  draft.imports.from(plan.session.module, plan.session.function);
  draft.imports.from(plan.app.module, plan.app.variable);
  draft.imports.from(moduleForPath(facts, hasher.file), hasher.name);
  draft.imports.from(user.model.module, plan.userName);
  const app = plan.app.variable;
  const userFields = [`${user.loginField}=${pyString(loginValue)}`, `${user.passwordField}=${hasher.name}(PASSWORD)`];
  const client = `client: ${clientType}`;
  const withUser = [client, `user: ${plan.userName}`];
  const test = (name: string, parameters: readonly string[], lines: readonly string[]): string =>
    [signature('', `${def} ${name}`, parameters, ' -> None:'), ...lines].join('\n');
  const post = (target: string, args: readonly string[]): string => bracketed('    ', `${target} = ${wait}client.post`, args);
  draft.blocks.push(
    [
      `PASSWORD = ${pyString(PASSWORD)}`,
      `LOGIN = ${pyString(partial.login.route.path)}`,
      `REFRESH = ${pyString(partial.paths.refreshFull)}`,
      `LOGOUT = ${pyString(partial.paths.logoutFull)}`,
      `ME = ${pyString(me.path)}`,
      ...(isAsync ? ['', 'pytestmark = pytest.mark.anyio'] : []),
    ].join('\n'),
    ...fixtures(mode, app, plan.session.function),
    mode === 'sync-over-async'
      ? syncOverAsyncUser(plan.userName, userFields)
      : [
          '@pytest.fixture(name="user")',
          `${def} user_fixture(session: ${sessionType}) -> ${plan.userName}:`,
          bracketed('    ', `user = ${plan.userName}`, userFields),
          '    session.add(user)',
          `    ${wait}session.commit()`,
          `    ${wait}session.refresh(user)`,
          '    return user',
        ].join('\n'),
    ...(mode === 'sync-over-async' ? [syncOverAsyncSave()] : []),
    [
      `${def} sign_in(${client}) -> dict[str, str]:`,
      post('response', ['LOGIN', body]),
      '    assert response.status_code == 200',
      '    tokens: dict[str, str] = response.json()',
      '    return tokens',
    ].join('\n'),
    ['def bearer(token: str) -> dict[str, str]:', '    return {"Authorization": f"Bearer {token}"}'].join('\n'),
    test('test_login_answers_a_refresh_token', withUser, [
      `    tokens = ${wait}sign_in(client)`,
      '    assert tokens["refresh_token"]',
      '    # The access token has no type claim, like those issued before: still accepted.',
      bracketed('    ', 'assert "type" not in jwt.decode', ['tokens["access_token"]', 'options={"verify_signature": False}']),
      `    me = ${wait}client.get(ME, headers=bearer(tokens["access_token"]))`,
      '    assert me.status_code == 200',
    ]),
    test('test_refresh_rotates_the_pair', withUser, [
      `    tokens = ${wait}sign_in(client)`,
      post('response', ['REFRESH', 'json={"refresh_token": tokens["refresh_token"]}']),
      '    assert response.status_code == 200',
      '    rotated = response.json()',
      '    assert rotated["refresh_token"] != tokens["refresh_token"]',
      `    me = ${wait}client.get(ME, headers=bearer(rotated["access_token"]))`,
      '    assert me.status_code == 200',
    ]),
    test('test_reused_refresh_token_revokes_its_sign_in', withUser, [
      `    spent = ${isAsync ? '(await sign_in(client))' : 'sign_in(client)'}["refresh_token"]`,
      post('rotated', ['REFRESH', 'json={"refresh_token": spent}']),
      post('reused', ['REFRESH', 'json={"refresh_token": spent}']),
      '    assert reused.status_code == 401',
      post('later', ['REFRESH', 'json={"refresh_token": rotated.json()["refresh_token"]}']),
      '    assert later.status_code == 401',
    ]),
    test('test_refresh_token_is_no_access_token', withUser, [
      `    tokens = ${wait}sign_in(client)`,
      `    response = ${wait}client.get(ME, headers=bearer(tokens["refresh_token"]))`,
      '    assert response.status_code == 401',
    ]),
    test('test_access_token_is_no_refresh_token', withUser, [
      `    tokens = ${wait}sign_in(client)`,
      post('response', ['REFRESH', 'json={"refresh_token": tokens["access_token"]}']),
      '    assert response.status_code == 401',
    ]),
    test('test_refresh_token_signed_with_another_key_is_refused', withUser, [
      `    tokens = ${wait}sign_in(client)`,
      bracketed('    ', 'claims = jwt.decode', ['tokens["refresh_token"]', 'options={"verify_signature": False}']),
      bracketed('    ', 'forged = jwt.encode', ['claims', '"a-key-this-app-never-signed-with-0123456789"', 'algorithm="HS256"']),
      post('response', ['REFRESH', 'json={"refresh_token": forged}']),
      '    assert response.status_code == 401',
    ]),
    test('test_logout_ends_the_sign_in', withUser, [
      `    tokens = ${wait}sign_in(client)`,
      '    body = {"refresh_token": tokens["refresh_token"]}',
      post('response', ['LOGOUT', 'json=body', 'headers=bearer(tokens["access_token"])']),
      '    assert response.status_code == 204',
      post('after', ['REFRESH', 'json=body']),
      '    assert after.status_code == 401',
    ]),
    test('test_logout_needs_a_signed_in_user', withUser, [
      `    tokens = ${wait}sign_in(client)`,
      post('response', ['LOGOUT', 'json={"refresh_token": tokens["refresh_token"]}']),
      '    assert response.status_code == 401',
    ]),
    test('test_refresh_for_an_inactive_user_is_refused', [client, mode === 'sync-over-async' ? 'engine: AsyncEngine' : `session: ${sessionType}`, `user: ${plan.userName}`], [
      `    tokens = ${wait}sign_in(client)`,
      `    user.${user.activeField} = False`,
      ...(mode === 'sync-over-async' ? ['    asyncio.run(save(engine, user))'] : ['    session.add(user)', `    ${wait}session.commit()`]),
      post('response', ['REFRESH', 'json={"refresh_token": tokens["refresh_token"]}']),
      `    assert response.status_code == ${inactiveStatus}`,
    ]),
    ...(secured === undefined
      ? []
      : [
          test('test_newly_protected_route_needs_a_signed_in_user', withUser, [
            `    anonymous = ${wait}client.get(${pyString(secured)})`,
            '    assert anonymous.status_code == 401',
            `    tokens = ${wait}sign_in(client)`,
            bracketed('    ', `response = ${wait}client.get`, [pyString(secured), 'headers=bearer(tokens["access_token"])']),
            '    assert response.status_code == 200',
          ]),
        ]),
  );
  draft.descriptions.push('tests: refresh rotation, reuse revokes the sign-in, token kinds kept apart, forged tokens, logout');
  return undefined;
}
