/**
 * Fixtures a generated test module defines when the project's conftest lacks them: an
 * in-memory database with the app's session dependency overridden, users, and token headers
 * made by the project's own token code.
 */
import type { ImportSet } from '../python/imports';
import { overridingWhileYielding } from '../python/dependency-overrides';
import { fits, INDENT, signature } from '../python/text';
import type { CrudPlan, TestPlan } from './plan-types';
import type { RowHelpers } from './test-rows';

export function emitLocalFixtures(plan: CrudPlan, tests: TestPlan, rows: RowHelpers, imports: ImportSet): string[] {
  const local = tests.fixtures.local;
  if (local.size === 0) {
    return [];
  }
  imports.module('pytest');
  const blocks: string[] = [];
  if (local.has('session') && plan.asyncSession) {
    blocks.push(...asyncDatabaseFixtures(plan, tests, imports));
  } else if (local.has('session')) {
    imports.from('collections.abc', 'Generator');
    imports.from('sqlalchemy.pool', 'StaticPool');
    imports.from('sqlmodel', 'Session', 'SQLModel', 'create_engine');
    imports.from(plan.session.functionModule, plan.session.function);
    if (tests.appRef) imports.from(tests.appRef.module, tests.appRef.variable);
    const app = tests.appRef?.variable ?? 'app';
    const { session, client } = tests.fixtures;
    blocks.push(
      [
        `@pytest.fixture(name="${session}")`,
        `def ${session}_fixture() -> Generator[Session, None, None]:`,
        `${INDENT}"""An empty in-memory database for one test."""`,
        `${INDENT}engine = create_engine(`,
        `${INDENT}${INDENT}"sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool`,
        `${INDENT})`,
        `${INDENT}SQLModel.metadata.create_all(engine)`,
        `${INDENT}with Session(engine) as session:`,
        `${INDENT}${INDENT}yield session`,
      ].join('\n'),
      [
        `@pytest.fixture(name="${client}")`,
        signature('', `def ${client}_fixture`, [`${session}: Session`], ' -> Generator[TestClient, None, None]:'),
        `${INDENT}"""A client whose requests use the test database."""`,
        ...overridingWhileYielding(INDENT, app, plan.session.function, `lambda: ${session}`, [`${INDENT}yield TestClient(${app})`]),
      ].join('\n'),
    );
  }
  const user = plan.auth?.userModel;
  if (user === undefined) {
    return blocks;
  }
  const helper = rows.helper(user);
  imports.from(user.module, user.name);
  const [keyword, sessionType, wait] = plan.asyncSession ? ['async def', 'AsyncSession', 'await '] : ['def', 'Session', ''];
  const userFixture = (name: string, index: number): string =>
    [
      `@pytest.fixture(name="${name}")`,
      signature('', `${keyword} ${name}_fixture`, [`${tests.fixtures.session}: ${sessionType}`], ` -> ${user.name}:`),
      `${INDENT}return ${helper ? `${wait}${rows.call(helper, undefined, [], index)}` : `${user.name}()`}`,
    ].join('\n');
  const { user: userName = 'user', otherUser = 'other_user', headers = 'auth_headers' } = tests.fixtures;
  if (local.has('user')) blocks.push(userFixture(userName, 101));
  if (local.has('otherUser')) blocks.push(userFixture(otherUser, 102));
  if (local.has('headers') && tests.token) {
    imports.from(tests.token.module, tests.token.function);
    const call = tests.token.call(userName);
    if (call.includes('timedelta(')) imports.from('datetime', 'timedelta');
    const oneLine = `${INDENT}return {"Authorization": f"Bearer {${call}}"}`;
    // The formatter never breaks an f-string: a call too long for it is made on its own line, and
    // so is one with a double quote, which an f-string in double quotes may hold from Python 3.12 only.
    const body = fits(oneLine) && !call.includes('"') ? [oneLine] : [`${INDENT}token = ${call}`, `${INDENT}return {"Authorization": f"Bearer {token}"}`];
    blocks.push(
      [`@pytest.fixture(name="${headers}")`, signature('', `def ${headers}_fixture`, [`${userName}: ${user.name}`], ' -> dict[str, str]:'), ...body].join('\n'),
    );
  }
  return blocks;
}

/**
 * An in-memory aiosqlite database and an httpx AsyncClient over the app, both made on the loop
 * anyio's pytest plugin runs the test on, so rows the test stores and the requests share it.
 */
function asyncDatabaseFixtures(plan: CrudPlan, tests: TestPlan, imports: ImportSet): string[] {
  imports.from('collections.abc', 'AsyncGenerator');
  imports.from('httpx', 'ASGITransport', 'AsyncClient');
  imports.from('sqlalchemy.ext.asyncio', 'create_async_engine');
  imports.from('sqlalchemy.pool', 'StaticPool');
  imports.from('sqlmodel', 'SQLModel');
  imports.from('sqlmodel.ext.asyncio.session', 'AsyncSession');
  imports.from(plan.session.functionModule, plan.session.function);
  if (tests.appRef) imports.from(tests.appRef.module, tests.appRef.variable);
  const app = tests.appRef?.variable ?? 'app';
  const { session, client } = tests.fixtures;
  return [
    ['@pytest.fixture', 'def anyio_backend() -> str:', `${INDENT}return "asyncio"`].join('\n'),
    [
      `@pytest.fixture(name="${session}")`,
      `async def ${session}_fixture() -> AsyncGenerator[AsyncSession, None]:`,
      `${INDENT}"""An empty in-memory database for one test."""`,
      `${INDENT}engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)`,
      `${INDENT}async with engine.begin() as connection:`,
      `${INDENT}${INDENT}await connection.run_sync(SQLModel.metadata.create_all)`,
      `${INDENT}async with AsyncSession(engine, expire_on_commit=False) as session:`,
      `${INDENT}${INDENT}yield session`,
      `${INDENT}await engine.dispose()`,
    ].join('\n'),
    [
      `@pytest.fixture(name="${client}")`,
      signature('', `async def ${client}_fixture`, [`${session}: AsyncSession`], ' -> AsyncGenerator[AsyncClient, None]:'),
      `${INDENT}"""A client whose requests use the test database."""`,
      ...overridingWhileYielding(INDENT, app, plan.session.function, `lambda: ${session}`, [
        `${INDENT}transport = ASGITransport(app=${app})`,
        `${INDENT}async with AsyncClient(transport=transport, base_url="http://test") as client:`,
        `${INDENT}${INDENT}yield client`,
      ]),
    ].join('\n'),
  ];
}
