import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderCacheStore } from '../../../src/cli/index-cache-folder';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { checksumOf, FactsCache } from '../../../src/core/project/index-cache';
import { ProjectIndex } from '../../../src/core/project/project-index';
import {
  ageFiles,
  cachedIndex,
  decodeEntries,
  decodeStored,
  encodeEntries,
  encodeStored,
  type EntryRow,
  MemoryStore,
  MODEL,
  RELEASE,
  type StoredText,
  uncached,
  everything,
} from './cache-support';
import { CountingFileSource, fixtureRoot, temporaryProject } from './fixture-index';

describe('project index: the persistent facts cache', function () {
  this.timeout(60_000);
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  function copyOf(fixture: string): string {
    const folder = mkdtempSync(join(tmpdir(), 'index-cache-'));
    folders.push(folder);
    cpSync(fixtureRoot(fixture), folder, { recursive: true });
    ageFiles(folder);
    return folder;
  }

  function project(files: Readonly<Record<string, string>>): string {
    const root = temporaryProject(files);
    folders.push(root);
    ageFiles(root);
    return root;
  }

  it('gives the same facts from the cache as from reading, for every fixture project, reading no Python file', async () => {
    const fixtures = readdirSync(fixtureRoot('.'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    assert.ok(fixtures.length > 20);
    for (const fixture of fixtures) {
      const root = copyOf(fixture.name);
      const store = new MemoryStore();
      const expected = await uncached(root);
      assert.deepEqual(everything(await cachedIndex(root, store).build()), expected, `${fixture.name}: cold build with a cache`);
      assert.equal(store.saves, 1, fixture.name);
      const counting = new CountingFileSource(new NodeFileSource(root));
      assert.deepEqual(everything(await cachedIndex(root, store, counting).build()), expected, `${fixture.name}: from the cache`);
      assert.deepEqual(counting.reads.filter((path) => path.endsWith('.py')), [], `${fixture.name}: nothing read again`);
      assert.equal(store.saves, 1, `${fixture.name}: an unchanged cache is not written again`);
      const warm = cachedIndex(root, store);
      await warm.build();
      assert.equal(warm.lastPhaseTimes.resolve, 0, `${fixture.name}: the stored project facts are taken, not derived again`);
    }
  });

  it('reads a changed file again, and only that file', async () => {
    const root = project({ 'app/__init__.py': '', 'app/models.py': MODEL, 'app/other.py': MODEL.replace('Hero', 'Team') });
    const store = new MemoryStore();
    await cachedIndex(root, store).build();
    writeFileSync(join(root, 'app/models.py'), `${MODEL}    secret_name: str\n`);
    const counting = new CountingFileSource(new NodeFileSource(root));
    const facts = await cachedIndex(root, store, counting).build();
    assert.deepEqual(counting.reads, ['app/models.py']);
    assert.deepEqual(everything(facts), await uncached(root));
    assert.ok(facts.models.find((model) => model.name === 'Hero')?.fields.some((field) => field.name === 'secret_name'));
  });

  it('checks by content a file changed close to the cache being written, even with its size and time restored', async () => {
    const root = project({ 'app/models.py': MODEL });
    const file = join(root, 'app/models.py');
    const recent = new Date();
    utimesSync(file, recent, recent);
    const store = new MemoryStore();
    await cachedIndex(root, store).build();
    writeFileSync(file, MODEL.replace('name: str', 'nick: str'));
    utimesSync(file, recent, recent);
    assert.equal(statSync(file).size, MODEL.length);
    const facts = await cachedIndex(root, store).build();
    assert.deepEqual(facts.models.find((model) => model.name === 'Hero')?.fields.map((field) => field.name), ['id', 'nick']);
  });

  it('keeps a touched file whose text did not change, and stores its new time', async () => {
    const root = project({ 'app/models.py': MODEL });
    const store = new MemoryStore();
    const before = await cachedIndex(root, store).build();
    const halfAnHourAgo = new Date(Date.now() - 1_800_000);
    utimesSync(join(root, 'app/models.py'), halfAnHourAgo, halfAnHourAgo);
    const touched = new CountingFileSource(new NodeFileSource(root));
    assert.deepEqual(everything(await cachedIndex(root, store, touched).build()), everything(before));
    assert.deepEqual(touched.reads, ['app/models.py'], 'read once to compare its text');
    const after = new CountingFileSource(new NodeFileSource(root));
    assert.deepEqual(everything(await cachedIndex(root, store, after).build()), everything(before));
    assert.deepEqual(after.reads, [], 'trusted again by its new time');
  });

  it('ignores a cache that is corrupt, of another format, release or root, and entries of the wrong shape', async () => {
    const root = project({ 'app/__init__.py': '', 'app/models.py': MODEL, 'app/other.py': MODEL.replace('Hero', 'Team') });
    const expected = await uncached(root);
    const good = new MemoryStore();
    await cachedIndex(root, good).build();
    type Entries = Record<string, EntryRow>;
    const valid = decodeStored(good.text);
    /** A cache a writer made this way: the header and entries changed, the checksum made to fit. */
    const broken = (change: (copy: Record<string, unknown> & { files: Entries }) => void): string => {
      const copy = { ...valid, files: decodeEntries(valid) };
      change(copy);
      if (typeof copy.files !== 'object') return encodeStored({ ...copy, files: JSON.stringify(copy.files), facts: valid.facts, derived: valid.derived });
      const { files, facts } = encodeEntries(copy.files);
      return encodeStored({ ...copy, files, facts, derived: valid.derived, checksum: checksumOf(files, facts) });
    };
    /** The entries and facts lines as given, the checksum made to fit. */
    const rawLines = (files: string, facts: string): string => encodeStored({ ...valid, files, facts, checksum: checksumOf(files, facts) });
    const columns = JSON.parse(valid.files) as unknown[];
    const withColumn = (at: number, value: unknown): string => rawLines(JSON.stringify(columns.map((column, i) => (i === at ? value : column))), valid.facts);
    const lengths = columns[5] as number[];
    const facts = (entry: readonly unknown[]): Record<string, unknown> => entry[4] as Record<string, unknown>;
    const variants: Record<string, string> = {
      'not JSON': '\u0000\u0001garbage',
      truncated: (good.text ?? '').slice(0, 200),
      'JSON null': 'null',
      'another format version': broken((copy) => (copy.version = 0)),
      'another release': broken((copy) => (copy.release = '0.0.1')),
      'another root': broken((copy) => (copy.root = '/elsewhere')),
      'files not an object': broken((copy) => (copy.files = 'x' as unknown as Entries)),
      'a character changed on disk': (good.text ?? '').replace('Hero', 'Herp'),
      'no checksum': encodeStored({ ...valid, checksum: undefined }),
      'the lines run together': (good.text ?? '').replace('\n', ''),
      'a line too many': `${good.text ?? ''}\n`,
      'the whole cache as one JSON document': JSON.stringify(valid),
      'facts of another file': broken((copy) => (facts(copy.files['app/models.py'] ?? [])['path'] = 'app/other.py')),
      'facts missing a list': broken((copy) => delete facts(copy.files['app/models.py'] ?? [])['classes']),
      'a size that is not a number': broken((copy) => ((copy.files['app/models.py'] ?? [])[0] = '99')),
      'an unknown kind': broken((copy) => ((copy.files['app/models.py'] ?? [])[2] = 't')),
      'damage deep inside the facts': broken((copy) => (facts(copy.files['app/models.py'] ?? [])['classes'] = [42, null])),
      'facts that are not JSON': rawLines(valid.files, valid.facts.replace('"classes":', '"classes"')),
      'facts lengths that run past the line': withColumn(5, lengths.map((length) => length + 1)),
      'facts lengths that leave text over': withColumn(5, lengths.map((length, i) => (i === lengths.findIndex((value) => value > 0) ? length - 1 : length))),
      'a column missing': rawLines(JSON.stringify(columns.slice(0, 5)), valid.facts),
      'kinds of another count': withColumn(3, `${String(columns[3])}r`),
      'one path twice': withColumn(0, (columns[0] as string[]).map((path, i) => (i === 1 ? (columns[0] as string[])[0] : path))),
      'the format before (three lines, entries as one object)': [
        JSON.stringify({ ...valid, files: undefined, facts: undefined, derived: undefined, version: 4 }),
        JSON.stringify(decodeEntries(valid)),
        valid.derived,
      ].join('\n'),
    };
    for (const [label, text] of Object.entries(variants)) {
      const store = new MemoryStore();
      store.text = text;
      const counting = new CountingFileSource(new NodeFileSource(root));
      assert.deepEqual(everything(await cachedIndex(root, store, counting).build()), expected, label);
      assert.ok(counting.reads.includes('app/models.py'), `${label}: the damaged entry is read from disk`);
      assert.notEqual(store.text, text, `${label}: the cache is written afresh`);
    }
    const otherRelease = new MemoryStore();
    otherRelease.text = good.text;
    const counting = new CountingFileSource(new NodeFileSource(root));
    await cachedIndex(root, otherRelease, counting, '9.9.9').build();
    assert.equal(counting.reads.length, 3, 'a cache another release wrote is not used');
  });

  it('takes the stored project facts only while every entry and the module layout hold; stale or damaged ones are derived afresh', async () => {
    const root = project({ 'app/__init__.py': '', 'app/models.py': MODEL, 'app/other.py': MODEL.replace('Hero', 'Team') });
    const good = new MemoryStore();
    await cachedIndex(root, good).build();
    const derivedOnce = async (store: MemoryStore, label: string): Promise<void> => {
      const saves = store.saves;
      const index = cachedIndex(root, store);
      assert.deepEqual(everything(await index.build()), await uncached(root), label);
      assert.ok(index.lastPhaseTimes.resolve > 0, `${label}: derived again`);
      assert.equal(store.saves, saves + 1, `${label}: the cache is written again`);
      const next = cachedIndex(root, store);
      assert.deepEqual(everything(await next.build()), await uncached(root), label);
      assert.equal(next.lastPhaseTimes.resolve, 0, `${label}: the rewritten project facts are taken next time`);
    };

    const warm = cachedIndex(root, good);
    assert.deepEqual(everything(await warm.build()), await uncached(root));
    assert.equal(warm.lastPhaseTimes.resolve, 0);
    // An index opened from stored project facts keeps up with saves like any other.
    writeFileSync(join(root, 'app/other.py'), `${MODEL.replace('Hero', 'Team')}    motto: str\n`);
    assert.deepEqual(everything(await warm.update(['app/other.py'])), await uncached(root));
    ageFiles(root);

    const variant = (change: (copy: StoredText) => void): MemoryStore => {
      const copy = decodeStored(good.text);
      change(copy);
      const store = new MemoryStore();
      store.text = encodeStored(copy);
      return store;
    };
    const reDerived = (copy: StoredText, change: (derived: { layout: string; facts: Record<string, unknown> }) => void): void => {
      const derived = JSON.parse(copy.derived) as { layout: string; facts: Record<string, unknown> };
      change(derived);
      copy.derived = JSON.stringify(derived);
      copy.derivedChecksum = checksumOf(copy.derived);
    };
    await derivedOnce(good, 'a file changed since');
    const variants: Record<string, MemoryStore> = {
      'a character of the project facts changed on disk': variant((copy) => (copy.derived = copy.derived.replace('Hero', 'Herp'))),
      'project facts of other entries': variant((copy) => (copy['derivedFor'] = checksumOf('other entries'))),
      'project facts without their checksum': variant((copy) => delete copy['derivedChecksum']),
      'project facts whose line is empty': variant((copy) => (copy.derived = '')),
      'project facts missing a list': variant((copy) => reDerived(copy, (derived) => delete derived.facts['routes'])),
      'project facts of another root': variant((copy) => reDerived(copy, (derived) => (derived.facts['root'] = '/elsewhere'))),
      'project facts of another layout': variant((copy) => reDerived(copy, (derived) => (derived.layout = '[]'))),
      'project facts that are not JSON': variant((copy) => {
        copy.derived = '{"layout":';
        copy.derivedChecksum = checksumOf(copy.derived);
      }),
    };
    for (const [label, store] of Object.entries(variants)) await derivedOnce(store, label);

    writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "heroes"\n');
    ageFiles(root);
    await derivedOnce(good, 'a project marker added');
    rmSync(join(root, 'app/other.py'));
    await derivedOnce(good, 'a file deleted');
  });

  it('does not let an entry read under a larger size limit stand for a file now over the limit', async () => {
    const root = project({ 'app/models.py': MODEL, 'app/big.py': `${MODEL.replace('Hero', 'Big')}${'# padding\n'.repeat(200)}` });
    const store = new MemoryStore();
    await cachedIndex(root, store).build();
    const limited = new ProjectIndex({ root, source: new NodeFileSource(root), factsCache: new FactsCache(store, root, RELEASE), cacheThreshold: 0, maxFileBytes: 1024 });
    const facts = await limited.build();
    assert.deepEqual(facts.models.map((model) => model.name), ['Hero']);
    assert.ok(facts.notes.some((note) => note.file === 'app/big.py' && /over the 1 KB limit/.test(note.message)));
  });

  it('is not used at all below the size threshold', async () => {
    const root = project({ 'app/models.py': MODEL });
    const store = new MemoryStore();
    await new ProjectIndex({ root, source: new NodeFileSource(root), factsCache: new FactsCache(store, root, RELEASE) }).build();
    assert.deepEqual([store.loads, store.saves], [0, 0]);
  });

  it('lives in one file per project under the cache folder, replaced whole', async () => {
    const root = project({ 'app/models.py': MODEL });
    const folder = mkdtempSync(join(tmpdir(), 'index-cache-folder-'));
    folders.push(folder);
    const store = new FolderCacheStore(join(folder, 'index'), root);
    assert.equal(await store.load(), undefined);
    await cachedIndex(root, store).build();
    assert.deepEqual(readdirSync(join(folder, 'index')), [store.file.split('/').pop()]);
    assert.match(readFileSync(store.file, 'utf8'), /"format":"fastapi-backend-engineer\/index-facts"/);
    assert.deepEqual(readdirSync(root).sort(), ['app'], 'nothing written into the project');
  });
});
