/**
 * Reads the pytest fixtures a project's conftest provides (client, session, users, token
 * headers) so generated tests reuse them, and decides what a test module must define itself.
 */
import type { ProjectFacts } from '../../project/facts';
import type { AuthPlan, TestFixtures } from './plan-types';
import type { ReadText } from './modules';

export interface ConftestFixture {
  readonly name: string;
  readonly functionName: string;
  readonly parameters: readonly string[];
  readonly returns: string;
  readonly scope: string;
}

const FIXTURE = /^@(?:pytest\.)?fixture(?:\(([^)]*)\))?\s*\n(?:@[^\n]*\n)*(?:async\s+)?def\s+(\w+)\s*\(([^)]*)\)\s*(?:->\s*([^:]+))?:/gm;

/** Fixtures defined in a conftest, read from its text. */
export function readConftestFixtures(text: string): ConftestFixture[] {
  const fixtures: ConftestFixture[] = [];
  for (const match of text.replace(/\r\n/g, '\n').matchAll(FIXTURE)) {
    const args = match[1] ?? '';
    const functionName = match[2] ?? '';
    const name = /name\s*=\s*["']([^"']+)["']/.exec(args)?.[1] ?? functionName;
    const scope = /scope\s*=\s*["']([^"']+)["']/.exec(args)?.[1] ?? 'function';
    const parameters = (match[3] ?? '')
      .split(',')
      .map((parameter) => parameter.split(':')[0]?.trim() ?? '')
      .filter((parameter) => parameter !== '' && parameter !== '*');
    fixtures.push({ name, functionName, parameters, returns: (match[4] ?? '').trim(), scope });
  }
  return fixtures;
}

/** `Generator[TestClient, None, None]` → `TestClient`. */
function yielded(returns: string): string {
  return /^(?:[\w.]*(?:Generator|Iterator|Iterable))\[\s*([\w.]+)/.exec(returns)?.[1] ?? returns;
}

/**
 * A name for a fixture the test module defines: the plain one unless the conftest already has a
 * fixture by that name (shadowing it would change its scope for every test of the module, and
 * the conftest's wider-scoped fixtures that use it then fail with ScopeMismatch).
 */
function localName(name: string, taken: ReadonlySet<string>, prefix: string): string {
  if (!taken.has(name)) return name;
  let candidate = `${prefix}_${name}`;
  while (taken.has(candidate)) candidate = `${prefix}_own_${name}`;
  return candidate;
}

export function planFixtures(
  conftest: readonly ConftestFixture[],
  auth: AuthPlan | undefined,
  asyncSession = false,
  prefix = 'module',
): TestFixtures {
  const taken = new Set(conftest.map((fixture) => fixture.name));
  const byType = (type: RegExp): ConftestFixture[] => conftest.filter((fixture) => type.test(yielded(fixture.returns)));
  const client = byType(/^(\w+\.)?(TestClient|AsyncClient)$/)[0];
  const session = byType(/^(\w+\.)?(Session|AsyncSession)$/)[0];
  const local = new Set<'session' | 'client' | 'user' | 'otherUser' | 'headers'>();
  if (client === undefined || session === undefined) {
    // Without both, the module builds its own app client over its own in-memory database.
    local.add('session').add('client');
  }
  const result: {
    client: string;
    session: string;
    headers?: string;
    user?: string;
    otherUser?: string;
    superuserHeaders?: string;
  } = {
    client: local.has('client') ? localName('client', taken, prefix) : (client?.name ?? 'client'),
    session: local.has('session') ? localName('session', taken, prefix) : (session?.name ?? 'session'),
  };
  if (auth !== undefined && !local.has('session')) {
    const userType = new RegExp(`^${auth.userModel.name}$`);
    const users = byType(userType);
    const headers = byType(/^dict\[str,\s*str\]$/);
    const superHeaders = headers.find((fixture) => /super|admin/i.test(fixture.name));
    const normalHeaders = headers.find((fixture) => !/super|admin/i.test(fixture.name));
    const wantHeaders = auth.superuserOnly ? superHeaders : normalHeaders;
    const headersUser = users.find((user) => wantHeaders?.parameters.includes(user.name));
    if (wantHeaders !== undefined && headersUser !== undefined) {
      result.headers = wantHeaders.name;
      result.user = headersUser.name;
      const other = users.find((user) => user.name !== headersUser.name && !/super|admin/i.test(user.name)) ??
        users.find((user) => user.name !== headersUser.name);
      if (other !== undefined) {
        result.otherUser = other.name;
      } else {
        local.add('otherUser');
      }
    } else {
      local.add('user').add('headers').add('otherUser');
    }
    if (superHeaders !== undefined && auth.superuserField !== undefined) {
      result.superuserHeaders = superHeaders.name;
    }
  } else if (auth !== undefined) {
    local.add('user').add('headers').add('otherUser');
  }
  if (local.has('user')) {
    result.user = localName('user', taken, prefix);
    result.headers = localName('auth_headers', taken, prefix);
  }
  if (local.has('otherUser')) {
    result.otherUser = localName('other_user', taken, prefix);
  }
  // Rows outlive a test when the session, or the engine under it, lives longer than one test.
  const scopeOf = (name: string): string | undefined => conftest.find((fixture) => fixture.name === name)?.scope;
  const sharedDatabase =
    !local.has('session') &&
    session !== undefined &&
    (session.scope !== 'function' || session.parameters.some((parameter) => (scopeOf(parameter) ?? 'function') !== 'function'));
  // A module's own client over an AsyncSession is an httpx AsyncClient, like the session, a coroutine fixture.
  const asyncClient = local.has('client') ? asyncSession : client !== undefined && /AsyncClient$/.test(yielded(client.returns));
  return { ...result, local, sharedDatabase, asyncClient };
}

/** The conftest that applies to a tests folder: the nearest one at or above it. */
export function conftestFor(
  facts: ProjectFacts,
  testsDir: string,
  readText: ReadText,
): { path: string; text: string } | undefined {
  const observed = facts.conventions.layout.conftest.value;
  const candidates: string[] = [];
  let dir = testsDir.replace(/\/+$/, '');
  for (;;) {
    candidates.push(dir === '' || dir === '.' ? 'conftest.py' : `${dir}/conftest.py`);
    if (dir === '' || dir === '.') {
      break;
    }
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
  if (observed !== null && !candidates.includes(observed) && observed.startsWith(testsDir)) {
    candidates.unshift(observed);
  }
  for (const path of candidates) {
    const text = readText(path);
    if (text !== undefined) {
      return { path, text };
    }
  }
  return undefined;
}
