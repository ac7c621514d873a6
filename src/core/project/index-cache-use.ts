/**
 * How a build uses the per-file facts cache: which files it may take unread, which it must
 * read, and what it writes back. The cache's format and trust rules are in `index-cache.ts`.
 */
import type { FileEntry, FileSource, FileStat } from '../ports';
import type { BulkPythonReader, BulkStats } from './bulk-read';
import { FactsMap, type FactsOrStored } from './cached-facts';
import type { ProjectFacts } from './facts';
import { forEachConcurrently } from './for-each-concurrently';
import { type CachedFile, type DerivedEntry, entryStillHolds, type FactsCache, type LoadedCache } from './index-cache';

export interface HashedFacts {
  /** Parsed, or still the text the cache stored (parsed when read). */
  readonly facts: FactsOrStored;
  readonly hash: number;
}

/** What the cache says about a build's files. */
export interface CachePlan {
  /** Files to read: not in the cache, or not provably unchanged. */
  readonly toRead: string[];
  /** Facts of files read again: kept if their text hashes the same. */
  readonly candidates: Map<string, HashedFacts>;
  /** Files whose entries this build took or compared against. */
  readonly consulted: number;
}

/** Where a build keeps the facts it takes unread. */
export interface CacheTakers {
  /** Facts of files the prefilter passed, and their text hashes. */
  readonly parsed: FactsMap;
  readonly textHashes: Map<string, number>;
  /** Facts of files resolution parsed last time, for when it asks again. */
  readonly preparsed: Map<string, HashedFacts>;
}

/** Takes into `into` the facts of every file the cache still holds for; says what is left to read. */
export function planFromCache(
  paths: readonly string[],
  stats: ReadonlyMap<string, FileStat>,
  loaded: LoadedCache | undefined,
  maxFileBytes: number,
  into: CacheTakers,
): CachePlan {
  const plan: CachePlan = { toRead: [], candidates: new Map(), consulted: 0 };
  let consulted = 0;
  for (const path of paths) {
    const stat = stats.get(path);
    const entry = loaded?.files.get(path);
    // A file over this build's size limit is read for its note, whatever an older limit let in.
    if (!loaded || !stat || !entry || stat.size > maxFileBytes) {
      plan.toRead.push(path);
      continue;
    }
    consulted++;
    const hashed = entry.facts && entry.hash !== undefined ? { facts: entry.facts, hash: entry.hash } : undefined;
    if (entryStillHolds(entry, stat, loaded.savedAt)) {
      if (hashed && entry.kind === 'relevant') {
        into.parsed.set(path, hashed.facts);
        into.textHashes.set(path, hashed.hash);
      } else if (hashed) into.preparsed.set(path, hashed);
      continue;
    }
    if (hashed) plan.candidates.set(path, hashed);
    plan.toRead.push(path);
  }
  return { ...plan, consulted };
}

/** A host whose file sizes and times can be asked for without waiting (the Node file source). */
interface SyncStatSource extends FileSource {
  statNow(path: string): FileStat | undefined;
}

function hasSyncStat(source: FileSource): source is SyncStatSource {
  return typeof (source as Partial<SyncStatSource>).statNow === 'function';
}

const STAT_CONCURRENCY = 64;

/** One file's size and time, without a round trip through the thread pool where the host can. */
export function statFile(source: FileSource, path: string): Promise<FileStat | undefined> {
  return hasSyncStat(source) ? Promise.resolve(source.statNow(path)) : source.stat(path);
}

/** The files' sizes and times from a listing that measured every one; undefined when it did not. */
function statsFromListing(paths: readonly string[], listing: ReadonlyMap<string, FileEntry>): Map<string, FileStat> | undefined {
  const stats = new Map<string, FileStat>();
  for (const path of paths) {
    const entry = listing.get(path);
    if (entry?.mtimeMs === undefined) return undefined;
    stats.set(path, { size: entry.size, mtimeMs: entry.mtimeMs });
  }
  return stats;
}

/** Each file's size and time, measured on this thread (or through the host's thread pool). */
async function statHere(source: FileSource, paths: readonly string[]): Promise<Map<string, FileStat>> {
  const stats = new Map<string, FileStat>();
  if (hasSyncStat(source)) {
    for (const path of paths) {
      const stat = source.statNow(path);
      if (stat) stats.set(path, stat);
    }
    return stats;
  }
  await forEachConcurrently(paths, STAT_CONCURRENCY, undefined, async (path) => {
    const stat = await source.stat(path);
    if (stat) stats.set(path, stat);
  });
  return stats;
}

function statsByPath(paths: readonly string[], { sizes, mtimes }: BulkStats): Map<string, FileStat> {
  const stats = new Map<string, FileStat>();
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i];
    const size = sizes[i] ?? -1;
    if (path !== undefined && size >= 0) stats.set(path, { size, mtimeMs: mtimes[i] ?? 0 });
  }
  return stats;
}

export interface StatSources {
  readonly source: FileSource;
  /** The listing the paths come from: one that measured every file already knows their stats. */
  readonly listing: ReadonlyMap<string, FileEntry>;
  /** Reader threads that may measure the files meanwhile. */
  readonly threads: BulkPythonReader | undefined;
}

/**
 * The stored cache (none without `cache`), and each file's size and time now. Where reader threads
 * run they measure the files while this thread loads and checks the cache and parses its derived
 * facts, which a re-open that finds nothing changed takes; then this thread measures alongside
 * them what they have not reached. If they fail, the files are measured here.
 */
export async function loadAndStat(
  cache: FactsCache | undefined,
  paths: readonly string[],
  { source, listing, threads }: StatSources,
): Promise<{ loaded: LoadedCache | undefined; stats: Map<string, FileStat> }> {
  const listed = statsFromListing(paths, listing);
  const measuring = listed ? undefined : threads?.statAll?.(paths);
  const loaded = await cache?.load();
  if (measuring) loaded?.derived();
  const joining = hasSyncStat(source) ? (path: string) => source.statNow(path) : undefined;
  const measured = await measuring?.finish(joining).then((stats) => statsByPath(paths, stats), () => undefined);
  const stats = listed ?? measured ?? (await statHere(source, paths));
  return { loaded, stats };
}

export interface BuildOutcome {
  readonly pythonPaths: readonly string[];
  readonly stats: ReadonlyMap<string, FileStat>;
  readonly parsed: FactsMap;
  readonly textHashes: ReadonlyMap<string, number>;
  readonly preparsed: ReadonlyMap<string, HashedFacts>;
  readonly resolutionParsed: ReadonlySet<string>;
  /** Files with read notes (too large, unreadable): never cached. */
  readonly noted: ReadonlySet<string> | ReadonlyMap<string, unknown>;
}

/** The entries a build leaves for the next one. */
export function cacheEntriesOf(outcome: BuildOutcome): Map<string, CachedFile> {
  const files = new Map<string, CachedFile>();
  for (const path of outcome.pythonPaths) {
    const stat = outcome.stats.get(path);
    if (!stat || outcome.noted.has(path)) continue;
    const { size, mtimeMs } = stat;
    // As held: facts taken from the cache unread are written back as the same text.
    const facts = outcome.parsed.stored(path);
    const hash = outcome.textHashes.get(path);
    const kept = outcome.preparsed.get(path);
    if (facts && hash !== undefined) {
      files.set(path, { size, mtimeMs, kind: outcome.resolutionParsed.has(path) ? 'needed' : 'relevant', hash, facts });
    } else if (kept) files.set(path, { size, mtimeMs, kind: 'needed', hash: kept.hash, facts: kept.facts });
    else if (!facts) files.set(path, { size, mtimeMs, kind: 'irrelevant' });
  }
  return files;
}

export interface DerivedTarget {
  readonly pythonFileCount: number;
  /** The module layout of this build (`layoutSignature`). */
  readonly layout: string;
  readonly parsed: FactsMap;
  readonly textHashes: Map<string, number>;
  readonly preparsed: ReadonlyMap<string, HashedFacts>;
  readonly resolutionParsed: Set<string>;
  /** Told of a file whose stored facts turn out damaged once the build has handed them out. */
  readonly onDamaged: (path: string) => void;
}

/**
 * The project facts stored with the cache, when every file is as its entry says (the caller
 * read none), no entry stands for a file gone, and the module layout is the same: deriving
 * would give them again. The files that derivation parsed on request are taken as parsed so.
 */
export function takeDerivedFacts(loaded: LoadedCache, target: DerivedTarget): ProjectFacts | undefined {
  if (loaded.files.size !== target.pythonFileCount) return undefined;
  const derived = loaded.derived();
  if (!derived || derived.layout !== target.layout) return undefined;
  const { parsedFiles } = derived.facts;
  const requested = parsedFiles.filter((path) => !target.parsed.has(path));
  if (parsedFiles.length - requested.length !== target.parsed.size || !requested.every((path) => target.preparsed.has(path))) return undefined;
  for (const path of requested) {
    const kept = target.preparsed.get(path);
    if (!kept) continue;
    target.parsed.set(path, kept.facts);
    target.textHashes.set(path, kept.hash);
    target.resolutionParsed.add(path);
  }
  // Per-file facts stay unparsed until read; one found damaged then is dropped and read again.
  target.parsed.onDamaged = target.onDamaged;
  // In the order a derivation leaves them: the files read, then those resolution asked for.
  return { ...derived.facts, files: FactsMap.copyOf(target.parsed) };
}

/** The project facts to store beside the entries, under the layout they were derived with. */
export function derivedEntryOf(facts: ProjectFacts, layout: string): DerivedEntry {
  const { files: _files, ...derived } = facts;
  return { layout, facts: derived };
}
