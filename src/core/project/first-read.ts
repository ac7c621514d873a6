/**
 * The first read of a large workspace, as close to one native search as it can get: the search
 * (ripgrep) says which files to read at all, and each file it reports found is read and parsed
 * at once, here or on reader threads, while it goes on searching the rest on its own core.
 * When its answer comes, the files it did not look at are read too. Either helper may fail;
 * every file not read yet is then read here, as for small projects, and none twice.
 */
import type { Logger } from '../ports';
import type { BulkPythonReader, BulkRead } from './bulk-read';
import { DEFAULT_EXCLUDED_DIRS } from './ignore-rules';
import type { PhaseClock } from './index-timings';
import { isEntryModule, RELEVANT_WORDS } from './read-python';
import { isLeftToRead, type TextSearch, type TextSearchAnswer } from './text-search';

export interface FirstRead {
  readonly root: string;
  readonly maxFileBytes: number;
  readonly logger: Logger;
  readonly clock: PhaseClock;
  readonly signal: AbortSignal | undefined;
  /**
   * Reads here in flight at once: 1 for a source that reads synchronously (each read is a parse
   * that gives way to the search's output after it), more for one whose reads wait on another
   * process (the editor's file service), which would otherwise take one round trip per file.
   */
  readonly readsAtOnce: number;
  /**
   * Threads not running yet are started once a search has found this many files: starting them
   * (a bundle and the parser loaded on each) costs more than parsing fewer here, most of all in a
   * command that reads once and exits. Without a search every file is to read, and they start at once.
   */
  readonly startThreadsAfter: number;
}

/** Where the files of a first read go. */
export interface FirstReadTarget {
  /** Reads, prefilters and parses one file on this thread, timing each phase on the clock. */
  readHere(path: string): Promise<void>;
  /** Takes what reader threads read. */
  take(reads: readonly BulkRead[]): void;
}

export interface FirstReadHelpers {
  /** Prefilters the files; without it every file is read and prefiltered by whoever reads it. */
  readonly search: TextSearch | undefined;
  /** Reads and parses files on other threads; without it, or when it fails, they are read here. */
  readonly threads: BulkPythonReader | undefined;
}

/** Reads `paths` with the helpers given; rejects when `read.signal` aborts. */
export async function readFirst(read: FirstRead, paths: readonly string[], helpers: FirstReadHelpers, target: FirstReadTarget): Promise<void> {
  const run = new FirstReadRun(read, paths, helpers.threads, target, helpers.search !== undefined);
  if (helpers.search) {
    const started = performance.now();
    const query = { words: RELEVANT_WORDS, extension: '.py', excludedDirs: DEFAULT_EXCLUDED_DIRS, maxFileBytes: read.maxFileBytes };
    const answer = await helpers.search.search(read.root, query, read.signal, (path) => run.hand(path));
    // Added at the end, as the search's wall time: it overlaps the reads and parses it hands files to.
    run.searchTime = performance.now() - started;
    run.searching = false;
    if (answer === undefined && read.signal?.aborted !== true) {
      read.logger.debug('The native text search gave no complete answer: every Python file not read yet is read and prefiltered here.');
    }
    run.handRest(answer);
  } else run.handRest(undefined);
  await run.finished();
}

/** Moves `paths` that `map` holds to its end, in the order of `paths` (the listing's order). */
export function inListingOrder<V>(map: Map<string, V>, paths: readonly string[]): void {
  for (const path of paths) {
    const value = map.get(path);
    if (value === undefined) continue;
    map.delete(path);
    map.set(path, value);
  }
}

/** Lets pending I/O (the search's output) through between two parses. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** One first read: which files are still to hand out, and who reads what. */
class FirstReadRun {
  /** Wall time of the search, for the prefilter phase. */
  searchTime = 0;
  /** While the search runs, reads here give way between files so that its output keeps flowing. */
  searching = true;
  /** Files not handed to a reader yet: each file is handed out once. */
  private readonly unhanded: Set<string>;
  private readonly hereQueue: string[] = [];
  /** How many of `hereQueue` were taken by a read (an index, so a long queue is not shifted file by file). */
  private queued = 0;
  /** Readers here taking files from the queue now. */
  private readers = 0;
  /** Every piece of reading started (drains here, calls to the threads), to wait for them all. */
  private readonly work: Promise<void>[] = [];
  /** The first error of a read here that was not an abort. */
  private failure: Error | undefined;
  /** Found files waiting to go to the threads together (all those of one piece of output). */
  private forThreads: string[] = [];
  private threadsFailed = false;
  /** Threads asked to start (see `startThreads`), and ready to take files. */
  private threadsStarting = false;
  private threadsReady = false;
  /** Files the search found while the threads were not ready. */
  private foundBeforeThreads = 0;

  constructor(
    private readonly read: FirstRead,
    paths: readonly string[],
    private readonly threads: BulkPythonReader | undefined,
    private readonly target: FirstReadTarget,
    searching: boolean,
  ) {
    this.unhanded = new Set(paths);
    // Running threads (or any without a search) get ready while the search runs; idle ones wait for enough files.
    if (!searching || threads?.started !== false) this.startThreads(true);
  }

  /** A file the search found: read now, unless it is not one to read (ignored, not listed) or already handed out. */
  hand(path: string): void {
    if (!this.unhanded.delete(path) || this.read.signal?.aborted === true) return;
    if (!this.threads || this.threadsFailed || !this.threadsReady) {
      if (this.threads && !this.threadsFailed && ++this.foundBeforeThreads >= this.read.startThreadsAfter) this.startThreads(false);
      this.readHere([path]);
      return;
    }
    this.forThreads.push(path);
    if (this.forThreads.length === 1) setImmediate(() => this.sendToThreads());
  }

  /** After the search: what is left to read is every file it found or did not look at, or all files without an answer. */
  handRest(answer: TextSearchAnswer | undefined): void {
    if (this.read.signal?.aborted === true) return;
    // Entry modules are parsed whatever the search found in them (see isEntryModule).
    const rest = [...this.unhanded].filter((path) => isLeftToRead(answer, path) || isEntryModule(path));
    this.unhanded.clear();
    if (rest.length === 0) return;
    // Many files left (the search failed) are worth starting idle threads for.
    if (this.threads && !this.threadsFailed && (this.threadsReady || rest.length >= this.read.startThreadsAfter)) {
      this.startThreads(true);
      this.forThreads.push(...rest);
      this.sendToThreads();
    } else this.readHere(rest);
  }

  /**
   * Starts the threads (parser loaded). Files go to them once they are ready, or at once with
   * `readyNow` (they wait in the threads' queue); until then they are read here.
   */
  private startThreads(readyNow: boolean): void {
    const threads = this.threads;
    if (!threads) return;
    if (readyNow) this.threadsReady = true;
    if (this.threadsStarting) return;
    this.threadsStarting = true;
    const warming = threads.warmUp?.();
    if (!warming) {
      this.threadsReady = true;
      return;
    }
    // A thread that cannot start fails the first batch sent to it too: its files are then read here.
    warming.then(
      () => (this.threadsReady = true),
      () => undefined,
    );
  }

  /** Resolves once every file handed out is read; rejects on abort, after the reads in flight stopped. */
  async finished(): Promise<void> {
    // A failed call to the threads hands its files to a new drain: wait until nothing new started.
    for (let waited = 0; waited < this.work.length; ) {
      const now = this.work.length;
      await Promise.allSettled(this.work.slice(waited));
      waited = now;
    }
    this.read.signal?.throwIfAborted();
    if (this.failure !== undefined) throw this.failure;
    this.read.clock.times.prefilter += this.searchTime;
  }

  private sendToThreads(): void {
    const paths = this.forThreads;
    this.forThreads = [];
    if (paths.length === 0 || !this.threads) return;
    if (this.threadsFailed) {
      this.readHere(paths);
      return;
    }
    const threads = this.threads;
    this.work.push(
      (async () => {
        try {
          this.target.take(await threads.readAndParse(paths, this.read.maxFileBytes, this.read.signal, this.read.clock));
        } catch (error) {
          if (this.read.signal?.aborted === true) throw error;
          if (!this.threadsFailed) this.read.logger.warn(`Reading on worker threads failed, reading here instead: ${String(error)}`);
          this.threadsFailed = true;
          this.readHere(paths);
        }
      })(),
    );
  }

  /** Queues files to read here, starting readers up to `readsAtOnce` while files wait. */
  private readHere(paths: readonly string[]): void {
    for (const path of paths) this.hereQueue.push(path);
    while (this.readers < Math.max(1, this.read.readsAtOnce) && this.queued + this.readers < this.hereQueue.length) {
      this.readers++;
      this.work.push(this.readQueued());
    }
  }

  /** One reader: takes queued files until none is left, giving way to the search's output after each file while it runs. */
  private async readQueued(): Promise<void> {
    const { signal } = this.read;
    try {
      for (let path = this.hereQueue[this.queued]; path !== undefined; path = this.hereQueue[this.queued]) {
        this.queued++;
        signal?.throwIfAborted();
        await this.target.readHere(path);
        if (this.searching) await nextTurn();
      }
    } catch (error) {
      this.queued = this.hereQueue.length; // the other readers stop after the file in hand
      if (signal?.aborted !== true) this.failure ??= error instanceof Error ? error : new Error(String(error));
    } finally {
      this.readers--;
    }
  }
}
