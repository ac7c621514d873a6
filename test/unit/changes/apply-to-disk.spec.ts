import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyChangeSetToDisk } from '../../../src/core/changes/apply-to-disk';
import type { ChangeSet, FileChange } from '../../../src/core/changes/change-set';

function changeSet(changes: FileChange[]): ChangeSet {
  return { title: 't', summary: 's', warnings: [], changes };
}

describe('applyChangeSetToDisk', () => {
  let root: string;
  let outside: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'apply-root-'));
    outside = mkdtempSync(join(tmpdir(), 'apply-outside-'));
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'app', 'main.py'), 'app = 1\n');
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('creates new files with their folders and modifies unchanged ones', async () => {
    const result = await applyChangeSetToDisk(
      root,
      changeSet([
        { path: 'app/api/routes/heroes.py', kind: 'create', before: null, after: 'router = 1\n' },
        { path: 'app/main.py', kind: 'modify', before: 'app = 1\n', after: 'app = 2\n' },
      ]),
    );
    assert.deepEqual(result, { written: ['app/api/routes/heroes.py', 'app/main.py'], conflicts: [], rejected: [] });
    assert.equal(readFileSync(join(root, 'app/api/routes/heroes.py'), 'utf8'), 'router = 1\n');
    assert.equal(readFileSync(join(root, 'app/main.py'), 'utf8'), 'app = 2\n');
    assert.deepEqual(readdirSync(join(root, 'app')).sort(), ['api', 'main.py']);
  });

  it('writes only the accepted paths', async () => {
    const result = await applyChangeSetToDisk(
      root,
      changeSet([
        { path: 'a.py', kind: 'create', before: null, after: 'a\n' },
        { path: 'b.py', kind: 'create', before: null, after: 'b\n' },
      ]),
      new Set(['b.py']),
    );
    assert.deepEqual(result.written, ['b.py']);
    assert.equal(existsSync(join(root, 'a.py')), false);
  });

  it('reports a file changed since the proposal as a conflict and leaves it alone', async () => {
    writeFileSync(join(root, 'app', 'main.py'), 'app = "edited"\n');
    const result = await applyChangeSetToDisk(
      root,
      changeSet([
        { path: 'app/main.py', kind: 'modify', before: 'app = 1\n', after: 'app = 2\n' },
        { path: 'new.py', kind: 'create', before: null, after: 'n\n' },
      ]),
    );
    assert.deepEqual(result.written, ['new.py']);
    assert.deepEqual(result.conflicts.map((c) => c.path), ['app/main.py']);
    assert.match(result.conflicts[0]?.reason ?? '', /changed since/);
    assert.equal(readFileSync(join(root, 'app/main.py'), 'utf8'), 'app = "edited"\n');
  });

  it('treats a file that appeared or disappeared as a conflict', async () => {
    writeFileSync(join(root, 'exists.py'), 'mine\n');
    const result = await applyChangeSetToDisk(
      root,
      changeSet([
        { path: 'exists.py', kind: 'create', before: null, after: 'theirs\n' },
        { path: 'gone.py', kind: 'modify', before: 'x\n', after: 'y\n' },
      ]),
    );
    assert.deepEqual(result.written, []);
    assert.deepEqual(
      result.conflicts.map((c) => [c.path, c.reason]),
      [
        ['exists.py', 'the file was created since the change was proposed'],
        ['gone.py', 'the file was deleted since the change was proposed'],
      ],
    );
    assert.equal(readFileSync(join(root, 'exists.py'), 'utf8'), 'mine\n');
    assert.equal(existsSync(join(root, 'gone.py')), false);
  });

  it('writes nothing at all when any accepted path is unsafe', async () => {
    const result = await applyChangeSetToDisk(
      root,
      changeSet([
        { path: 'good.py', kind: 'create', before: null, after: 'g\n' },
        { path: '../escape.py', kind: 'create', before: null, after: 'e\n' },
        { path: '.git/hooks/pre-commit', kind: 'create', before: null, after: 'h\n' },
      ]),
    );
    assert.deepEqual(result.written, []);
    assert.deepEqual(result.rejected.map((r) => r.path), ['../escape.py', '.git/hooks/pre-commit']);
    assert.equal(existsSync(join(root, 'good.py')), false);
  });

  it('ignores an unsafe path the user did not accept', async () => {
    const result = await applyChangeSetToDisk(
      root,
      changeSet([
        { path: 'good.py', kind: 'create', before: null, after: 'g\n' },
        { path: '/etc/evil', kind: 'create', before: null, after: 'e\n' },
      ]),
      new Set(['good.py']),
    );
    assert.deepEqual(result, { written: ['good.py'], conflicts: [], rejected: [] });
  });

  it('refuses to write through a symlink that leaves the root', async () => {
    symlinkSync(outside, join(root, 'link'));
    const result = await applyChangeSetToDisk(
      root,
      changeSet([{ path: 'link/planted.py', kind: 'create', before: null, after: 'p\n' }]),
    );
    assert.deepEqual(result.written, []);
    assert.match(result.rejected[0]?.reason ?? '', /symlink/);
    assert.deepEqual(readdirSync(outside), []);
  });

  it('leaves no temporary files behind', async () => {
    await applyChangeSetToDisk(root, changeSet([{ path: 'app/main.py', kind: 'modify', before: 'app = 1\n', after: 'z\n' }]));
    assert.deepEqual(readdirSync(join(root, 'app')), ['main.py']);
  });
});
