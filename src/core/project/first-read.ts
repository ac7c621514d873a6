/**
 * The two ways a large first read is taken off the main thread: a native search that says which
 * files to read at all, and reader threads that read and parse them. Either may fail; the index
 * then reads here, as it does for small projects.
 */
import type { Logger } from '../ports';
import type { BulkPythonReader, BulkRead } from './bulk-read';
import { DEFAULT_EXCLUDED_DIRS } from './ignore-rules';
import type { PhaseClock } from './index-timings';
import { RELEVANT_WORDS } from './read-python';
import { filesLeftToRead, type TextSearch } from './text-search';

export interface FirstRead {
  readonly root: string;
  readonly maxFileBytes: number;
  readonly logger: Logger;
  readonly clock: PhaseClock;
  readonly signal: AbortSignal | undefined;
}

/** The files the native search leaves to read (see `filesLeftToRead`); all of them without it. */
export async function searchedFiles(search: TextSearch | undefined, read: FirstRead, paths: readonly string[]): Promise<readonly string[]> {
  if (!search) return paths;
  const started = performance.now();
  const query = { words: RELEVANT_WORDS, extension: '.py', excludedDirs: DEFAULT_EXCLUDED_DIRS, maxFileBytes: read.maxFileBytes };
  const left = await filesLeftToRead(search, read.root, paths, query, read.signal);
  read.signal?.throwIfAborted();
  read.clock.add('prefilter', started);
  if (left === undefined) read.logger.debug('The native text search gave no complete answer: every Python file is read and prefiltered here.');
  return left ?? paths;
}

/** What the reader threads read; undefined when they failed and the files are to be read here. */
export async function readOnThreads(reader: BulkPythonReader, read: FirstRead, paths: readonly string[]): Promise<readonly BulkRead[] | undefined> {
  try {
    return await reader.readAndParse(paths, read.maxFileBytes, read.signal, read.clock);
  } catch (error) {
    read.signal?.throwIfAborted();
    read.logger.warn(`Reading on worker threads failed, reading here instead: ${String(error)}`);
    return undefined;
  }
}
