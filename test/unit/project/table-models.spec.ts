import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { orderForFile, tableModelAt, tableModels } from '../../../src/core/project/table-models';

const HEROES = resolve(import.meta.dirname, '../../../examples/heroes');

describe('table models as the commands offer them', () => {
  let facts: ProjectFacts;
  before(async () => {
    facts = await new ProjectIndex({ root: HEROES, source: new NodeFileSource(HEROES) }).build();
  });

  it('lists only table models, with the router files that already serve them', () => {
    const entries = tableModels(facts);
    assert.deepEqual(entries.map((entry) => entry.model.name).sort(), ['Hero', 'Team']);
    assert.deepEqual(entries.find((entry) => entry.model.name === 'Team')?.routerFiles, ['app/routers/teams.py']);
    assert.deepEqual(entries.find((entry) => entry.model.name === 'Hero')?.routerFiles, []);
  });

  it('puts the current file\'s models first, in source order', () => {
    const ordered = orderForFile(tableModels(facts), 'app/models.py').map((entry) => entry.model.name);
    assert.deepEqual(ordered, ['Team', 'Hero']);
    assert.deepEqual(orderForFile(tableModels(facts), 'app/main.py').map((entry) => entry.model.name), ['Hero', 'Team']);
  });

  it('finds the table class around a line, and nothing outside table classes', () => {
    const hero = facts.models.find((model) => model.name === 'Hero');
    const teamPublic = facts.models.find((model) => model.name === 'TeamPublic');
    assert.ok(hero && teamPublic);
    assert.equal(tableModelAt(facts, 'app/models.py', hero.range.startLine)?.name, 'Hero');
    assert.equal(tableModelAt(facts, 'app/models.py', hero.range.endLine)?.name, 'Hero');
    assert.equal(tableModelAt(facts, 'app/models.py', teamPublic.range.startLine), undefined);
    assert.equal(tableModelAt(facts, 'app/main.py', hero.range.startLine), undefined);
  });
});
