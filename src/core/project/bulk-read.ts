/** Reading many files at once (on reader threads, in the CLI): what the index asks for and gets. */
import type { PythonFileFacts } from '../python/facts';
import type { FileStat } from '../ports';
import type { PhaseClock } from './index-timings';

/** A file read in bulk: its facts, or why it was not parsed (irrelevant files are left out). */
export type BulkRead =
  | { readonly path: string; readonly kind: 'facts'; readonly facts: PythonFileFacts; readonly textHash: number }
  | { readonly path: string; readonly kind: 'too-large'; readonly size: number }
  | { readonly path: string; readonly kind: 'unreadable'; readonly reason: string };

/**
 * Sizes and times of many files, at the position of each file in the paths asked about; a file
 * that is missing or not a regular file has the size -1. Typed arrays cross between threads
 * without a copy per file.
 */
export interface BulkStats {
  readonly sizes: Float64Array;
  readonly mtimes: Float64Array;
}

/** Files being measured on the threads, which the caller may join once it is free. */
export interface SharedStatting {
  /**
   * Measures with `statHere` (on the caller's thread) the files no thread has taken yet, then
   * waits for the threads; rejects when a thread failed, and the files are to be measured again.
   */
  finish(statHere?: (path: string) => FileStat | undefined): Promise<BulkStats>;
}

/** Reads, prefilters and parses many files at once, typically on several threads. */
export interface BulkPythonReader {
  /** `clock`, when given, receives the time each phase took on the threads (summed). */
  readAndParse(paths: readonly string[], maxBytes: number, signal?: AbortSignal, clock?: PhaseClock): Promise<readonly BulkRead[]>;
  /** Gets the threads ready (started, parser loaded) ahead of the first files. */
  warmUp?(): Promise<void>;
  /**
   * False while no thread runs: a first read that a search keeps small then starts none (see
   * `FirstRead.startThreadsAfter`). Without it the threads count as running.
   */
  readonly started?: boolean;
  /**
   * Measures the files on the threads while the caller does other work; undefined when the
   * threads are not running, as starting them costs more than measuring on the caller's thread.
   */
  statAll?(paths: readonly string[]): SharedStatting | undefined;
}
