/**
 * Reads a workspace into ProjectFacts through the FileSource port, and keeps them current.
 *
 * Cheap before expensive: files are listed once, ignored ones dropped, each remaining `.py`
 * file read once and parsed only when its text mentions something FastAPI / SQLModel code
 * needs. A file the prefilter skipped is parsed when resolution leads into it (a mixin
 * module or an `__init__` that re-exports), before the first derivation where it can tell
 * (see `deriveUntilComplete`). `update` re-reads only the files named, then reruns the
 * cross-file derivation.
 */
import { parsePythonFile, parsePythonFileWith } from '../python/parse';
import { pythonParser } from '../python/parser-loader';
import type { PythonFileFacts } from '../python/facts';
import { type FileEntry, type FileSource, type Logger, silentLogger } from '../ports';
import type { BulkPythonReader, BulkRead } from './bulk-read';
import { DerivationCache, deriveFacts, keepEqualFacts } from './derive-facts';
import type { ProjectFacts, ProjectNote } from './facts';
import { DEFAULT_EXCLUDED_DIRS, ignoreRulesFromListing } from './ignore-rules';
import { type FirstRead, inListingOrder, readFirst } from './first-read';
import { forEachConcurrently } from './for-each-concurrently';
import { FactsMap } from './cached-facts';
import { BuildCache } from './build-cache';
import { type FactsCache, type LoadedCache, textHash } from './index-cache';
import { statFile } from './index-cache-use';
import type { ProjectIndexOptions } from './index-options';
import { PhaseClock, type PhaseTimes } from './index-timings';
import { ModuleTable } from './module-names';
import { PROJECT_MARKER, ProjectMarkers } from './project-markers';
import { deriveUntilComplete } from './resolution-rounds';
import { prepareFile, prepareListing } from './derive-ahead';
import { hasByteReads, readPythonFile, type UnavailableRead, unavailableNote } from './read-python';
import { SymbolResolver } from './symbols';
import type { TextSearch } from './text-search';

export type { BulkPythonReader, BulkRead } from './bulk-read';
export type { ProjectIndexOptions } from './index-options';

const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
const READ_CONCURRENCY = 64;
/** Below this many Python files, starting reader threads costs more than it saves. */
const BULK_READ_THRESHOLD = 500;
/**
 * Files a search finds before idle reader threads are started: on two cores, `context` on the
 * 10,000-file bench workspace (309 files found) took 0.64–0.71 s in a fresh process reading on
 * its main thread, and 0.73–0.85 s starting two threads (six runs of each, side by side).
 */
const THREAD_START_THRESHOLD = 1000;

export class ProjectIndex {
  private readonly root: string;
  private readonly source: FileSource;
  private readonly logger: Logger;
  private readonly maxFileBytes: number;
  private readonly bulkReader: BulkPythonReader | undefined;
  private readonly factsCache: FactsCache | undefined;
  private readonly cacheThreshold: number;
  private readonly textSearch: TextSearch | undefined;
  private readonly searchThreshold: number;
  private readonly threadStartThreshold: number;
  private readonly bulkReadThreshold: number;
  private ignoredByRules: (path: string) => boolean = () => false;
  /** Every indexed `.py` file by path (its size is read only when needed). */
  private readonly pythonEntries = new Map<string, FileEntry>();
  private readonly markers: ProjectMarkers;
  private readonly buildCache: BuildCache;
  /** Facts reader threads sent before the module table of the build was made: prepared once it is. */
  private takenBeforeModules: PythonFileFacts[] = [];
  private modulesReady = false;
  private readonly parsed = new FactsMap();
  private readonly readNotes = new Map<string, ProjectNote>();
  /** A hash of each parsed file's text, to notice a save that changed nothing. */
  private readonly textHashes = new Map<string, number>();
  /** Files resolution asked for that could not be parsed (too big, unreadable): not asked twice. */
  private readonly unavailable = new Set<string>();
  private modules = new ModuleTable([]);
  /** The indexed paths as one array, replaced only when files come or go (derivations memoise on it). */
  private pythonPaths: readonly string[] = [];
  private cache = new DerivationCache(new SymbolResolver(this.modules, this.parsed));
  private current: ProjectFacts | undefined;
  /** Builds and updates run one at a time, in call order: a watcher may report changes mid-build. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Time per phase of the build or update running now (or last run). */
  private clock = new PhaseClock();

  constructor(options: ProjectIndexOptions) {
    this.root = options.root;
    this.source = options.source;
    this.logger = options.logger ?? silentLogger;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.bulkReader = options.bulkReader;
    this.factsCache = options.factsCache;
    this.cacheThreshold = options.cacheThreshold ?? BULK_READ_THRESHOLD;
    this.textSearch = options.textSearch;
    this.searchThreshold = options.searchThreshold ?? BULK_READ_THRESHOLD;
    this.threadStartThreshold = options.threadStartThreshold ?? THREAD_START_THRESHOLD;
    this.bulkReadThreshold = options.bulkReadThreshold ?? BULK_READ_THRESHOLD;
    this.markers = new ProjectMarkers(this.source);
    this.buildCache = new BuildCache({
      factsCache: this.factsCache,
      source: this.source,
      logger: this.logger,
      maxFileBytes: this.maxFileBytes,
      parsed: this.parsed,
      textHashes: this.textHashes,
      onDamaged: (path) => this.cachedFactsDamaged(path),
    });
  }

  get facts(): ProjectFacts | undefined {
    return this.current;
  }

  /** Where the last build or update spent its time, in milliseconds per phase. */
  get lastPhaseTimes(): Readonly<PhaseTimes> {
    return this.clock.times;
  }

  /**
   * True when `path` is hidden by a `.gitignore` or a default exclude, by the rules the last
   * build read: callers that filter what leaves the workspace need not list it again.
   */
  isIgnored(path: string): boolean {
    return this.ignoredByRules(path);
  }

  build(signal?: AbortSignal): Promise<ProjectFacts> {
    return this.serialize(() => this.buildNow(signal));
  }

  /** Re-reads only these files (a missing one is deleted), then derives the facts again. */
  update(changedPaths: readonly string[]): Promise<ProjectFacts> {
    return this.serialize(() => (this.current ? this.updateNow(changedPaths) : this.buildNow()));
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A cached fact can be damaged below what the cache checks (deep inside a class or a route):
   * when a build that took facts from the cache fails, the files are all read again instead,
   * and the cache written afresh.
   */
  private async buildNow(signal?: AbortSignal): Promise<ProjectFacts> {
    try {
      return await this.buildFrom(signal, true);
    } catch (error) {
      // Half read: an update must not derive from what is left, it builds afresh.
      this.current = undefined;
      if (signal?.aborted || !this.buildCache.tookFacts) throw error;
      this.logger.warn(`Reading the project with cached facts failed, reading every file again: ${String(error)}`);
      return this.buildFrom(signal, false);
    }
  }

  private async buildFrom(signal: AbortSignal | undefined, trustCache: boolean): Promise<ProjectFacts> {
    const started = performance.now();
    this.clock = new PhaseClock();
    const entries = await this.source.listFiles(DEFAULT_EXCLUDED_DIRS, signal);
    signal?.throwIfAborted();
    this.ignoredByRules = await ignoreRulesFromListing(this.source, entries);
    this.pythonEntries.clear();
    this.markers.clear();
    this.parsed.clear();
    this.textHashes.clear();
    this.readNotes.clear();
    this.unavailable.clear();
    this.buildCache.clear();
    this.takenBeforeModules = [];
    this.modulesReady = false;
    this.clock.add('list', started);
    // The ignore rules cost more than the name checks: only files the index keeps are asked.
    for (const entry of entries) {
      const path = entry.path;
      if (path.endsWith('.py')) {
        if (!this.ignoredByRules(path)) this.pythonEntries.set(path, entry);
      } else if (PROJECT_MARKER.test(path) && !this.ignoredByRules(path)) this.markers.paths.add(path);
    }
    const caching = this.factsCache !== undefined && this.pythonEntries.size >= this.cacheThreshold;
    const threads = this.pythonEntries.size >= this.bulkReadThreshold ? this.bulkReader : undefined;
    const cached = caching ? await this.buildCache.take([...this.pythonEntries.keys()], { listing: this.pythonEntries, threads }, trustCache, this.clock) : undefined;
    const toRead = cached?.toRead ?? [...this.pythonEntries.keys()];
    // The search and the reader threads start on the files first: the module table is built meanwhile.
    const reading = this.readMany(toRead, signal);
    reading.catch(() => undefined); // it rejects on abort while the markers are read: awaited below
    await this.markers.readAll();
    this.rebuildModules();
    this.prepareWhileReading();
    const paths = this.pythonPaths;
    const leftToRead = await reading;
    if (leftToRead.length > 0) {
      await forEachConcurrently(leftToRead, READ_CONCURRENCY, signal, (path) => this.readAndParse(path, false));
    }
    this.buildCache.dropCandidates();
    if (this.markers.decideSrcFromImports(this.modules, this.parsed.values())) this.rebuildModules();
    const reused = cached?.loaded && toRead.length === 0 ? this.derivedFromCache(cached.loaded) : undefined;
    const facts = reused ?? (await this.resolveAndDerive(signal, true));
    // Stored project facts taken means nothing was read: the cache already holds all this build knows.
    if (caching && reused === undefined) await this.saveCache();
    this.logger.debug(
      `Indexed ${paths.length} Python files (${this.parsed.size} parsed) in ${(performance.now() - started).toFixed(0)} ms.`,
    );
    return facts;
  }

  private async updateNow(changedPaths: readonly string[]): Promise<ProjectFacts> {
    this.clock = new PhaseClock();
    if (changedPaths.some((path) => path === '.gitignore' || path.endsWith('/.gitignore'))) return this.buildNow();
    let layoutChanged = false;
    const toRead: string[] = [];
    const before = new Map<string, { facts: PythonFileFacts | undefined; note: string | undefined }>();
    for (const path of new Set(changedPaths)) {
      before.set(path, { facts: this.parsed.get(path), note: this.readNotes.get(path)?.message });
      if (PROJECT_MARKER.test(path)) {
        await this.markers.changed(path, (await this.source.stat(path)) !== undefined);
        layoutChanged = true;
        continue;
      }
      if (!path.endsWith('.py') || this.ignoredByRules(path)) continue;
      const stat = await statFile(this.source, path);
      this.readNotes.delete(path);
      this.unavailable.delete(path);
      this.buildCache.forget(path);
      if (!stat) {
        layoutChanged ||= this.pythonEntries.delete(path);
        this.parsed.delete(path);
        this.textHashes.delete(path);
        this.buildCache.resolutionParsed.delete(path);
        continue;
      }
      if (!this.pythonEntries.has(path)) layoutChanged = true;
      this.pythonEntries.set(path, { path, size: stat.size });
      toRead.push(path);
    }
    // A checkout or a generator can report thousands of files at once: read as many at a time as a build does.
    await forEachConcurrently(toRead, READ_CONCURRENCY, undefined, (path) => this.readAndParse(path, this.parsed.has(path)));
    keepEqualFacts(this.parsed, before);
    // Editors report saves that change nothing: such files keep their facts, and when no file
    // changed at all the facts stand as they are.
    const changed = [...before].filter(
      ([path, old]) => this.parsed.get(path) !== old.facts || this.readNotes.get(path)?.message !== old.note,
    );
    if (layoutChanged) this.rebuildModules();
    else if (changed.length === 0 && this.current) return this.current;
    else this.cache.resolver.invalidate(changed.map(([path]) => path));
    return this.resolveAndDerive(undefined, false);
  }

  private firstRead(signal: AbortSignal | undefined): FirstRead {
    const readsAtOnce = hasByteReads(this.source) ? 1 : READ_CONCURRENCY;
    return { root: this.root, maxFileBytes: this.maxFileBytes, logger: this.logger, clock: this.clock, signal, readsAtOnce, startThreadsAfter: this.threadStartThreshold };
  }

  /**
   * A large read goes through the native search and the reader threads (see `readFirst`), its
   * facts kept in the listing's order; returns the files still to read here: all of them for a
   * small read or one without either helper.
   */
  private async readMany(paths: readonly string[], signal: AbortSignal | undefined): Promise<readonly string[]> {
    const threads = paths.length >= this.bulkReadThreshold ? this.bulkReader : undefined;
    const search = paths.length >= this.searchThreshold ? this.textSearch : undefined;
    if (!threads && !search) return paths;
    await readFirst(this.firstRead(signal), paths, { search, threads }, {
      readHere: (path) => this.readAndParse(path, false),
      take: (reads) => this.takeBulk(reads),
    });
    inListingOrder(this.parsed, paths);
    return [];
  }

  private takeBulk(reads: readonly BulkRead[]): void {
    for (const read of reads) {
      if (read.kind === 'facts') {
        this.parsed.set(read.path, read.facts);
        this.textHashes.set(read.path, read.textHash);
        if (this.modulesReady) prepareFile(read.facts, this.modules, this.cache.resolver);
        else this.takenBeforeModules.push(read.facts);
      } else this.noteUnavailable(read.path, read);
    }
  }

  private derivedFromCache(loaded: LoadedCache): ProjectFacts | undefined {
    const facts = this.buildCache.derived(loaded, this.pythonEntries.size, this.markers.signature(this.maxFileBytes), this.clock);
    if (facts) this.current = facts;
    return facts;
  }

  /** Facts taken from the cache unparsed were found damaged after the build: the cache is dropped, the file read again. */
  private cachedFactsDamaged(path: string): void {
    this.logger.warn(`The cached facts of ${path} are damaged: reading the file again, and dropping the facts cache.`);
    this.factsCache?.discard().catch(() => undefined);
    this.update([path]).catch((error: unknown) => this.logger.warn(`Reading ${path} again failed: ${String(error)}`));
  }

  private saveCache(): Promise<void> {
    const result = { pythonPaths: this.pythonPaths, readNotes: this.readNotes, layout: this.markers.signature(this.maxFileBytes), facts: this.current };
    return this.buildCache.save(result, this.clock);
  }

  /** While the threads parse, this thread works out what of the derivation needs no other file. */
  private prepareWhileReading(): void {
    prepareListing(this.modules, this.pythonPaths);
    this.modulesReady = true;
    for (const facts of this.takenBeforeModules) prepareFile(facts, this.modules, this.cache.resolver);
    this.takenBeforeModules = [];
  }

  private rebuildModules(): void {
    this.pythonPaths = [...this.pythonEntries.keys()];
    this.modules = this.markers.moduleTable(this.pythonPaths);
    this.cache = new DerivationCache(new SymbolResolver(this.modules, this.parsed));
  }

  /** Reads one file; parses it when relevant (or `force`d: needed by resolution, or parsed before). */
  private async readAndParse(path: string, force: boolean): Promise<void> {
    const entry = this.pythonEntries.get(path) ?? { path, size: 0 };
    const read = await readPythonFile(this.source, entry, this.maxFileBytes, force, this.clock);
    if (read.kind === 'text') {
      const hashing = performance.now();
      const hash = textHash(read.text);
      this.clock.add('parse', hashing);
      if (this.parsed.has(path) && this.textHashes.get(path) === hash) return;
      this.parsed.set(path, this.buildCache.knownFacts(path, hash) ?? (await this.parseTimed(path, read.text)));
      this.textHashes.set(path, hash);
      return;
    }
    this.parsed.delete(path);
    this.textHashes.delete(path);
    if (read.kind !== 'irrelevant') this.noteUnavailable(path, read);
  }

  /** Parses with nothing awaited while the clock runs: other reads are in flight meanwhile. */
  private async parseTimed(path: string, text: string): Promise<PythonFileFacts> {
    const parser = await pythonParser().catch(() => undefined);
    if (!parser) return parsePythonFile(path, text); // facts that say why the parser could not load
    const started = performance.now();
    const facts = parsePythonFileWith(parser, path, text);
    this.clock.add('parse', started);
    return facts;
  }

  private noteUnavailable(path: string, read: UnavailableRead): void {
    this.unavailable.add(path);
    this.readNotes.set(path, unavailableNote(path, read, this.maxFileBytes));
  }

  /** Derives facts, parsing on demand the files resolution leads into (see `deriveUntilComplete`). */
  private async resolveAndDerive(signal: AbortSignal | undefined, lookAhead: boolean): Promise<ProjectFacts> {
    const facts = await deriveUntilComplete(
      {
        files: this.parsed,
        modules: this.modules,
        resolver: this.cache.resolver,
        unavailable: this.unavailable,
        clock: this.clock,
        logger: this.logger,
        signal,
        parse: (paths) => forEachConcurrently(paths, READ_CONCURRENCY, signal, (path) => this.parseForResolution(path)),
        derive: (classGraph) =>
          deriveFacts({
            root: this.root,
            pythonPaths: this.pythonPaths,
            modules: this.modules,
            files: this.parsed,
            readNotes: [...this.readNotes.values()],
            cache: this.cache,
            clock: this.clock,
            classGraph,
          }),
      },
      lookAhead,
    );
    this.current = facts;
    return facts;
  }

  /** Parses a file resolution asked for: from the cache's facts of skipped files when it holds them. */
  private async parseForResolution(path: string): Promise<void> {
    const kept = this.buildCache.preparsed.get(path);
    if (kept) {
      this.parsed.set(path, kept.facts);
      this.textHashes.set(path, kept.hash);
    } else await this.readAndParse(path, true);
    if (this.parsed.has(path)) this.buildCache.resolutionParsed.add(path);
    else this.unavailable.add(path);
  }
}
