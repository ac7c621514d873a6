import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError, type CliIo } from '../../../src/cli/cli-command';
import { crudCommand, REFUSED_EXIT_CODE } from '../../../src/cli/crud-command';

const FLAT_APP = resolve('test', 'fixtures', 'flat-app');

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (text) => out.push(text), stderr: (text) => err.push(text), cwd: process.cwd() };
}

describe('crud command', () => {
  let copy: string;

  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'crud-cli-'));
    cpSync(FLAT_APP, copy, { recursive: true });
  });

  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  it('prints the unified diff by default and writes nothing', async () => {
    const io = captureIo();
    const before = readFileSync(join(copy, 'main.py'), 'utf8');
    assert.equal(await crudCommand.run(['Team', '--root', copy], io), 0);
    const diff = io.out.join('');
    assert.match(diff, /^diff --git a\/main\.py b\/main\.py$/m);
    assert.match(diff, /^\+def read_teams\($/m);
    assert.match(diff, /^--- \/dev\/null\n\+\+\+ b\/test_teams\.py$/m);
    assert.equal(readFileSync(join(copy, 'main.py'), 'utf8'), before);
    assert.equal(existsSync(join(copy, 'test_teams.py')), false);
  });

  it('writes the change with --write and says what it wrote', async () => {
    const io = captureIo();
    assert.equal(await crudCommand.run(['Team', '--root', copy, '--write'], io), 0);
    assert.deepEqual(io.out.join('').trim().split('\n'), ['modified main.py', 'created test_teams.py']);
    assert.match(readFileSync(join(copy, 'main.py'), 'utf8'), /def delete_team\(/);
  });

  it('prints the change set as JSON with --json', async () => {
    const io = captureIo();
    assert.equal(await crudCommand.run(['Hero', '--root', copy, '--json'], io), 0);
    const changeSet = JSON.parse(io.out.join('')) as { title: string; changes: { path: string; kind: string }[] };
    assert.match(changeSet.title, /^CRUD for Hero \(adds delete\)$/);
    assert.deepEqual(changeSet.changes.map((change) => [change.path, change.kind]), [
      ['main.py', 'modify'],
      ['test_heroes.py', 'create'],
    ]);
  });

  it('exits 3 with the reason on a refusal', async () => {
    const io = captureIo();
    assert.equal(await crudCommand.run(['HeroCreate', '--root', copy], io), REFUSED_EXIT_CODE);
    assert.match(io.err.join(''), /"HeroCreate" .* is not a table model/);
    assert.equal(io.out.join(''), '');
  });

  it('treats a missing model name or conflicting flags as usage errors', async () => {
    await assert.rejects(crudCommand.run(['--root', copy], captureIo()), UsageError);
    await assert.rejects(crudCommand.run(['Team', '--write', '--dry-run', '--root', copy], captureIo()), UsageError);
    await assert.rejects(crudCommand.run(['Team', '--bogus'], captureIo()), UsageError);
  });
});
