import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeSet, FileChange } from '../../src/core/changes/change-set';
import { formatVerificationText } from '../../src/core/verify/format-results';
import { verifyChangeSet } from '../../src/core/verify/verify-change-set';
import type { CheckName, VerificationResult } from '../../src/core/verify/verify-types';
import { copyProject, crudProposal, leftovers, type Proposal, removeProject, REPOSITORY, TOOL_CACHE, verificationPython } from './support';

const ROUTER = 'app/routers/heroes.py';
const TEST = 'tests/test_heroes.py';

/** `text` with `addition` appended after two blank lines; returns the new text and the 1-based line of `marker`. */
function append(text: string, addition: string, marker: string): { after: string; line: number } {
  const after = `${text.trimEnd()}\n\n\n${addition}`;
  const line = after.split('\n').findIndex((candidate) => candidate.includes(marker)) + 1;
  return { after, line };
}

function withChange(changeSet: ChangeSet, path: string, after: string): ChangeSet {
  const exists = changeSet.changes.some((change) => change.path === path);
  const changes: FileChange[] = exists
    ? changeSet.changes.map((change) => (change.path === path ? { ...change, after } : change))
    : [...changeSet.changes, { path, kind: 'create', before: null, after }];
  return { ...changeSet, changes };
}

function textOf(changeSet: ChangeSet, path: string): string {
  const change = changeSet.changes.find((candidate) => candidate.path === path);
  if (change === undefined) throw new Error(`${path} is not in the proposal`);
  return change.after;
}

function statusOf(result: VerificationResult, check: CheckName): string | undefined {
  return result.checks.find((candidate) => candidate.check === check)?.status;
}

function findingAt(result: VerificationResult, check: CheckName, path: string, line: number, message: RegExp): void {
  const findings = result.checks.find((candidate) => candidate.check === check)?.findings ?? [];
  assert.ok(
    findings.some((finding) => finding.path === path && finding.line === line && message.test(finding.message)),
    `expected a ${check} finding at ${path}:${line} matching ${String(message)}:\n${formatVerificationText(result)}`,
  );
}

const STATIC_CHECKS: readonly CheckName[] = ['import', 'ruff', 'format', 'types'];

describe('planted faults are caught by the right check at the right place', () => {
  let root: string;
  let proposal: Proposal;
  let scratchParent: string;

  before(async () => {
    root = copyProject(join(REPOSITORY, 'examples/heroes'));
    proposal = await crudProposal(root, 'Hero');
    scratchParent = mkdtempSync(join(tmpdir(), 'verify-scratch-'));
  });
  after(() => {
    removeProject(root);
    rmSync(scratchParent, { recursive: true, force: true });
  });
  afterEach(() => assert.deepEqual(leftovers(scratchParent), [], 'every scratch copy is removed'));

  async function verify(changeSet: ChangeSet, checks: readonly CheckName[]): Promise<VerificationResult> {
    return verifyChangeSet({ root, changeSet, python: await verificationPython(), appFiles: ['app/main.py'], tests: 'generated', cacheDir: TOOL_CACHE, scratchParent, checks });
  }

  it('a syntax error: the import check, at the line', async () => {
    const { after, line } = append(textOf(proposal.changeSet, ROUTER), 'def broken(:\n    pass\n', 'def broken(');
    const result = await verify(withChange(proposal.changeSet, ROUTER, after), STATIC_CHECKS);
    assert.equal(result.passed, false);
    findingAt(result, 'import', ROUTER, line, /SyntaxError/);
  });

  it('an undefined name at import time: the import check', async () => {
    const { after, line } = append(textOf(proposal.changeSet, ROUTER), 'PAGE_SIZE = UNDEFINED_LIMIT\n', 'UNDEFINED_LIMIT');
    const result = await verify(withChange(proposal.changeSet, ROUTER, after), ['import']);
    findingAt(result, 'import', ROUTER, line, /NameError: name 'UNDEFINED_LIMIT' is not defined/);
  });

  it('a lint error: ruff check, with the rule', async () => {
    const { after, line } = append(textOf(proposal.changeSet, ROUTER), 'def helper() -> None:\n    unused = 1\n', 'unused = 1');
    const result = await verify(withChange(proposal.changeSet, ROUTER, after), STATIC_CHECKS);
    assert.equal(statusOf(result, 'ruff'), 'failed');
    assert.equal(statusOf(result, 'import'), 'passed');
    findingAt(result, 'ruff', ROUTER, line, /unused/);
    assert.equal(result.checks.find((check) => check.check === 'ruff')?.findings[0]?.code, 'F841');
  });

  it('a type error: the type checker (mypy, from the project configuration)', async () => {
    const { after, line } = append(textOf(proposal.changeSet, ROUTER), 'def count_heroes() -> int:\n    return "many"\n', 'return "many"');
    const result = await verify(withChange(proposal.changeSet, ROUTER, after), STATIC_CHECKS);
    assert.deepEqual(STATIC_CHECKS.map((check) => statusOf(result, check)), ['passed', 'passed', 'passed', 'failed']);
    findingAt(result, 'types', ROUTER, line, /Incompatible return value type/);
  });

  it('a failing generated test: pytest, at the failing assertion', async () => {
    const { after, line } = append(textOf(proposal.changeSet, TEST), 'def test_planted_failure() -> None:\n    assert 1 + 1 == 3\n', 'assert 1 + 1 == 3');
    const result = await verify(withChange(proposal.changeSet, TEST, after), ['pytest']);
    assert.equal(statusOf(result, 'pytest'), 'failed');
    findingAt(result, 'pytest', TEST, line, /test_planted_failure failed/);
    assert.equal(result.baselineRun, true, 'the untouched project was checked too');
  });

  it('an import cycle: the import check, at the import that found the module half-initialised', async () => {
    let changeSet = withChange(proposal.changeSet, 'app/cycle_a.py', '"""A."""\n\nfrom app.cycle_b import B\n\nA = 1\n');
    changeSet = withChange(changeSet, 'app/cycle_b.py', '"""B."""\n\nfrom app.cycle_a import A\n\nB = A + 1\n');
    const result = await verify(changeSet, ['import']);
    findingAt(result, 'import', 'app/cycle_b.py', 3, /circular import/);
  });
});
