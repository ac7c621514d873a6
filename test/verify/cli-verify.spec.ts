import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../../src/cli/cli-command';
import { AnthropicTestServer } from '../support/anthropic-server';
import { runAsk } from '../support/ask-cli';
import { routerAnswer } from '../support/model-answers';
import { snapshotTree } from '../unit/agent/support/temp-workspace';
import { copyProject, removeProject, REPOSITORY, VENV_PYTHON } from './support';

const API_KEY = 'sk-ant-api03-verify-suite-key-0123456789';

/** A router without routes, registered, and a test expecting a list from it: only pytest fails. */
const FAILING_TEST_ANSWER = [
  routerAnswer('armies'),
  '',
  '```python path=tests/test_armies.py',
  'from fastapi.testclient import TestClient',
  '',
  '',
  'def test_armies_are_listed(client: TestClient) -> None:',
  '    response = client.get("/armies/")',
  '    assert response.status_code == 200',
  '```',
].join('\n');

describe('ask --verify against the local Messages API server', () => {
  let server: AnthropicTestServer;
  let root: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    server = await AnthropicTestServer.start({ apiKey: API_KEY });
    root = copyProject(join(REPOSITORY, 'examples/heroes'));
    env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: server.url };
  });
  afterEach(async () => {
    removeProject(root);
    await server.close();
  });

  it('--write writes nothing when a generated test fails, and exits 4', async () => {
    server.enqueue({ kind: 'text', text: FAILING_TEST_ANSWER });
    const before = snapshotTree(root);
    const result = await runAsk(['Add an armies router', '--root', root, '--write', '--verify', '--python', VENV_PYTHON], env);
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /✗ pytest: .*1 failed/);
    assert.match(result.stderr, /tests\/test_armies\.py:\d+: tests\/test_armies\.py::test_armies_are_listed failed/);
    assert.match(result.stderr, /Verification failed: nothing was written/);
    assert.equal(result.stdout, '');
    assert.deepEqual(snapshotTree(root), before);
  });

  it('--force writes it anyway and still exits 4', async () => {
    server.enqueue({ kind: 'text', text: FAILING_TEST_ANSWER });
    const result = await runAsk(['Add an armies router', '--root', root, '--write', '--verify', '--force', '--python', VENV_PYTHON], env);
    assert.equal(result.code, 4, result.stderr);
    assert.equal(result.stdout, 'created app/routers/armies.py\nmodified app/main.py\ncreated tests/test_armies.py\n');
    assert.match(readFileSync(join(root, 'tests/test_armies.py'), 'utf8'), /test_armies_are_listed/);
  });

  it('a proposal that passes is written and exits 0', async () => {
    const passing = FAILING_TEST_ANSWER.replace('assert response.status_code == 200', 'assert response.status_code == 404');
    server.enqueue({ kind: 'text', text: passing });
    const result = await runAsk(['Add an armies router', '--root', root, '--write', '--verify', '--python', VENV_PYTHON], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Verification \(Python 3\.\d+\.\d+, --python: .*\): passed/);
    assert.ok(existsSync(join(root, 'app/routers/armies.py')));
  });

  it('no interpreter: a clear message naming where it looked, nothing written', async () => {
    rmSync(join(root, '.venv'), { recursive: true, force: true });
    const before = snapshotTree(root);
    await assert.rejects(
      runAsk(['/crud Hero', '--root', root, '--write', '--verify'], {}),
      (error: unknown) =>
        error instanceof CliError &&
        error.message.includes('No Python interpreter found') &&
        error.message.includes('VIRTUAL_ENV is not set') &&
        error.message.includes(join(root, '.venv/bin/python')) &&
        error.message.includes(join(root, 'venv/bin/python')),
    );
    assert.deepEqual(snapshotTree(root), before);
  });
});
