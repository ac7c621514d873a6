import assert from 'node:assert/strict';
import { SharedStatTable } from '../../../src/cli/shared-stat-table';
import type { FileStat } from '../../../src/core/ports';

const PATHS = Array.from({ length: 1000 }, (_, i) => `pkg/module_${i}.py`);

/** A stand-in for statting: the size is the file's number, missing for every seventh. */
function statOf(path: string): FileStat | undefined {
  const number = Number(/(\d+)\.py$/.exec(path)?.[1]);
  return number % 7 === 0 ? undefined : { size: number, mtimeMs: number * 10 };
}

describe('shared stat table', () => {
  it('is incomplete while a run one side took is left unmeasured (a thread failed)', () => {
    const table = new SharedStatTable(PATHS.length);
    const failing = new SharedStatTable(PATHS.length, table.buffer);
    let calls = 0;
    assert.throws(() =>
      failing.measure(PATHS, (path) => {
        if (++calls === 100) throw new Error('the thread stopped');
        return statOf(path);
      }),
    );
    table.measure(PATHS, statOf);
    assert.equal(table.stats(), undefined);
  });

  it('puts each file at its own place, whoever measured it, and measures each file once', () => {
    const fresh = new SharedStatTable(PATHS.length);
    const alsoHere = new SharedStatTable(PATHS.length, fresh.buffer);
    const counts = new Map<string, number>();
    const counting = (path: string): FileStat | undefined => {
      counts.set(path, (counts.get(path) ?? 0) + 1);
      // The other side takes its runs in between this side's.
      if (counts.size % 300 === 0) alsoHere.measure(PATHS.slice(), counting);
      return statOf(path);
    };
    fresh.measure(PATHS, counting);
    assert.equal(counts.size, PATHS.length);
    assert.ok([...counts.values()].every((count) => count === 1), 'no file measured twice');
    const stats = fresh.stats();
    assert.ok(stats);
    PATHS.forEach((path, i) => {
      const expected = statOf(path);
      assert.equal(stats.sizes[i], expected?.size ?? -1, path);
      assert.equal(stats.mtimes[i], expected?.mtimeMs ?? 0, path);
    });
  });

  it('is complete at once for no files', () => {
    assert.deepEqual(new SharedStatTable(0).stats(), { sizes: new Float64Array(0), mtimes: new Float64Array(0) });
  });
});
