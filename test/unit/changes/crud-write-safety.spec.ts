/**
 * `crud --write` on files the CLI must not corrupt: a PEP 263 latin-1 module keeps its bytes,
 * a module that is not valid UTF-8 is refused, and a symlink loop in the workspace is a note.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliIo } from '../../../src/cli/cli-command';
import { contextCommand } from '../../../src/cli/context-command';
import { crudCommand } from '../../../src/cli/crud-command';

const FLAT_APP = resolve('test', 'fixtures', 'flat-app');

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { out: () => out, err: () => err, stdout: (text) => (out += text), stderr: (text) => (err += text), cwd: process.cwd() };
}

describe('crud --write keeps files intact', () => {
  let copy: string;
  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'crud-write-safety-'));
    cpSync(FLAT_APP, copy, { recursive: true });
  });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  it('writes a latin-1 module back in latin-1 with its accented text unchanged', async () => {
    const original = readFileSync(join(copy, 'main.py'), 'utf8');
    const latin = `# -*- coding: latin-1 -*-\n# Équipe de démonstration — café\n${original}`.replace('—', '-');
    writeFileSync(join(copy, 'main.py'), Buffer.from(latin, 'latin1'));
    const io = captureIo();
    assert.equal(await crudCommand.run(['Team', '--root', copy, '--write'], io), 0, io.err());
    const bytes = readFileSync(join(copy, 'main.py'));
    const text = bytes.toString('latin1');
    assert.ok(text.startsWith('# -*- coding: latin-1 -*-\n# Équipe de démonstration - café\n'), text.slice(0, 80));
    assert.match(text, /def delete_team\(/);
    assert.ok(!bytes.includes(Buffer.from('\uFFFD', 'utf8')), 'no replacement characters');
    assert.deepEqual(Buffer.from(text, 'latin1'), bytes, 'every byte is latin-1 text');
  });

  it('refuses to edit a module that is not valid in its encoding, leaving its bytes alone', async () => {
    const original = readFileSync(join(copy, 'main.py'));
    const broken = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n'), original]);
    writeFileSync(join(copy, 'main.py'), broken);
    const io = captureIo();
    assert.equal(await crudCommand.run(['Team', '--root', copy, '--write'], io), 1);
    assert.match(io.err(), /not written: main\.py: not edited, so that none of its bytes are lost: the file is not valid utf-8/);
    assert.deepEqual(readFileSync(join(copy, 'main.py')), broken);
  });

  it('notes a symlink loop instead of failing (context and crud)', async () => {
    symlinkSync('b.py', join(copy, 'a.py'));
    symlinkSync('a.py', join(copy, 'b.py'));
    const context = captureIo();
    assert.equal(await contextCommand.run(['--root', copy], context), 0);
    assert.match(context.err(), /note: skipped a\.py \(a symlink loop\)/);
    const crud = captureIo();
    assert.equal(await crudCommand.run(['Team', '--root', copy], crud), 0, crud.err());
    assert.match(crud.err(), /note: skipped b\.py \(a symlink loop\)/);
  });
});
