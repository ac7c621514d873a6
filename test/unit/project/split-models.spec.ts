import assert from 'node:assert/strict';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { convention, indexFixture, model, routeLines } from './fixture-index';

describe('project index: split-models fixture', () => {
  let facts: ProjectFacts;
  before(async () => {
    facts = await indexFixture('split-models');
  });

  it('resolves bases across modules into Python method resolution order', () => {
    assert.deepEqual(model(facts, 'Hero').mro, ['HeroBase', 'IdMixin', 'AuditMixin', 'TimestampMixin', 'SQLModel']);
    assert.deepEqual(model(facts, 'Team').mro, ['TeamBase', 'IdMixin', 'AuditMixin', 'TimestampMixin', 'SQLModel']);
  });

  it('gives a table model every inherited field in the order pydantic collects them', () => {
    const hero = model(facts, 'Hero');
    assert.deepEqual(
      hero.fields.map((field) => [field.name, field.declaredIn, field.declaredInFile]),
      [
        ['created_at', 'TimestampMixin', 'app/models/base.py'],
        ['updated_at', 'AuditMixin', 'app/models/audit.py'],
        ['updated_by', 'AuditMixin', 'app/models/audit.py'],
        ['id', 'IdMixin', 'app/models/base.py'],
        ['name', 'HeroBase', 'app/models/hero.py'],
        ['secret_name', 'HeroBase', 'app/models/hero.py'],
        ['age', 'HeroBase', 'app/models/hero.py'],
        ['team_id', 'HeroBase', 'app/models/hero.py'],
      ],
    );
    assert.deepEqual(hero.primaryKey, ['id']);
    assert.equal(hero.fields.find((field) => field.name === 'team_id')?.foreignKey, 'team.id');
    assert.equal(hero.fields.find((field) => field.name === 'created_at')?.defaultFactory, 'utc_now');
    assert.deepEqual(
      hero.relationships.map((relationship) => [relationship.name, relationship.target, relationship.many]),
      [['team', 'Team', false]],
    );
    assert.deepEqual(
      model(facts, 'Team').relationships.map((relationship) => [relationship.name, relationship.target, relationship.many]),
      [['heroes', 'Hero', true]],
    );
  });

  it('parses a mixin module the prefilter skipped because a model inherits from it', () => {
    assert.ok(facts.parsedFiles.includes('app/models/audit.py'));
    assert.deepEqual(model(facts, 'AuditMixin').fields.map((field) => field.name), ['created_at', 'updated_at', 'updated_by']);
    assert.equal(model(facts, 'AuditMixin').role, 'other');
  });

  it('classifies the families and routes', () => {
    assert.deepEqual(facts.families, [
      { root: 'Hero', base: 'HeroBase', table: 'Hero', create: 'HeroCreate', update: 'HeroUpdate', public: 'HeroPublic' },
      { root: 'Team', base: 'TeamBase', table: 'Team' },
    ]);
    assert.deepEqual(routeLines(facts), [
      'GET /heroes/ → read_heroes',
      'GET /heroes/{hero_id} → read_hero',
      'POST /heroes/ → create_hero',
      'PATCH /heroes/{hero_id} → update_hero',
      'DELETE /heroes/{hero_id} → delete_hero',
    ]);
  });

  it('infers conventions, with defaults where the project has not decided', () => {
    const c = facts.conventions;
    assert.deepEqual(convention(c.layout.routersDir), ['app/routers', 'observed', 'app/routers/heroes.py']);
    assert.deepEqual(convention(c.layout.schemas), [{ path: 'app/models', kind: 'dir' }, 'observed', 'app/models/hero.py']);
    assert.deepEqual(convention(c.layout.services), [null, 'default', undefined]);
    assert.deepEqual(convention(c.layout.testsDir), ['tests', 'observed', 'tests/test_heroes.py']);
    assert.deepEqual(convention(c.layout.conftest), ['tests/conftest.py', 'observed', 'tests/conftest.py']);
    assert.deepEqual(convention(c.idType), ['int', 'observed', 'app/models/hero.py']);
    assert.deepEqual(convention(c.updateMethod), ['patch', 'observed', 'app/routers/heroes.py']);
    assert.deepEqual(convention(c.listShape), ['list', 'observed', 'app/routers/heroes.py']);
    assert.deepEqual(convention(c.envelope), [{ items: 'data', count: 'count' }, 'default', undefined]);
    assert.deepEqual(convention(c.createStatus), [201, 'observed', 'app/routers/heroes.py']);
    assert.deepEqual(convention(c.deleteStatus), [204, 'observed', 'app/routers/heroes.py']);
    assert.deepEqual(convention(c.deleteReturns), ['none', 'observed', 'app/routers/heroes.py']);
    assert.equal(c.sessionDependency.value?.alias, 'SessionDep');
    assert.deepEqual(convention(c.currentUserDependency), [null, 'default', undefined]);
    assert.deepEqual(convention(c.superuserDependency), [null, 'default', undefined]);
    assert.deepEqual(convention(c.apiPrefix), ['', 'observed', 'app/main.py']);
    assert.deepEqual(convention(c.includePoint), [{ file: 'app/main.py', target: 'app' }, 'observed', 'app/main.py']);
    assert.deepEqual(convention(c.routerFileNaming), ['plural', 'observed', 'app/routers/heroes.py']);
    assert.deepEqual(convention(c.prefixPlacement), ['router', 'observed', 'app/routers/heroes.py']);
  });
});
