import assert from 'node:assert/strict';
import { generateCrud } from '../../../src/core/generate/crud/index';
import { indexFixture } from '../project/fixture-index';

describe('CRUD engine: routes protected by a guard it cannot use', () => {
  it('recognises a current-user dependency returning token claims, and warns that generated routes are public', async () => {
    const facts = await indexFixture('token-dict-auth');
    assert.equal(facts.dependencies.currentUser?.function, 'get_current_user');
    assert.equal(facts.dependencies.currentUser?.userModel, undefined);
    const changeSet = generateCrud(facts, 'Note');
    assert.equal(changeSet.warnings.length, 1);
    assert.match(changeSet.warnings[0] ?? '', /protected by get_current_user \(app\/auth\.py\).*generated routes are public/);
  });

  it('keeps an aliased import on its own statement when adding a router module beside it (ruff I001)', async () => {
    const facts = await indexFixture('src-package');
    const router = generateCrud(facts, 'Article').changes.find((change) => change.path === 'src/api/router.py');
    assert.match(router?.after ?? '', /^from src\.apps\.blog import articles\nfrom src\.apps\.blog import routes as blog_routes\n/m);
  });
});
