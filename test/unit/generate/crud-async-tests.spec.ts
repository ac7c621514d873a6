import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateCrud } from '../../../src/core/generate/crud/index';
import { type Files, indexFiles } from './crud-project';

const FIXTURE = join('test', 'fixtures', 'async-app');

/** The async fixture project's Python and config files, by project-relative path. */
function fixtureFiles(): Files {
  const files: Files = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(path);
      else if (entry.isFile() && /\.(py|toml)$/.test(entry.name)) files[relative(FIXTURE, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(FIXTURE);
  return files;
}

async function generateFor(files: Files, model: string): Promise<{ tests: string | undefined; warnings: readonly string[] }> {
  const facts = await indexFiles(files);
  const changeSet = generateCrud(facts, model, { readText: (path) => files[path] });
  const tests = changeSet.changes.find((change) => change.path.startsWith('tests/test_'));
  return { tests: tests?.after, warnings: changeSet.warnings };
}

function count(haystack: string, pattern: RegExp): number {
  return haystack.match(pattern)?.length ?? 0;
}

/** An async current-user dependency, a token function and a user-owned model beside the fixture's. */
const AUTH_FILES: Files = {
  'app/auth.py': `from datetime import UTC, datetime, timedelta
from typing import Annotated

import jwt
from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from app.database import SessionDep
from app.models import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/login")


def create_access_token(subject: str, expires_delta: timedelta) -> str:
    expire = datetime.now(UTC) + expires_delta
    return jwt.encode({"sub": subject, "exp": expire}, "secret", algorithm="HS256")


async def get_current_user(
    session: SessionDep, token: Annotated[str, Depends(oauth2_scheme)]
) -> User:
    payload = jwt.decode(token, "secret", algorithms=["HS256"])
    user = await session.get(User, int(payload["sub"]))
    assert user is not None
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
`,
  'app/routers/users.py': `from fastapi import APIRouter

from app.auth import CurrentUser
from app.models import User

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me")
async def read_user_me(current_user: CurrentUser) -> User:
    return current_user
`,
};

const OWNED_MODELS = `

class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, max_length=255)


class Note(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(max_length=500)
    owner_id: int = Field(foreign_key="user.id")
`;

describe('generateCrud tests for an async project', () => {
  it('writes coroutine tests on the conftest AsyncClient and AsyncSession fixtures', async () => {
    const { tests, warnings } = await generateFor(fixtureFiles(), 'Book');
    assert.deepEqual(warnings, []);
    assert.ok(tests !== undefined, 'a test module is generated');
    assert.match(tests, /^import pytest\nfrom httpx import AsyncClient\nfrom sqlmodel\.ext\.asyncio\.session import AsyncSession\n/);
    assert.match(tests, /^pytestmark = pytest\.mark\.anyio$/m);
    assert.doesNotMatch(tests, /TestClient|from sqlmodel import Session/);
    const total = count(tests, /^(?:async )?def test_/gm);
    assert.ok(total >= 9, `expected the full CRUD test set, got ${total}`);
    assert.equal(count(tests, /^async def test_/gm), total, 'every test is a coroutine');
  });

  it('awaits every request, every stored row and every session call', async () => {
    const { tests = '' } = await generateFor(fixtureFiles(), 'Book');
    assert.match(tests, /^async def make_book\(session: AsyncSession, index: int = 0\) -> Book:$/m);
    assert.match(tests, /^ {4}author = await make_author\(session, index\)$/m);
    assert.match(tests, /^ {4}await session\.commit\(\)\n {4}await session\.refresh\(book\)$/m);
    assert.match(tests, /^ {4}book = await make_book\(session\)$/m);
    assert.match(tests, /^ {4}deleted = await session\.get\(Book, book_id\)$/m);
    for (const call of tests.match(/^.*\bclient\.(?:get|post|patch|put|delete)\(.*$/gm) ?? []) {
      assert.match(call, /= await client\./, call);
    }
    assert.doesNotMatch(tests, /^ {4}session\.(?:commit|refresh|get)\(/m);
  });

  it('adds tests for the routes it appends to an existing async router', async () => {
    const { tests = '', warnings } = await generateFor(fixtureFiles(), 'Author');
    assert.deepEqual(warnings, []);
    assert.match(tests, /^async def test_update_author\(client: AsyncClient, session: AsyncSession\) -> None:$/m);
    assert.match(tests, /^ {4}response = await client\.delete\(f"\{AUTHORS_URL\}\{author_id\}"\)$/m);
  });

  it('skips tests with a warning when the conftest client is a synchronous TestClient', async () => {
    const files = fixtureFiles();
    const conftest = files['tests/conftest.py'] ?? '';
    files['tests/conftest.py'] = conftest
      .replace('from httpx import ASGITransport, AsyncClient\n', 'from fastapi.testclient import TestClient\n')
      .replace(/async def client_fixture\([^)]*\) -> AsyncGenerator\[AsyncClient, None\]:[\s\S]*$/, 'def client_fixture() -> TestClient:\n    return TestClient(app)\n');
    assert.notEqual(files['tests/conftest.py'], conftest);
    const { tests, warnings } = await generateFor(files, 'Book');
    assert.equal(tests, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /Tests were not generated: the project uses an AsyncSession.*AsyncClient/);
  });

  it('defines its own async database and client fixtures when there is no conftest', async () => {
    const files = fixtureFiles();
    delete files['tests/conftest.py'];
    const { tests = '', warnings } = await generateFor(files, 'Book');
    assert.deepEqual(warnings, []);
    assert.match(tests, /^def anyio_backend\(\) -> str:\n {4}return "asyncio"$/m);
    assert.match(tests, /^async def session_fixture\(\) -> AsyncGenerator\[AsyncSession, None\]:$/m);
    assert.match(tests, /create_async_engine\("sqlite\+aiosqlite:\/\/", poolclass=StaticPool\)/);
    assert.match(tests, /^ {4}app\.dependency_overrides\[get_session\] = lambda: session$/m);
    assert.match(tests, /^ {4}async with AsyncClient\(transport=transport, base_url="http:\/\/test"\) as client:$/m);
    assert.match(tests, /^from app\.database import get_session$/m);
  });

  it('stores users through coroutine fixtures and signs requests with the project token function', async () => {
    const files = { ...fixtureFiles(), ...AUTH_FILES };
    files['app/models.py'] = `${files['app/models.py'] ?? ''}${OWNED_MODELS}`;
    const { tests = '', warnings } = await generateFor(files, 'Note');
    assert.deepEqual(warnings, []);
    assert.match(tests, /^async def user_fixture\(session: AsyncSession\) -> User:\n {4}return await make_user\(session, 101\)$/m);
    assert.match(tests, /^async def other_user_fixture\(session: AsyncSession\) -> User:$/m);
    assert.match(tests, /^ {4}token = create_access_token\(str\(user\.id\), timedelta\(minutes=5\)\)\n {4}return \{"Authorization": f"Bearer \{token\}"\}$/m);
    assert.match(tests, /^ {4}response = await client\.get\(NOTES_URL, headers=auth_headers\)\n {4}listed = response\.json\(\)$/m);
  });

  it('names the result of an awaited list query too long for one line', async () => {
    const files = fixtureFiles();
    files['app/models.py'] =
      `${files['app/models.py'] ?? ''}\n\nclass OrganisationMembership(SQLModel, table=True):\n` +
      '    id: int | None = Field(default=None, primary_key=True)\n    role: str = Field(max_length=40)\n';
    const facts = await indexFiles(files);
    const changeSet = generateCrud(facts, 'OrganisationMembership', { readText: (path) => files[path] });
    const router = changeSet.changes.find((change) => change.path === 'app/routers/organisation_memberships.py')?.after ?? '';
    assert.match(
      router,
      /^ {4}result = await session\.exec\(statement\.offset\(offset\)\.limit\(limit\)\)\n {4}organisation_memberships = result\.all\(\)$/m,
    );
    const books = generateCrud(facts, 'Book', { readText: (path) => files[path] }).changes.find((change) => change.path === 'app/routers/books.py');
    assert.match(books?.after ?? '', /^ {4}books = \(await session\.exec\(statement\.offset\(offset\)\.limit\(limit\)\)\)\.all\(\)$/m);
  });
});

describe('CRUD engine: whose session the provider gives', () => {
  it('awaits queries on an unannotated async provider of SQLModel AsyncSessions', async () => {
    const files = fixtureFiles();
    // No return annotation and no alias: the `async def` and what the module imports say it.
    files['app/database.py'] = (files['app/database.py'] ?? '')
      .replace('async def get_session() -> AsyncGenerator[AsyncSession, None]:', 'async def get_session():')
      .replace(/\nSessionDep = Annotated\[AsyncSession, Depends\(get_session\)\]\n/, '\n');
    const facts = await indexFiles(files);
    assert.equal(facts.dependencies.session?.function, 'get_session');
    assert.equal(facts.dependencies.session?.alias, undefined);
    const router = generateCrud(facts, 'Book', { readText: (path) => files[path] }).changes.find((change) => change.path.includes('routers/books'))?.after ?? '';
    assert.match(router, /SessionDep = Annotated\[AsyncSession, Depends\(get_session\)\]/);
    assert.match(router, /await session\.exec\(/);
  });

  it("refuses a provider of SQLAlchemy's AsyncSession, which has no exec(), saying how to make it SQLModel's", async () => {
    const files = fixtureFiles();
    files['app/database.py'] = (files['app/database.py'] ?? '').replace('from sqlmodel.ext.asyncio.session import AsyncSession', 'from sqlalchemy.ext.asyncio import AsyncSession');
    const facts = await indexFiles(files);
    assert.throws(
      () => generateCrud(facts, 'Book', { readText: (path) => files[path] }),
      /^CrudRefusal: get_session \(app\/database\.py\) gives SQLAlchemy's AsyncSession, which has no exec\(\).*from sqlmodel\.ext\.asyncio\.session import AsyncSession/,
    );
  });
});
