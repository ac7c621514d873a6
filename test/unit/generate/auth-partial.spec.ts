import assert from 'node:assert/strict';
import { AuthRefusal } from '../../../src/core/generate/auth/index';
import { applied, auth, type Files, indexFiles, readFixture } from './auth-project';
import { flatCalls } from './crud-project';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AuthRefusal, `expected an AuthRefusal, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected a refusal');
}

async function completed(files: Files): Promise<Map<string, string>> {
  const changeSet = auth(await indexFiles(files), files, { fixes: 'none' });
  return new Map(changeSet.changes.map((change) => [change.path, change.after]));
}

describe('completing an existing access-token sign-in', () => {
  describe('a layered backend/ with access tokens only (layered-backend)', () => {
    let files: Files;
    before(() => {
      files = readFixture('layered-backend');
    });

    it('signs refresh tokens in its own security module with its own key and algorithm, adding no new module', async () => {
      const changeSet = auth(await indexFiles(files), files, { fixes: 'none' });
      const created = changeSet.changes.filter((change) => change.kind === 'create').map((change) => change.path);
      assert.deepEqual(created, ['backend/tests/test_auth_refresh.py']);
      const security = changeSet.changes.find((change) => change.path === 'backend/middleware/auth.py')?.after ?? '';
      assert.match(security, /def create_refresh_token\(subject: str, jti: str\) -> str:/);
      assert.match(security, /return jwt\.encode\(payload, settings\.secret_key, algorithm=settings\.algorithm\)/);
      assert.match(security, /algorithms=\[settings\.algorithm\],\n {8}options=\{"require": \["exp", "iat", "sub", "type", "jti"\]\}/);
      assert.match(changeSet.summary, /POST \/auth\/refresh, POST \/auth\/logout/);
    });

    it('edits the token check to refuse refresh tokens inside its try, so the project answers its own 401', async () => {
      const security = (await completed(files)).get('backend/middleware/auth.py') ?? '';
      assert.match(
        security,
        /algorithms=\[settings\.algorithm\]\n {8}\)\n {8}# A refresh token is no access token; older tokens without a type still are\.\n {8}if payload\.get\("type", "access"\) != "access":\n {12}raise InvalidTokenError\("not an access token"\)\n {4}except InvalidTokenError as exc:/,
      );
    });

    it('makes its login answer a refresh token too, keeping its own response statement', async () => {
      const after = await completed(files);
      assert.match(
        after.get('backend/routers/auth.py') ?? '',
        / {4}pair = Token\(access_token=create_access_token\(user\.username\)\)\n {4}pair\.refresh_token = issue_refresh_token\(session, user\)\n {4}return pair\n/,
      );
      assert.match(after.get('backend/schemas/user.py') ?? '', /token_type: str = "bearer"\n {4}refresh_token: str \| None = None\n/);
    });

    it('mints the refreshed access token exactly as its login does, under the login router', async () => {
      const text = (await completed(files)).get('backend/routers/auth.py') ?? '';
      const router = flatCalls(text);
      assert.match(router, /@router\.post\("\/refresh", responses=\{401: \{"model": ErrorDetail, [^\n]*\}\}\)\ndef refresh_tokens\(session: SessionDep, body: RefreshRequest\) -> Token:/);
      assert.match(text, /stored\.revoked = True\n {4}session\.add\(stored\)\n {4}pair = Token\(access_token=create_access_token\(user\.username\)\)\n/);
      assert.match(router, /@router\.post\("\/logout", status_code=status\.HTTP_204_NO_CONTENT, responses=\{401: /);
    });

    it('adds the refresh lifetime to its settings in the settings\' own case and reports its literal secret', async () => {
      const changeSet = auth(await indexFiles(files), files, { fixes: 'none' });
      const config = changeSet.changes.find((change) => change.path === 'backend/config.py')?.after ?? '';
      assert.match(config, /access_token_expire_minutes: int = 30\n {4}refresh_token_expire_days: int = 7\n/);
      assert.ok(changeSet.warnings.some((warning) => /backend\/config\.py: secret_key has a literal default/.test(warning)));
    });

    it('is complete afterwards: a second run refuses and names what it found', async () => {
      const changeSet = auth(await indexFiles(files), files, { fixes: 'none' });
      const next = applied(files, changeSet);
      const facts = await indexFiles(next);
      assert.match(refusal(() => auth(facts, next, { fixes: 'none' })), /already has complete JWT authentication: .*refresh POST \/auth\/refresh.*logout POST \/auth\/logout/);
    });
  });

  describe('a template-like app/ with a login and no refresh (fullstack-template)', () => {
    it('rebuilds the login\'s local expiry in the refresh route and puts logout beside the login path', async () => {
      const router = (await completed(readFixture('fullstack-template'))).get('app/api/routes/login.py') ?? '';
      assert.match(
        router,
        /access_token_expires = timedelta\(minutes=settings\.ACCESS_TOKEN_EXPIRE_MINUTES\)\n {4}pair = Token\(\n {8}access_token=security\.create_access_token\(str\(user\.id\), access_token_expires\)\n {4}\)\n {4}pair\.refresh_token = issue_refresh_token\(session, user, stored\.family_id\)/,
      );
      assert.match(flatCalls(router), /@router\.post\("\/login\/refresh", responses=\{401: /);
      assert.match(flatCalls(router), /@router\.post\("\/logout", status_code=/);
    });

    it('follows the project\'s 403 for an inactive user when its token check answers 403', async () => {
      const files = readFixture('fullstack-template');
      files['app/api/deps.py'] = (files['app/api/deps.py'] ?? '').replace('raise HTTPException(status_code=400, detail="Inactive user")', 'raise HTTPException(status_code=403, detail="Inactive user")');
      const after = await completed(files);
      assert.match(after.get('app/api/routes/login.py') ?? '', /if not user\.is_active:\n {8}raise HTTPException\(status_code=status\.HTTP_403_FORBIDDEN, detail="Inactive user"\)/);
      assert.match(after.get('app/tests/api/routes/test_auth_refresh.py') ?? '', /assert response\.status_code == 403/);
      // The refresh route documents the 403 it answers.
      assert.match(flatCalls(after.get('app/api/routes/login.py') ?? ''), /@router\.post\("\/login\/refresh", responses=\{401: [^\n]*403: \{"model": ErrorDetail, "description": "The user is inactive"\}/);
    });

    it('answers 401 for an inactive user when the project does not answer 403', async () => {
      const after = await completed(readFixture('fullstack-template'));
      assert.match(after.get('app/tests/api/routes/test_auth_refresh.py') ?? '', /is_active = False[\s\S]*assert response\.status_code == 401/);
    });
  });

  describe('refusals that remain', () => {
    const layered = (): Files => readFixture('layered-backend');

    it('refuses a token check that decodes outside a try block', async () => {
      const files = layered();
      files['backend/middleware/auth.py'] = (files['backend/middleware/auth.py'] ?? '')
        .replace('    try:\n        payload = jwt.decode(\n            token, settings.secret_key, algorithms=[settings.algorithm]\n        )\n    except InvalidTokenError as exc:\n        raise credentials_error from exc\n', '    payload = jwt.decode(token, settings.secret_key, algorithms=[settings.algorithm])\n');
      const facts = await indexFiles(files);
      assert.match(refusal(() => auth(facts, files, { fixes: 'none' })), /get_current_user \(backend\/middleware\/auth\.py\) decodes the token outside a try block/);
    });

    it('refuses a login with more than one return', async () => {
      const files = layered();
      files['backend/routers/auth.py'] = (files['backend/routers/auth.py'] ?? '').replace('    if user is None:\n        raise HTTPException(', '    if user is None:\n        return Token(access_token="")\n    if user is None:\n        raise HTTPException(');
      const facts = await indexFiles(files);
      assert.match(refusal(() => auth(facts, files, { fixes: 'none' })), /login route login \(backend\/routers\/auth\.py\) must end in one return/);
    });

    it('refuses tokens that are not signed with jwt.encode', async () => {
      const files = layered();
      files['backend/middleware/auth.py'] = (files['backend/middleware/auth.py'] ?? '').replace('return jwt.encode(payload, settings.secret_key, algorithm=settings.algorithm)', 'return sign(payload)');
      const facts = await indexFiles(files);
      assert.match(refusal(() => auth(facts, files, { fixes: 'none' })), /create_access_token in backend\/middleware\/auth\.py does not sign with jwt\.encode/);
    });

    it('completes a sign-in that passes the algorithm to jwt.encode third, without its keyword', async () => {
      const files = layered();
      files['backend/middleware/auth.py'] = (files['backend/middleware/auth.py'] ?? '').replace(
        'return jwt.encode(payload, settings.secret_key, algorithm=settings.algorithm)',
        'return jwt.encode(payload, settings.secret_key, settings.algorithm)',
      );
      const changeSet = auth(await indexFiles(files), files, { fixes: 'none' });
      assert.ok(changeSet.changes.length > 0);
      assert.match(changeSet.changes.map((change) => change.after).join('\n'), /algorithm=settings\.algorithm/);
    });

    it('refuses a login whose tokens depend on its request body', async () => {
      const files = layered();
      files['backend/routers/auth.py'] = (files['backend/routers/auth.py'] ?? '').replace('create_access_token(user.username)', 'create_access_token(user.username + data.password)');
      const facts = await indexFiles(files);
      assert.match(refusal(() => auth(facts, files, { fixes: 'none' })), /depend on data; the refresh route cannot rebuild them/);
    });
  });
});

