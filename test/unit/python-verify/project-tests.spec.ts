import assert from 'node:assert/strict';
import type { CheckOutcome } from '../../python/verify/outcomes';
import { compareProjectTests, pytestTestOutcomes } from '../../python/verify/project-tests';
import { BASELINE, renderTable, type VerificationRow } from '../../python/verify/report';

function pytest(lines: readonly string[], passed = true): CheckOutcome {
  const output = ['....', '=== short test summary info ===', ...lines, `${lines.length} passed in 0.31s`].join('\n');
  return { check: 'pytest', passed, summary: `${lines.length} passed`, output };
}

const baseline: VerificationRow = {
  project: 'suite',
  subject: BASELINE,
  checks: [pytest(['PASSED tests/test_tasks.py::test_list', 'PASSED tests/test_tasks.py::test_count'])],
};

function generated(lines: readonly string[]): VerificationRow {
  return {
    project: 'suite',
    subject: 'Comment',
    generation: { kind: 'generated', output: '', written: ['app/api/routes/comments.py', 'tests/test_comments.py'] },
    checks: [pytest(lines)],
  };
}

describe('python verification: project tests before and after', () => {
  it('reads every outcome of the -rA summary, the worse one for a test with two', () => {
    const outcomes = pytestTestOutcomes(
      'PASSED tests/a.py::test_one\nFAILED tests/a.py::test_two - AssertionError\nERROR tests/a.py::test_two - ScopeMismatch\n',
    );
    assert.deepEqual([...outcomes], [
      ['tests/a.py::test_one', 'passed'],
      ['tests/a.py::test_two', 'error'],
    ]);
  });

  it('counts only the project tests of a run that held the generated ones too', () => {
    const after = generated([
      'PASSED tests/test_comments.py::test_create_comment',
      'PASSED tests/test_tasks.py::test_list',
      'PASSED tests/test_tasks.py::test_count',
    ]);
    const [before, row] = compareProjectTests([baseline, after]);
    assert.equal(before?.projectTests, '2/2');
    assert.equal(row?.projectTests, '2/2 → 2/2');
    assert.equal(row?.checks[0]?.passed, true);
  });

  it('tells generated tests apart when pytest runs in a project below the workspace root', () => {
    const below: VerificationRow = {
      ...generated(['PASSED tests/test_comments.py::test_create_comment', 'PASSED tests/test_tasks.py::test_list', 'PASSED tests/test_tasks.py::test_count']),
      generation: { kind: 'generated', output: '', written: ['backend/tests/test_comments.py'] },
    };
    assert.equal(compareProjectTests([baseline, below])[1]?.projectTests, '2/2 → 2/2');
  });

  it('fails the row when a project test that passed alone fails beside the generated ones', () => {
    const after = generated([
      'PASSED tests/test_comments.py::test_create_comment',
      'PASSED tests/test_tasks.py::test_list',
      'FAILED tests/test_tasks.py::test_count - assert 3 == 2',
    ]);
    const [, row] = compareProjectTests([baseline, { ...after, checks: [{ ...pytest([]), output: after.checks[0]?.output ?? '' }] }]);
    assert.equal(row?.projectTests, '2/2 → 1/2 BROKEN');
    assert.equal(row?.checks[0]?.passed, false);
    assert.match(row?.checks[0]?.output ?? '', /tests\/test_tasks\.py::test_count/);
  });

  it('shows the comparison as the last column of the table', () => {
    const rows = compareProjectTests([baseline, generated(['PASSED tests/test_tasks.py::test_list', 'PASSED tests/test_tasks.py::test_count'])]);
    const lines = renderTable(rows).split('\n');
    assert.match(lines[0] ?? '', /\| project tests before → after \(run together\) \|$/);
    assert.match(lines[3] ?? '', /\| 2\/2 → 2\/2 +\|$/);
  });
});
