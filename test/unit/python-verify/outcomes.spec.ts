import assert from 'node:assert/strict';
import {
  classifyCheck,
  classifyGeneration,
  pytestPassedCount,
  REFUSAL_EXIT_CODE,
  summarizeToolOutput,
  type ProcessResult,
} from '../../python/verify/outcomes';

function result(exitCode: number | null, stdout: string, stderr = '', timedOut = false): ProcessResult {
  return { exitCode, stdout, stderr, timedOut };
}

// Outputs below were printed by the pinned ruff 0.17.6, mypy 2.4.1 and pytest 9.2.0.
const RUFF_FINDINGS = [
  'bad.py:1:1: I001 [*] Import block is un-sorted or un-formatted',
  'bad.py:1:8: F401 [*] `os` imported but unused',
  'bad.py:3:4: UP045 [*] Use `X | None` for type annotations',
  'Found 3 errors.',
  '[*] 3 fixable with `--fix`.',
].join('\n');
const MYPY_ERRORS = [
  'bad2.py:1: error: Incompatible types in assignment (expression has type "str", variable has type "int")  [assignment]',
  'Found 2 errors in 2 files (checked 3 source files)',
].join('\n');
const PYTEST_FAILED = [
  'F.                                                                       [100%]',
  '=========================== short test summary info ============================',
  'FAILED test_bad.py::test_a - assert 1 == 2',
  '1 failed, 1 passed in 0.01s',
].join('\n');

describe('python verification: tool outcomes', () => {
  it('counts ruff findings, and reads a clean run as zero', () => {
    assert.equal(summarizeToolOutput('ruff', RUFF_FINDINGS, 1), '3 findings');
    assert.equal(summarizeToolOutput('ruff', 'All checks passed!', 0), '0 findings');
    assert.equal(summarizeToolOutput('ruff', 'Found 1 error.', 1), '1 finding');
  });

  it('counts files ruff format would change', () => {
    assert.equal(summarizeToolOutput('format', '--- bad.py\n+++ bad.py\n1 file would be reformatted, 1 file already formatted', 1), '1 file to reformat');
    assert.equal(summarizeToolOutput('format', '12 files would be reformatted', 1), '12 files to reformat');
    assert.equal(summarizeToolOutput('format', '10 files already formatted', 0), '0 changes');
  });

  it('counts mypy errors and recognises its success line', () => {
    assert.equal(summarizeToolOutput('mypy', MYPY_ERRORS, 1), '2 errors');
    assert.equal(summarizeToolOutput('mypy', 'Success: no issues found in 22 source files', 0), '0 errors');
    assert.equal(summarizeToolOutput('mypy', 'mypy: error: Cannot find config', 2), 'error');
  });

  it("reads pytest's closing line, not test names that contain numbers", () => {
    assert.equal(summarizeToolOutput('pytest', PYTEST_FAILED, 1), '1 failed, 1 passed');
    assert.equal(summarizeToolOutput('pytest', 'test_2_passed_ok.py ....\n12 passed, 1 warning in 2.24s', 0), '12 passed');
    assert.equal(summarizeToolOutput('pytest', '3 passed, 2 errors in 0.50s', 1), '3 passed, 2 errors');
    assert.equal(summarizeToolOutput('pytest', '\nno tests ran in 0.00s', 5), 'no tests ran');
  });

  it('reads how many tests passed', () => {
    assert.equal(pytestPassedCount(PYTEST_FAILED), 1);
    assert.equal(pytestPassedCount('12 passed, 1 warning in 2.24s'), 12);
    assert.equal(pytestPassedCount('no tests ran in 0.00s'), undefined);
  });

  it('passes a check only on exit code 0', () => {
    assert.deepEqual(classifyCheck('mypy', result(1, MYPY_ERRORS)), {
      check: 'mypy',
      passed: false,
      summary: '2 errors',
      output: MYPY_ERRORS,
    });
    assert.equal(classifyCheck('pytest', result(5, 'no tests ran in 0.00s')).passed, false);
    assert.equal(classifyCheck('ruff', result(0, 'All checks passed!')).passed, true);
  });

  it('keeps stdout and stderr, and reports a timeout as such', () => {
    const outcome = classifyCheck('format', result(1, '--- a.py\n+++ a.py', '1 file would be reformatted'));
    assert.equal(outcome.output, '--- a.py\n+++ a.py\n1 file would be reformatted');
    assert.equal(outcome.summary, '1 file to reformat');
    const slow = classifyCheck('pytest', result(null, '', '', true));
    assert.equal(slow.passed, false);
    assert.equal(slow.summary, 'timed out');
  });
});

describe('python verification: generation outcomes', () => {
  it('treats exit code 0 as generated and keeps the files the CLI says it wrote', () => {
    const printed = 'modified app/models.py\ncreated app/routers/heroes.py\ncreated tests/test_heroes.py\n';
    assert.deepEqual(classifyGeneration(result(0, printed, 'warning: something to know\n')), {
      kind: 'generated',
      output: `${printed.trimEnd()}\nwarning: something to know`,
      written: ['app/models.py', 'app/routers/heroes.py', 'tests/test_heroes.py'],
    });
  });

  it('treats the refusal exit code as a refusal with the first stderr line as reason', () => {
    assert.equal(REFUSAL_EXIT_CODE, 3);
    assert.deepEqual(classifyGeneration(result(3, '', '\nUser already has a router with every operation\nmore')), {
      kind: 'refused',
      reason: 'User already has a router with every operation',
    });
    assert.deepEqual(classifyGeneration(result(3, '', '')), { kind: 'refused', reason: 'no reason given' });
  });

  it('treats any other non-zero exit as a failure', () => {
    const outcome = classifyGeneration(result(1, '', 'Error: conflict in app/main.py\n    at x'));
    assert.equal(outcome.kind, 'failed');
    assert.equal(outcome.kind === 'failed' ? outcome.reason : '', 'exit code 1: Error: conflict in app/main.py');
  });

  it('says so when the CLI has no crud command, whatever its exit code', () => {
    for (const outcome of [
      classifyGeneration(result(0, 'fastapi-engineer: no commands yet\n')),
      classifyGeneration(result(2, '', 'Unknown command: crud')),
    ]) {
      assert.equal(outcome.kind, 'unavailable');
    }
  });

  it('reports a generator that hangs as failed', () => {
    assert.deepEqual(classifyGeneration(result(null, '', '', true)), { kind: 'failed', reason: 'timed out', output: '' });
  });
});
