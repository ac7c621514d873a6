import assert from 'node:assert/strict';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { convention, indexFixture, model, routeLines } from './fixture-index';

describe('project index: flat-app fixture', () => {
  let facts: ProjectFacts;
  before(async () => {
    facts = await indexFixture('flat-app');
  });

  it('reads models, app routes and the session dependency from one module', () => {
    assert.deepEqual(facts.parsedFiles, ['main.py', 'test_main.py']);
    assert.deepEqual(
      facts.models.map((m) => [m.name, m.role, m.family]),
      [
        ['HeroBase', 'base', 'Hero'],
        ['Hero', 'table', 'Hero'],
        ['HeroCreate', 'create', 'Hero'],
        ['HeroUpdate', 'update', 'Hero'],
        ['HeroPublic', 'public', 'Hero'],
        ['Team', 'table', 'Team'],
      ],
    );
    assert.equal(model(facts, 'Hero').module, 'main');
    assert.equal(model(facts, 'Team').docstring, 'A team heroes can join; it has no routes yet.');
    assert.deepEqual(routeLines(facts), [
      'GET /heroes/ → read_heroes',
      'GET /heroes/{hero_id} → read_hero',
      'POST /heroes/ → create_hero',
      'PUT /heroes/{hero_id} → update_hero',
    ]);
    assert.equal(facts.routes[2]?.statusCode, 201);
    assert.equal(facts.routes[0]?.responseModel, 'list[HeroPublic]');
    assert.deepEqual(facts.dependencies, {
      session: { function: 'get_session', file: 'main.py', module: 'main', alias: 'SessionDep', aliasFile: 'main.py', aliasModule: 'main' },
    });
  });

  it('infers what the routes show and defaults the rest', () => {
    const c = facts.conventions;
    assert.deepEqual(convention(c.layout.routersDir), ['routers', 'default', undefined]);
    assert.deepEqual(convention(c.layout.schemas), [{ path: 'main.py', kind: 'file' }, 'observed', 'main.py']);
    assert.deepEqual(convention(c.layout.testsDir), ['', 'observed', 'test_main.py']);
    assert.deepEqual(convention(c.layout.conftest), [null, 'default', undefined]);
    assert.deepEqual(convention(c.updateMethod), ['put', 'observed', 'main.py']);
    assert.deepEqual(convention(c.listShape), ['list', 'observed', 'main.py']);
    assert.deepEqual(convention(c.createStatus), [201, 'observed', 'main.py']);
    assert.deepEqual(convention(c.deleteStatus), [204, 'default', undefined]);
    assert.deepEqual(convention(c.deleteReturns), ['none', 'default', undefined]);
    assert.deepEqual(convention(c.includePoint), [{ file: 'main.py', target: 'app' }, 'default', undefined]);
    assert.deepEqual(convention(c.apiPrefix), ['', 'default', undefined]);
    assert.deepEqual(convention(c.currentUserDependency), [null, 'default', undefined]);
    assert.deepEqual(convention(c.routeNaming), ['verb_noun', 'observed', 'main.py']);
    assert.deepEqual(convention(c.prefixPlacement), ['router', 'default', undefined]);
  });
});

describe('project index: layered-backend fixture', () => {
  let facts: ProjectFacts;
  before(async () => {
    facts = await indexFixture('layered-backend');
  });

  it('reads one model per module, schemas kept apart, and a custom table name', () => {
    assert.deepEqual(facts.models.filter((m) => m.table).map((m) => [m.name, m.tableName, m.file]), [
      ['Tag', 'tags', 'backend/models/tag.py'],
      ['Task', 'tasks', 'backend/models/task.py'],
      ['User', 'users', 'backend/models/user.py'],
    ]);
    assert.equal(model(facts, 'Task').fields.find((field) => field.name === 'owner_id')?.foreignKey, 'users.id');
    assert.deepEqual(facts.families, [
      { root: 'Tag', table: 'Tag' },
      { root: 'Task', table: 'Task', create: 'TaskCreate', update: 'TaskUpdate', public: 'TaskRead' },
      { root: 'User', table: 'User', create: 'UserCreate', public: 'UserRead' },
    ]);
  });

  it('gives routes their paths and auth dependencies', () => {
    assert.deepEqual(routeLines(facts), [
      'POST /auth/register → register',
      'POST /auth/token → login',
      'GET /auth/me → read_me',
      'GET /tasks/ → list_tasks',
      'GET /tasks/{task_id} → get_task',
      'POST /tasks/ → create_task',
      'PATCH /tasks/{task_id} → update_task',
      'DELETE /tasks/{task_id} → delete_task',
    ]);
    assert.deepEqual(facts.routes.find((route) => route.functionName === 'delete_task')?.dependencies, [
      'get_session',
      'get_current_user',
    ]);
    assert.deepEqual(facts.dependencies.currentUser, {
      function: 'get_current_user',
      file: 'backend/middleware/auth.py',
      module: 'backend.middleware.auth',
      alias: 'CurrentUser',
      aliasFile: 'backend/middleware/auth.py',
      aliasModule: 'backend.middleware.auth',
      userModel: 'User',
    });
    assert.equal(facts.dependencies.superuser, undefined);
  });

  it('infers the layered layout', () => {
    const c = facts.conventions;
    assert.deepEqual(convention(c.layout.routersDir), ['backend/routers', 'observed', 'backend/routers/auth.py']);
    assert.deepEqual(convention(c.layout.schemas), [{ path: 'backend/schemas', kind: 'dir' }, 'observed', 'backend/schemas/task.py']);
    assert.deepEqual(convention(c.layout.services), [{ path: 'backend/services', kind: 'dir' }, 'observed', 'backend/routers/auth.py']);
    assert.deepEqual(convention(c.layout.testsDir), ['backend/tests', 'observed', 'backend/tests/test_auth.py']);
    assert.deepEqual(convention(c.layout.conftest), ['backend/tests/conftest.py', 'observed', 'backend/tests/conftest.py']);
    assert.deepEqual(convention(c.idType), ['int', 'observed', 'backend/models/tag.py']);
    assert.deepEqual(convention(c.updateMethod), ['patch', 'observed', 'backend/routers/tasks.py']);
    assert.deepEqual(convention(c.listShape), ['list', 'observed', 'backend/routers/tasks.py']);
    // Both creates answer 201; the owned tasks router is the closest analogue of a new resource router.
    assert.deepEqual(convention(c.createStatus), [201, 'observed', 'backend/routers/tasks.py']);
    assert.deepEqual(convention(c.deleteStatus), [204, 'observed', 'backend/routers/tasks.py']);
    assert.deepEqual(convention(c.deleteReturns), ['none', 'observed', 'backend/routers/tasks.py']);
    assert.deepEqual(convention(c.superuserDependency), [null, 'default', undefined]);
    assert.equal(c.currentUserDependency.value?.alias, 'CurrentUser');
    assert.deepEqual(convention(c.includePoint), [{ file: 'backend/main.py', target: 'app' }, 'observed', 'backend/main.py']);
    assert.deepEqual(convention(c.apiPrefix), ['', 'observed', 'backend/main.py']);
    assert.deepEqual(convention(c.routerFileNaming), ['plural', 'observed', 'backend/routers/tasks.py']);
    assert.deepEqual(convention(c.prefixPlacement), ['router', 'observed', 'backend/routers/auth.py']);
  });
});
