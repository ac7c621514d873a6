/**
 * One build's dealings with the facts cache: what it took unread, the facts it may take if
 * resolution or a re-read asks, the stored project facts when nothing changed, and what it
 * writes back. The index owns the maps of parsed facts; this keeps the rest of the cache's state.
 */
import type { FileSource, FileStat, Logger } from '../ports';
import type { FactsMap } from './cached-facts';
import type { ProjectFacts, ProjectNote } from './facts';
import type { FactsCache, LoadedCache } from './index-cache';
import { cacheEntriesOf, derivedEntryOf, type HashedFacts, loadAndStat, planFromCache, type StatSources, takeDerivedFacts } from './index-cache-use';
import type { PhaseClock } from './index-timings';

export interface BuildCacheHost {
  readonly factsCache: FactsCache | undefined;
  readonly source: FileSource;
  readonly logger: Logger;
  readonly maxFileBytes: number;
  readonly parsed: FactsMap;
  readonly textHashes: Map<string, number>;
  /** Told of a file whose cached facts turn out damaged once the build handed them out. */
  readonly onDamaged: (path: string) => void;
}

/** What a build wrote down for the next: its files, their facts and notes, the layout and the facts derived. */
export interface BuildResult {
  readonly pythonPaths: readonly string[];
  readonly readNotes: ReadonlyMap<string, ProjectNote>;
  readonly layout: string;
  readonly facts: ProjectFacts | undefined;
}

export class BuildCache {
  /** Each file's size and time, taken before it was read in this build (only when caching). */
  private fileStats = new Map<string, FileStat>();
  /** Cached facts of files the prefilter leaves out, for when resolution asks for them. */
  readonly preparsed = new Map<string, HashedFacts>();
  /** Cached facts of files read again (touched, or changed close to the cache's writing): kept if the text hashes the same. */
  private candidates = new Map<string, HashedFacts>();
  /** Files parsed because resolution asked for them, not because the prefilter passed them. */
  readonly resolutionParsed = new Set<string>();
  /** Files whose cached facts this build took (or compared against). */
  private cachedCount = 0;

  constructor(private readonly host: BuildCacheHost) {}

  /** True when the build took facts from the cache: a failure may come from damage there. */
  get tookFacts(): boolean {
    return this.cachedCount > 0;
  }

  /** Forgets the last build. */
  clear(): void {
    this.preparsed.clear();
    this.candidates.clear();
    this.resolutionParsed.clear();
    this.cachedCount = 0;
    this.fileStats = new Map();
  }

  /** The facts the cache held for a file read again, when its text hashes the same. */
  knownFacts(path: string, hash: number): HashedFacts['facts'] | undefined {
    const known = this.candidates.get(path);
    return known?.hash === hash ? known.facts : undefined;
  }

  /** Once the first read is done, facts of re-read files are no longer wanted. */
  dropCandidates(): void {
    this.candidates.clear();
  }

  /** A file changed or went away: its cached facts are not to be taken. */
  forget(path: string): void {
    this.preparsed.delete(path);
  }

  /**
   * Takes the facts of every file the cache still holds for, and says which files are left to
   * read. Sizes and times are taken before any file is read, so a file that changes while it is
   * read is stored with the older time and read again next time.
   */
  async take(
    paths: readonly string[],
    { listing, threads }: Omit<StatSources, 'source'>,
    trust: boolean,
    clock: PhaseClock,
  ): Promise<{ loaded: LoadedCache | undefined; toRead: string[] }> {
    const { host } = this;
    const started = performance.now();
    const { loaded, stats } = await loadAndStat(trust ? host.factsCache : undefined, paths, { source: host.source, listing, threads });
    this.fileStats = stats;
    const plan = planFromCache(paths, this.fileStats, loaded, host.maxFileBytes, { parsed: host.parsed, textHashes: host.textHashes, preparsed: this.preparsed });
    this.candidates = plan.candidates;
    this.cachedCount = plan.consulted;
    clock.add('cache', started);
    if (loaded) host.logger.debug(`Facts cache: ${paths.length - plan.toRead.length} of ${paths.length} files unchanged.`);
    return { loaded, toRead: plan.toRead };
  }

  /** The stored project facts, when nothing they were derived from changed. */
  derived(loaded: LoadedCache, pythonFileCount: number, layout: string, clock: PhaseClock): ProjectFacts | undefined {
    const started = performance.now();
    const { host } = this;
    const facts = takeDerivedFacts(loaded, {
      pythonFileCount,
      layout,
      parsed: host.parsed,
      textHashes: host.textHashes,
      preparsed: this.preparsed,
      resolutionParsed: this.resolutionParsed,
      onDamaged: host.onDamaged,
    });
    clock.add('cache', started);
    return facts;
  }

  /** Writes what this build learnt. */
  async save(result: BuildResult, clock: PhaseClock): Promise<void> {
    const started = performance.now();
    const { host } = this;
    const files = cacheEntriesOf({
      pythonPaths: result.pythonPaths,
      stats: this.fileStats,
      parsed: host.parsed,
      textHashes: host.textHashes,
      preparsed: this.preparsed,
      resolutionParsed: this.resolutionParsed,
      noted: result.readNotes,
    });
    try {
      await host.factsCache?.save(files, Date.now(), result.facts && derivedEntryOf(result.facts, result.layout));
    } catch (error) {
      host.logger.warn(`The facts cache could not be written: ${String(error)}`);
    }
    clock.add('cache', started);
  }
}
