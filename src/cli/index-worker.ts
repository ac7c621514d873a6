/**
 * The worker side of the parallel reader: reads, prefilters and parses a batch of Python
 * files and posts back the facts of the relevant ones.
 *
 * A worker runs the same bundle as the command line (there is only one file to ship), so each
 * entry point first asks `runIndexWorkerIfAsked()` and does nothing else when it says yes.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { PhaseClock, type PhaseTimes } from '../core/project/index-timings';
import { textHash } from '../core/project/index-cache';
import type { BulkRead } from '../core/project/project-index';
import { readPythonFile } from '../core/project/read-python';
import { parsePythonFile } from '../core/python/parse';
import { NodeFileSource } from '../core/project/node-file-source';
import { SharedStatTable } from './shared-stat-table';

export const INDEX_WORKER_ROLE = 'fastapi-engineer-index-reader';

export interface BatchRequest {
  readonly id: number;
  readonly root: string;
  readonly paths: readonly string[];
  readonly maxBytes: number;
}

/**
 * Sizes and times of files, measured into a table the asking thread shares (`SharedStatTable`);
 * the paths come as one string (joined by NUL, which no path holds): one copy between threads.
 */
export interface StatRequest {
  readonly id: number;
  readonly root: string;
  readonly statPaths: string;
  readonly table: SharedArrayBuffer;
}

/** The thread took its last run of files: what it measured is in the table. */
export interface StatResponse {
  readonly id: number;
}

export const STAT_PATH_SEPARATOR = '\0';

export interface BatchResponse {
  readonly id: number;
  /**
   * Relevant, too large or unreadable files (the irrelevant ones are left out), as one JSON
   * text: a string crosses between threads as one copy, where the facts' many small objects
   * would each be cloned, which costs both threads more than writing and reading the JSON.
   */
  readonly results: string;
  /** Time this batch spent reading, prefiltering and parsing. */
  readonly times: PhaseTimes;
}

/** One source per thread and root: it keeps its read buffer from batch to batch. */
let cachedSource: NodeFileSource | undefined;
let cachedRoot: string | undefined;

function sourceFor(root: string): NodeFileSource {
  if (!cachedSource || cachedRoot !== root) {
    cachedSource = new NodeFileSource(root);
    cachedRoot = root;
  }
  return cachedSource;
}

async function readBatch(request: BatchRequest): Promise<BatchResponse> {
  const source = sourceFor(request.root);
  const results: BulkRead[] = [];
  const clock = new PhaseClock();
  // An empty batch warms the thread up: the parser loads now rather than on the first file.
  if (request.paths.length === 0) await parsePythonFile('warm-up.py', 'pass\n');
  for (const path of request.paths) {
    const read = await readPythonFile(source, { path, size: 0 }, request.maxBytes, false, clock);
    if (read.kind === 'text') {
      const started = performance.now();
      results.push({ path, kind: 'facts', facts: await parsePythonFile(path, read.text), textHash: textHash(read.text) });
      clock.add('parse', started);
    } else if (read.kind !== 'irrelevant') results.push({ path, ...read });
  }
  return { id: request.id, results: JSON.stringify(results), times: clock.times };
}

function statBatch(request: StatRequest): StatResponse {
  const source = sourceFor(request.root);
  const paths = request.statPaths === '' ? [] : request.statPaths.split(STAT_PATH_SEPARATOR);
  new SharedStatTable(paths.length, request.table).measure(paths, (path) => source.statNow(path));
  return { id: request.id };
}

/** In a reader worker: serves batches and returns true. Anywhere else: returns false. */
export function runIndexWorkerIfAsked(): boolean {
  const role = (workerData as { role?: unknown } | null)?.role;
  if (isMainThread || role !== INDEX_WORKER_ROLE || !parentPort) return false;
  const port = parentPort;
  port.on('message', (request: BatchRequest | StatRequest) => {
    if ('statPaths' in request) {
      port.postMessage(statBatch(request));
      return;
    }
    void readBatch(request).then(
      (response) => port.postMessage(response),
      (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  return true;
}
