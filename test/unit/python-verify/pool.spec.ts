import assert from 'node:assert/strict';
import { runPool } from '../../python/verify/pool';

describe('python verification: job pool', () => {
  it('never runs more jobs at once than its size, and keeps input order in the results', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const releases: (() => void)[] = [];
    const pending = runPool([1, 2, 3, 4, 5], 2, async (item) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise<void>((release) => releases.push(release));
      running -= 1;
      return item * 10;
    });
    // Release jobs one by one, in reverse order of arrival, until all have finished.
    while (releases.length > 0 || running > 0) {
      await new Promise((tick) => setImmediate(tick));
      releases.pop()?.();
    }
    assert.deepEqual(await pending, [10, 20, 30, 40, 50]);
    assert.equal(mostAtOnce, 2);
  });

  it('returns an empty list for no jobs', async () => {
    assert.deepEqual(await runPool([], 2, () => Promise.resolve(1)), []);
  });
});
