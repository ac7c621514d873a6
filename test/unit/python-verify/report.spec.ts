import assert from 'node:assert/strict';
import type { CheckName, CheckOutcome } from '../../python/verify/outcomes';
import {
  BASELINE,
  renderFailures,
  renderRefusals,
  renderSummary,
  renderTable,
  summarize,
  trimOutput,
  type VerificationRow,
} from '../../python/verify/report';

function passing(check: CheckName, summary: string): CheckOutcome {
  return { check, passed: true, summary, output: '' };
}

const greenChecks: CheckOutcome[] = [
  passing('ruff', '0 findings'),
  passing('format', '0 changes'),
  passing('mypy', '0 errors'),
  passing('pytest', '12 passed'),
];

const baseline: VerificationRow = { project: 'flat-app', subject: BASELINE, checks: greenChecks };
const generated: VerificationRow = {
  project: 'flat-app',
  subject: 'Hero',
  generation: { kind: 'generated', output: '', written: ['app/routers/heroes.py'] },
  checks: [
    ...greenChecks.slice(0, 2),
    { check: 'mypy', passed: false, summary: '1 error', output: 'app/routers/heroes.py:9: error: Incompatible return value type\nFound 1 error in 1 file' },
    passing('pytest', '18 passed'),
  ],
};
const refused: VerificationRow = {
  project: 'fullstack-template',
  subject: 'User',
  generation: { kind: 'refused', reason: 'User already has a router with list, read, create, update and delete routes' },
  checks: [],
};

describe('python verification: report', () => {
  it('renders one aligned Markdown row per project and model', () => {
    const lines = renderTable([baseline, generated, refused]).split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0] ?? '', /^\| Project +\| Model +\| Generate +\| ruff check +\| ruff format +\| mypy +\| pytest +\| project tests before → after \(run together\) \|$/);
    assert.match(lines[1] ?? '', /^\|-+\|-+\|/);
    assert.match(lines[2] ?? '', /^\| flat-app +\| baseline +\| — +\| pass \(0 findings\) +\| pass \(0 changes\) +\| pass \(0 errors\) +\| pass \(12 passed\) +\| — +\|$/);
    assert.match(lines[3] ?? '', /\| Hero +\| ok +\|.*\| FAIL \(1 error\) +\| pass \(18 passed\) +\| — +\|$/);
    assert.match(lines[4] ?? '', /\| User +\| refused \(User already has a router with list, re…\) +\| — +\|/);
    const widths = new Set(lines.map((line) => line.length));
    assert.equal(widths.size, 1, 'every line has the same width');
  });

  it('counts rows, refusals and checks, and fails on a failed check', () => {
    const summary = summarize([baseline, generated, refused]);
    assert.deepEqual(summary, {
      rows: 3,
      generated: 1,
      refused: 1,
      generationFailures: 0,
      checksPassed: 7,
      checksFailed: 1,
      errors: 0,
      ok: false,
    });
    assert.equal(
      renderSummary(summary),
      'FAIL: 3 rows; 1 generated, 1 refused, 0 generation failures, 0 errors; checks 7 passed, 1 failed',
    );
  });

  it('does not count a refusal as a failure', () => {
    assert.equal(summarize([baseline, refused]).ok, true);
  });

  it('fails on a generator that failed or is missing, and on a row error', () => {
    const failedGeneration: VerificationRow = { ...refused, generation: { kind: 'failed', reason: 'exit code 1', output: 'boom' } };
    const unavailable: VerificationRow = { ...refused, generation: { kind: 'unavailable', reason: 'no crud', output: '' } };
    const error: VerificationRow = { project: 'flat-app', subject: '(models)', checks: [], error: 'context --json did not print JSON' };
    for (const row of [failedGeneration, unavailable, error]) assert.equal(summarize([baseline, row]).ok, false);
    assert.equal(summarize([error]).errors, 1);
    assert.match(renderTable([error]), /\| ERROR +\|/);
  });

  it('prints the output of each failure under a title naming project, model and tool', () => {
    const failures = renderFailures([baseline, generated, refused]);
    assert.equal(
      failures,
      [
        '--- flat-app / Hero: mypy — 1 error',
        '    app/routers/heroes.py:9: error: Incompatible return value type',
        '    Found 1 error in 1 file',
      ].join('\n'),
    );
    assert.equal(renderFailures([baseline, refused]), '');
  });

  it('lists full refusal reasons', () => {
    assert.equal(
      renderRefusals([baseline, refused]),
      '- fullstack-template / User: User already has a router with list, read, create, update and delete routes',
    );
  });

  it('trims long output to its head and says how much was left out', () => {
    const long = Array.from({ length: 100 }, (_, index) => `line ${index}`).join('\n');
    const trimmed = trimOutput(long, 3);
    assert.equal(trimmed, 'line 0\nline 1\nline 2\n… (97 more lines)');
    assert.equal(trimOutput('short\n'), 'short');
    assert.equal(trimOutput('x'.repeat(50), 10, 20), `${'x'.repeat(20)}\n… (output trimmed)`);
  });
});
