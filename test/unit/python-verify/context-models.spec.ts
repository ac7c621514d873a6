import assert from 'node:assert/strict';
import { tableModelsFromContext } from '../../python/verify/context-models';

describe('python verification: models from context --json', () => {
  it('lists table models once each, sorted, ignoring schemas and extra fields', () => {
    const printed = JSON.stringify({
      root: '/x',
      models: [
        { name: 'Team', table: true, fields: [] },
        { name: 'HeroCreate', table: false },
        { name: 'Hero', table: true, file: 'app/models.py' },
        { name: 'Hero', table: true, file: 'app/legacy.py' },
      ],
      routes: [],
    });
    assert.deepEqual(tableModelsFromContext(printed), { ok: true, models: ['Hero', 'Team'] });
  });

  it('explains output that is not JSON', () => {
    const parsed = tableModelsFromContext('fastapi-engineer: no commands yet\n');
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.reason, /did not print JSON.*no commands yet/);
  });

  it('explains JSON without a models list', () => {
    const parsed = tableModelsFromContext('{"routes": []}');
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.reason, /no usable "models" list/);
  });
});
