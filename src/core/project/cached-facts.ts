/**
 * Per-file facts taken from the facts cache are kept as the JSON text they were stored as and
 * parsed the first time someone asks for them. A re-open that takes the stored project facts
 * needs no per-file facts at all to answer; most commands then look at a handful of files, so
 * parsing every file's facts up front would be most of the cost of opening.
 */
import type { PythonFileFacts } from '../python/facts';
import { emptyCollector } from '../python/module-walk';

/** The keys and kinds of value every PythonFileFacts has: a cached one must have the same. */
const FACT_SHAPE: readonly (readonly [string, string])[] = [
  ...Object.keys(emptyCollector()).map((key) => [key, 'array'] as const),
  ['includes', 'array'],
  ['path', 'string'],
  ['hasSyntaxErrors', 'boolean'],
];

/** The shape as one string, stored in the cache's header: a change of shape invalidates by itself. */
export const FACT_SHAPE_SIGNATURE = FACT_SHAPE.map(([key, kind]) => `${key}:${kind}`)
  .sort()
  .join(',');

export function kindOfValue(value: unknown): string {
  return Array.isArray(value) ? 'array' : typeof value;
}

function looksLikeFacts(value: unknown, path: string): value is PythonFileFacts {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.path === path && FACT_SHAPE.every(([key, kind]) => kindOfValue(record[key]) === kind);
}

/** One file's facts as stored: parsed once, when first read. */
export class StoredFacts {
  private parsed: PythonFileFacts | undefined;
  private damaged = false;
  private damageTold = false;

  constructor(
    readonly path: string,
    /** The JSON text of the facts, as the cache holds it (written back unchanged). */
    readonly text: string,
  ) {}

  /** The facts; undefined when the stored text is not this file's facts (damage the checksum did not show). */
  read(): PythonFileFacts | undefined {
    if (this.parsed !== undefined || this.damaged) return this.parsed;
    try {
      const value: unknown = JSON.parse(this.text);
      if (looksLikeFacts(value, this.path)) this.parsed = value;
      else this.damaged = true;
    } catch {
      this.damaged = true;
    }
    return this.parsed;
  }

  /** True the first time it is asked after the facts were found damaged: the damage is told once, whichever map holds them. */
  tellDamage(): boolean {
    if (!this.damaged || this.damageTold) return false;
    this.damageTold = true;
    return true;
  }
}

export type FactsOrStored = PythonFileFacts | StoredFacts;

/** Thrown when stored facts turn out damaged while a build still runs: the build then reads every file. */
export class DamagedCachedFacts extends Error {
  constructor(readonly path: string) {
    super(`The cached facts of ${path} are damaged.`);
  }
}

/**
 * A map of per-file facts whose values may still be stored text. Every way of reading a value
 * (`get`, iteration, `forEach`) parses it first, so users see plain facts; `stored` gives the
 * value without parsing it (to write the cache back).
 *
 * Stored facts that turn out damaged throw `DamagedCachedFacts` while there is no `onDamaged`
 * handler (during a build, which then reads every file again). With a handler (after a build
 * handed out its facts) the entry is dropped, and the handler told, so the file can be read again.
 */
export class FactsMap extends Map<string, PythonFileFacts> {
  onDamaged: ((path: string) => void) | undefined;

  /** A copy that keeps unparsed values unparsed (`new Map(map)` would parse every one). */
  static copyOf(source: FactsMap): FactsMap {
    const copy = new FactsMap();
    for (const [path, value] of source.storedEntries()) copy.set(path, value);
    copy.onDamaged = source.onDamaged;
    return copy;
  }

  /** Empties the map; it is strict again (a new build starts). */
  override clear(): void {
    this.onDamaged = undefined;
    super.clear();
  }

  override set(path: string, value: FactsOrStored): this {
    return super.set(path, value as PythonFileFacts);
  }

  /** The value as held: facts, or stored text not yet parsed. */
  stored(path: string): FactsOrStored | undefined {
    return super.get(path);
  }

  override get(path: string): PythonFileFacts | undefined {
    const value = this.stored(path);
    if (!(value instanceof StoredFacts)) return value;
    const facts = value.read();
    if (facts !== undefined) {
      super.set(path, facts);
      return facts;
    }
    if (this.onDamaged === undefined) throw new DamagedCachedFacts(path);
    this.delete(path);
    if (value.tellDamage()) this.onDamaged(path);
    return undefined;
  }

  /** Entries as held, without parsing. */
  *storedEntries(): IterableIterator<[string, FactsOrStored]> {
    yield* super.entries();
  }

  override *entries(): MapIterator<[string, PythonFileFacts]> {
    for (const path of [...super.keys()]) {
      const facts = this.get(path);
      if (facts !== undefined) yield [path, facts];
    }
  }

  override *values(): MapIterator<PythonFileFacts> {
    for (const [, facts] of this.entries()) yield facts;
  }

  override [Symbol.iterator](): MapIterator<[string, PythonFileFacts]> {
    return this.entries();
  }

  override forEach(callback: (value: PythonFileFacts, key: string, map: Map<string, PythonFileFacts>) => void, thisArg?: unknown): void {
    for (const [path, facts] of this.entries()) callback.call(thisArg, facts, path, this);
  }
}
