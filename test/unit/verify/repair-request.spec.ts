import assert from 'node:assert/strict';
import type { ChangeSet } from '../../../src/core/changes/change-set';
import { mergeRevision, repairRequestText } from '../../../src/core/verify/repair-request';
import type { VerificationResult } from '../../../src/core/verify/verify-types';

const KEY = 'sk-ant-api03-repair-spec-0123456789abcdef';

const PROPOSAL: ChangeSet = {
  title: 'Armies router',
  summary: 'A router.',
  warnings: [],
  changes: [
    { path: 'app/routers/armies.py', kind: 'create', before: null, after: 'router = APIRouter()\n' },
    { path: 'tests/test_armies.py', kind: 'create', before: null, after: `API_KEY = "${KEY}"\ndef test_x() -> None:\n    assert False\n` },
  ],
};

function failed(output: string): VerificationResult {
  return {
    interpreter: { path: '/venv/bin/python', version: '3.11.7', source: '--python' },
    checks: [
      { check: 'ruff', status: 'passed', detail: 'ruff check', durationMs: 1, findings: [], output: '' },
      {
        check: 'pytest',
        status: 'failed',
        detail: 'pytest on 1 test file: 1 ran, 1 failed',
        durationMs: 900,
        findings: [{ path: 'tests/test_armies.py', line: 3, message: 'tests/test_armies.py::test_x failed: assert False', severity: 'error', code: 'tests/test_armies.py::test_x' }],
        output,
      },
    ],
    passed: false,
    cancelled: false,
    baselineRun: true,
    timings: { scratchCopyMs: 3, totalMs: 1000, copiedFiles: 10, linkedFiles: 10 },
  };
}

describe('a repair round', () => {
  it('sends what failed and the proposal, with secrets scrubbed', () => {
    const text = repairRequestText(PROPOSAL, failed(`E   AssertionError\nDATABASE_PASSWORD = "hunter2-secret"\nkey ${KEY}`), [KEY]);
    assert.match(text, /## pytest failed: pytest on 1 test file/);
    assert.match(text, /tests\/test_armies\.py:3: tests\/test_armies\.py::test_x failed: assert False/);
    assert.match(text, /```python path=app\/routers\/armies\.py\nrouter = APIRouter\(\)/);
    assert.ok(!text.includes(KEY), 'the API key left the machine');
    assert.ok(!text.includes('hunter2-secret'), 'a secret assignment in the output left the machine');
    assert.doesNotMatch(text, /## ruff/, 'passed checks are not sent');
  });

  it('stays within its budget', () => {
    const text = repairRequestText(PROPOSAL, failed('x'.repeat(50_000)), [], { failureChars: 2_000, proposalChars: 30 });
    assert.match(text, /cut to stay within the context budget/);
    assert.match(text, /\(tests\/test_armies\.py left out to stay within the context budget\)/);
    assert.ok(text.length < 3_000, `${text.length} characters`);
  });

  it('merges the revision into the proposal: revised files replaced, new ones joined, creations stay creations', () => {
    const revision: ChangeSet = {
      title: 'revision',
      summary: '',
      warnings: ['note'],
      changes: [
        { path: 'tests/test_armies.py', kind: 'modify', before: 'x', after: 'def test_x() -> None:\n    assert True\n' },
        { path: 'app/main.py', kind: 'modify', before: 'a\n', after: 'b\n' },
      ],
    };
    const merged = mergeRevision(PROPOSAL, revision);
    assert.equal(merged.title, 'Armies router');
    assert.deepEqual(merged.changes.map((change) => [change.path, change.kind, change.before]), [
      ['app/routers/armies.py', 'create', null],
      ['tests/test_armies.py', 'create', null],
      ['app/main.py', 'modify', 'a\n'],
    ]);
    assert.match(merged.changes[1]?.after ?? '', /assert True/);
    assert.deepEqual(merged.warnings, ['note']);
  });
});
