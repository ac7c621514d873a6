import { strict as assert } from 'node:assert';
import { applyEdits, parseEditBody } from '../../../src/core/agent/edit-blocks';
import { registrationEdits } from '../../support/model-answers';

const FILE = 'from fastapi import FastAPI\n\nfrom app.routers import teams\n\napp = FastAPI()\napp.include_router(teams.router)\n';

describe('search/replace edits', () => {
  it('parses several pairs and applies them in order', () => {
    const parsed = parseEditBody(registrationEdits('heroes'));
    assert.ok(parsed.ok);
    const applied = applyEdits(FILE, parsed.edits);
    assert.ok(applied.ok);
    assert.equal(
      applied.text,
      'from fastapi import FastAPI\n\nfrom app.routers import heroes, teams\n\napp = FastAPI()\napp.include_router(teams.router)\napp.include_router(heroes.router)\n',
    );
  });

  it('matches despite trailing whitespace differences', () => {
    const applied = applyEdits('a = 1   \nb = 2\n', [{ search: 'a = 1\nb = 2', replace: 'a = 3\nb = 4' }]);
    assert.deepEqual(applied, { ok: true, text: 'a = 3\nb = 4\n' });
  });

  it('refuses a SEARCH that is missing or ambiguous', () => {
    const missing = applyEdits(FILE, [{ search: 'app.include_router(users.router)', replace: '' }]);
    assert.ok(!missing.ok);
    assert.match(missing.reason, /edit 1 of 1: the SEARCH text starting "app.include_router\(users.router\)" is not in the file/);
    const ambiguous = applyEdits('x = 1\nx = 1\n', [{ search: 'x = 1', replace: 'x = 2' }]);
    assert.ok(!ambiguous.ok);
    assert.match(ambiguous.reason, /matches 2 places/);
  });

  it('explains malformed bodies', () => {
    assert.deepEqual(parseEditBody('<<<<<<< SEARCH\na\n=======\nb\n'), { ok: false, reason: 'the last SEARCH/REPLACE pair is not closed with ">>>>>>> REPLACE"' });
    assert.deepEqual(parseEditBody('just text'), { ok: false, reason: 'line 1 is outside any SEARCH/REPLACE pair' });
    assert.deepEqual(parseEditBody(''), { ok: false, reason: 'no SEARCH/REPLACE pairs found' });
    const noDivider = parseEditBody('<<<<<<< SEARCH\na\n>>>>>>> REPLACE');
    assert.ok(!noDivider.ok);
    assert.match(noDivider.reason, /expected "======="/);
  });

  it('creates a new file from an empty SEARCH', () => {
    assert.deepEqual(applyEdits('', [{ search: '', replace: 'x = 1' }]), { ok: true, text: 'x = 1\n' });
  });
});
