import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliInterpreterCandidates } from '../../../src/cli/verify-option';
import { chooseInterpreter, editorInterpreterCandidates, probeInterpreter } from '../../../src/core/verify/interpreter';
import { VerificationError } from '../../../src/core/verify/verify-types';

const ROOT = '/work/project';

describe('which Python verifies', () => {
  it("prefers the Python extension's environment, then the workspace's .venv and venv, then the setting", () => {
    const all = editorInterpreterCandidates({ root: ROOT, pythonExtension: { path: '/envs/ext/bin/python' }, setting: 'tools/python', home: '/home/u', platform: 'linux' });
    assert.deepEqual(all.map((candidate) => [candidate.source, candidate.path]), [
      ['python-extension', '/envs/ext/bin/python'],
      ['workspace-venv', '/work/project/.venv/bin/python'],
      ['workspace-venv', '/work/project/venv/bin/python'],
      ['setting', '/work/project/tools/python'],
    ]);
    const exists = (path: string): boolean => path === '/work/project/venv/bin/python' || path === '/envs/ext/bin/python';
    assert.equal(chooseInterpreter(all, exists).source, 'python-extension');
    const withoutExtension = editorInterpreterCandidates({ root: ROOT, pythonExtension: { absentReason: 'the Python extension is not installed' }, setting: '~/py/bin/python', home: '/home/u', platform: 'linux' });
    assert.deepEqual(chooseInterpreter(withoutExtension, exists), { path: '/work/project/venv/bin/python', source: 'workspace-venv', label: "the workspace's venv" });
    assert.equal(chooseInterpreter(withoutExtension, (path) => path === '/home/u/py/bin/python').source, 'setting');
  });

  it('uses Scripts\\python.exe on Windows', () => {
    const [, venv] = editorInterpreterCandidates({ root: 'C:\\project', pythonExtension: { absentReason: 'none' }, setting: '', home: 'C:\\Users\\u', platform: 'win32' });
    assert.match(venv?.path ?? '', /\.venv.Scripts.python\.exe$/);
  });

  it('names every place it looked when there is no interpreter', () => {
    const candidates = editorInterpreterCandidates({ root: ROOT, pythonExtension: { absentReason: 'the Python extension is not installed' }, setting: '', home: '/home/u', platform: 'linux' });
    assert.throws(
      () => chooseInterpreter(candidates, () => false),
      (error: unknown) =>
        error instanceof VerificationError &&
        error.message.includes("the Python extension's active environment (the Python extension is not installed)") &&
        error.message.includes('/work/project/.venv/bin/python (not found)') &&
        error.message.includes('/work/project/venv/bin/python (not found)') &&
        error.message.includes('the setting fastapiBackendEngineer.python.interpreter (not set)'),
    );
  });

  it('on the command line: --python alone, else the activated environment, then the project', () => {
    assert.deepEqual(cliInterpreterCandidates(ROOT, { python: 'bin/py' }, {}, '/cwd'), [{ source: 'command-line', path: '/cwd/bin/py', label: '--python' }]);
    const fallbacks = cliInterpreterCandidates(ROOT, {}, { VIRTUAL_ENV: '/envs/active' }, '/cwd');
    assert.deepEqual(fallbacks.map((candidate) => candidate.path), ['/envs/active/bin/python', '/work/project/.venv/bin/python', '/work/project/venv/bin/python']);
    assert.equal(cliInterpreterCandidates(ROOT, {}, {}, '/cwd')[0]?.absentReason, 'VIRTUAL_ENV is not set');
  });

  describe('a broken interpreter', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'interpreter-spec-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('that exits with an error is reported with what it said', async () => {
      const python = join(dir, 'python');
      writeFileSync(python, '#!/bin/sh\necho "error while loading shared libraries: libpython3.11.so" >&2\nexit 127\n');
      chmodSync(python, 0o755);
      await assert.rejects(
        probeInterpreter({ path: python, source: 'setting', label: 'the setting' }),
        (error: unknown) => error instanceof VerificationError && error.message.includes(`${python} (the setting) does not run`) && error.message.includes('libpython3.11.so'),
      );
    });

    it('that cannot be started is reported', async () => {
      const python = join(dir, 'python');
      writeFileSync(python, 'not a program');
      chmodSync(python, 0o644);
      await assert.rejects(probeInterpreter({ path: python, source: 'workspace-venv', label: "the workspace's .venv" }), /does not run: .*EACCES/);
    });

    it('that answers nonsense is reported', async () => {
      const python = join(dir, 'python');
      writeFileSync(python, '#!/bin/sh\necho hello\n');
      chmodSync(python, 0o755);
      await assert.rejects(probeInterpreter({ path: python, source: 'command-line', label: '--python' }), /unexpected answer: hello/);
    });
  });
});
