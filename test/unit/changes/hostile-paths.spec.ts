/**
 * The hostile-path corpus against the shared path check, on a real workspace on disk (symlinks,
 * FIFOs, environments, git directories), and through the whole `ask --write` pipeline.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEntryKind, nodeRealpath } from '../../../src/core/changes/node-probe';
import { checkChangePath } from '../../../src/core/changes/path-safety';
import { BENIGN_PATHS, HOSTILE_PATHS } from './support/hostile-paths';

describe('hostile-path corpus', () => {
  let root: string;
  let outside: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hostile-root-'));
    outside = mkdtempSync(join(tmpdir(), 'hostile-outside-'));
    mkdirSync(join(root, 'app'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const check = (path: string): ReturnType<typeof checkChangePath> =>
    checkChangePath(path, { root, realpath: nodeRealpath, entryKind: nodeEntryKind });

  it(`has at least 100 entries (${HOSTILE_PATHS.length})`, () => {
    assert.ok(HOSTILE_PATHS.length >= 100);
    assert.equal(new Set(HOSTILE_PATHS.map((entry) => entry.path)).size, HOSTILE_PATHS.length, 'no duplicates');
  });

  it('refuses every hostile path with a reason', () => {
    const accepted: string[] = [];
    const wrongReason: string[] = [];
    for (const entry of HOSTILE_PATHS) {
      rmSync(root, { recursive: true, force: true });
      mkdirSync(join(root, 'app'), { recursive: true });
      entry.setup?.(root, outside);
      const result = check(entry.path);
      if (result.ok) accepted.push(JSON.stringify(entry.path));
      else if (entry.reason !== undefined && !entry.reason.test(result.reason)) wrongReason.push(`${JSON.stringify(entry.path)}: ${result.reason}`);
    }
    assert.deepEqual(accepted, [], `accepted: ${accepted.join(', ')}`);
    assert.deepEqual(wrongReason, []);
  });

  it('accepts ordinary paths, including names that only resemble protected ones', () => {
    for (const path of BENIGN_PATHS) {
      assert.deepEqual(check(path), { ok: true, path }, path);
    }
  });
});
