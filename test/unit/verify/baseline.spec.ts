import assert from 'node:assert/strict';
import { markPreexisting } from '../../../src/core/verify/baseline';
import type { CheckResult, Finding } from '../../../src/core/verify/verify-types';

const failing = (nodeid: string): Finding => ({ path: 'tests/test_x.py', line: 3, message: `${nodeid} failed: assert False`, severity: 'error', code: nodeid });

function pytest(status: CheckResult['status'], findings: Finding[]): CheckResult {
  return { check: 'pytest', status, detail: 'pytest on 2 test files', durationMs: 10, findings, output: '' };
}

describe('failing before the change too', () => {
  it('marks a check whose every failure the untouched project has too as pre-existing', () => {
    const marked = markPreexisting(pytest('failed', [failing('t::a')]), pytest('failed', [failing('t::a')]));
    assert.equal(marked.status, 'preexisting');
    assert.equal(marked.findings[0]?.preexisting, true);
    assert.match(marked.detail, /failing before the change too/);
  });

  it('keeps a new failure a failure, marking only the old one', () => {
    const marked = markPreexisting(pytest('failed', [failing('t::a'), failing('t::b')]), pytest('failed', [failing('t::a')]));
    assert.equal(marked.status, 'failed');
    assert.deepEqual(marked.findings.map((finding) => finding.preexisting === true), [true, false]);
  });

  it('leaves results alone when the untouched project passes or the check was not re-run', () => {
    const proposal = pytest('failed', [failing('t::a')]);
    assert.equal(markPreexisting(proposal, pytest('passed', [])), proposal);
    assert.equal(markPreexisting(proposal, undefined), proposal);
  });

  it('matches lint findings by file, rule and message, not by line (the proposal may move lines)', () => {
    const lint = (line: number): Finding => ({ path: 'app/main.py', line, message: 'Line too long', severity: 'error', code: 'E501' });
    const ruff = (status: CheckResult['status'], findings: Finding[]): CheckResult => ({ check: 'ruff', status, detail: 'ruff', durationMs: 1, findings, output: '' });
    assert.equal(markPreexisting(ruff('failed', [lint(12)]), ruff('failed', [lint(9)])).status, 'preexisting');
    assert.equal(markPreexisting(ruff('failed', [lint(12), lint(14)]), ruff('failed', [lint(9)])).status, 'failed');
  });
});
