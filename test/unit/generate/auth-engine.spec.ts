import assert from 'node:assert/strict';
import { AmbiguousUserModel, AuthRefusal, generateSecureRoutes } from '../../../src/core/generate/auth/index';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { applied, auth, type Files, indexFiles, readFixture } from './auth-project';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AuthRefusal, `expected an AuthRefusal, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected a refusal');
}

function byPath(changeSet: ReturnType<typeof auth>): Map<string, string> {
  return new Map(changeSet.changes.map((change) => [change.path, change.after]));
}

describe('generateAuth', () => {
  describe('a user model with a username and no password (auth-username)', () => {
    let files: Files;
    let facts: ProjectFacts;
    before(async () => {
      files = readFixture('auth-username');
      facts = await indexFiles(files);
    });

    it('signs in by username and adds the missing password and active fields, listed in the review', () => {
      const changeSet = auth(facts, files);
      const after = byPath(changeSet);
      assert.match(after.get('app/routers/auth.py') ?? '', /User\.username == form_data\.username/);
      assert.match(after.get('app/models.py') ?? '', /full_name: str \| None = Field\(default=None, max_length=255\)\n {4}hashed_password: str\n {4}is_active: bool = True\n/);
      assert.ok(changeSet.warnings.some((warning) => /User gains hashed_password, is_active/.test(warning)));
      assert.match(changeSet.changes.find((change) => change.path === 'app/models.py')?.description ?? '', /adds hashed_password, is_active to User/);
    });

    it('adds the signing key to the existing settings class, read from the environment, never a literal', () => {
      const config = byPath(auth(facts, files)).get('app/config.py') ?? '';
      assert.match(config, /SECRET_KEY: str = secrets\.token_urlsafe\(32\)/);
      for (const text of byPath(auth(facts, files)).values()) assert.doesNotMatch(text, /SECRET_KEY\s*(:\s*str)?\s*=\s*["']/);
    });

    it('pins the algorithm, requires exp, iat, sub and the type claim, and checks the type on every decode', () => {
      const security = byPath(auth(facts, files)).get('app/security.py') ?? '';
      assert.match(security, /algorithms=\[settings\.JWT_ALGORITHM\]/);
      assert.match(security, /required = \["exp", "iat", "sub", "type"\]/);
      assert.match(security, /if payload\["type"\] != token_type:/);
      assert.match(security, /PasswordHash\.recommended\(\)/);
      assert.doesNotMatch(security, /passlib|jose/);
    });

    it('hashes a dummy password for an unknown user so both failures take as long', () => {
      const router = byPath(auth(facts, files)).get('app/routers/auth.py') ?? '';
      assert.match(router, /if user is None:\n {8}verify_password\(form_data\.password, DUMMY_HASH\)/);
    });

    it('protects the unprotected router at router level and leaves /health public', () => {
      const changeSet = auth(facts, files);
      assert.match(byPath(changeSet).get('app/routers/notes.py') ?? '', /dependencies=\[Depends\(get_current_user\)\]/);
      assert.match(changeSet.summary, /Now protected: GET \/notes\/, GET \/notes\/\{note_id\}, POST \/notes\//);
      assert.match(changeSet.summary, /Left public: GET \/health/);
    });

    it('refuses once the project has complete authentication, naming what it found', async () => {
      const next = applied(files, auth(facts, files));
      const completeFacts = await indexFiles(next);
      assert.match(
        refusal(() => auth(completeFacts, next)),
        /already has complete JWT authentication: token creation create_access_token \(app\/security\.py\).*refresh POST \/login\/refresh.*refresh token table RefreshToken/,
      );
    });

    it('secure: refuses when every route is already protected or public', async () => {
      const next = applied(files, auth(facts, files));
      const completeFacts = await indexFiles(next);
      assert.match(refusal(() => generateSecureRoutes(completeFacts, { readText: (path) => next[path] })), /Every route is already protected or meant to be public/);
    });

    it('secure: protects a route added later, per route when the router has public ones', async () => {
      const next = applied(files, auth(facts, files));
      next['app/main.py'] = `${next['app/main.py'] ?? ''}\n\n@app.get("/stats")\ndef stats() -> dict[str, int]:\n    return {"notes": 0}\n`;
      const nextFacts = await indexFiles(next);
      const changeSet = generateSecureRoutes(nextFacts, { readText: (path) => next[path] });
      assert.match(byPath(changeSet).get('app/main.py') ?? '', /@app\.get\("\/stats", dependencies=\[Depends\(get_current_user\)\]\)/);
      assert.match(byPath(changeSet).get('app/main.py') ?? '', /@app\.get\("\/health"\)\n/);
    });

    it('secure: leaves the password reset and email verification public, and routes a role check guards as they are', async () => {
      const next = applied(files, auth(facts, files));
      next['app/roles.py'] = [
        'from collections.abc import Callable',
        '',
        'from fastapi import Depends, HTTPException',
        '',
        'from app.deps import get_current_user',
        'from app.models import User',
        '',
        '',
        'def require_role(role: str) -> Callable[[User], User]:',
        '    def check(user: User = Depends(get_current_user)) -> User:',
        '        if role not in user.roles:',
        '            raise HTTPException(status_code=403, detail="Not allowed")',
        '        return user',
        '',
        '    return check',
        '',
      ].join('\n');
      next['app/main.py'] = [
        next['app/main.py'] ?? '',
        '',
        'from app.roles import require_role  # noqa: E402',
        '',
        '',
        '@app.post("/password-reset/request")',
        'def request_password_reset() -> dict[str, bool]:',
        '    return {"sent": True}',
        '',
        '',
        '@app.get("/verify-email/{token}")',
        'def verify_email(token: str) -> dict[str, bool]:',
        '    return {"verified": True}',
        '',
        '',
        '@app.post("/publish", dependencies=[Depends(require_role("editor"))])',
        'def publish() -> dict[str, bool]:',
        '    return {"published": True}',
        '',
        '',
        '@app.get("/stats")',
        'def stats() -> dict[str, int]:',
        '    return {"notes": 0}',
        '',
      ].join('\n');
      const nextFacts = await indexFiles(next);
      const changeSet = generateSecureRoutes(nextFacts, { readText: (path) => next[path] });
      const main = byPath(changeSet).get('app/main.py') ?? '';
      assert.match(main, /@app\.get\("\/stats", dependencies=\[Depends\(get_current_user\)\]\)/);
      assert.match(main, /@app\.post\("\/password-reset\/request"\)\n/);
      assert.match(main, /@app\.get\("\/verify-email\/\{token\}"\)\n/);
      assert.match(main, /@app\.post\("\/publish", dependencies=\[Depends\(require_role\("editor"\)\)\]\)\n/);
      assert.match(changeSet.summary, /Now protected: GET \/stats\./);
    });
  });

  describe('settings in a plain class (auth-plain-settings)', () => {
    it('adds the fields to the plain class, read with os.environ, instead of a new settings module', async () => {
      const files = readFixture('auth-plain-settings');
      const changeSet = auth(await indexFiles(files), files);
      const config = changeSet.changes.find((change) => change.path === 'app/config.py');
      assert.equal(config?.kind, 'modify');
      assert.match(config?.after ?? '', /SECRET_KEY: str = os\.environ\.get\("SECRET_KEY"\) or secrets\.token_urlsafe\(32\)/);
      assert.match(byPath(changeSet).get('app/deps.py') ?? '', /tokenUrl="\/api\/v1\/login\/access-token"/);
      assert.match(byPath(changeSet).get('app/deps.py') ?? '', /def get_current_active_superuser/);
    });
  });

  describe('an async app without users or settings (auth-async)', () => {
    it('creates the user table and settings and writes async routes awaiting the session', async () => {
      const files = readFixture('auth-async');
      const changeSet = auth(await indexFiles(files), files);
      const after = byPath(changeSet);
      assert.equal(changeSet.changes.find((change) => change.path === 'app/config.py')?.kind, 'create');
      assert.match(after.get('app/models.py') ?? '', /class User\(SQLModel, table=True\):/);
      assert.match(after.get('app/deps.py') ?? '', /async def get_current_user[\s\S]*await session\.get\(User, user_id\)/);
      assert.match(after.get('tests/test_auth.py') ?? '', /pytestmark = pytest\.mark\.anyio/);
    });
  });

  describe('refusals and bad input', () => {
    it('asks which model holds the users when two could, and takes the one named', async () => {
      const files = readFixture('auth-plain-settings');
      files['app/models.py'] = `${files['app/models.py'] ?? ''}\n\nclass Account(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    password_hash: str\n`;
      const facts = await indexFiles(files);
      assert.throws(() => auth(facts, files), (error: unknown) => error instanceof AmbiguousUserModel && error.candidates.join() === 'User,Account');
      assert.match(byPath(auth(facts, files, { userModel: 'Account' })).get('app/routers/auth.py') ?? '', /select\(Account\)/);
      assert.match(refusal(() => auth(facts, files, { userModel: 'Nobody' })), /no table model named "Nobody"/);
    });

    it('refuses to edit a file with syntax errors and names it', async () => {
      const files = readFixture('auth-username');
      files['app/routers/notes.py'] = `${files['app/routers/notes.py'] ?? ''}\n\ndef broken(:\n    pass\n`;
      const facts = await indexFiles(files);
      assert.match(refusal(() => auth(facts, files)), /app\/routers\/notes\.py has syntax errors; fix it before adding authentication/);
    });

    it('refuses a project with part of refresh or logout, naming the pieces found', async () => {
      const files = readFixture('auth-username');
      const withLogin = applied(files, auth(await indexFiles(files), files));
      delete withLogin['app/routers/auth.py'];
      withLogin['app/routers/login.py'] =
        'from typing import Annotated\n\nfrom fastapi import APIRouter, Depends\nfrom fastapi.security import OAuth2PasswordRequestForm\n\nrouter = APIRouter()\n\n\n@router.post("/token")\ndef login(form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> dict[str, str]:\n    return {}\n';
      const facts = await indexFiles(withLogin);
      assert.match(refusal(() => auth(facts, withLogin)), /already has part of its authentication, refresh or logout among it \(token creation create_access_token \(app\/security\.py\).*login POST \/token.*refresh token table RefreshToken/);
    });

    it('refuses a project without a session dependency or an app', async () => {
      const files = readFixture('auth-username');
      delete files['app/database.py'];
      const noSession = await indexFiles(files);
      assert.match(refusal(() => auth(noSession, files)), /No database session dependency/);
      const noApp = await indexFiles({ 'app/models.py': readFixture('auth-username')['app/models.py'] ?? '' });
      assert.match(refusal(() => auth(noApp, {})), /No FastAPI app/);
    });

    it('refuses securing routes when the project has no current-user dependency', async () => {
      const files = readFixture('auth-username');
      const facts = await indexFiles(files);
      assert.match(refusal(() => generateSecureRoutes(facts, { readText: (path) => files[path] })), /no current-user dependency/);
    });
  });
  it('refuses to add a sign-in to a project pinned to SQLModel 0.0.8, as CRUD does', async () => {
    const files = readFixture('pinned-sqlmodel-08');
    const facts = await indexFiles(files);
    assert.throws(
      () => auth(facts, files),
      (error: unknown) =>
        error instanceof AuthRefusal &&
        /^requirements\.txt holds sqlmodel at ==0\.0\.8; generated code needs sqlmodel 0\.0\.16 or newer .*Upgrade sqlmodel, or write the sign-in by hand\.$/.test(error.message),
    );
  });
  it('puts the user tables in a module of a models package, never in a models.py the package hides', async () => {
    const files = readFixture('split-models');
    const changeSet = auth(await indexFiles(files), files);
    const paths = changeSet.changes.map((change) => change.path);
    assert.ok(!paths.includes('app/models.py'), paths.join(', '));
    const user = changeSet.changes.find((change) => change.path === 'app/models/user.py');
    assert.equal(user?.kind, 'create');
    assert.match(user?.after ?? '', /^class User\(SQLModel, table=True\):/m);
    assert.match(changeSet.changes.find((change) => change.path === 'app/deps.py')?.after ?? '', /^from app\.models\.user import User$/m);
  });
});
