/**
 * Tests for projects whose session is an `AsyncSession`: the rows a handler stores must be
 * awaited on the loop that serves the request, so the tests are coroutines (anyio's pytest
 * plugin) calling the app through an httpx `AsyncClient`, with an in-memory aiosqlite database
 * made on that same loop. Requests are rendered awaited; here the test function becomes a coroutine.
 */
import type { DependencyUse } from '../crud/plan-types';
import { INDENT } from '../python/text';
import type { TestModuleContext } from './spec-tests';

/** A synchronous test function as an anyio coroutine test over an `AsyncClient`. */
export function asAsyncTest(block: string, client: string): string {
  if (!/^def test_/m.test(block)) return block;
  const converted = block
    .replace(/^def (test_\w+)/m, '@pytest.mark.anyio\nasync def $1')
    .replace(new RegExp(`\\b${client}: TestClient\\b`), `${client}: AsyncClient`);
  return converted;
}

/** The anyio backend and an `AsyncClient` over the app on an empty in-memory aiosqlite database. */
export function asyncClientFixtures(context: TestModuleContext, session: DependencyUse): string[] {
  const { imports } = context;
  imports.module('pytest');
  imports.from('collections.abc', 'AsyncGenerator');
  imports.from('httpx', 'ASGITransport', 'AsyncClient');
  imports.from('sqlalchemy.ext.asyncio', 'create_async_engine');
  imports.from('sqlalchemy.pool', 'StaticPool');
  imports.from('sqlmodel', 'SQLModel');
  imports.from('sqlmodel.ext.asyncio.session', 'AsyncSession');
  imports.from(session.functionModule, session.function);
  imports.from(context.appModule, context.appVariable);
  const app = context.appVariable;
  return [
    ['@pytest.fixture', 'def anyio_backend() -> str:', `${INDENT}return "asyncio"`].join('\n'),
    [
      `@pytest.fixture(name="${context.client}")`,
      `async def ${context.client}_fixture() -> AsyncGenerator[AsyncClient, None]:`,
      `${INDENT}"""A client whose requests use an empty in-memory database."""`,
      `${INDENT}engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)`,
      `${INDENT}async with engine.begin() as connection:`,
      `${INDENT}${INDENT}await connection.run_sync(SQLModel.metadata.create_all)`,
      `${INDENT}async with AsyncSession(engine, expire_on_commit=False) as session:`,
      `${INDENT}${INDENT}${app}.dependency_overrides[${session.function}] = lambda: session`,
      `${INDENT}${INDENT}transport = ASGITransport(app=${app})`,
      `${INDENT}${INDENT}async with AsyncClient(transport=transport, base_url="http://test") as client:`,
      `${INDENT}${INDENT}${INDENT}yield client`,
      `${INDENT}${app}.dependency_overrides.pop(${session.function}, None)`,
      `${INDENT}await engine.dispose()`,
    ].join('\n'),
  ];
}
