import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listLocalFolder, statLocalFile } from '../../../src/vscode/local-listing';

const EXCLUDED = new Set(['node_modules', '.venv']);

describe('listing a folder on local disk (the editor, without workspace.fs)', () => {
  let root: string;
  let outside: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'local-listing-'));
    outside = mkdtempSync(join(tmpdir(), 'local-listing-outside-'));
  });

  afterEach(() => {
    for (const folder of [root, outside]) rmSync(folder, { recursive: true, force: true });
  });

  function write(path: string, text: string): void {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }

  it('lists every file, sorted, with the size and time a stat gives', async () => {
    write('app/main.py', 'from fastapi import FastAPI\n');
    write('app/models/hero.py', 'x = 1\n');
    write('README.md', '# readme\n');
    write('b/deep/er/z.txt', 'zz');
    const entries = await listLocalFolder(root, EXCLUDED);
    assert.deepEqual(
      entries.map((entry) => entry.path),
      ['README.md', 'app/main.py', 'app/models/hero.py', 'b/deep/er/z.txt'],
    );
    for (const entry of entries) {
      const info = statSync(join(root, entry.path));
      assert.equal(entry.size, info.size, entry.path);
      assert.equal(entry.mtimeMs, info.mtimeMs, entry.path);
    }
  });

  it('skips excluded folders by name at any depth, and follows no linked folder', async () => {
    write('node_modules/pkg/index.py', 'x');
    write('app/.venv/lib/site.py', 'x');
    write('app/ok.py', 'x');
    write('linked-target/inner.py', 'x');
    symlinkSync(join(root, 'linked-target'), join(root, 'app/linked-folder'));
    symlinkSync(root, join(root, 'app/loop'));
    const paths = (await listLocalFolder(root, EXCLUDED)).map((entry) => entry.path);
    assert.deepEqual(paths, ['app/ok.py', 'linked-target/inner.py']);
  });

  it('lists a linked file with its target size, and leaves out dangling links and FIFOs', async () => {
    write('app/real.py', 'import os\n');
    writeFileSync(join(outside, 'shared.py'), 'print("outside")\n');
    symlinkSync(join(root, 'app/real.py'), join(root, 'app/alias.py'));
    symlinkSync(join(outside, 'shared.py'), join(root, 'app/shared.py'));
    symlinkSync(join(root, 'app/missing.py'), join(root, 'app/dangling.py'));
    execFileSync('mkfifo', [join(root, 'app/pipe.py')]);
    const entries = await listLocalFolder(root, EXCLUDED);
    assert.deepEqual(
      entries.map((entry) => [entry.path, entry.size]),
      [
        ['app/alias.py', 10],
        ['app/real.py', 10],
        ['app/shared.py', 17],
      ],
    );
  });

  it('stops at an abort before or during the walk', async () => {
    for (let index = 0; index < 600; index++) write(`pkg${index % 40}/m${index}.py`, 'x = 1\n');
    const before = new AbortController();
    before.abort(new Error('dropped'));
    await assert.rejects(listLocalFolder(root, EXCLUDED, before.signal), /dropped/);
    const during = new AbortController();
    const listing = listLocalFolder(root, EXCLUDED, during.signal);
    setImmediate(() => during.abort(new Error('cancelled midway')));
    await assert.rejects(listing, /cancelled midway/);
    assert.equal((await listLocalFolder(root, EXCLUDED)).length, 600);
  });

  it('stats a file as the index asks after a save: its size and time, nothing for a folder or a missing file', async () => {
    write('app/main.py', 'print(1)\n');
    const info = statSync(join(root, 'app/main.py'));
    assert.deepEqual(await statLocalFile(join(root, 'app/main.py')), { size: info.size, mtimeMs: info.mtimeMs });
    assert.equal(await statLocalFile(join(root, 'app')), undefined);
    assert.equal(await statLocalFile(join(root, 'app/gone.py')), undefined);
  });
});
