import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeSet } from '../../src/core/changes/change-set';
import { formatVerificationText } from '../../src/core/verify/format-results';
import { verifyChangeSet } from '../../src/core/verify/verify-change-set';
import { copyProject, crudProposal, leftovers, removeProject, REPOSITORY, TOOL_CACHE, verificationPython } from './support';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A generated test that starts a child process and then hangs: the tree must end with the check. */
const HANGING_TEST = [
  'import subprocess',
  'import sys',
  'import time',
  '',
  '',
  'def test_hangs() -> None:',
  '    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])',
  '    time.sleep(300)',
  '',
].join('\n');

function withHangingTest(changeSet: ChangeSet): ChangeSet {
  return { ...changeSet, changes: [...changeSet.changes, { path: 'tests/test_hangs.py', kind: 'create', before: null, after: HANGING_TEST }] };
}

/** Python processes whose command line mentions the scratch folder or the hanging sleep. */
function strayProcesses(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let command: string;
    try {
      command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (command.includes(marker)) found.push(Number(entry));
  }
  return found;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

describe('verification when things go wrong', () => {
  let root: string;
  let scratchParent: string;

  beforeEach(() => {
    root = copyProject(join(REPOSITORY, 'examples/heroes'));
    scratchParent = mkdtempSync(join(tmpdir(), 'verify-scratch-'));
  });
  afterEach(() => {
    removeProject(root);
    rmSync(scratchParent, { recursive: true, force: true });
  });

  it('a check that hangs is stopped at its timeout and reported, its process tree ended', async () => {
    const { changeSet } = await crudProposal(root, 'Hero');
    const pids: number[] = [];
    const result = await verifyChangeSet({
      root,
      changeSet: withHangingTest(changeSet),
      python: await verificationPython(),
      tests: 'generated',
      checks: ['pytest'],
      timeoutMs: 8_000,
      cacheDir: TOOL_CACHE,
      scratchParent,
      onProcess: (pid) => pids.push(pid),
    });
    const pytest = result.checks[0];
    assert.equal(pytest?.status, 'failed', formatVerificationText(result));
    assert.equal(pytest.timedOut, true);
    assert.match(pytest.detail, /did not finish within 8 s and was stopped/);
    assert.equal(result.passed, false);
    assert.equal(result.baselineRun, false, 'a timeout is not compared with the untouched project');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(pids.filter(alive), []);
    assert.deepEqual(strayProcesses('time.sleep(300)'), [], 'the test\'s own child process ended too');
    assert.deepEqual(leftovers(scratchParent), []);
  });

  it('cancelling while pytest runs ends its processes and removes the scratch copy', async () => {
    const { changeSet } = await crudProposal(root, 'Hero');
    const controller = new AbortController();
    const pids: number[] = [];
    const result = await verifyChangeSet({
      root,
      changeSet: withHangingTest(changeSet),
      python: await verificationPython(),
      tests: 'generated',
      cacheDir: TOOL_CACHE,
      scratchParent,
      signal: controller.signal,
      onProcess: (pid, check) => {
        pids.push(pid);
        if (check === 'pytest') setTimeout(() => controller.abort(), 3_000);
      },
    });
    assert.equal(result.cancelled, true);
    assert.equal(result.passed, false);
    assert.equal(result.checks.find((check) => check.check === 'pytest')?.status, 'skipped');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(pids.filter(alive), []);
    assert.deepEqual(strayProcesses('time.sleep(300)'), []);
    assert.deepEqual(leftovers(scratchParent), []);
  });

  it('tests that already failed before the change are reported as such, not blamed on the proposal', async () => {
    mkdirSync(join(root, 'tests'), { recursive: true });
    writeFileSync(
      join(root, 'tests/test_legacy.py'),
      'from app.models import Team\n\n\ndef test_legacy_team_default() -> None:\n    assert Team(name="x").name == "y"\n',
    );
    const { changeSet, facts } = await crudProposal(root, 'Hero');
    const result = await verifyChangeSet({ root, changeSet, python: await verificationPython(), appFiles: facts.apps.map((app) => app.file), cacheDir: TOOL_CACHE, scratchParent });
    const pytest = result.checks.find((check) => check.check === 'pytest');
    assert.equal(pytest?.status, 'preexisting', formatVerificationText(result));
    assert.match(pytest.detail, /failing before the change too/);
    assert.deepEqual(pytest.findings.map((finding) => [finding.path, finding.preexisting]), [['tests/test_legacy.py', true]]);
    assert.equal(result.baselineRun, true);
    assert.equal(result.passed, true);
    assert.match(formatVerificationText(result), /failing before the change too/);
  });
});
