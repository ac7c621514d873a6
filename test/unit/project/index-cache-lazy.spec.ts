import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { FactsMap, StoredFacts } from '../../../src/core/project/cached-facts';
import { checksumOf } from '../../../src/core/project/index-cache';
import type { Logger } from '../../../src/core/ports';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { ageFiles, cachedIndex, decodeEntries, decodeStored, encodeEntries, encodeStored, everything, MemoryStore, MODEL, RELEASE, uncached } from './cache-support';
import { CountingFileSource, temporaryProject } from './fixture-index';

function recordingLogger(warnings: string[]): Logger {
  const nothing = (): undefined => undefined;
  return { trace: nothing, debug: nothing, info: nothing, warn: (message) => warnings.push(message), error: nothing };
}

describe('project index: per-file facts from the cache are parsed when read', function () {
  this.timeout(30_000);
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  function project(): string {
    const root = temporaryProject({ 'app/__init__.py': '', 'app/models.py': MODEL, 'app/other.py': MODEL.replace('Hero', 'Team') });
    folders.push(root);
    ageFiles(root);
    return root;
  }

  it('hands out the stored facts unparsed, and parses each the first time it is read', async () => {
    const root = project();
    const store = new MemoryStore();
    await cachedIndex(root, store).build();
    const facts = await cachedIndex(root, store).build();
    assert.ok(facts.files instanceof FactsMap);
    assert.ok(facts.files.stored('app/models.py') instanceof StoredFacts, 'not parsed by opening');
    const models = facts.files.get('app/models.py');
    assert.deepEqual(models?.classes.map((cls) => cls.name), ['Hero']);
    assert.equal(facts.files.stored('app/models.py'), models, 'parsed once, then kept');
    assert.deepEqual(everything(facts), await uncached(root));
  });

  it('drops facts found damaged after the build, reads the file again and drops the cache', async () => {
    const root = project();
    const good = new MemoryStore();
    await cachedIndex(root, good).build();
    // A writer stored facts that are not JSON, with every checksum fitting: the project facts still stand with them.
    const stored = decodeStored(good.text);
    const rows = decodeEntries(stored);
    const { files, facts } = encodeEntries(rows);
    const target = JSON.stringify(rows['app/models.py']?.[4]);
    const damaged = facts.replace(target, target.replace('"classes":', '"classes" '));
    assert.notEqual(damaged, facts);
    const checksum = checksumOf(files, damaged);
    const store = new MemoryStore();
    store.text = encodeStored({ ...stored, files, facts: damaged, checksum, derivedFor: checksum });

    const warnings: string[] = [];
    const counting = new CountingFileSource(new NodeFileSource(root));
    const index = cachedIndex(root, store, counting, RELEASE, recordingLogger(warnings));
    const opened = await index.build();
    assert.equal(index.lastPhaseTimes.resolve, 0, 'the stored project facts were taken');
    assert.deepEqual(counting.reads, [], 'nothing read while opening');
    assert.equal(opened.files.get('app/models.py'), undefined, 'damaged facts are never handed out');
    assert.equal(opened.files.has('app/models.py'), false);
    assert.deepEqual(opened.files.get('app/other.py')?.classes.map((cls) => cls.name), ['Team'], 'the sound entries still read');
    await index.update([]);
    assert.deepEqual(counting.reads, ['app/models.py'], 'the damaged file is read again');
    assert.deepEqual(everything(index.facts ?? opened), await uncached(root));
    assert.equal(warnings.length, 1, warnings.join(' | '));
    assert.match(warnings[0] ?? '', /cached facts of app\/models\.py are damaged/);
    assert.equal(store.text, '', 'the cache is dropped');
    const next = new CountingFileSource(new NodeFileSource(root));
    assert.deepEqual(everything(await cachedIndex(root, store, next).build()), await uncached(root));
    assert.equal(next.reads.length, 3, 'the next open reads every file');
  });

  it('reads every file when facts found damaged while a build still needs them', async () => {
    const root = project();
    const good = new MemoryStore();
    await cachedIndex(root, good).build();
    const stored = decodeStored(good.text);
    const rows = decodeEntries(stored);
    const facts = rows['app/other.py']?.[4] as Record<string, unknown>;
    facts['path'] = 'app/models.py';
    const { files, facts: line } = encodeEntries(rows);
    // The project facts do not stand (other entries), so the build derives, and meets the damage.
    const store = new MemoryStore();
    store.text = encodeStored({ ...stored, files, facts: line, checksum: checksumOf(files, line) });
    const counting = new CountingFileSource(new NodeFileSource(root));
    assert.deepEqual(everything(await cachedIndex(root, store, counting).build()), await uncached(root));
    assert.ok(counting.reads.includes('app/other.py'), 'the damaged entry is read from disk');
    assert.ok(counting.reads.includes('app/models.py'), 'and every other file: the build started again without the cache');
    assert.notEqual(store.text, good.text);
  });
});
