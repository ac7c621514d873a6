import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../../python/verify/processes';
import { copyProject } from '../../python/verify/project-run';

describe('python verification: processes and copies', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'python-verify-spec-'));
  });
  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('collects stdout, stderr and the exit code of a command', async () => {
    const result = await runProcess(
      process.execPath,
      ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(4)'],
      { cwd: scratch, env: process.env, timeoutMs: 20_000 },
    );
    assert.deepEqual(result, { exitCode: 4, stdout: 'out', stderr: 'err', timedOut: false });
  });

  it('reports a missing executable as a result instead of throwing', async () => {
    const result = await runProcess(join(scratch, 'no-such-tool'), [], { cwd: scratch, env: process.env, timeoutMs: 20_000 });
    assert.equal(result.exitCode, null);
    assert.match(result.stderr, /could not start .*no-such-tool/);
  });

  it('stops a command that outlives its time limit', async () => {
    const result = await runProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      cwd: scratch,
      env: process.env,
      timeoutMs: 200,
    });
    assert.equal(result.timedOut, true);
    assert.notEqual(result.exitCode, 0);
  });

  it('copies a project without tool caches, bytecode or databases', () => {
    const source = join(scratch, 'source');
    for (const folder of ['app/__pycache__', '.mypy_cache/3.11', '.pytest_cache', '.ruff_cache', '.venv/bin', 'tests']) {
      mkdirSync(join(source, folder), { recursive: true });
    }
    writeFileSync(join(source, 'app', 'main.py'), 'app = 1\n');
    writeFileSync(join(source, 'app', '__pycache__', 'main.cpython-311.pyc'), '');
    writeFileSync(join(source, 'tests', 'test_main.py'), 'def test() -> None: ...\n');
    writeFileSync(join(source, 'heroes.db'), '');
    writeFileSync(join(source, '.mypy_cache', '3.11', 'cache.db'), '');

    const target = join(scratch, 'copy');
    copyProject(source, target);

    assert.equal(readFileSync(join(target, 'app', 'main.py'), 'utf8'), 'app = 1\n');
    assert.ok(existsSync(join(target, 'tests', 'test_main.py')));
    for (const left of ['app/__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.venv', 'heroes.db']) {
      assert.equal(existsSync(join(target, left)), false, `${left} is not copied`);
    }
  });
});
