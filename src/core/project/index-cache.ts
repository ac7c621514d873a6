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
 * Stored as four lines: a small header (format, release, root, the other lines' checksums),
 * the entries as columns (paths, sizes, times, kinds, hashes, lengths of their facts), the
 * per-file facts one after another, the derived facts. JSON text never holds a raw line break,
 * so each line is found without parsing, and only the header is read before the checksums say
 * the rest is whole. A file's facts stay text until they are asked for (`cached-facts.ts`).
 *
 * Beside the entries it keeps the project facts derived from exactly those entries, under one
 * module layout: a re-open that finds every entry unchanged and the same layout takes them
 * without deriving again. They are tied to the entries' checksum, so entries written another
 * way never stand with them; derived facts that do not fit are ignored and derived afresh.
 */
import { createHash } from 'node:crypto';
import { FACT_SHAPE_SIGNATURE, type FactsOrStored, kindOfValue, StoredFacts } from './cached-facts';
import type { ProjectFacts } from './facts';

/**
 * Bump when the meaning of a per-file or derived fact changes without its shape changing
 * (2: derived project facts kept; 3: test modules using httpx's AsyncClient are read; 4: three lines;
 * 5: four lines, entries as columns, per-file facts read lazily).
 */
export const INDEX_CACHE_FORMAT = 7;
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
  /** The facts, or their stored text until someone reads them. */
  readonly facts?: FactsOrStored;
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

/** The entries line: one column per field, a file's values at the same position in each. */
type StoredColumns = [paths: string[], sizes: number[], mtimes: number[], kinds: string, hashes: number[], lengths: number[]];

const KIND_LETTERS: Readonly<Record<CachedKind, string>> = { relevant: 'r', needed: 'n', irrelevant: 'i' };
const KIND_OF_LETTER: ReadonlyMap<string, CachedKind> = new Map(Object.entries(KIND_LETTERS).map(([kind, letter]) => [letter, kind as CachedKind]));

/** The first line of the stored text; the entries, the per-file facts and the derived facts are the next three. */
interface StoredHeader {
  readonly format: string;
  readonly version: number;
  readonly release: string;
  readonly shape: string;
  readonly root: string;
  readonly savedAt: number;
  /** `checksumOf` the entries line and the per-file facts line together: damage on disk shows. */
  readonly checksum: string;
  /** `checksumOf` the derived line (a `DerivedEntry`), and the entries' checksum it was derived with. */
  readonly derivedChecksum?: string;
  readonly derivedFor?: string;
}

/** A digest of stored lines: native, so checking the whole cache costs little beside reading it. */
export function checksumOf(...lines: readonly string[]): string {
  const hash = createHash('sha1');
  for (const line of lines) hash.update(line).update('\n');
  return hash.digest('base64');
}

export interface StoredLines {
  readonly header: string;
  readonly files: string;
  readonly facts: string;
  readonly derived: string;
}

/** The four lines of a stored text; undefined when it is not four lines. */
export function storedLines(text: string): StoredLines | undefined {
  const first = text.indexOf('\n');
  const second = first < 0 ? -1 : text.indexOf('\n', first + 1);
  const third = second < 0 ? -1 : text.indexOf('\n', second + 1);
  if (third < 0 || text.indexOf('\n', third + 1) >= 0) return undefined;
  return { header: text.slice(0, first), files: text.slice(first + 1, second), facts: text.slice(second + 1, third), derived: text.slice(third + 1) };
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

function isNumberArray(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((item) => typeof item === 'number' && Number.isFinite(item));
}

/**
 * The entries of the columns line, their facts cut from the facts line (not parsed); undefined
 * when the columns do not fit together. An entry that makes no sense on its own is left out.
 */
function entriesOf(columns: unknown, factsLine: string): Map<string, CachedFile> | undefined {
  if (!Array.isArray(columns) || columns.length !== 6) return undefined;
  const [paths, sizes, mtimes, kinds, hashes, lengths] = columns as unknown[];
  if (!Array.isArray(paths) || typeof kinds !== 'string' || kinds.length !== paths.length) return undefined;
  const count = paths.length;
  if (!isNumberArray(sizes, count) || !isNumberArray(mtimes, count) || !isNumberArray(hashes, count) || !isNumberArray(lengths, count)) return undefined;
  const files = new Map<string, CachedFile>();
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const path: unknown = paths[i];
    const length = lengths[i] ?? -1;
    if (!Number.isInteger(length) || length < 0 || offset + length > factsLine.length || typeof path !== 'string') return undefined;
    const text = factsLine.slice(offset, offset + length);
    offset += length;
    if (files.has(path)) return undefined;
    const size = sizes[i] ?? 0;
    const mtimeMs = mtimes[i] ?? 0;
    const kind = KIND_OF_LETTER.get(kinds.charAt(i));
    if (kind === 'irrelevant') {
      if (length === 0) files.set(path, { size, mtimeMs, kind });
    } else if (kind !== undefined && text.startsWith('{') && text.endsWith('}')) {
      files.set(path, { size, mtimeMs, kind, hash: hashes[i] ?? 0, facts: new StoredFacts(path, text) });
    }
  }
  return offset === factsLine.length ? files : undefined;
}

function factsText(facts: FactsOrStored): string {
  return facts instanceof StoredFacts ? facts.text : JSON.stringify(facts);
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
    if (stored.shape !== FACT_SHAPE_SIGNATURE || stored.root !== this.root || typeof stored.savedAt !== 'number') return undefined;
    if (stored.checksum !== checksumOf(lines.files, lines.facts)) return undefined;
    const files = entriesOf(parseObject(lines.files), lines.facts);
    if (files === undefined) return undefined;
    let derived: { entry: DerivedEntry | undefined } | undefined;
    const root = this.root;
    return {
      files,
      savedAt: stored.savedAt,
      derived: () => (derived ??= { entry: derivedEntryOf(lines.derived, stored, root) }).entry,
    };
  }

  async save(files: ReadonlyMap<string, CachedFile>, savedAt: number, derived?: DerivedEntry): Promise<void> {
    const columns: StoredColumns = [[], [], [], '', [], []];
    const [paths, sizes, mtimes, , hashes, lengths] = columns;
    const kinds: string[] = [];
    const factTexts: string[] = [];
    for (const [path, entry] of files) {
      // Facts are what make an entry of a parsed file worth anything: one without them is not kept.
      if ((entry.kind === 'irrelevant') !== (entry.facts === undefined)) continue;
      const text = entry.facts === undefined ? '' : factsText(entry.facts);
      paths.push(path);
      sizes.push(entry.size);
      mtimes.push(entry.mtimeMs);
      kinds.push(KIND_LETTERS[entry.kind]);
      hashes.push(entry.hash ?? 0);
      lengths.push(text.length);
      factTexts.push(text);
    }
    columns[3] = kinds.join('');
    const text = JSON.stringify(columns);
    const factsLine = factTexts.join('');
    const derivedText = derived === undefined ? '' : JSON.stringify(derived);
    const entriesChecksum = checksumOf(text, factsLine);
    const header: StoredHeader = {
      format: FORMAT_NAME,
      version: INDEX_CACHE_FORMAT,
      release: this.release,
      shape: FACT_SHAPE_SIGNATURE,
      root: this.root,
      savedAt,
      checksum: entriesChecksum,
      ...(derived === undefined ? {} : { derivedChecksum: checksumOf(derivedText), derivedFor: entriesChecksum }),
    };
    await this.store.save(`${JSON.stringify(header)}\n${text}\n${factsLine}\n${derivedText}`);
  }

  /** Drops the stored cache (its contents were found damaged): the next open reads every file. */
  async discard(): Promise<void> {
    await this.store.save('');
  }
}

/** True when `entry` may stand for the file as it is now without reading it. */
export function entryStillHolds(entry: CachedFile, now: { readonly size: number; readonly mtimeMs: number }, savedAt: number): boolean {
  return entry.size === now.size && entry.mtimeMs === now.mtimeMs && entry.mtimeMs < savedAt - RACY_WINDOW_MS;
}
