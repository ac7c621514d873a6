import assert from 'node:assert/strict';
import { checkGeneratedTestsRan, isTestModule } from '../../python/verify/new-tests';
import type { CheckOutcome } from '../../python/verify/outcomes';
import { BASELINE, type VerificationRow } from '../../python/verify/report';

function pytest(passedTests: number, passed = true): CheckOutcome {
  return { check: 'pytest', passed, summary: `${passedTests} passed`, output: `....\n${passedTests} passed in 0.20s` };
}

function generatedRow(subject: string, written: string[], outcome: CheckOutcome): VerificationRow {
  return { project: 'heroes', subject, generation: { kind: 'generated', output: '', written }, checks: [outcome] };
}

const baseline: VerificationRow = { project: 'heroes', subject: BASELINE, checks: [pytest(8)] };

describe('python verification: generated tests ran', () => {
  it('recognises pytest test modules by name', () => {
    assert.equal(isTestModule('tests/test_heroes.py'), true);
    assert.equal(isTestModule('app/tests/api/routes/heroes_test.py'), true);
    assert.equal(isTestModule('app/routers/heroes.py'), false);
    assert.equal(isTestModule('tests/conftest.py'), false);
    assert.equal(isTestModule('tests/test_heroes.txt'), false);
  });

  it('adds the number of new tests to a passing pytest check', () => {
    const [, row] = checkGeneratedTestsRan([baseline, generatedRow('Hero', ['tests/test_heroes.py'], pytest(17))]);
    assert.deepEqual(row?.checks[0]?.passed, true);
    assert.equal(row?.checks[0]?.summary, '17 passed, +9 new');
  });

  it('fails pytest when a written test module added no passing tests', () => {
    const [, row] = checkGeneratedTestsRan([baseline, generatedRow('Hero', ['tests/hero_checks/test_heroes.py'], pytest(8))]);
    const outcome = row?.checks[0];
    assert.equal(outcome?.passed, false);
    assert.equal(outcome?.summary, '8 passed, no new tests ran');
    assert.match(outcome?.output ?? '', /wrote tests\/hero_checks\/test_heroes.py but pytest passed 8 tests, no more than the 8/);
  });

  it('leaves rows alone without a test module, without a baseline, or with pytest already failing', () => {
    const noTests = generatedRow('Hero', ['app/routers/heroes.py'], pytest(8));
    const failing = generatedRow('Team', ['tests/test_teams.py'], pytest(3, false));
    assert.deepEqual(checkGeneratedTestsRan([baseline, noTests, failing]), [baseline, noTests, failing]);
    const alone = generatedRow('Hero', ['tests/test_heroes.py'], pytest(8));
    assert.deepEqual(checkGeneratedTestsRan([alone]), [alone]);
  });
});
