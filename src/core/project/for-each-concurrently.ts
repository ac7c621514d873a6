/**
 * Between yields to the event loop, at most this long: reads that finish at once (Node's sync
 * fs, cached files) would otherwise run a whole project in one stretch of microtasks, and a
 * cancel, a dropped read or anything else the host has to do would wait until the end.
 */
const YIELD_EVERY_MS = 8;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs `work` over `items` with at most `limit` in flight, stopping at the first abort. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let yielded = performance.now();
  const worker = async (): Promise<void> => {
    for (;;) {
      if (performance.now() - yielded > YIELD_EVERY_MS) {
        yielded = performance.now();
        await nextTurn();
      }
      // Checked after the yield: the other workers may have taken the last items meanwhile.
      if (next >= items.length) return;
      signal?.throwIfAborted();
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
