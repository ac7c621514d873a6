/**
 * Reads and parses the Python files of a first index on worker threads, so the cores work
 * together (ripgrep does the same). Batches go to whichever worker is free.
 *
 * Workers are unreferenced while idle, so a command that is done exits without closing them.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PhaseClock } from '../core/project/index-timings';
import type { BulkPythonReader, BulkRead, SharedStatting } from '../core/project/bulk-read';
import { type BatchRequest, type BatchResponse, INDEX_WORKER_ROLE, STAT_PATH_SEPARATOR, type StatRequest, type StatResponse } from './index-worker';
import { SharedStatTable } from './shared-stat-table';

const BATCH_SIZE = 200;
/** At least this many batches per thread, so that one slow batch does not leave the other threads idle. */
const BATCHES_PER_THREAD = 4;

/**
 * Reader threads pay off once there is a second core: the main thread only lists the workspace
 * and waits, so two threads that each read and parse every other batch keep both cores busy.
 */
export function usesReaderThreads(): boolean {
  return availableParallelism() >= 2;
}

/** One reader thread per core, at most four: the main thread only lists files and waits. */
export function defaultReaderThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

type Reply = BatchResponse | StatResponse | { readonly id: number; readonly error: string };

/** A request as sent, without the id that pairs it with its reply. */
type Request = Omit<BatchRequest, 'id'> | Omit<StatRequest, 'id'>;

export class WorkerPythonReader implements BulkPythonReader {
  private workers: Worker[] | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  /** Batches out per worker: a worker is referenced while any is (a warm-up may overlap a read). */
  private readonly outstanding = new Map<Worker, number>();

  /**
   * @param script the bundle (or module) whose entry calls `runIndexWorkerIfAsked()`
   * @param threadCount worker threads (see `defaultReaderThreads`)
   */
  constructor(
    private readonly root: string,
    private readonly script: string,
    readonly threadCount = defaultReaderThreads(),
  ) {}

  get started(): boolean {
    return this.workers !== undefined;
  }

  /** Starts the workers and loads the parser in each, ahead of the first index. */
  async warmUp(): Promise<void> {
    await Promise.all(this.pool().map((worker) => this.readBatch(worker, [], 0)));
  }

  /**
   * The threads measure the files while the caller loads the cache; the caller joins in once it
   * is free. Only as many threads measure as there are other cores.
   */
  statAll(paths: readonly string[]): SharedStatting | undefined {
    if (this.workers === undefined) return undefined;
    const workers = this.workers.slice(0, Math.max(1, availableParallelism() - 1));
    const table = new SharedStatTable(paths.length);
    const statPaths = paths.join(STAT_PATH_SEPARATOR);
    // Settled at once: a thread that fails while the caller is busy is not an unhandled rejection.
    const threadsDone = Promise.all(workers.map((worker) => this.send<StatResponse>(worker, { root: this.root, statPaths, table: table.buffer }))).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    return {
      finish: async (statHere) => {
        if (statHere) table.measure(paths, statHere);
        const failed = await threadsDone;
        if (failed) throw failed;
        const stats = table.stats();
        if (!stats) throw new Error(`The reader threads did not measure all ${paths.length} files.`);
        return stats;
      },
    };
  }

  async readAndParse(paths: readonly string[], maxBytes: number, signal?: AbortSignal, clock?: PhaseClock): Promise<readonly BulkRead[]> {
    // Every batch takes every n-th path: the relevant files of a workspace sit together (in one
    // package), and contiguous batches would hand all the parsing to one thread.
    // A search leaves a few hundred files, nearly all to parse: smaller batches share them out evenly.
    const size = Math.max(1, Math.min(BATCH_SIZE, Math.ceil(paths.length / (this.threadCount * BATCHES_PER_THREAD))));
    const count = Math.ceil(paths.length / size);
    const batches: string[][] = Array.from({ length: count }, () => []);
    paths.forEach((path, index) => batches[index % count]?.push(path));
    const results: BulkRead[] = [];
    let next = 0;
    await Promise.all(
      this.pool().map(async (worker) => {
        while (next < batches.length) {
          signal?.throwIfAborted();
          const batch = batches[next++] ?? [];
          const reply = await this.readBatch(worker, batch, maxBytes);
          results.push(...(JSON.parse(reply.results) as BulkRead[]));
          clock?.addTimes(reply.times);
        }
      }),
    );
    return results;
  }

  /** Ends the workers (a long-lived host calls this; the CLI may simply exit). */
  async close(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = undefined;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private pool(): Worker[] {
    this.workers ??= Array.from({ length: this.threadCount }, () => {
      const worker = new Worker(this.script, { workerData: { role: INDEX_WORKER_ROLE } });
      worker.on('message', (reply: Reply) => {
        this.waiting.get(reply.id)?.resolve(reply);
        this.waiting.delete(reply.id);
      });
      // A thread that dies fails every batch still out: the index reports it, nothing hangs.
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', (code) => this.failAll(new Error(`A reader thread stopped (exit code ${code}).`)));
      worker.unref();
      return worker;
    });
    return this.workers;
  }

  private failAll(error: Error): void {
    for (const entry of this.waiting.values()) entry.reject(error);
    this.waiting.clear();
  }

  private readBatch(worker: Worker, paths: readonly string[], maxBytes: number): Promise<BatchResponse> {
    return this.send<BatchResponse>(worker, { root: this.root, paths, maxBytes });
  }

  /** `T` is the reply that answers this kind of request. */
  private async send<T extends BatchResponse | StatResponse>(worker: Worker, body: Request): Promise<T> {
    const id = this.nextId++;
    const request = { id, ...body };
    // Referenced while a batch is out, so the process waits for the answer.
    const out = this.outstanding.get(worker) ?? 0;
    this.outstanding.set(worker, out + 1);
    if (out === 0) worker.ref();
    try {
      const reply = await new Promise<Reply>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        worker.postMessage(request);
      });
      if ('error' in reply) throw new Error(`A reader thread failed: ${reply.error}`);
      return reply as T;
    } finally {
      const left = (this.outstanding.get(worker) ?? 1) - 1;
      this.outstanding.set(worker, left);
      if (left === 0) worker.unref();
    }
  }
}
