/**
 * Tests for a completed sign-in, signing in through the project's own login route: its access
 * tokens (without a type claim) still work, refresh rotates, a reused refresh token ends the
 * sign-in, the two token kinds are not interchangeable, forged refresh tokens and logout.
 */
import type { ProjectFacts } from '../../project/facts';
import { joinPath, moduleForPath } from '../crud/modules';
import type { ChangeWorkspace } from '../crud/workspace';
import { bracketed, pyString, signature } from '../python/text';
import { syncClientFixtures } from './emit-tests';
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

export function emitPartialTests(plan: AuthPlan, partial: PartialPlan, facts: ProjectFacts, workspace: ChangeWorkspace): string | undefined {
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
  draft.imports.from('collections.abc', 'Generator');
  draft.imports.module('jwt');
  draft.imports.module('pytest');
  draft.imports.from('fastapi.testclient', 'TestClient');
  draft.imports.from('sqlalchemy.pool', 'StaticPool');
  draft.imports.from('sqlmodel', 'Session', 'SQLModel', 'create_engine');
  draft.imports.from(plan.session.module, plan.session.function);
  draft.imports.from(plan.app.module, plan.app.variable);
  draft.imports.from(moduleForPath(facts, hasher.file), hasher.name);
  draft.imports.from(user.model.module, plan.userName);
  const app = plan.app.variable;
  draft.blocks.push(
    [
      `PASSWORD = ${pyString(PASSWORD)}`,
      `LOGIN = ${pyString(partial.login.route.path)}`,
      `REFRESH = ${pyString(partial.paths.refreshFull)}`,
      `LOGOUT = ${pyString(partial.paths.logoutFull)}`,
      `ME = ${pyString(me.path)}`,
    ].join('\n'),
    ...syncClientFixtures(app, plan.session.function),
    [
      '@pytest.fixture(name="user")',
      `def user_fixture(session: Session) -> ${plan.userName}:`,
      bracketed(
        '    ',
        `user = ${plan.userName}`,
        [`${user.loginField}=${pyString(loginValue)}`, `${user.passwordField}=${hasher.name}(PASSWORD)`],
      ),
      '    session.add(user)',
      '    session.commit()',
      '    session.refresh(user)',
      '    return user',
    ].join('\n'),
    [
      'def sign_in(client: TestClient) -> dict[str, str]:',
      bracketed('    ', 'response = client.post', ['LOGIN', body]),
      '    assert response.status_code == 200',
      '    tokens: dict[str, str] = response.json()',
      '    return tokens',
    ].join('\n'),
    ['def bearer(token: str) -> dict[str, str]:', '    return {"Authorization": f"Bearer {token}"}'].join('\n'),
    [
      signature('', 'def test_login_answers_a_refresh_token', ['client: TestClient', `user: ${plan.userName}`], ' -> None:'),
      '    tokens = sign_in(client)',
      '    assert tokens["refresh_token"]',
      '    # The access token has no type claim, like those issued before: still accepted.',
      bracketed('    ', 'assert "type" not in jwt.decode', ['tokens["access_token"]', 'options={"verify_signature": False}']),
      '    assert client.get(ME, headers=bearer(tokens["access_token"])).status_code == 200',
    ].join('\n'),
    [
      signature('', 'def test_refresh_rotates_the_pair', ['client: TestClient', `user: ${plan.userName}`], ' -> None:'),
      '    tokens = sign_in(client)',
      '    response = client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})',
      '    assert response.status_code == 200',
      '    rotated = response.json()',
      '    assert rotated["refresh_token"] != tokens["refresh_token"]',
      '    assert client.get(ME, headers=bearer(rotated["access_token"])).status_code == 200',
    ].join('\n'),
    [
      signature('', 'def test_reused_refresh_token_revokes_its_sign_in', ['client: TestClient', `user: ${plan.userName}`], ' -> None:'),
      '    spent = sign_in(client)["refresh_token"]',
      '    rotated = client.post(REFRESH, json={"refresh_token": spent}).json()',
      '    assert client.post(REFRESH, json={"refresh_token": spent}).status_code == 401',
      '    later = client.post(REFRESH, json={"refresh_token": rotated["refresh_token"]})',
      '    assert later.status_code == 401',
    ].join('\n'),
    [
      signature('', 'def test_refresh_token_is_no_access_token', ['client: TestClient', `user: ${plan.userName}`], ' -> None:'),
      '    tokens = sign_in(client)',
      '    response = client.get(ME, headers=bearer(tokens["refresh_token"]))',
      '    assert response.status_code == 401',
    ].join('\n'),
    [
      signature('', 'def test_access_token_is_no_refresh_token', ['client: TestClient', `user: ${plan.userName}`], ' -> None:'),
      '    tokens = sign_in(client)',
      '    response = client.post(REFRESH, json={"refresh_token": tokens["access_token"]})',
      '    assert response.status_code == 401',
    ].join('\n'),
    [
      signature('', 'def test_refresh_token_signed_with_another_key_is_refused', ['client: TestClient', `user: ${plan.userName}`], ' -> None:'),
      bracketed('    ', 'claims = jwt.decode', ['sign_in(client)["refresh_token"]', 'options={"verify_signature": False}']),
      bracketed('    ', 'forged = jwt.encode', ['claims', '"a-key-this-app-never-signed-with-0123456789"', 'algorithm="HS256"']),
      '    response = client.post(REFRESH, json={"refresh_token": forged})',
      '    assert response.status_code == 401',
    ].join('\n'),
    [
      signature('', 'def test_logout_ends_the_sign_in', ['client: TestClient', `user: ${plan.userName}`], ' -> None:'),
      '    tokens = sign_in(client)',
      '    body = {"refresh_token": tokens["refresh_token"]}',
      '    response = client.post(LOGOUT, json=body, headers=bearer(tokens["access_token"]))',
      '    assert response.status_code == 204',
      '    assert client.post(REFRESH, json=body).status_code == 401',
    ].join('\n'),
    [
      signature('', 'def test_logout_needs_a_signed_in_user', ['client: TestClient', `user: ${plan.userName}`], ' -> None:'),
      '    tokens = sign_in(client)',
      '    response = client.post(LOGOUT, json={"refresh_token": tokens["refresh_token"]})',
      '    assert response.status_code == 401',
    ].join('\n'),
    [
      'def test_refresh_for_an_inactive_user_is_refused(',
      `    client: TestClient, session: Session, user: ${plan.userName}`,
      ') -> None:',
      '    tokens = sign_in(client)',
      `    user.${user.activeField} = False`,
      '    session.add(user)',
      '    session.commit()',
      '    response = client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})',
      `    assert response.status_code == ${inactiveStatus}`,
    ].join('\n'),
  );
  draft.descriptions.push('tests: refresh rotation, reuse revokes the sign-in, token kinds kept apart, forged tokens, logout');
  return undefined;
}
