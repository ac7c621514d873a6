/**
 * Runs async jobs with at most `size` in flight; results keep the order of the inputs.
 */
export async function runPool<T, R>(items: readonly T[], size: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await job(items[index] as T);
    }
  }
  const workers = Array.from({ length: Math.max(1, Math.min(size, items.length)) }, () => worker());
  await Promise.all(workers);
  return results;
}
