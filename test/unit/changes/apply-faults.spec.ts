/**
 * Applying under faults: every case ends with every file as it was (all or nothing) and one
 * sentence, and a file that is replaced keeps its mode, owner, encoding and symlink.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApplyFileSystem, applyChangeSetToDisk, nodeApplyFileSystem } from '../../../src/core/changes/apply-to-disk';
import type { ChangeSet, FileChange } from '../../../src/core/changes/change-set';

function changeSet(changes: FileChange[]): ChangeSet {
  return { title: 't', summary: 's', warnings: [], changes };
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** The real file system, except that the `nth` call of `operation` fails with `code`. */
function failing(operation: 'writeFile' | 'rename', nth: number, code: string): ApplyFileSystem {
  let calls = 0;
  const wrapped = async (...args: unknown[]): Promise<void> => {
    calls++;
    if (calls === nth) throw errno(code);
    await (nodeApplyFileSystem[operation] as (...inner: unknown[]) => Promise<void>)(...args);
  };
  return { ...nodeApplyFileSystem, [operation]: wrapped };
}

const THREE_FILES = (): FileChange[] => [
  { path: 'app/a.py', kind: 'modify', before: 'a = 1\n', after: 'a = 2\n' },
  { path: 'app/b.py', kind: 'modify', before: 'b = 1\n', after: 'b = 2\n' },
  { path: 'app/routers/c.py', kind: 'create', before: null, after: 'c = 2\n' },
];

describe('applying under faults', () => {
  let root: string;
  const tree = (): Record<string, string> =>
    Object.fromEntries(
      (readdirSync(root, { recursive: true }) as string[])
        .filter((path) => statSync(join(root, path)).isFile())
        .sort()
        .map((path) => [path, readFileSync(join(root, path), 'latin1')]),
    );

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'apply-faults-'));
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'app/a.py'), 'a = 1\n');
    writeFileSync(join(root, 'app/b.py'), 'b = 1\n');
  });
  afterEach(() => {
    spawnSync('chattr', ['-R', '-i', root]);
    rmSync(root, { recursive: true, force: true });
  });

  for (const [operation, nth, code, pattern] of [
    ['writeFile', 2, 'ENOSPC', /could not write app\/b\.py: the disk is full \(ENOSPC\)/],
    ['writeFile', 3, 'EFBIG', /the file is larger than this system allows \(EFBIG\)/],
    ['writeFile', 1, 'EACCES', /permission denied \(EACCES\)/],
    ['rename', 2, 'EPERM', /could not replace app\/b\.py: .*EPERM.*; the 1 file already replaced was restored/],
    ['rename', 3, 'EIO', /could not replace app\/routers\/c\.py: .*EIO.*; the 2 files already replaced were restored/],
  ] as const) {
    it(`restores everything when ${operation} #${nth} fails with ${code}`, async () => {
      const before = tree();
      const result = await applyChangeSetToDisk(root, changeSet(THREE_FILES()), undefined, failing(operation, nth, code));
      assert.deepEqual(result.written, []);
      assert.match(result.failure ?? '', pattern);
      assert.match(result.failure ?? '', /^Nothing was written: [^\n]+\.$/);
      assert.deepEqual(tree(), before, 'every file as it was, no temporary file left');
    });
  }

  it('restores the files already replaced when an immutable file refuses its rename', async function () {
    if (process.getuid?.() !== 0 || spawnSync('chattr', ['+i', join(root, 'app/b.py')]).status !== 0) this.skip();
    const before = tree();
    // Checked up front, the immutable file is a conflict of its own.
    const checked = await applyChangeSetToDisk(root, changeSet(THREE_FILES().slice(1, 2)));
    assert.match(checked.conflicts[0]?.reason ?? '', /could not write app\/b\.py: .*EPERM/);
    // Should it turn immutable between the check and the rename, the rename fails: all restored.
    const result = await applyChangeSetToDisk(root, changeSet(THREE_FILES()), undefined, { ...nodeApplyFileSystem, access: () => Promise.resolve() });
    assert.match(result.failure ?? '', /could not replace app\/b\.py: .*EPERM.*; the 1 file already replaced was restored\.$/);
    assert.deepEqual(result.written, []);
    assert.deepEqual(tree(), before);
  });

  it('keeps the mode of a modified file (0600, 0755)', async () => {
    chmodSync(join(root, 'app/a.py'), 0o600);
    chmodSync(join(root, 'app/b.py'), 0o755);
    const result = await applyChangeSetToDisk(root, changeSet(THREE_FILES().slice(0, 2)));
    assert.deepEqual(result.written, ['app/a.py', 'app/b.py']);
    assert.equal(statSync(join(root, 'app/a.py')).mode & 0o7777, 0o600);
    assert.equal(statSync(join(root, 'app/b.py')).mode & 0o7777, 0o755);
  });

  it('keeps the owner of a modified file', async function () {
    if (process.getuid?.() !== 0) this.skip();
    chownSync(join(root, 'app/a.py'), 4242, 4343);
    const result = await applyChangeSetToDisk(root, changeSet(THREE_FILES().slice(0, 1)));
    assert.deepEqual(result.written, ['app/a.py']);
    const stats = statSync(join(root, 'app/a.py'));
    assert.deepEqual([stats.uid, stats.gid], [4242, 4343]);
  });

  it('treats a read-only file as a conflict and leaves it alone', async () => {
    chmodSync(join(root, 'app/a.py'), 0o444);
    const result = await applyChangeSetToDisk(root, changeSet(THREE_FILES().slice(0, 1)));
    assert.deepEqual(result.written, []);
    assert.match(result.conflicts[0]?.reason ?? '', /read-only/);
    assert.equal(readFileSync(join(root, 'app/a.py'), 'utf8'), 'a = 1\n');
  });

  it('edits the target of a symlinked file inside the workspace and keeps the link', async () => {
    rmSync(join(root, 'app/b.py'));
    symlinkSync('a.py', join(root, 'app/b.py'));
    const result = await applyChangeSetToDisk(root, changeSet([{ path: 'app/b.py', kind: 'modify', before: 'a = 1\n', after: 'a = 3\n' }]));
    assert.deepEqual(result.written, ['app/b.py']);
    assert.equal(lstatSync(join(root, 'app/b.py')).isSymbolicLink(), true);
    assert.equal(readlinkSync(join(root, 'app/b.py')), 'a.py');
    assert.equal(readFileSync(join(root, 'app/a.py'), 'utf8'), 'a = 3\n');
  });

  it('refuses a symlinked file whose target is outside the workspace', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'apply-outside-'));
    try {
      writeFileSync(join(outside, 'real.py'), 'x = 1\n');
      symlinkSync(join(outside, 'real.py'), join(root, 'app/linked.py'));
      const result = await applyChangeSetToDisk(root, changeSet([{ path: 'app/linked.py', kind: 'modify', before: 'x = 1\n', after: 'x = 2\n' }]));
      assert.deepEqual(result.written, []);
      assert.match(result.rejected[0]?.reason ?? '', /outside the workspace/);
      assert.equal(readFileSync(join(outside, 'real.py'), 'utf8'), 'x = 1\n');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('writes a latin-1 file back in latin-1', async () => {
    const original = Buffer.from('# -*- coding: latin-1 -*-\nNAME = "Café"\n', 'latin1');
    writeFileSync(join(root, 'app/legacy.py'), original);
    const before = '# -*- coding: latin-1 -*-\nNAME = "Café"\n';
    const after = `${before}OTHER = "Müller"\n`;
    const result = await applyChangeSetToDisk(root, changeSet([{ path: 'app/legacy.py', kind: 'modify', before, after }]));
    assert.deepEqual(result.written, ['app/legacy.py']);
    assert.deepEqual(readFileSync(join(root, 'app/legacy.py')), Buffer.from(after, 'latin1'));
  });

  it('refuses text the declared encoding cannot hold, and a file not valid in its encoding', async () => {
    writeFileSync(join(root, 'app/legacy.py'), Buffer.from('# coding: latin-1\nA = "é"\n', 'latin1'));
    const latin = await applyChangeSetToDisk(root, changeSet([{ path: 'app/legacy.py', kind: 'modify', before: '# coding: latin-1\nA = "é"\n', after: '# coding: latin-1\nA = "€"\n' }]));
    assert.match(latin.conflicts[0]?.reason ?? '', /latin-1 cannot hold/);
    writeFileSync(join(root, 'app/broken.py'), Buffer.from([0x41, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]));
    const broken = await applyChangeSetToDisk(root, changeSet([{ path: 'app/broken.py', kind: 'modify', before: 'A = "\uFFFD"\n', after: 'A = "x"\n' }]));
    assert.match(broken.conflicts[0]?.reason ?? '', /not valid utf-8/);
    assert.deepEqual(readFileSync(join(root, 'app/broken.py')), Buffer.from([0x41, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]));
  });

  it('ends in one sentence, not a stack trace, for a real EFBIG (file size limit)', function () {
    if (spawnSync('bash', ['-c', 'ulimit -f 1']).status !== 0) this.skip();
    const script = [
      `import { applyChangeSetToDisk } from ${JSON.stringify(join(process.cwd(), 'src/core/changes/apply-to-disk.ts'))};`,
      `const big = 'x = 1\\n'.repeat(400);`,
      `const result = await applyChangeSetToDisk(${JSON.stringify(root)}, { title: 't', summary: '', warnings: [], changes: [`,
      `  { path: 'app/a.py', kind: 'modify', before: 'a = 1\\n', after: 'a = 2\\n' },`,
      `  { path: 'app/big.py', kind: 'create', before: null, after: big } ] });`,
      'process.stdout.write(JSON.stringify(result));',
    ].join('\n');
    const scriptDir = mkdtempSync(join(tmpdir(), 'apply-efbig-'));
    const scriptFile = join(scriptDir, 'apply.mjs');
    writeFileSync(scriptFile, script);
    // SIGXFSZ ignored, so writing past the limit fails with EFBIG instead of killing the process.
    const run = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 1; exec "$0" --import tsx "$1"`, process.execPath, scriptFile], { encoding: 'utf8', cwd: process.cwd() });
    rmSync(scriptDir, { recursive: true, force: true });
    const result = JSON.parse(run.stdout) as { failure?: string; written: string[] };
    assert.match(result.failure ?? '', /^Nothing was written: could not write app\/big\.py: the file is larger than this system allows \(EFBIG\)\.$/);
    assert.equal(readFileSync(join(root, 'app/a.py'), 'utf8'), 'a = 1\n');
    assert.deepEqual(readdirSync(join(root, 'app')).sort(), ['a.py', 'b.py']);
  });
});
