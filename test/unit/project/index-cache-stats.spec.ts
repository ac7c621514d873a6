import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderCacheStore } from '../../../src/cli/index-cache-folder';
import type { FactsCacheStore } from '../../../src/core/project/index-cache';
import { FactsCache } from '../../../src/core/project/index-cache';
import type { BulkPythonReader, BulkRead, SharedStatting } from '../../../src/core/project/bulk-read';
import { SharedStatTable } from '../../../src/cli/shared-stat-table';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import type { FileStat } from '../../../src/core/ports';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { ageFiles, everything, MemoryStore, MODEL, RELEASE, uncached } from './cache-support';
import { CountingFileSource, temporaryProject } from './fixture-index';

/** Counts the Python files whose size and time are asked of the source itself (on this thread). */
class StatCountingSource extends CountingFileSource {
  stats = 0;

  override stat(path: string): Promise<FileStat | undefined> {
    if (path.endsWith('.py')) this.stats++;
    return super.stat(path);
  }
}

/** The same, measuring on this thread through `statNow` too (as the Node file source does), counted alike. */
class SyncStatCountingSource extends StatCountingSource {
  constructor(private readonly node: NodeFileSource) {
    super(node);
  }

  statNow(path: string): FileStat | undefined {
    if (path.endsWith('.py')) this.stats++;
    return this.node.statNow(path);
  }
}

/** `leave`: threads that take no file before the caller joins (started late, or slow). */
type ThreadAnswer = 'measure' | 'leave' | 'not running' | 'fail';

/** Reader threads as the index sees them: they measure files the way a thread does, or are not running, or fail. */
class FakeThreads implements BulkPythonReader {
  readonly asked: string[][] = [];

  constructor(
    private readonly root: string,
    private readonly answer: ThreadAnswer,
  ) {}

  readAndParse(): Promise<readonly BulkRead[]> {
    return Promise.reject(new Error('these builds read too few files for the threads'));
  }

  statAll(paths: readonly string[]): SharedStatting | undefined {
    this.asked.push([...paths]);
    if (this.answer === 'not running') return undefined;
    if (this.answer === 'fail') return { finish: () => Promise.reject(new Error('A reader thread stopped (exit code 1).')) };
    const table = new SharedStatTable(paths.length);
    if (this.answer === 'measure') {
      const source = new NodeFileSource(this.root);
      table.measure(paths, (path) => source.statNow(path));
    }
    return {
      finish: (statHere) => {
        if (statHere) table.measure(paths, statHere);
        const stats = table.stats();
        return stats ? Promise.resolve(stats) : Promise.reject(new Error('not every file was measured'));
      },
    };
  }
}

const FILES = { 'app/__init__.py': '', 'app/models.py': MODEL, 'app/other.py': MODEL.replace('Hero', 'Team') };

describe('project index: files measured for the facts cache', function () {
  this.timeout(60_000);
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  function project(files: Readonly<Record<string, string>>): string {
    const root = temporaryProject(files);
    folders.push(root);
    ageFiles(root);
    return root;
  }

  /** Threads are used for the three Python files' stats, never for reading the one or two files that changed. */
  function indexWith(root: string, store: FactsCacheStore, source: StatCountingSource, threads?: FakeThreads): ProjectIndex {
    const factsCache = new FactsCache(store, root, RELEASE);
    return new ProjectIndex({ root, source, factsCache, cacheThreshold: 0, bulkReadThreshold: 3, ...(threads ? { bulkReader: threads } : {}) });
  }

  async function written(root: string): Promise<MemoryStore> {
    const store = new MemoryStore();
    await indexWith(root, store, new StatCountingSource(new NodeFileSource(root))).build();
    return store;
  }

  it('measures every Python file on the running threads, none here, and takes the cached facts', async () => {
    const root = project(FILES);
    const store = await written(root);
    const source = new StatCountingSource(new NodeFileSource(root));
    const threads = new FakeThreads(root, 'measure');
    const facts = await indexWith(root, store, source, threads).build();
    assert.deepEqual(threads.asked.map((paths) => [...paths].sort()), [Object.keys(FILES).sort()]);
    assert.equal(source.stats, 0, 'no file measured on this thread');
    assert.deepEqual(source.reads, [], 'no file read');
    assert.deepEqual(everything(facts), await uncached(root));
  });

  it('measures here, beside the threads, the files they have not taken once the cache is loaded', async () => {
    const root = project(FILES);
    const store = await written(root);
    writeFileSync(join(root, 'app/models.py'), `${MODEL}    secret_name: str\n`);
    for (const answer of ['leave', 'measure'] as const) {
      const source = new SyncStatCountingSource(new NodeFileSource(root));
      const facts = await indexWith(root, store, source, new FakeThreads(root, answer)).build();
      assert.equal(source.stats, answer === 'leave' ? Object.keys(FILES).length : 0, `${answer}: files measured here`);
      assert.deepEqual(source.reads, ['app/models.py'], `${answer}: only the changed file read`);
      assert.deepEqual(everything(facts), await uncached(root));
    }
  });

  it('reads again a file whose size, time or text changed, as measured on the threads', async () => {
    const root = project(FILES);
    const store = await written(root);
    const models = join(root, 'app/models.py');
    const other = join(root, 'app/other.py');
    writeFileSync(models, `${MODEL}    secret_name: str\n`);
    const sameSize = readFileSync(other, 'utf8').replace('name: str', 'nick: str');
    writeFileSync(other, sameSize);
    const halfAnHourAgo = new Date(Date.now() - 1_800_000);
    utimesSync(join(root, 'app/__init__.py'), halfAnHourAgo, halfAnHourAgo);
    const source = new StatCountingSource(new NodeFileSource(root));
    const facts = await indexWith(root, store, source, new FakeThreads(root, 'measure')).build();
    assert.deepEqual([...source.reads].sort(), ['app/__init__.py', 'app/models.py', 'app/other.py']);
    assert.deepEqual(everything(facts), await uncached(root));
    assert.ok(facts.models.find((model) => model.name === 'Hero')?.fields.some((field) => field.name === 'secret_name'));
    assert.deepEqual(facts.models.find((model) => model.name === 'Team')?.fields.map((field) => field.name), ['id', 'nick']);
  });

  for (const answer of ['not running', 'fail'] as const) {
    it(`measures the files here when the threads are ${answer === 'fail' ? 'failing' : 'not running'}`, async () => {
      const root = project(FILES);
      const store = await written(root);
      writeFileSync(join(root, 'app/models.py'), `${MODEL}    secret_name: str\n`);
      const source = new StatCountingSource(new NodeFileSource(root));
      const threads = new FakeThreads(root, answer);
      const facts = await indexWith(root, store, source, threads).build();
      assert.equal(threads.asked.length, 1, 'the threads were asked first');
      assert.equal(source.stats, Object.keys(FILES).length, 'every file measured here instead');
      assert.deepEqual(source.reads, ['app/models.py']);
      assert.deepEqual(everything(facts), await uncached(root));
    });
  }

  it('takes whole a cache file holding text beyond ASCII, and ignores it once a byte of it is damaged', async () => {
    const root = project({ ...FILES, 'app/models.py': MODEL.replace('name: str', 'name: str = Field(description="Name of the héros, « en clair »")') });
    const folder = mkdtempSync(join(tmpdir(), 'index-cache-bytes-'));
    folders.push(folder);
    const store = new FolderCacheStore(folder, root);
    const expected = await uncached(root);
    await indexWith(root, store, new StatCountingSource(new NodeFileSource(root))).build();
    const bytes = readFileSync(store.file);
    assert.notEqual(bytes.length, readFileSync(store.file, 'utf8').length, 'the stored text holds characters of several bytes');
    const warm = new StatCountingSource(new NodeFileSource(root));
    assert.deepEqual(everything(await indexWith(root, store, warm).build()), expected);
    assert.deepEqual(warm.reads, [], 'taken from the cache');
    // A byte that is no UTF-8 at all, in the per-file facts, at the same length.
    const at = bytes.indexOf('héros') + 1;
    bytes[at] = 0xff;
    writeFileSync(store.file, bytes);
    const damaged = new StatCountingSource(new NodeFileSource(root));
    assert.deepEqual(everything(await indexWith(root, store, damaged).build()), expected);
    assert.deepEqual([...damaged.reads].sort(), Object.keys(FILES).sort(), 'every file read again');
  });
});
