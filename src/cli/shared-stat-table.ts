/**
 * File sizes and times that the reader threads and the main thread measure together: each takes
 * the next run of files nobody has taken (an atomic counter in shared memory) until none is left,
 * so a thread that starts late or runs slowly leaves more to the others and none waits idle.
 */
import type { BulkStats } from '../core/project/bulk-read';
import type { FileStat } from '../core/ports';

/** Files taken at a time: large enough that the counter is rarely touched, small enough to share the tail. */
const RUN_LENGTH = 256;
/** Two 32-bit counters (files taken, files measured), then a size and a time per file. */
const HEADER_BYTES = 8;
const TAKEN = 0;
const MEASURED = 1;

export class SharedStatTable {
  readonly buffer: SharedArrayBuffer;
  private readonly counters: Int32Array;
  private readonly values: Float64Array;

  /** A new table for `count` files, or the one another thread made (`buffer`). */
  constructor(
    private readonly count: number,
    buffer?: SharedArrayBuffer,
  ) {
    this.buffer = buffer ?? new SharedArrayBuffer(HEADER_BYTES + count * 2 * Float64Array.BYTES_PER_ELEMENT);
    this.counters = new Int32Array(this.buffer, 0, 2);
    this.values = new Float64Array(this.buffer, HEADER_BYTES, count * 2);
  }

  /** Measures runs of `paths` (the table's files, in order) that no thread has taken, until none is left. */
  measure(paths: readonly string[], stat: (path: string) => FileStat | undefined): void {
    for (;;) {
      const start = Atomics.add(this.counters, TAKEN, RUN_LENGTH);
      if (start >= this.count) return;
      const end = Math.min(start + RUN_LENGTH, this.count);
      for (let i = start; i < end; i++) {
        const measured = stat(paths[i] ?? '');
        this.values[2 * i] = measured?.size ?? -1;
        this.values[2 * i + 1] = measured?.mtimeMs ?? 0;
      }
      // Counted after the values are written: a reader that sees every file counted sees every value.
      Atomics.add(this.counters, MEASURED, end - start);
    }
  }

  /** The measured sizes and times, once every file is measured; undefined while some are not (a thread failed). */
  stats(): BulkStats | undefined {
    if (Atomics.load(this.counters, MEASURED) !== this.count) return undefined;
    const sizes = new Float64Array(this.count);
    const mtimes = new Float64Array(this.count);
    for (let i = 0; i < this.count; i++) {
      sizes[i] = this.values[2 * i] ?? -1;
      mtimes[i] = this.values[2 * i + 1] ?? 0;
    }
    return { sizes, mtimes };
  }
}
