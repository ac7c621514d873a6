/**
 * Fixtures a generated test module defines when the project's conftest lacks them: an
 * in-memory database with the app's session dependency overridden, users, and token headers
 * made by the project's own token code.
 */
import type { ImportSet } from '../python/imports';
import { INDENT } from '../python/text';
import type { CrudPlan, TestPlan } from './plan-types';
import type { RowHelpers } from './test-rows';

export function emitLocalFixtures(plan: CrudPlan, tests: TestPlan, rows: RowHelpers, imports: ImportSet): string[] {
  const local = tests.fixtures.local;
  if (local.size === 0) {
    return [];
  }
  imports.module('pytest');
  const blocks: string[] = [];
  if (local.has('session')) {
    imports.from('collections.abc', 'Generator');
    imports.from('sqlalchemy.pool', 'StaticPool');
    imports.from('sqlmodel', 'Session', 'SQLModel', 'create_engine');
    imports.from(plan.session.functionModule, plan.session.function);
    if (tests.appRef) imports.from(tests.appRef.module, tests.appRef.variable);
    const app = tests.appRef?.variable ?? 'app';
    blocks.push(
      [
        '@pytest.fixture(name="session")',
        'def session_fixture() -> Generator[Session, None, None]:',
        `${INDENT}"""An empty in-memory database for one test."""`,
        `${INDENT}engine = create_engine(`,
        `${INDENT}${INDENT}"sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool`,
        `${INDENT})`,
        `${INDENT}SQLModel.metadata.create_all(engine)`,
        `${INDENT}with Session(engine) as session:`,
        `${INDENT}${INDENT}yield session`,
      ].join('\n'),
      [
        '@pytest.fixture(name="client")',
        'def client_fixture(session: Session) -> Generator[TestClient, None, None]:',
        `${INDENT}"""A client whose requests use the test database."""`,
        `${INDENT}${app}.dependency_overrides[${plan.session.function}] = lambda: session`,
        `${INDENT}yield TestClient(${app})`,
        `${INDENT}${app}.dependency_overrides.clear()`,
      ].join('\n'),
    );
  }
  const user = plan.auth?.userModel;
  if (user === undefined) {
    return blocks;
  }
  const helper = rows.helper(user);
  imports.from(user.module, user.name);
  const userFixture = (name: string, index: number): string =>
    [
      `@pytest.fixture(name="${name}")`,
      `def ${name}_fixture(${tests.fixtures.session}: Session) -> ${user.name}:`,
      `${INDENT}return ${helper ? rows.call(helper, undefined, [], index) : `${user.name}()`}`,
    ].join('\n');
  if (local.has('user')) blocks.push(userFixture('user', 101));
  if (local.has('otherUser')) blocks.push(userFixture('other_user', 102));
  if (local.has('headers') && tests.token) {
    imports.from(tests.token.module, tests.token.function);
    if (tests.token.call('user').includes('timedelta(')) imports.from('datetime', 'timedelta');
    blocks.push(
      [
        '@pytest.fixture(name="auth_headers")',
        `def auth_headers_fixture(user: ${user.name}) -> dict[str, str]:`,
        `${INDENT}return {"Authorization": f"Bearer {${tests.token.call('user')}}"}`,
      ].join('\n'),
    );
  }
  return blocks;
}
