import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { factsForJson } from '../../../src/core/project/describe';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { textHash } from '../../../src/core/project/index-cache';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { type BulkPythonReader, type BulkRead, ProjectIndex } from '../../../src/core/project/project-index';
import { readPythonFile } from '../../../src/core/project/read-python';
import { countsOf, RipgrepSearch, ripgrepOnPath, type TextSearch, type TextSearchAnswer } from '../../../src/core/project/text-search';
import { parsePythonFile } from '../../../src/core/python/parse';
import { CountingFileSource, temporaryProject, TextOnlyFileSource } from './fixture-index';

const RIPGREP = ripgrepOnPath();

function ripgrep(): string {
  assert.ok(RIPGREP, 'ripgrep must be installed for these specs (Debian: apt-get install ripgrep)');
  return RIPGREP;
}

function everything(facts: ProjectFacts): unknown {
  const files = [...facts.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.parse(JSON.stringify({ facts: factsForJson(facts), files })) as unknown;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * ripgrep's real answer, told file by file with a turn of the event loop between two found
 * files (as a pipe delivers it), then given whole or, with `failAfter`, not at all after that
 * many found files (a search that fails midway).
 */
class SlowSearch implements TextSearch {
  told: string[] = [];

  constructor(private readonly failAfter?: number) {}

  async search(...[root, query, signal, onFound]: Parameters<TextSearch['search']>): Promise<TextSearchAnswer | undefined> {
    const answer = await new RipgrepSearch(ripgrep()).search(root, query, signal);
    assert.ok(answer, 'ripgrep answered');
    for (const path of answer.found) {
      if (signal?.aborted === true) return undefined;
      if (this.told.length === this.failAfter) return undefined;
      this.told.push(path);
      onFound?.(path);
      await nextTurn();
    }
    return answer;
  }
}

/** Reads in this thread as reader threads would, failing from its `failFrom`th call on. */
class FakeThreads implements BulkPythonReader {
  readonly calls: (readonly string[])[] = [];
  /** The files it did read. */
  readonly read: string[] = [];

  constructor(
    private readonly root: string,
    private readonly failFrom = Number.POSITIVE_INFINITY,
  ) {}

  async readAndParse(paths: readonly string[], maxBytes: number): Promise<readonly BulkRead[]> {
    this.calls.push(paths);
    await nextTurn();
    if (this.calls.length >= this.failFrom) throw new Error('the thread stopped');
    const source = new NodeFileSource(this.root);
    const reads: BulkRead[] = [];
    for (const path of paths) {
      this.read.push(path);
      const read = await readPythonFile(source, { path, size: 0 }, maxBytes, false);
      if (read.kind === 'text') reads.push({ path, kind: 'facts', facts: await parsePythonFile(path, read.text), textHash: textHash(read.text) });
      else if (read.kind !== 'irrelevant') reads.push({ path, ...read });
    }
    return reads;
  }
}

/** Threads that run only once warmed up (as the CLI's do), counting how often they were asked to start. */
class IdleThreads extends FakeThreads {
  started = false;
  warmUps = 0;

  async warmUp(): Promise<void> {
    this.warmUps++;
    this.started = true;
    await nextTurn();
  }
}

/** Counts reads, and aborts `controller` when the `abortAt`th file is read. */
class AbortingSource extends CountingFileSource {
  controller: AbortController | undefined;
  abortAt = 0;

  constructor(root: string) {
    super(new NodeFileSource(root));
  }

  override readBytesUpTo(path: string, maxBytes: number): Uint8Array | { readonly tooLarge: number } {
    const bytes = super.readBytesUpTo(path, maxBytes);
    if (this.reads.length === this.abortAt) this.controller?.abort();
    return bytes;
  }
}

/** Text reads that each wait a few milliseconds (as the editor's file service does), counting how many are in flight. */
class WaitingSource extends TextOnlyFileSource {
  inFlight = 0;
  mostInFlight = 0;
  /** Reads still running after the build ended. */
  runningAfterEnd = 0;
  ended = false;
  controller: AbortController | undefined;
  abortAt = 0;

  override async readText(path: string): Promise<string> {
    this.inFlight++;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 3));
      if (this.reads.length + 1 === this.abortAt) this.controller?.abort();
      return await super.readText(path);
    } finally {
      this.inFlight--;
      if (this.ended) this.runningAfterEnd++;
    }
  }
}

const MODEL = (name: string): string =>
  `from sqlmodel import Field, SQLModel\n\n\nclass ${name}(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    name: str\n`;
const ROUTES = (name: string): string =>
  `from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/${name}")\n\n\n@router.get("/")\ndef list_${name}() -> list[str]:\n    return []\n`;

/** A project of 12 models, 12 routers, a mixin reached only by import and plain modules. */
function sampleProject(): string {
  const files: Record<string, string> = {
    'app/__init__.py': '',
    'app/mixins.py': 'class Stamped:\n    stamp: int = 0\n',
    'app/main.py': 'from fastapi import FastAPI\n\nfrom app import routes0\n\napp = FastAPI()\napp.include_router(routes0.router)\n',
  };
  for (let n = 0; n < 12; n++) {
    files[`app/models${n}.py`] = `from app.mixins import Stamped\n${MODEL(`Thing${n}`).replace('(SQLModel, table=True)', '(Stamped, SQLModel, table=True)')}`;
    files[`app/routes${n}.py`] = ROUTES(`things${n}`);
    files[`lib/plain${n}.py`] = `x${n} = ${n}\n`;
  }
  return temporaryProject(files);
}

describe('project index: the first read streams what the search finds', function () {
  this.timeout(60_000);
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  function project(): { root: string; expected: Promise<unknown> } {
    const root = sampleProject();
    folders.push(root);
    return { root, expected: new ProjectIndex({ root, source: new NodeFileSource(root) }).build().then(everything) };
  }

  it('reads ripgrep\'s output in pieces cut anywhere, names with a newline too, telling each found file once', () => {
    const output = Buffer.from('./app/a.py\x002\n./app/odd\nname.py\x001\n./lib/plain.py\x000\n./app/é.py\x001\n');
    const whole: string[] = [];
    const expected = countsOf([output], (path) => whole.push(path));
    assert.deepEqual(whole, ['app/a.py', 'app/odd\nname.py', 'app/é.py']);
    assert.deepEqual([...(expected?.searched ?? [])], ['app/a.py', 'app/odd\nname.py', 'lib/plain.py', 'app/é.py']);
    for (let cut = 0; cut <= output.length; cut++) {
      for (let second = cut; second <= output.length; second += 7) {
        const told: string[] = [];
        const pieces = [output.subarray(0, cut), output.subarray(cut, second), output.subarray(second)];
        assert.deepEqual(countsOf(pieces, (path) => told.push(path)), expected, `cut at ${cut} and ${second}`);
        assert.deepEqual(told, whole);
      }
    }
    assert.equal(countsOf([output.subarray(0, output.length - 1)]), undefined, 'an unfinished last line');
    assert.equal(countsOf([Buffer.from('app/a.py\x00x\n')]), undefined, 'a count that is not a number');
    assert.equal(countsOf([Buffer.from('app/a.py\x00\n')]), undefined, 'no count');
    assert.equal(countsOf([Buffer.from('app/a.py\x001x\n')]), undefined, 'a count with more after it');
  });

  it('leaves a name that is not valid UTF-8 to the index, and counts the names beside it in the same piece', () => {
    const output = Buffer.concat([Buffer.from('./app/a.py\x0010\n./app/'), Buffer.from([0xff]), Buffer.from('.py\x001\n./lib/plain.py\x000\n./app/\uFFFD.py\x000\n')]);
    const told: string[] = [];
    const answer = countsOf([output], (path) => told.push(path));
    assert.deepEqual(told, ['app/a.py']);
    assert.deepEqual([...(answer?.searched ?? [])], ['app/a.py', 'lib/plain.py']);
    assert.deepEqual([...(answer?.found ?? [])], ['app/a.py']);
  });

  it('gives the same facts when the files found are parsed while the search goes on, here or on threads', async () => {
    const { root, expected } = project();
    for (const threads of [undefined, new FakeThreads(root)]) {
      const search = new SlowSearch();
      const source = new CountingFileSource(new NodeFileSource(root));
      const index = new ProjectIndex({ root, source, textSearch: search, searchThreshold: 0, ...(threads ? { bulkReader: threads, bulkReadThreshold: 0 } : {}) });
      const facts = await index.build();
      assert.deepEqual(everything(facts), await expected);
      assert.equal(search.told.length, 25, 'the 12 models, 12 routers and main');
      assert.ok(facts.parsedFiles.includes('app/mixins.py'), 'a file without a word, parsed because resolution asked');
      const read = [...source.reads, ...(threads?.read ?? [])];
      assert.equal(new Set(read).size, read.length, 'no file read twice');
      if (threads) assert.ok(threads.calls.length >= 2, 'found files went to the threads before the search ended');
    }
  });

  it('starts idle threads only once the search has found enough files, or at once without a search', async () => {
    const { root, expected } = project();
    for (const [label, startAfter, searching, startsThreads] of [
      ['few files found', undefined, true, false],
      ['many files found', 10, true, true],
      ['no search', undefined, false, true],
    ] as const) {
      const threads = new IdleThreads(root);
      const source = new CountingFileSource(new NodeFileSource(root));
      const index = new ProjectIndex({
        root,
        source,
        bulkReader: threads,
        bulkReadThreshold: 0,
        ...(searching ? { textSearch: new SlowSearch(), searchThreshold: 0 } : {}),
        ...(startAfter === undefined ? {} : { threadStartThreshold: startAfter }),
      });
      assert.deepEqual(everything(await index.build()), await expected, label);
      assert.equal(threads.warmUps, startsThreads ? 1 : 0, `${label}: threads started`);
      assert.equal(threads.read.length > 0, startsThreads, `${label}: threads read files`);
      // Without a search the threads prefilter every file, and resolution reads the mixin again here.
      const read = [...source.reads, ...threads.read];
      if (searching) assert.equal(new Set(read).size, read.length, `${label}: no file read twice`);
      if (label === 'many files found') assert.ok(source.reads.length >= 10, 'the first files found were read here while the threads started');
    }
  });

  it('reads every file not read yet when the search fails midway, and none more often than without a search', async () => {
    const { root, expected } = project();
    const plain = new CountingFileSource(new NodeFileSource(root));
    await new ProjectIndex({ root, source: plain }).build();
    const timesRead = (reads: readonly string[]): Map<string, number> => {
      const counts = new Map<string, number>();
      for (const path of reads) counts.set(path, (counts.get(path) ?? 0) + 1);
      return counts;
    };
    const withoutSearch = timesRead(plain.reads);
    for (const threads of [undefined, new FakeThreads(root), new FakeThreads(root, 2)]) {
      const search = new SlowSearch(5);
      const source = new CountingFileSource(new NodeFileSource(root));
      const index = new ProjectIndex({ root, source, textSearch: search, searchThreshold: 0, ...(threads ? { bulkReader: threads, bulkReadThreshold: 0 } : {}) });
      assert.deepEqual(everything(await index.build()), await expected);
      assert.equal(search.told.length, 5);
      const read = timesRead([...source.reads, ...(threads?.read ?? [])]);
      assert.deepEqual([...read.keys()].sort(), [...withoutSearch.keys()].sort(), 'every file read, as without a search');
      for (const [path, times] of read) assert.ok(times <= (withoutSearch.get(path) ?? 0), `${path} read ${times} times`);
    }
  });

  it('rejects a build aborted mid-stream and builds whole the next time, here or on threads', async () => {
    const { root, expected } = project();
    for (const threads of [undefined, new FakeThreads(root)]) {
      const source = new AbortingSource(root);
      const index = new ProjectIndex({ root, source, textSearch: new SlowSearch(), searchThreshold: 0, ...(threads ? { bulkReader: threads, bulkReadThreshold: 0 } : {}) });
      assert.deepEqual(everything(await index.build()), await expected);
      const controller = new AbortController();
      source.controller = controller;
      source.abortAt = source.reads.length + 3;
      if (threads) {
        // The threads read the found files: abort once they have sent some back.
        const read = threads.readAndParse.bind(threads);
        threads.readAndParse = async (...args) => {
          const reads = await read(...args);
          controller.abort();
          return reads;
        };
      }
      await assert.rejects(index.build(controller.signal), { name: 'AbortError' });
      assert.equal(index.facts, undefined, 'no facts from a half-read build');
      assert.deepEqual(everything(await index.update(['app/models0.py'])), await expected, 'an update after it builds whole');
      assert.deepEqual(everything(await index.build()), await expected, 'and so does the next build');
    }
  });

  it('reads many files at once from a source whose reads wait, with the same facts; an abort ends the build only after they stop', async () => {
    const { root, expected } = project();
    const source = new WaitingSource(new NodeFileSource(root));
    const index = new ProjectIndex({ root, source, textSearch: new SlowSearch(), searchThreshold: 0 });
    assert.deepEqual(everything(await index.build()), await expected);
    assert.ok(source.mostInFlight > 4, `at most ${source.mostInFlight} reads were in flight at once`);
    const files = source.reads.length;
    assert.equal(new Set(source.reads).size, files, 'no file read twice');

    const aborting = new WaitingSource(new NodeFileSource(root));
    const controller = new AbortController();
    aborting.controller = controller;
    aborting.abortAt = 5;
    const cancelled = new ProjectIndex({ root, source: aborting, textSearch: new SlowSearch(), searchThreshold: 0 });
    await assert.rejects(cancelled.build(controller.signal), { name: 'AbortError' });
    aborting.ended = true;
    assert.equal(aborting.inFlight, 0, 'no read was left running when the build rejected');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(aborting.runningAfterEnd, 0);
    assert.ok(aborting.reads.length < files, `${aborting.reads.length} of ${files} files read before the abort took`);
    assert.deepEqual(everything(await cancelled.build()), await expected, 'the next build is whole');
  });
});
