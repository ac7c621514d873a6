import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { assembleContext } from '../../../src/core/agent/context-assembly';
import { crudDraft } from '../../../src/core/agent/crud-draft';
import { summariseProject } from '../../../src/core/agent/project-summary';
import { createSendFilter } from '../../../src/core/changes/secret-filter';
import { loadIgnoreRules } from '../../../src/core/project/ignore-rules';
import { ProjectIndex } from '../../../src/core/project/project-index';

async function contextFor(fixture: string, target: string) {
  const root = resolve(__dirname, '../../fixtures', fixture);
  const source = new NodeFileSource(root);
  const facts = await new ProjectIndex({ root, source }).build();
  const draft = crudDraft(facts, target);
  assert.ok(draft.ok, draft.ok ? '' : draft.reason);
  const context = await assembleContext({
    facts,
    source,
    request: '',
    target,
    budgetTokens: 24_000,
    sendFilter: createSendFilter({ isIgnored: await loadIgnoreRules(source) }),
    draft: draft.changeSet,
  });
  return { facts, context };
}

describe('context for real project layouts', () => {
  it('full-stack template: deps, the API router include point, a route module, settings, the models and the draft', async () => {
    const { facts, context } = await contextFor('fullstack-template', 'Project');
    const stable = context.stable.map((piece) => piece.path ?? piece.title);
    assert.equal(stable[0], 'Project summary');
    for (const path of ['app/api/deps.py', 'app/api/main.py', 'app/core/config.py']) {
      assert.ok(stable.includes(path), `${path} in ${stable.join(', ')}`);
    }
    assert.ok(stable.some((path) => path.startsWith('app/api/routes/')), 'a route module as the style example');
    assert.ok(context.task.some((piece) => piece.path === 'app/models.py'));
    assert.ok(context.task.some((piece) => piece.title === 'Offline draft'));
    assert.ok(context.tokens <= 24_000);

    const summary = summariseProject(facts);
    assert.match(summary, /- Item \[table "item"\] in app\/models\.py: .*id: /);
    assert.match(summary, /- GET \/api\/v1\/items\/ .*→ read_items/);
    assert.match(summary, /- session dependency: SessionDep from app\/api\/deps\.py \(observed/);
  });

  it('layered backend: the model module, its relatives, and the service layer convention', async () => {
    const { facts, context } = await contextFor('layered-backend', 'Tag');
    assert.ok(context.task.some((piece) => piece.path?.startsWith('backend/models/') === true), context.task.map((piece) => piece.path ?? piece.title).join(', '));
    assert.match(summariseProject(facts), /service layer: backend\/services \(dir\)/);
  });
});
