/**
 * The pytest module for the generated routes: create, read, list with pagination, update,
 * delete, 404, 422, and — where the project has auth — 401 without a token and owner scoping.
 */
import type { ProjectFacts, ResolvedField } from '../../project/facts';
import type { ImportSet } from '../python/imports';
import { assertion, bracketed, collection as collectionLiteral, INDENT, pyString, signature } from '../python/text';
import { foreignTable, modelForTable } from './model-analysis';
import type { CrudPlan } from './plan-types';
import { cleanupFixture } from './test-cleanup';
import { conflictTests, openApiTest, type TestKit } from './test-contracts';
import { emitLocalFixtures } from './test-local-fixtures';
import { signInFixture, signOutLine } from './test-sign-in';
import { assertId, RowHelpers } from './test-rows';
import { changedValue } from './test-samples';
import { createBody, parentVar, snakeName, type TestContext } from './test-create-body';
import type { ChangeWorkspace } from './workspace';


export function emitTests(plan: CrudPlan, facts: ProjectFacts, workspace: ChangeWorkspace): void {
  const tests = plan.tests;
  if (tests === undefined) {
    return;
  }
  const draft = workspace.file(tests.file, tests.module);
  const pathParents = plan.router.parentParams.flatMap((param) => {
    const field = plan.model.fields.find((candidate) => candidate.name === param.field);
    const table = field ? foreignTable(field) : undefined;
    const parent = table ? modelForTable(facts, table) : undefined;
    return parent ? [parent] : [];
  });
  const rows = new RowHelpers(facts, plan, draft.imports, tests.fixtures.session);
  const main = rows.helper(plan.model, pathParents);
  if (main === undefined) {
    plan.warnings.push(`Tests were not generated: ${rows.problems.join('; ')}.`);
    return;
  }
  const urlName = `${plan.names.plural.toUpperCase()}_URL`;
  const context: TestContext = { facts, plan, tests, rows, main, pathParents, urlName };
  const clientType = fixtureType(context, tests.fixtures.client);
  draft.imports.from(clientType === 'AsyncClient' ? 'httpx' : 'fastapi.testclient', clientType);
  if (plan.asyncSession) {
    draft.imports.from('sqlmodel.ext.asyncio.session', 'AsyncSession');
  } else {
    draft.imports.from('sqlmodel', 'Session');
  }
  draft.descriptions.push(`tests for the ${plan.names.human} routes`);

  // Tests and fixtures first: they define the row helpers they call.
  const signIn = signInFixture(plan, tests, draft.imports);
  const fixtures = [...emitLocalFixtures(plan, tests, rows, draft.imports), ...(signIn === undefined ? [] : [signIn])];
  const functions = testBlocks(context, draft.imports);
  const url = urlBlock(context);
  const header = [url];
  if (tests.fixtures.asyncClient) {
    // Coroutine tests run on anyio's pytest plugin, the loop the async fixtures live on.
    draft.imports.module('pytest');
    const marker = 'pytestmark = pytest.mark.anyio';
    if (url.startsWith('def ')) header.unshift(marker);
    else header[0] = `${marker}\n${url}`;
  }
  const cleanup = cleanupFixture(plan, tests, rows, draft.imports);
  draft.blocks.push(...header, ...fixtures, ...(cleanup === undefined ? [] : [cleanup]), ...rows.definitions(), ...functions);
  if (tests.relativeImports) {
    draft.imports.makeRelative(tests.module, plan.firstParty);
  }
}

/** `HEROES_URL = "/heroes/"`, or a function of the parent ids for nested routes. */
function urlBlock(context: TestContext): string {
  const url = context.plan.router.collectionUrl;
  if (context.pathParents.length === 0) {
    return `${context.urlName} = ${pyString(url)}`;
  }
  const params = context.plan.router.parentParams.map((param) => `${param.name}: ${param.type}`);
  return [signature('', `def ${context.urlName.toLowerCase()}`, params, ' -> str:'), `${INDENT}return f${pyString(url)}`].join('\n');
}

/** The collection URL expression, given variables holding the path parents. */
function collection(context: TestContext, parents: readonly string[]): string {
  if (context.pathParents.length === 0) {
    return context.urlName;
  }
  return `${context.urlName.toLowerCase()}(${parents.map((parent) => `${parent}.id`).join(', ')})`;
}

function item(context: TestContext, parents: readonly string[], id: string): string {
  const base = collection(context, parents);
  const slash = context.plan.router.collectionUrl.endsWith('/') ? '' : '/';
  const tail = /^\d+$/.test(id) ? id : `{${id}}`;
  return `f"{${base}}${slash}${tail}"`;
}

interface TestBuilder {
  readonly fixtures: string[];
  readonly lines: string[];
}

function testBlocks(context: TestContext, imports: ImportSet): string[] {
  const { plan, tests, rows, main } = context;
  const fx = tests.fixtures;
  const owner = fx.user;
  const wait = fx.asyncClient ? 'await ' : '';
  const sessionWait = plan.asyncSession ? 'await ' : '';
  /** `target = client.method(url, ..., headers=...)` laid out like the formatter. */
  const request = (target: string, method: string, url: string, extra: readonly string[] = [], headers: string | null = fx.headers ?? null, tail = ''): string =>
    bracketed(INDENT, `${target} = ${wait}${fx.client}.${method}`, [url, ...extra, ...(headers ? [`headers=${headers}`] : [])], tail);
  const blocks: string[] = [];
  const snake = plan.names.snake;
  const parentVars = context.pathParents.map((parent) => parentVar(parent));

  /** A test function whose body starts by storing `count` rows (and their path parents). */
  const test = (name: string, build: (builder: TestBuilder) => void): void => {
    const builder: TestBuilder = { fixtures: [fx.client], lines: [] };
    build(builder);
    const parameters = [...new Set(builder.fixtures)].map((fixture) => `${fixture}: ${fixtureType(context, fixture)}`);
    const keyword = fx.asyncClient ? 'async def' : 'def';
    blocks.push([signature('', `${keyword} ${name}`, parameters, ' -> None:'), ...builder.lines].join('\n'));
  };
  const useAuth = (builder: TestBuilder): void => {
    if (fx.headers) builder.fixtures.push(fx.headers);
  };
  const storeParents = (builder: TestBuilder): void => {
    context.pathParents.forEach((parent, position) => {
      const helper = rows.helper(parent);
      if (helper) {
        builder.fixtures.push(fx.session);
        builder.lines.push(rows.assign(INDENT, parentVars[position] ?? '', helper, owner, []));
        builder.lines.push(...assertId(parent, parentVars[position] ?? ''));
      }
    });
  };
  const store = (builder: TestBuilder, variable: string, index?: number, rowOwner = owner): void => {
    builder.fixtures.push(fx.session);
    if (main.needsOwner && rowOwner) builder.fixtures.push(rowOwner);
    builder.lines.push(rows.assign(INDENT, variable, main, rowOwner, parentVars, index));
  };
  const itemUrl = (id: string): string => item(context, parentVars, id);
  const idLiteral = plan.idType.includes('UUID') ? 'uuid.uuid4()' : '999999';
  if (plan.idType.includes('UUID')) imports.module('uuid');
  const jsonId = (expression: string): string => (plan.idType.includes('UUID') ? `str(${expression})` : expression);

  if (plan.operations.includes('create')) {
    const body = createBody(context, imports);
    if (body !== undefined) {
      test(`test_create_${snake}`, (b) => {
        useAuth(b);
        storeParents(b);
        b.lines.push(...body.setup.map((line) => `${INDENT}${line}`));
        if (body.setup.length > 0) b.fixtures.push(fx.session);
        if (body.needsUser && owner) b.fixtures.push(owner);
        b.lines.push(collectionLiteral(INDENT, 'payload = ', body.entries));
        b.lines.push(request('response', 'post', collection(context, parentVars), ['json=payload']));
        b.lines.push(`${INDENT}assert response.status_code == ${plan.createStatus}`);
        b.lines.push(`${INDENT}data = response.json()`);
        for (const key of body.echoed) b.lines.push(assertion(INDENT, `data[${pyString(key)}]`, '==', `payload[${pyString(key)}]`));
        b.lines.push(`${INDENT}assert data[${pyString(plan.primaryKey.name)}] is not None`);
        if (plan.ownerField && owner && main.needsOwner) {
          b.fixtures.push(owner);
          b.lines.push(assertion(INDENT, `data[${pyString(plan.ownerField.name)}]`, '==', jsonId(`${owner}.id`)));
        }
      });
      test(`test_create_${snake}_rejects_invalid_input`, (b) => {
        useAuth(b);
        storeParents(b);
        b.lines.push(request('response', 'post', collection(context, parentVars), [`json=${body.invalid}`]));
        b.lines.push(`${INDENT}assert response.status_code == 422`);
      });
    }
  }
  if (plan.operations.includes('read')) {
    test(`test_read_${snake}`, (b) => {
      useAuth(b);
      storeParents(b);
      store(b, snake);
      b.lines.push(request('response', 'get', itemUrl(`${snake}.${plan.primaryKey.name}`)));
      b.lines.push(`${INDENT}assert response.status_code == 200`);
      b.lines.push(assertion(INDENT, `response.json()[${pyString(plan.primaryKey.name)}]`, '==', jsonId(`${snake}.${plan.primaryKey.name}`)));
    });
  }
  // A project's own update schema may leave fields without a default (`name: str | None`): each
  // is then required in the body, so every update sends it.
  const requiredUpdates = (changed: ResolvedField | undefined): string[] =>
    (plan.schemas.update.isNew ? [] : plan.schemas.updateFields).flatMap((candidate) => {
      if (candidate === changed || candidate.hasDefault) return [];
      const sample = changedValue(candidate, imports);
      return sample === undefined ? [] : [`${pyString(candidate.name)}: ${sample}`];
    });
  const notFoundTest = (operation: 'read' | 'update' | 'delete'): void => {
    const method = operation === 'read' ? 'get' : operation === 'update' ? plan.updateMethod : 'delete';
    test(`test_${operation}_${snake}_not_found`, (b) => {
      useAuth(b);
      storeParents(b);
      const required = operation === 'update' ? requiredUpdates(undefined) : [];
      if (required.length > 0) b.lines.push(collectionLiteral(INDENT, 'payload = ', required));
      const json = operation === 'update' ? [required.length > 0 ? 'json=payload' : 'json={}'] : [];
      b.lines.push(request('response', method, itemUrl(idLiteral), json));
      b.lines.push(`${INDENT}assert response.status_code == 404`);
      b.lines.push(assertion(INDENT, 'response.json()', '==', `{"detail": ${pyString(plan.names.notFound)}}`));
    });
  };
  if (plan.operations.includes('read')) notFoundTest('read');
  if (plan.operations.includes('list')) {
    test(`test_list_${plan.names.plural}_paginates`, (b) => {
      useAuth(b);
      storeParents(b);
      b.fixtures.push(fx.session);
      if (main.needsOwner && owner) b.fixtures.push(owner);
      b.lines.push(`${INDENT}for index in range(3):`);
      b.lines.push(rows.assign(`${INDENT}${INDENT}`, undefined, main, owner, parentVars, 'index'));
      const { skip, limit } = plan.names.pageParams;
      b.lines.push(request('response', 'get', collection(context, parentVars), [`params={${pyString(skip)}: 1, ${pyString(limit)}: 1}`]));
      b.lines.push(`${INDENT}assert response.status_code == 200`);
      const atLeast = tests.fixtures.sharedDatabase || plan.model.name === plan.auth?.userModel.name;
      if (plan.schemas.list) {
        b.lines.push(`${INDENT}page = response.json()`);
        b.lines.push(`${INDENT}assert len(page[${pyString(itemsKey(plan))}]) == 1`);
        b.lines.push(`${INDENT}assert page[${pyString(countKey(plan))}] ${atLeast ? '>=' : '=='} 3`);
      } else {
        b.lines.push(`${INDENT}assert len(response.json()) == 1`);
      }
    });
  }
  if (plan.operations.includes('update')) {
    const field = plan.schemas.updateFields.find((candidate) => changedValue(candidate) !== undefined);
    test(`test_update_${snake}`, (b) => {
      useAuth(b);
      storeParents(b);
      store(b, snake);
      const value = field ? changedValue(field, imports) : undefined;
      b.lines.push(collectionLiteral(INDENT, 'payload = ', [...(field && value ? [`${pyString(field.name)}: ${value}`] : []), ...requiredUpdates(field)]));
      b.lines.push(request('response', plan.updateMethod, itemUrl(`${snake}.${plan.primaryKey.name}`), ['json=payload']));
      b.lines.push(`${INDENT}assert response.status_code == 200`);
      if (field && value && plan.schemas.publicFieldNames.has(field.name)) {
        const boolean = value === 'True' || value === 'False';
        const expected = boolean ? value : `payload[${pyString(field.name)}]`;
        b.lines.push(assertion(INDENT, `response.json()[${pyString(field.name)}]`, boolean ? 'is' : '==', expected));
      }
    });
    notFoundTest('update');
  }
  if (plan.operations.includes('delete')) {
    test(`test_delete_${snake}`, (b) => {
      useAuth(b);
      storeParents(b);
      store(b, snake);
      b.lines.push(`${INDENT}${snake}_id = ${snake}.${plan.primaryKey.name}`);
      b.lines.push(request('response', 'delete', itemUrl(`${snake}_id`)));
      b.lines.push(`${INDENT}assert response.status_code == ${plan.deleteStatus}`);
      if (plan.deleteReturns === 'literal' && plan.deleteLiteral) {
        b.lines.push(assertion(INDENT, 'response.json()', '==', plan.deleteLiteral.expression));
      }
      b.lines.push(`${INDENT}session.expire_all()`.replace('session', fx.session));
      b.lines.push(bracketed(INDENT, `deleted = ${sessionWait}${fx.session}.get`, [plan.model.name, `${snake}_id`]));
      b.lines.push(`${INDENT}assert deleted is None`);
    });
    notFoundTest('delete');
  }
  if (plan.auth && fx.headers) {
    test(`test_${plan.names.plural}_require_a_token`, (b) => {
      b.lines.push(request('response', 'get', collection(context, parentVars), [], null));
      b.lines.push(`${INDENT}assert response.status_code in (401, 403)`);
      if (context.pathParents.length > 0) storeParents(b);
    });
  }
  const signOut = signOutLine(plan, tests);
  if (signOut !== undefined) {
    test(`test_${plan.names.plural}_require_sign_in`, (b) => {
      storeParents(b);
      b.lines.push(signOut);
      b.lines.push(request('response', 'get', collection(context, parentVars), [], null));
      b.lines.push(`${INDENT}assert response.status_code in (401, 403)`);
    });
  }
  const owned = plan.ownerField !== undefined || plan.ownerPath !== undefined;
  if (owned && main.needsOwner && fx.otherUser && fx.headers && plan.operations.some((op) => op === 'read' || op === 'list')) {
    const other = fx.otherUser;
    test(`test_other_users_${plan.names.plural}_are_hidden`, (b) => {
      useAuth(b);
      storeParents(b);
      b.fixtures.push(other);
      store(b, snake, undefined, other);
      if (plan.existingOperations.includes('read') || plan.operations.includes('read')) {
        b.lines.push(request('response', 'get', itemUrl(`${snake}.${plan.primaryKey.name}`)));
        b.lines.push(`${INDENT}assert response.status_code == 404`);
      }
      if (plan.operations.includes('list') || plan.existingOperations.includes('list')) {
        if (fx.asyncClient) {
          // `.json()` cannot follow an awaited call without parentheses: read it on its own line.
          b.lines.push(request('response', 'get', collection(context, parentVars), [], fx.headers ?? null));
          b.lines.push(`${INDENT}listed = response.json()`);
        } else {
          b.lines.push(request('listed', 'get', collection(context, parentVars), [], fx.headers ?? null, '.json()'));
        }
        const rowsExpr = plan.schemas.list ? `listed[${pyString(itemsKey(plan))}]` : 'listed';
        if (tests.fixtures.sharedDatabase) {
          // Rows of earlier tests may share the database: only this one must not be listed.
          const key = pyString(plan.primaryKey.name);
          b.lines.push(assertion(INDENT, `${jsonId(`${snake}.${plan.primaryKey.name}`)}`, 'not in', `[row[${key}] for row in ${rowsExpr}]`));
        } else {
          b.lines.push(`${INDENT}assert ${rowsExpr} == []`);
        }
      }
      if (fx.superuserHeaders && plan.auth?.superuserField) {
        b.fixtures.push(fx.superuserHeaders);
        b.lines.push(request('response', 'get', itemUrl(`${snake}.${plan.primaryKey.name}`), [], fx.superuserHeaders));
        b.lines.push(`${INDENT}assert response.status_code == 200`);
      }
    });
  }
  const path = plan.ownerPath;
  const parentHelper = path === undefined ? undefined : rows.helper(path.parent);
  if (path && parentHelper && fx.otherUser && fx.headers && plan.operations.includes('create')) {
    const other = fx.otherUser;
    const body = createBody(context, imports);
    test(`test_create_${snake}_under_another_users_${snakeName(path.parent.name)}_is_refused`, (b) => {
      useAuth(b);
      b.fixtures.push(fx.session, other);
      b.lines.push(rows.assign(INDENT, 'foreign', parentHelper, other, []));
      b.lines.push(...assertId(path.parent, 'foreign'));
      const entries = (body?.entries ?? []).filter((entry) => !entry.startsWith(`${pyString(path.field.name)}:`));
      b.lines.push(collectionLiteral(INDENT, 'payload = ', [...entries, `${pyString(path.field.name)}: foreign.id`]));
      b.lines.push(request('response', 'post', collection(context, parentVars), ['json=payload']));
      b.lines.push(`${INDENT}assert response.status_code == 404`);
    });
  }
  const notNull = plan.notNullUpdates[0];
  if (notNull !== undefined && plan.operations.includes('update')) {
    test(`test_update_${snake}_rejects_null_${notNull}`, (b) => {
      useAuth(b);
      storeParents(b);
      store(b, snake);
      b.lines.push(request('response', plan.updateMethod, itemUrl(`${snake}.${plan.primaryKey.name}`), [`json={${pyString(notNull)}: None}`]));
      b.lines.push(`${INDENT}assert response.status_code == 422`);
    });
  }
  const kit: TestKit = {
    plan,
    imports,
    test,
    prepare: (b) => {
      useAuth(b);
      storeParents(b);
    },
    store: (b, variable, index) => store(b, variable, index),
    request: (target, method, url, extra = []) => request(target, method, url, extra),
    collectionUrl: collection(context, parentVars),
    itemUrl,
    ...(plan.operations.includes('create') ? { createEntries: createBody(context, imports)?.entries } : {}),
  };
  conflictTests(kit);
  if (tests.appRef && (plan.router.mode !== 'new' || plan.registration !== undefined)) openApiTest(kit, tests.appRef);
  return blocks;
}

function itemsKey(plan: CrudPlan): string {
  return plan.envelope.items;
}

function countKey(plan: CrudPlan): string {
  return plan.envelope.count;
}


function fixtureType(context: TestContext, fixture: string): string {
  const fx = context.tests.fixtures;
  if (fixture === fx.client) return fx.asyncClient ? 'AsyncClient' : 'TestClient';
  if (fixture === fx.session) return context.plan.asyncSession ? 'AsyncSession' : 'Session';
  if (fixture === fx.headers || fixture === fx.superuserHeaders) return 'dict[str, str]';
  return context.plan.auth?.userModel.name ?? 'object';
}
