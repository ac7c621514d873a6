/**
 * Tests for the generated operations: every stub answers 501 to a valid request, and every
 * secured operation answers 401 without credentials. Requests are built from the spec's own
 * schemas (the smallest valid value), so they pass FastAPI's validation and reach the handler.
 */
import type { SpecOperation } from '../../spec/model';
import type { DependencyUse } from '../crud/plan-types';
import type { ImportSet } from '../python/imports';
import { bracketed, fits, INDENT, pyString, signature } from '../python/text';
import { type NameSpace, pythonName } from './names';
import type { SecurityDependency } from './operation-code';
import { pythonLiteral } from './python-literals';
import { type SchemaCatalog } from './python-types';
import { sampleValue } from './samples';

export interface OperationTest {
  readonly operation: SpecOperation;
  readonly functionName: string;
  readonly security: readonly SecurityDependency[];
}

export interface TestModuleContext {
  readonly catalog: SchemaCatalog;
  readonly imports: ImportSet;
  readonly basePath: string;
  /** Name of the TestClient fixture. */
  readonly client: string;
  readonly appModule: string;
  readonly appVariable: string;
  readonly names: NameSpace;
  /** The client is an httpx `AsyncClient`: requests are awaited. */
  readonly awaits?: boolean;
}

/** A sample as it travels in a URL or a header. */
function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

interface RequestParts {
  readonly url: string;
  readonly args: string[];
}

/** The request arguments, or the reason no valid request could be made. */
function requestFor(operation: SpecOperation, context: TestModuleContext): RequestParts | string {
  const { catalog } = context;
  let path = operation.path;
  const query: string[] = [];
  const headers: string[] = [];
  const cookies: string[] = [];
  for (const parameter of operation.parameters) {
    if (!parameter.required) continue;
    const value = sampleValue(catalog, parameter.schema);
    if (value === undefined) return `no valid value for parameter ${parameter.name}`;
    const text = Array.isArray(value) ? value.map(scalarText) : scalarText(value);
    switch (parameter.location) {
      case 'path':
        path = path.replace(`{${parameter.name}}`, encodeURIComponent(scalarText(value)));
        break;
      case 'query':
        query.push(`${pyString(parameter.name)}: ${pythonLiteral(text)}`);
        break;
      case 'header':
        headers.push(`${pyString(parameter.name)}: ${pyString(scalarText(value))}`);
        break;
      case 'cookie':
        cookies.push(`${pyString(parameter.name)}: ${pyString(scalarText(value))}`);
        break;
    }
  }
  const args: string[] = [];
  if (query.length > 0) args.push(`params={${query.join(', ')}}`);
  const body = operation.body;
  if (body !== undefined && body.required) {
    const value = sampleValue(catalog, body.schema);
    if (value === undefined) return 'no valid request body';
    if (body.encoding === 'json') {
      args.push(`json=${pythonLiteral(value)}`);
    } else if (body.encoding === 'form' || body.encoding === 'multipart') {
      const data: string[] = [];
      const files: string[] = [];
      const resolved = catalog.resolve(body.schema);
      const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
      for (const [name, item] of Object.entries(record)) {
        const property = resolved.kind === 'object' ? resolved.properties.find((candidate) => candidate.name === name) : undefined;
        const propertySchema = property === undefined ? undefined : catalog.resolve(property.schema);
        if (propertySchema?.kind === 'primitive' && propertySchema.format === 'binary') {
          files.push(`${pyString(name)}: ("${pythonName(name)}.bin", b"content")`);
        } else {
          data.push(`${pyString(name)}: ${pyString(typeof item === 'string' ? item : JSON.stringify(item))}`);
        }
      }
      if (data.length > 0) args.push(`data={${data.join(', ')}}`);
      if (files.length > 0) args.push(`files={${files.join(', ')}}`);
    } else {
      args.push('content=b"content"');
      headers.push(`"Content-Type": ${pyString(body.mediaType)}`);
    }
  }
  if (headers.length > 0) args.push(`headers={${headers.join(', ')}}`);
  if (cookies.length > 0) args.push(`cookies={${cookies.join(', ')}}`);
  return { url: `${context.basePath}${path}`, args };
}

function call(context: TestModuleContext, operation: SpecOperation, parts: RequestParts, prefix = INDENT): string {
  const wait = context.awaits === true ? 'await ' : '';
  return bracketed(prefix, `response = ${wait}${context.client}.${operation.method}`, [pyString(parts.url), ...parts.args]);
}

/**
 * `app.dependency_overrides[guard] = allow` at `prefix`, laid out as the formatter does when it is
 * too long: the right-hand side in parentheses when the rest fits, else the subscript split.
 */
export function overrideLine(prefix: string, app: string, guard: string, value: string): string {
  const target = `${app}.dependency_overrides[${guard}]`;
  if (fits(`${prefix}${target} = ${value}`)) return `${prefix}${target} = ${value}`;
  if (fits(`${prefix}${target} = (`)) return `${prefix}${target} = (\n${prefix}${INDENT}${value}\n${prefix})`;
  return `${prefix}${app}.dependency_overrides[\n${prefix}${INDENT}${guard}\n${prefix}] = ${value}`;
}

/** `app.dependency_overrides.pop(guard, None)` at `prefix`, split like a call when too long. */
export function removeOverrideLine(prefix: string, app: string, guard: string): string {
  return bracketed(prefix, `${app}.dependency_overrides.pop`, [guard, 'None']);
}

/** The tests of one router's new operations, and the operations no test could be written for. */
export function renderOperationTests(tests: readonly OperationTest[], context: TestModuleContext): { blocks: string[]; skipped: string[] } {
  const blocks: string[] = [];
  const skipped: string[] = [];
  const { imports } = context;
  for (const test of tests) {
    const parts = requestFor(test.operation, context);
    if (typeof parts === 'string') {
      skipped.push(`${test.operation.operationId}: ${parts}`);
      continue;
    }
    imports.from('fastapi.testclient', 'TestClient');
    const clientParameter = `${context.client}: TestClient`;
    if (test.security.length > 0) {
      const name = context.names.claim(`test_${test.functionName}_requires_credentials`);
      blocks.push(
        [
          signature('', `def ${name}`, [clientParameter], ' -> None:'),
          call(context, test.operation, parts),
          `${INDENT}assert response.status_code == 401`,
        ].join('\n'),
      );
    }
    const jwtKey = test.security.length === 1 ? test.security[0]?.jwtKey : undefined;
    const dependency = test.security[0];
    if (jwtKey !== undefined && dependency !== undefined && !parts.args.some((arg) => arg.startsWith('headers='))) {
      blocks.push(...tokenTests(test, parts, context, dependency.module, jwtKey));
    }
    const name = context.names.claim(`test_${test.functionName}_is_not_implemented`);
    const lines = [signature('', `def ${name}`, [clientParameter], ' -> None:')];
    if (test.security.length > 0) {
      imports.from(context.appModule, context.appVariable);
      for (const dependency of test.security) {
        imports.from(dependency.module, dependency.function);
      }
      // The credentials are the security dependencies' concern, tested above.
      const overrides = test.security.map((dependency) => overrideLine(`${INDENT}${INDENT}`, context.appVariable, dependency.function, 'allow'));
      const removals = test.security.map((dependency) => removeOverrideLine(`${INDENT}${INDENT}`, context.appVariable, dependency.function));
      lines.push(
        `${INDENT}def allow() -> None:`,
        `${INDENT}${INDENT}return None`,
        '',
        `${INDENT}try:`,
        ...overrides,
        call(context, test.operation, parts, `${INDENT}${INDENT}`),
        `${INDENT}finally:`,
        ...removals,
      );
    } else {
      lines.push(call(context, test.operation, parts));
    }
    lines.push(`${INDENT}assert response.status_code == 501`);
    blocks.push(lines.join('\n'));
  }
  return { blocks, skipped };
}

const TEST_KEY = "a-signing-key-for-tests-only-0123456789";

/**
 * The token checks of an operation guarded by a generated JWT dependency: a token signed with
 * the configured key reaches the handler (a stub answers 501), a forged one is refused.
 */
function tokenTests(test: OperationTest, parts: RequestParts, context: TestModuleContext, module: string, key: string): string[] {
  const { imports } = context;
  imports.module('pytest');
  imports.module('jwt');
  imports.module('datetime');
  imports.from(module, 'settings');
  const parameters = [`${context.client}: TestClient`, 'monkeypatch: pytest.MonkeyPatch'];
  const header = (name: string): string => signature('', `def ${context.names.claim(name)}`, parameters, ' -> None:');
  const configure = bracketed(INDENT, 'monkeypatch.setattr', ['settings', pyString(key), pyString(TEST_KEY)]);
  const withToken = (token: string): RequestParts => ({ url: parts.url, args: [...parts.args, `headers={"Authorization": ${token}}`] });
  const expires = 'datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5)';
  return [
    [
      header(`test_${test.functionName}_accepts_a_valid_token`),
      configure,
      `${INDENT}expires = ${expires}`,
      bracketed(INDENT, 'token = jwt.encode', ['{"sub": "someone", "exp": expires}', pyString(TEST_KEY), `algorithm=settings.${key.replace(/SECRET_KEY$/, 'ALGORITHM')}`]),
      call(context, test.operation, withToken('f"Bearer {token}"')),
      `${INDENT}assert response.status_code == 501`,
    ].join('\n'),
    [
      header(`test_${test.functionName}_refuses_a_forged_token`),
      configure,
      bracketed(INDENT, 'token = jwt.encode', ['{"sub": "someone", "exp": 4102444800}', '"some-other-key-that-is-also-long-enough"', 'algorithm="HS256"']),
      call(context, test.operation, withToken('f"Bearer {token}"')),
      `${INDENT}assert response.status_code == 401`,
    ].join('\n'),
  ];
}

/**
 * A client fixture for a test module in a project whose conftest has none; with a session
 * dependency, its requests use an empty in-memory database.
 */
export function clientFixture(context: TestModuleContext, session: DependencyUse | undefined): string {
  const { imports } = context;
  imports.module('pytest');
  imports.from('fastapi.testclient', 'TestClient');
  imports.from(context.appModule, context.appVariable);
  if (session === undefined) {
    return ['@pytest.fixture', `def ${context.client}() -> TestClient:`, `${INDENT}return TestClient(${context.appVariable})`].join('\n');
  }
  imports.from('collections.abc', 'Generator');
  imports.from('sqlalchemy.pool', 'StaticPool');
  imports.from('sqlmodel', 'Session', 'SQLModel', 'create_engine');
  imports.from(session.functionModule, session.function);
  const app = context.appVariable;
  return [
    '@pytest.fixture',
    `def ${context.client}() -> Generator[TestClient, None, None]:`,
    `${INDENT}"""A client whose requests use an empty in-memory database."""`,
    `${INDENT}engine = create_engine(`,
    `${INDENT}${INDENT}"sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool`,
    `${INDENT})`,
    `${INDENT}SQLModel.metadata.create_all(engine)`,
    `${INDENT}with Session(engine) as session:`,
    `${INDENT}${INDENT}${app}.dependency_overrides[${session.function}] = lambda: session`,
    `${INDENT}${INDENT}yield TestClient(${app})`,
    `${INDENT}${app}.dependency_overrides.pop(${session.function}, None)`,
  ].join('\n');
}

/** Lets the requests of one test past the security dependencies (tested on their own). */
export function authorizedFixture(context: TestModuleContext, security: readonly SecurityDependency[]): string {
  const { imports } = context;
  imports.module('pytest');
  imports.from('collections.abc', 'Generator');
  imports.from(context.appModule, context.appVariable);
  for (const dependency of security) imports.from(dependency.module, dependency.function);
  const app = context.appVariable;
  return [
    '@pytest.fixture',
    'def authorized() -> Generator[None, None, None]:',
    `${INDENT}def allow() -> None:`,
    `${INDENT}${INDENT}return None`,
    '',
    ...security.map((dependency) => overrideLine(INDENT, app, dependency.function, 'allow')),
    `${INDENT}yield`,
    ...security.map((dependency) => removeOverrideLine(INDENT, app, dependency.function)),
  ].join('\n');
}
