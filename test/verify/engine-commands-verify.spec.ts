/**
 * `--verify` on the auth and spec commands with the real tools: a passing proposal is written
 * and exits 0; securing routes the project's own tests call without a token fails their
 * pytest run, exits 4 and writes nothing.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { authCommand } from '../../src/cli/auth-command';
import type { CliIo } from '../../src/cli/cli-command';
import { specCommand } from '../../src/cli/spec-command';
import { snapshotTree } from '../unit/agent/support/temp-workspace';
import { copyProject, removeProject, REPOSITORY, VENV_PYTHON } from './support';

interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(command: typeof authCommand, args: string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: REPOSITORY };
  const code = await command.run(args, io);
  return { code, stdout, stderr };
}

describe('engine commands with --verify', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root !== undefined) removeProject(root);
    root = undefined;
  });

  it('auth --write --verify: the generated sign-in and attack tests pass, and it is written (exit 0)', async () => {
    root = copyProject(join(REPOSITORY, 'test/fixtures/auth-username'));
    const result = await run(authCommand, ['--root', root, '--write', '--verify', '--python', VENV_PYTHON, '--verify-tests', 'generated']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Verification \(Python 3\.\d+\.\d+, --python: .*\): passed/);
    assert.match(result.stderr, /✓ pytest: pytest on 1 test file: (\d+) ran/);
    assert.ok(Number(/pytest on 1 test file: (\d+) ran/.exec(result.stderr)?.[1]) >= 15, 'the attack tests ran');
    assert.match(result.stdout, /^created app\/security\.py$/m);
    assert.ok(existsSync(join(root, 'tests/test_auth.py')));
  });

  it('auth --write --verify: project tests that now get 401 fail the check; exit 4 and nothing written', async () => {
    root = copyProject(join(REPOSITORY, 'examples/heroes'));
    const before = snapshotTree(root);
    const result = await run(authCommand, ['--root', root, '--write', '--verify', '--python', VENV_PYTHON, '--verify-tests', 'all']);
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /warning: \d+ requests in 1 of the project's test files call routes that now require a signed-in user.*tests\/test_teams\.py:\d+ \(test_create_team\) calls POST \/teams\//);
    assert.match(result.stderr, /✗ pytest: pytest on the project's tests: \d+ ran, \d+ failed/);
    assert.match(result.stderr, /tests\/test_teams\.py:\d+: tests\/test_teams\.py::test_create_team failed/);
    assert.match(result.stderr, /Verification failed: nothing was written/);
    assert.equal(result.stdout, '');
    assert.deepEqual(snapshotTree(root), before);
  });

  it('spec --verify: endpoints from an OpenAPI document pass every check (exit 0, diff printed)', async () => {
    root = copyProject(join(REPOSITORY, 'test/fixtures/new-app'));
    cpSync(join(REPOSITORY, 'test/fixtures/specs/pets-crud.yaml'), join(root, 'openapi.yaml'));
    const before = snapshotTree(root);
    const result = await run(specCommand, [join(root, 'openapi.yaml'), '--root', root, '--verify', '--python', VENV_PYTHON, '--verify-tests', 'generated']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Verification \(Python 3\.\d+\.\d+, --python: .*\): passed/);
    assert.match(result.stderr, /✓ Type check: mypy/);
    assert.match(result.stderr, /✓ pytest: pytest on \d+ test files?: \d+ ran/);
    assert.match(result.stdout, /^diff --git /m);
    assert.deepEqual(snapshotTree(root), before);
  });
});
