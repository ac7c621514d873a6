import assert from 'node:assert/strict';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { convention, indexFixture, model, routeLines } from './fixture-index';

describe('project index: fullstack-template fixture', () => {
  let facts: ProjectFacts;
  before(async () => {
    facts = await indexFixture('fullstack-template');
  });

  it('finds the table models with fields resolved through their bases', () => {
    assert.deepEqual(
      facts.models.filter((m) => m.table).map((m) => m.name),
      ['User', 'Item', 'Project'],
    );
    const item = model(facts, 'Item');
    assert.equal(item.file, 'app/models.py');
    assert.equal(item.module, 'app.models');
    assert.equal(item.tableName, 'item');
    assert.deepEqual(item.mro, ['ItemBase', 'SQLModel']);
    assert.deepEqual(
      item.fields.map((field) => [field.name, field.annotation, field.declaredIn]),
      [
        ['title', 'str', 'ItemBase'],
        ['description', 'str | None', 'ItemBase'],
        ['id', 'uuid.UUID', 'Item'],
        ['owner_id', 'uuid.UUID', 'Item'],
      ],
    );
    assert.deepEqual(item.primaryKey, ['id']);
    const owner = item.fields.find((field) => field.name === 'owner_id');
    assert.equal(owner?.foreignKey, 'user.id');
    assert.equal(owner?.fieldArgs['ondelete'], '"CASCADE"');
    assert.deepEqual(
      item.relationships.map((relationship) => [relationship.name, relationship.target, relationship.backPopulates]),
      [['owner', 'User', 'items']],
    );
  });

  it('classifies schema families, list envelopes included', () => {
    assert.deepEqual(facts.families, [
      {
        root: 'User',
        base: 'UserBase',
        create: 'UserCreate',
        update: 'UserUpdate',
        table: 'User',
        public: 'UserPublic',
        list: 'UsersPublic',
      },
      {
        root: 'Item',
        base: 'ItemBase',
        create: 'ItemCreate',
        update: 'ItemUpdate',
        table: 'Item',
        public: 'ItemPublic',
        list: 'ItemsPublic',
      },
      { root: 'Project', base: 'ProjectBase', table: 'Project' },
    ]);
    assert.equal(model(facts, 'Message').role, 'other');
    assert.equal(model(facts, 'TokenPayload').family, 'TokenPayload');
  });

  it('gives every route its full path under the settings prefix', () => {
    assert.deepEqual(routeLines(facts), [
      'GET /api/v1/items/ → read_items',
      'GET /api/v1/items/{id} → read_item',
      'POST /api/v1/items/ → create_item',
      'PUT /api/v1/items/{id} → update_item',
      'DELETE /api/v1/items/{id} → delete_item',
      'POST /api/v1/login/access-token → login_access_token',
      'GET /api/v1/users/ → read_users',
      'POST /api/v1/users/ → create_user',
      'GET /api/v1/users/me → read_user_me',
    ]);
    const readUsers = facts.routes.find((route) => route.functionName === 'read_users');
    assert.deepEqual(readUsers?.dependencies, ['get_current_active_superuser', 'get_db']);
    assert.equal(readUsers?.responseModel, 'UsersPublic');
    const apiRouter = facts.routers.find((router) => router.variable === 'api_router');
    assert.deepEqual(apiRouter?.includedBy, [{ file: 'app/main.py', target: 'app', prefix: '/api/v1' }]);
    assert.deepEqual(facts.apps, [{ file: 'app/main.py', module: 'app.main', variable: 'app' }]);
  });

  it('reads the settings class and its literal defaults', () => {
    assert.equal(facts.settings.length, 1);
    const [settings] = facts.settings;
    assert.equal(settings?.className, 'Settings');
    assert.equal(settings?.file, 'app/core/config.py');
    assert.equal(settings?.instance, 'settings');
    assert.equal(settings?.literals['API_V1_STR'], '/api/v1');
    assert.equal(settings?.literals['SECRET_KEY'], undefined, 'a computed default is not a literal');
  });

  it('finds the session, current-user and superuser dependencies with their aliases', () => {
    assert.deepEqual(facts.dependencies, {
      session: {
        function: 'get_db',
        file: 'app/api/deps.py',
        module: 'app.api.deps',
        alias: 'SessionDep',
        aliasFile: 'app/api/deps.py',
        aliasModule: 'app.api.deps',
      },
      currentUser: {
        function: 'get_current_user',
        file: 'app/api/deps.py',
        module: 'app.api.deps',
        alias: 'CurrentUser',
        aliasFile: 'app/api/deps.py',
        aliasModule: 'app.api.deps',
        userModel: 'User',
      },
      superuser: { function: 'get_current_active_superuser', file: 'app/api/deps.py', module: 'app.api.deps' },
    });
  });

  it('infers the template conventions', () => {
    const c = facts.conventions;
    assert.deepEqual(convention(c.layout.routersDir), ['app/api/routes', 'observed', 'app/api/routes/items.py']);
    assert.deepEqual(convention(c.layout.schemas), [{ path: 'app/models.py', kind: 'file' }, 'observed', 'app/models.py']);
    assert.deepEqual(convention(c.layout.services), [{ path: 'app/crud.py', kind: 'file' }, 'observed', 'app/api/routes/login.py']);
    assert.deepEqual(convention(c.layout.testsDir), ['app/tests/api/routes', 'observed', 'app/tests/api/routes/test_items.py']);
    assert.deepEqual(convention(c.layout.conftest), ['app/tests/conftest.py', 'observed', 'app/tests/conftest.py']);
    assert.deepEqual(convention(c.idType), ['uuid.UUID', 'observed', 'app/models.py']);
    assert.deepEqual(convention(c.updateMethod), ['put', 'observed', 'app/api/routes/items.py']);
    assert.deepEqual(convention(c.listShape), ['envelope', 'observed', 'app/api/routes/items.py']);
    assert.deepEqual(convention(c.envelope), [{ items: 'data', count: 'count' }, 'observed', 'app/models.py']);
    assert.deepEqual(convention(c.createStatus), [200, 'observed', 'app/api/routes/items.py']);
    assert.deepEqual(convention(c.deleteStatus), [200, 'observed', 'app/api/routes/items.py']);
    assert.deepEqual(convention(c.deleteReturns), ['message', 'observed', 'app/api/routes/items.py']);
    assert.equal(c.sessionDependency.value?.alias, 'SessionDep');
    assert.equal(c.sessionDependency.source, 'observed');
    assert.equal(c.currentUserDependency.value?.alias, 'CurrentUser');
    assert.equal(c.superuserDependency.value?.function, 'get_current_active_superuser');
    assert.deepEqual(convention(c.async), [false, 'observed', 'app/api/routes/items.py']);
    assert.deepEqual(convention(c.apiPrefix), ['/api/v1', 'observed', 'app/main.py']);
    assert.deepEqual(convention(c.includePoint), [{ file: 'app/api/main.py', target: 'api_router' }, 'observed', 'app/api/main.py']);
    assert.deepEqual(convention(c.routeNaming), ['verb_noun', 'observed', 'app/api/routes/items.py']);
    assert.deepEqual(convention(c.routerFileNaming), ['plural', 'observed', 'app/api/routes/items.py']);
    assert.deepEqual(convention(c.prefixPlacement), ['router', 'observed', 'app/api/routes/items.py']);
  });

  it('reads only the files that matter', () => {
    assert.equal(facts.pythonFileCount, 22);
    assert.ok(facts.parsedFiles.includes('app/models.py'));
    // Token creation and password hashing are what generated tests and user rows need.
    assert.ok(facts.parsedFiles.includes('app/core/security.py'), 'security.py is read for its token functions');
    assert.ok(!facts.parsedFiles.includes('app/__init__.py'), 'an empty package file is not parsed');
    assert.deepEqual(facts.notes, []);
  });
});
