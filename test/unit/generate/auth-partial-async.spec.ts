import assert from 'node:assert/strict';
import { AuthRefusal } from '../../../src/core/generate/auth/index';
import { applied, auth, type Files, indexFiles, readFixture } from './auth-project';

const FIXTURE = 'auth-async-partial';

async function completion(files: Files): Promise<{ after: Map<string, string>; summary: string; warnings: readonly string[] }> {
  const changeSet = auth(await indexFiles(files), files);
  return { after: new Map(changeSet.changes.map((change) => [change.path, change.after])), summary: changeSet.summary, warnings: changeSet.warnings };
}

/** The lines of one top-level function of a module, from its `def` to the next top-level statement. */
function functionText(module: string, name: string): string {
  const start = module.search(new RegExp(`^(async )?def ${name}\\(`, 'm'));
  assert.ok(start >= 0, `${name} is defined`);
  const rest = module.slice(start);
  const end = rest.search(/\n(?=[^\s)])/);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('completing an async project\'s access-token sign-in (auth-async-partial)', () => {
  it('writes refresh, logout and their helpers as async def, awaiting every query and commit', async () => {
    const { after } = await completion(readFixture(FIXTURE));
    const router = after.get('app/routers/auth.py') ?? '';
    for (const name of ['issue_refresh_token', 'revoke_refresh_family', 'stored_refresh_token', 'refresh_tokens', 'logout']) {
      assert.match(router, new RegExp(`^async def ${name}\\(`, 'm'), `${name} is async`);
    }
    assert.match(functionText(router, 'issue_refresh_token'), /^ {4}await session\.commit\(\)$/m);
    assert.match(functionText(router, 'revoke_refresh_family'), /for row in \(await session\.exec\(statement\)\)\.all\(\):/);
    assert.match(functionText(router, 'stored_refresh_token'), /stored = await session\.get\(RefreshToken, jti\)/);
    const refresh = functionText(router, 'refresh_tokens');
    assert.match(refresh, /stored = await stored_refresh_token\(session, body\.refresh_token\)/);
    assert.match(refresh, /await revoke_refresh_family\(session, stored\.family_id\)/);
    assert.match(refresh, /user = await session\.get\(User, stored\.user_id\)/);
    assert.match(refresh, /pair\.refresh_token = await issue_refresh_token\(session, user, stored\.family_id\)/);
    assert.match(functionText(router, 'login'), /pair\.refresh_token = await issue_refresh_token\(session, user\)/);
    assert.match(router, /^from sqlmodel\.ext\.asyncio\.session import AsyncSession$/m);
    assert.doesNotMatch(router, /^from sqlmodel import .*\bSession\b/m, 'no sync Session is imported');
  });

  it('reads the subject before the commit, so an expired user is never loaded lazily outside the loop', async () => {
    const { after } = await completion(readFixture(FIXTURE));
    const issue = functionText(after.get('app/routers/auth.py') ?? '', 'issue_refresh_token');
    assert.ok(issue.indexOf('subject = str(user.id)') < issue.indexOf('await session.commit()'));
    assert.match(issue, /return create_refresh_token\(subject, str\(jti\)\)/);
  });

  it('writes async tests on httpx AsyncClient under anyio, like the project\'s own', async () => {
    const { after } = await completion(readFixture(FIXTURE));
    const tests = after.get('tests/test_auth_refresh.py') ?? '';
    assert.match(tests, /^pytestmark = pytest\.mark\.anyio$/m);
    assert.match(tests, /^from httpx import ASGITransport, AsyncClient$/m);
    assert.doesNotMatch(tests, /TestClient/);
    const testNames = [...tests.matchAll(/^(async )?def (test_\w+)/gm)];
    assert.equal(testNames.length, 10);
    assert.ok(testNames.every((match) => match[1] === 'async '), 'every test is async');
    assert.doesNotMatch(tests, /= client\.(get|post)\(/, 'every request is awaited');
  });

  it('writes sync TestClient tests over the async app when the project\'s own tests use TestClient', async () => {
    const files = readFixture(FIXTURE);
    delete files['tests/test_entries.py'];
    delete files['tests/test_auth.py'];
    files['tests/conftest.py'] = 'import os\n\nos.environ.setdefault("SECRET_KEY", "test-signing-key-0123456789-0123456789")\n';
    files['tests/test_health.py'] = [
      'from fastapi.testclient import TestClient',
      '',
      'from app.main import app',
      '',
      '',
      'def test_health() -> None:',
      '    assert TestClient(app).get("/health").status_code == 200',
      '',
    ].join('\n');
    const { after } = await completion(files);
    const tests = after.get('tests/test_auth_refresh.py') ?? '';
    assert.doesNotMatch(tests, /AsyncClient|pytest\.mark\.anyio|^async def test_/m);
    assert.match(tests, /^def test_refresh_rotates_the_pair\(client: TestClient, user: User\) -> None:$/m);
    assert.match(tests, /^ {4}asyncio\.run\(store\(\)\)$|^ {4}return asyncio\.run\(store\(\)\)$/m);
    assert.match(tests, /app\.dependency_overrides\[get_session\] = session_override/);
    assert.match(functionText(tests, 'test_refresh_for_an_inactive_user_is_refused'), /asyncio\.run\(save\(engine, user\)\)/);
    // The routes stay async: only the tests' client differs.
    assert.match(after.get('app/routers/auth.py') ?? '', /^async def refresh_tokens\(/m);
  });

  it('protects the unprotected router in the same change set, with the review lines', async () => {
    const { after, summary } = await completion(readFixture(FIXTURE));
    assert.match(after.get('app/routers/entries.py') ?? '', /dependencies=\[Depends\(get_current_user\)\]/);
    assert.match(after.get('app/routers/entries.py') ?? '', /^from app\.deps import get_current_user$/m);
    assert.match(summary, /Now protected: GET \/entries\/, POST \/entries\/, GET \/entries\/\{entry_id\}\./);
    assert.match(summary, /Left public: GET \/health, POST \/auth\/token\./);
    assert.match(summary, /Already protected: GET \/auth\/me\./);
    assert.doesNotMatch(after.get('app/main.py') ?? 'unchanged', /Depends/, 'the health route stays public');
  });

  it('warns about the project\'s tests that call a newly protected route without a token', async () => {
    const files = readFixture(FIXTURE);
    files['tests/test_listing.py'] = [
      'import pytest',
      'from httpx import AsyncClient',
      '',
      'pytestmark = pytest.mark.anyio',
      '',
      '',
      'async def test_list_is_empty(client: AsyncClient) -> None:',
      '    response = await client.get("/entries/")',
      '    assert response.json() == []',
      '',
    ].join('\n');
    const { warnings } = await completion(files);
    const impact = warnings.find((warning) => /now require a signed-in user/.test(warning)) ?? '';
    assert.match(impact, /tests\/test_listing\.py:8 \(test_list_is_empty\) calls GET \/entries\//);
    assert.doesNotMatch(impact, /test_entries\.py/, 'requests sending auth_headers are not listed');
  });

  it('declares pyjwt, which the login router now imports, in the pyproject list in its own style', async () => {
    const { after } = await completion(readFixture(FIXTURE));
    const pyproject = after.get('pyproject.toml') ?? '';
    assert.match(pyproject, /^ {4}"pydantic-settings>=2\.0",\n {4}"pyjwt>=2\.8",\n {4}"python-multipart>=0\.0\.9",$/m);
  });

  it('queries with execute(...).scalars() on SQLAlchemy\'s AsyncSession', async () => {
    const files = readFixture(FIXTURE);
    files['app/db.py'] = (files['app/db.py'] ?? '')
      .replace('from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine', 'from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine')
      .replace('from sqlmodel.ext.asyncio.session import AsyncSession\n', '');
    const { after } = await completion(files);
    const router = after.get('app/routers/auth.py') ?? '';
    assert.match(functionText(router, 'revoke_refresh_family'), /for row in \(await session\.execute\(statement\)\)\.scalars\(\)\.all\(\):/);
    assert.match(router, /^from sqlalchemy\.ext\.asyncio import AsyncSession$/m);
  });

  it('is complete afterwards: a second run refuses', async () => {
    const files = readFixture(FIXTURE);
    const once = applied(files, auth(await indexFiles(files), files));
    await assert.rejects(async () => auth(await indexFiles(once), once), (error: unknown) => error instanceof AuthRefusal && /already has complete JWT authentication/.test(error.message));
  });

  it('refuses a login that takes an AsyncSession but is no async def', async () => {
    const files = readFixture(FIXTURE);
    files['app/routers/auth.py'] = (files['app/routers/auth.py'] ?? '').replace('async def login(', 'def login(');
    await assert.rejects(async () => auth(await indexFiles(files), files), (error: unknown) => error instanceof AuthRefusal && /takes an AsyncSession but is no async def/.test(error.message));
  });
});
