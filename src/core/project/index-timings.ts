/**
 * Where a build or update of the index spends its time, phase by phase, so the benchmark can
 * say which part to make cheaper. Reading on threads reports the threads' summed time for the
 * phases they ran (more than the wall clock when threads overlap).
 */
export const INDEX_PHASES = ['list', 'cache', 'read', 'prefilter', 'parse', 'resolve', 'conventions'] as const;

export type IndexPhase = (typeof INDEX_PHASES)[number];

export type PhaseTimes = Record<IndexPhase, number>;

export function noPhaseTimes(): PhaseTimes {
  return { list: 0, cache: 0, read: 0, prefilter: 0, parse: 0, resolve: 0, conventions: 0 };
}

/** Adds up milliseconds per phase; one per build or update. */
export class PhaseClock {
  readonly times: PhaseTimes = noPhaseTimes();

  add(phase: IndexPhase, since: number): number {
    const now = performance.now();
    this.times[phase] += now - since;
    return now;
  }

  addTimes(times: Readonly<PhaseTimes>): void {
    for (const phase of INDEX_PHASES) this.times[phase] += times[phase];
  }
}
