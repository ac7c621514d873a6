import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../../../src/core/verify/run-process';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('running a tool', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'run-tool-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // A shell that starts a grandchild (as a test starting a server would) and waits.
  const tree = (pidFile: string): string[] => ['-c', `sleep 60 & echo $! > ${pidFile}; wait`];

  it('collects output and the exit code', async () => {
    const run = await runTool('sh', ['-c', 'echo out; echo err >&2; exit 3'], { cwd: dir, env: process.env, timeoutMs: 5000 });
    assert.deepEqual([run.exitCode, run.stdout, run.stderr, run.timedOut, run.cancelled], [3, 'out\n', 'err\n', false, false]);
  });

  it('ends the whole process tree at the timeout', async () => {
    const pidFile = join(dir, 'grandchild');
    const run = await runTool('sh', tree(pidFile), { cwd: dir, env: process.env, timeoutMs: 500 });
    assert.equal(run.timedOut, true);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await waitFor(() => !alive(grandchild));
    assert.equal(alive(grandchild), false, 'the grandchild was killed with its group');
  });

  it('ends the whole process tree on cancel', async () => {
    const pidFile = join(dir, 'grandchild');
    const controller = new AbortController();
    const running = runTool('sh', tree(pidFile), { cwd: dir, env: process.env, timeoutMs: 60_000, signal: controller.signal });
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    controller.abort();
    const run = await running;
    assert.equal(run.cancelled, true);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await waitFor(() => !alive(grandchild));
    assert.equal(alive(grandchild), false);
  });

  it('reports an executable that cannot start', async () => {
    const run = await runTool(join(dir, 'missing'), [], { cwd: dir, env: process.env, timeoutMs: 5000 });
    assert.match(run.startError ?? '', /ENOENT/);
  });
});
