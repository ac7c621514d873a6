/**
 * The persistent per-file facts cache: what the index learnt about each Python file last time,
 * so re-opening a large workspace reads only the files that changed since.
 *
 * An entry is keyed by the file's path, size and modification time, and holds the hash of the
 * text it was read from. It is trusted without reading only when size and time match and the
 * file was last modified well before the cache was written (a file changed within the same
 * clock tick as the write could keep its size and time: such "racy" entries are read again and
 * their hash compared). Anything that does not look exactly like what this release writes (another
 * format, another release, another root, broken JSON, a checksum that does not match, an entry
 * of the wrong shape) is ignored,
 * never trusted: the index then reads those files as if there were no cache.
 *
 * Stored as three lines: a small header (format, release, root, the other two lines' checksums),
 * the entries, the derived facts. JSON text never holds a raw line break, so each line is parsed
 * once, and only the header is read before the checksums say the rest is whole.
 *
 * Beside the entries it keeps the project facts derived from exactly those entries, under one
 * module layout: a re-open that finds every entry unchanged and the same layout takes them
 * without deriving again. They are tied to the entries' checksum, so entries written another
 * way never stand with them; derived facts that do not fit are ignored and derived afresh.
 */
import { createHash } from 'node:crypto';
import type { PythonFileFacts } from '../python/facts';
import type { ProjectFacts } from './facts';
import { emptyCollector } from '../python/module-walk';

/**
 * Bump when the meaning of a per-file or derived fact changes without its shape changing
 * (2: derived project facts kept; 3: test modules using httpx's AsyncClient are read; 4: three lines).
 */
export const INDEX_CACHE_FORMAT = 4;
const FORMAT_NAME = 'fastapi-backend-engineer/index-facts';
/** Files modified this close to the cache's writing are checked by hash (coarse clocks, racing saves). */
const RACY_WINDOW_MS = 2000;

/** Where the cache lives: a file under the CLI's cache folder, the extension's storage. */
export interface FactsCacheStore {
  /** The stored text, or undefined when there is none or it cannot be read. */
  load(): Promise<string | undefined>;
  /** Replaces the stored text (atomically where the host can). */
  save(text: string): Promise<void>;
}

/**
 * - `relevant`: the prefilter passed it; its facts are part of every build.
 * - `needed`: the prefilter left it out, resolution parsed it; facts kept for when it is asked for.
 * - `irrelevant`: neither; no facts.
 */
export type CachedKind = 'relevant' | 'needed' | 'irrelevant';

export interface CachedFile {
  readonly size: number;
  readonly mtimeMs: number;
  readonly kind: CachedKind;
  /** Hash of the text the facts were read from (see `textHash`); absent for irrelevant files. */
  readonly hash?: number;
  readonly facts?: PythonFileFacts;
}

/** Project facts without the per-file facts (those are the entries). */
export type StoredProjectFacts = Omit<ProjectFacts, 'files'>;

/** Project facts derived from the entries stored with them, and the module layout they were derived under. */
export interface DerivedEntry {
  readonly layout: string;
  readonly facts: StoredProjectFacts;
}

export interface LoadedCache {
  readonly files: ReadonlyMap<string, CachedFile>;
  /** When the cache was written (ms since the epoch). */
  readonly savedAt: number;
  /** The derived facts stored with these entries, read when asked for; undefined when none fit. */
  derived(): DerivedEntry | undefined;
}

/** FNV-1a over the UTF-16 code units, with the length: enough to tell an unchanged file. */
export function textHash(text: string): number {
  let hash = 0x811c9dc5 ^ text.length;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The keys and kinds of value every PythonFileFacts has: a cached one must have the same. */
const FACT_SHAPE: readonly (readonly [string, string])[] = [
  ...Object.keys(emptyCollector()).map((key) => [key, 'array'] as const),
  ['includes', 'array'],
  ['path', 'string'],
  ['hasSyntaxErrors', 'boolean'],
];
const SHAPE_SIGNATURE = FACT_SHAPE.map(([key, kind]) => `${key}:${kind}`)
  .sort()
  .join(',');

function kindOfValue(value: unknown): string {
  return Array.isArray(value) ? 'array' : typeof value;
}

function looksLikeFacts(value: unknown, path: string): value is PythonFileFacts {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.path === path && FACT_SHAPE.every(([key, kind]) => kindOfValue(record[key]) === kind);
}

type StoredEntry = [size: number, mtimeMs: number, kind: CachedKind, hash: number | null, facts: unknown];

/** The first line of the stored text; the entries and the derived facts are the next two. */
interface StoredHeader {
  readonly format: string;
  readonly version: number;
  readonly release: string;
  readonly shape: string;
  readonly root: string;
  readonly savedAt: number;
  /** `checksumOf` the entries line (`Record<path, StoredEntry>`): damage on disk shows. */
  readonly checksum: string;
  /** `checksumOf` the derived line (a `DerivedEntry`), and the entries' checksum it was derived with. */
  readonly derivedChecksum?: string;
  readonly derivedFor?: string;
}

/** A digest of a stored line: native, so checking the whole cache costs little beside reading it. */
export function checksumOf(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** The header, entries and derived lines of a stored text; undefined when it is not three lines. */
export function storedLines(text: string): { header: string; files: string; derived: string } | undefined {
  const first = text.indexOf('\n');
  const second = first < 0 ? -1 : text.indexOf('\n', first + 1);
  if (second < 0 || text.indexOf('\n', second + 1) >= 0) return undefined;
  return { header: text.slice(0, first), files: text.slice(first + 1, second), derived: text.slice(second + 1) };
}

/** JSON text that must hold an object; undefined for anything else. */
function parseObject(text: string): object | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The top-level keys and kinds of value of stored project facts. */
const DERIVED_SHAPE: readonly (readonly [keyof StoredProjectFacts, string])[] = [
  ['root', 'string'],
  ['pythonFileCount', 'number'],
  ['pythonProjects', 'array'],
  ['parsedFiles', 'array'],
  ['models', 'array'],
  ['families', 'array'],
  ['apps', 'array'],
  ['routers', 'array'],
  ['routes', 'array'],
  ['unresolvedRoutes', 'array'],
  ['dependencies', 'object'],
  ['settings', 'array'],
  ['conventions', 'object'],
  ['notes', 'array'],
];

function derivedEntryOf(text: string, header: Partial<StoredHeader>, root: string): DerivedEntry | undefined {
  if (text === '' || header.derivedFor !== header.checksum || header.derivedChecksum !== checksumOf(text)) return undefined;
  const parsed = parseObject(text);
  if (parsed === undefined) return undefined;
  const { layout, facts } = parsed as { layout?: unknown; facts?: unknown };
  if (typeof layout !== 'string' || typeof facts !== 'object' || facts === null) return undefined;
  const record = facts as Record<string, unknown>;
  if (record.root !== root || !DERIVED_SHAPE.every(([key, kind]) => kindOfValue(record[key]) === kind)) return undefined;
  if (!(record.parsedFiles as unknown[]).every((path) => typeof path === 'string')) return undefined;
  return { layout, facts: facts as StoredProjectFacts };
}

function entryOf(path: string, stored: unknown): CachedFile | undefined {
  if (!Array.isArray(stored) || stored.length !== 5) return undefined;
  const [size, mtimeMs, kind, hash, facts] = stored as unknown[];
  if (typeof size !== 'number' || typeof mtimeMs !== 'number' || !Number.isFinite(size) || !Number.isFinite(mtimeMs)) return undefined;
  if (kind === 'irrelevant') return hash === null && facts === null ? { size, mtimeMs, kind } : undefined;
  if (kind !== 'relevant' && kind !== 'needed') return undefined;
  if (typeof hash !== 'number' || !looksLikeFacts(facts, path)) return undefined;
  return { size, mtimeMs, kind, hash, facts };
}

/** Reads and writes the cache of one workspace root, for one release of the product. */
export class FactsCache {
  constructor(
    private readonly store: FactsCacheStore,
    private readonly root: string,
    /** The product's release: a cache another release wrote is ignored. */
    private readonly release: string,
  ) {}

  /** The entries that look sound, or undefined when the cache is missing or unusable as a whole. */
  async load(): Promise<LoadedCache | undefined> {
    let text: string | undefined;
    try {
      text = await this.store.load();
    } catch {
      return undefined;
    }
    const lines = text === undefined ? undefined : storedLines(text);
    const stored = lines === undefined ? undefined : (parseObject(lines.header) as Partial<StoredHeader> | undefined);
    if (lines === undefined || stored === undefined) return undefined;
    if (stored.format !== FORMAT_NAME || stored.version !== INDEX_CACHE_FORMAT || stored.release !== this.release) return undefined;
    if (stored.shape !== SHAPE_SIGNATURE || stored.root !== this.root || typeof stored.savedAt !== 'number') return undefined;
    if (stored.checksum !== checksumOf(lines.files)) return undefined;
    const entries = parseObject(lines.files);
    if (entries === undefined) return undefined;
    const files = new Map<string, CachedFile>();
    for (const [path, value] of Object.entries(entries)) {
      const entry = entryOf(path, value);
      if (entry) files.set(path, entry);
    }
    let derived: { entry: DerivedEntry | undefined } | undefined;
    const root = this.root;
    return {
      files,
      savedAt: stored.savedAt,
      derived: () => (derived ??= { entry: derivedEntryOf(lines.derived, stored, root) }).entry,
    };
  }

  async save(files: ReadonlyMap<string, CachedFile>, savedAt: number, derived?: DerivedEntry): Promise<void> {
    const entries: Record<string, StoredEntry> = {};
    for (const [path, entry] of files) entries[path] = [entry.size, entry.mtimeMs, entry.kind, entry.hash ?? null, entry.facts ?? null];
    const text = JSON.stringify(entries);
    const derivedText = derived === undefined ? '' : JSON.stringify(derived);
    const entriesChecksum = checksumOf(text);
    const header: StoredHeader = {
      format: FORMAT_NAME,
      version: INDEX_CACHE_FORMAT,
      release: this.release,
      shape: SHAPE_SIGNATURE,
      root: this.root,
      savedAt,
      checksum: entriesChecksum,
      ...(derived === undefined ? {} : { derivedChecksum: checksumOf(derivedText), derivedFor: entriesChecksum }),
    };
    await this.store.save(`${JSON.stringify(header)}\n${text}\n${derivedText}`);
  }
}

/** True when `entry` may stand for the file as it is now without reading it. */
export function entryStillHolds(entry: CachedFile, now: { readonly size: number; readonly mtimeMs: number }, savedAt: number): boolean {
  return entry.size === now.size && entry.mtimeMs === now.mtimeMs && entry.mtimeMs < savedAt - RACY_WINDOW_MS;
}
