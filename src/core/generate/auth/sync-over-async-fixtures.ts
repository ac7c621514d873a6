/**
 * Fixtures for tests written with the synchronous TestClient against an app on an AsyncSession,
 * as some async projects test: an in-memory aiosqlite engine shared by one connection
 * (StaticPool), the app's session dependency overridden with sessions on it, and rows written
 * by `asyncio.run` of a short coroutine — each request and each setup step runs on its own loop.
 */
import { bracketed } from '../python/text';
import { overridingWhileYielding } from '../python/dependency-overrides';

export function syncOverAsyncFixtures(app: string, getSession: string): string[] {
  return [
    [
      '@pytest.fixture(name="engine")',
      'def engine_fixture() -> Generator[AsyncEngine, None, None]:',
      '    engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)',
      '',
      '    async def create_tables() -> None:',
      '        async with engine.begin() as connection:',
      '            await connection.run_sync(SQLModel.metadata.create_all)',
      '',
      '    asyncio.run(create_tables())',
      '    yield engine',
      '    asyncio.run(engine.dispose())',
    ].join('\n'),
    [
      '@pytest.fixture(name="client")',
      'def client_fixture(engine: AsyncEngine) -> Generator[TestClient, None, None]:',
      '    async def session_override() -> AsyncGenerator[AsyncSession, None]:',
      '        async with AsyncSession(engine, expire_on_commit=False) as session:',
      '            yield session',
      '',
      ...overridingWhileYielding('    ', app, getSession, 'session_override', [`    yield TestClient(${app})`]),
    ].join('\n'),
  ];
}

/** `def user_fixture(engine)`: the user stored through a session of its own. */
export function syncOverAsyncUser(userClass: string, fields: readonly string[]): string {
  return [
    '@pytest.fixture(name="user")',
    `def user_fixture(engine: AsyncEngine) -> ${userClass}:`,
    `    async def store() -> ${userClass}:`,
    '        async with AsyncSession(engine, expire_on_commit=False) as session:',
    bracketed('            ', `user = ${userClass}`, fields),
    '            session.add(user)',
    '            await session.commit()',
    '            await session.refresh(user)',
    '            return user',
    '',
    '    return asyncio.run(store())',
  ].join('\n');
}

/** A coroutine saving a changed row, for `asyncio.run(save(engine, user))` in a test. */
export function syncOverAsyncSave(): string {
  return [
    'async def save(engine: AsyncEngine, row: SQLModel) -> None:',
    '    async with AsyncSession(engine, expire_on_commit=False) as session:',
    '        session.add(row)',
    '        await session.commit()',
  ].join('\n');
}
