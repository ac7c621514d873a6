/** What a ProjectIndex is built with: where it reads, and the helpers that make large reads fast. */
import type { FileSource, Logger } from '../ports';
import type { BulkPythonReader } from './bulk-read';
import type { FactsCache } from './index-cache';
import type { TextSearch } from './text-search';

export interface ProjectIndexOptions {
  readonly root: string;
  readonly source: FileSource;
  readonly logger?: Logger;
  /** Larger files are skipped with a note. Default 1 MB. */
  readonly maxFileBytes?: number;
  /** Reads the files of a full build in parallel; without it they are read one by one here. */
  readonly bulkReader?: BulkPythonReader;
  /** Per-file facts kept from earlier runs: only files changed since are read. */
  readonly factsCache?: FactsCache;
  /** Below this many Python files the cache is not used (reading costs less). Default 500. */
  readonly cacheThreshold?: number;
  /**
   * A native search (ripgrep) that prefilters the files of a large first read, so only the files
   * it finds are read here; without one, or when it fails, every file is read and prefiltered here.
   */
  readonly textSearch?: TextSearch;
  /** Below this many files to read the search is not started (reading them costs less). Default 500. */
  readonly searchThreshold?: number;
  /** Below this many files to read the bulk reader is not used. Default 500. */
  readonly bulkReadThreshold?: number;
  /** Bulk reader threads not running yet start once a search has found this many files. Default 1,000. */
  readonly threadStartThreshold?: number;
}
