/** What the facts-cache specs share: an in-memory store, the stored text taken apart and put back, fresh indexes. */
import assert from 'node:assert/strict';
import { readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import type { FileSource, Logger } from '../../../src/core/ports';
import { factsForJson } from '../../../src/core/project/describe';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { FactsCache, type FactsCacheStore, storedLines } from '../../../src/core/project/index-cache';
import { ProjectIndex } from '../../../src/core/project/project-index';

/** A stored cache as one object: the header's fields, and the entries, facts and derived lines as text. */
export type StoredText = Record<string, unknown> & { files: string; facts: string; derived: string };

export function decodeStored(text: string | undefined): StoredText {
  const lines = storedLines(text ?? '');
  assert.ok(lines, 'the cache is stored as four lines');
  return { ...(JSON.parse(lines.header) as Record<string, unknown>), files: lines.files, facts: lines.facts, derived: lines.derived };
}

export function encodeStored({ files, facts, derived, ...header }: StoredText): string {
  return `${JSON.stringify(header)}\n${files}\n${facts}\n${derived}`;
}

/** One entry as a row: size, time, kind letter, hash, facts (parsed; null for none). */
export type EntryRow = [size: unknown, mtimeMs: unknown, kind: unknown, hash: unknown, facts: unknown];

/** The entries and facts lines as rows by path. */
export function decodeEntries(stored: StoredText): Record<string, EntryRow> {
  const [paths, sizes, mtimes, kinds, hashes, lengths] = JSON.parse(stored.files) as [string[], number[], number[], string, number[], number[]];
  const rows: Record<string, EntryRow> = {};
  let offset = 0;
  paths.forEach((path, i) => {
    const length = lengths[i] ?? 0;
    const text = stored.facts.slice(offset, offset + length);
    offset += length;
    rows[path] = [sizes[i], mtimes[i], kinds[i], hashes[i], text === '' ? null : JSON.parse(text)];
  });
  return rows;
}

/** Rows back into the entries and facts lines, as a writer would store them. */
export function encodeEntries(rows: Record<string, EntryRow>): { files: string; facts: string } {
  const texts = Object.values(rows).map(([, , , , facts]) => (facts === null ? '' : JSON.stringify(facts)));
  const column = (at: number): unknown[] => Object.values(rows).map((row) => row[at]);
  const files = JSON.stringify([Object.keys(rows), column(0), column(1), column(2).join(''), column(3), texts.map((text) => text.length)]);
  return { files, facts: texts.join('') };
}

export class MemoryStore implements FactsCacheStore {
  text: string | undefined;
  loads = 0;
  saves = 0;

  load(): Promise<string | undefined> {
    this.loads++;
    return Promise.resolve(this.text);
  }

  save(text: string): Promise<void> {
    this.saves++;
    this.text = text;
    return Promise.resolve();
  }
}

export const RELEASE = '1.2.3';
export const AN_HOUR_AGO = new Date(Date.now() - 3_600_000);

/** Everything the index says, per-file facts included (by path: the order files were read in varies), as plain JSON. */
export function everything(facts: ProjectFacts): unknown {
  const files = [...facts.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.parse(JSON.stringify({ facts: factsForJson(facts), files })) as unknown;
}

/** Sets every file's time back an hour, as for a workspace not edited just now. */
export function ageFiles(folder: string): void {
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) utimesSync(join(entry.parentPath, entry.name), AN_HOUR_AGO, AN_HOUR_AGO);
  }
}

export function cachedIndex(root: string, store: FactsCacheStore, source: FileSource = new NodeFileSource(root), release = RELEASE, logger?: Logger): ProjectIndex {
  return new ProjectIndex({ root, source, factsCache: new FactsCache(store, root, release), cacheThreshold: 0, ...(logger ? { logger } : {}) });
}

export async function uncached(root: string): Promise<unknown> {
  return everything(await new ProjectIndex({ root, source: new NodeFileSource(root) }).build());
}

export const MODEL = 'from sqlmodel import Field, SQLModel\n\n\nclass Hero(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    name: str\n';

