import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import type { FileSource } from '../../../src/core/ports';
import { factsForJson } from '../../../src/core/project/describe';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { RELEVANT_WORDS } from '../../../src/core/project/read-python';
import { DEFAULT_EXCLUDED_DIRS } from '../../../src/core/project/ignore-rules';
import { bundledRipgrep, RipgrepSearch, ripgrepOnPath, type TextSearch, type TextSearchAnswer } from '../../../src/core/project/text-search';
import { CountingFileSource, fixtureRoot, temporaryProject, WORDLESS_ROUTES_PROJECT } from './fixture-index';

const RIPGREP = ripgrepOnPath();

/** Records what the search answered, to prove it was the search that decided. */
class RecordingSearch implements TextSearch {
  readonly answers: (TextSearchAnswer | undefined)[] = [];

  constructor(private readonly inner: TextSearch) {}

  async search(...args: Parameters<TextSearch['search']>): Promise<TextSearchAnswer | undefined> {
    const answer = await this.inner.search(...args);
    this.answers.push(answer);
    return answer;
  }
}

/** Everything the index says, per-file facts and notes included, as plain JSON. */
function everything(facts: ProjectFacts): unknown {
  const files = [...facts.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.parse(JSON.stringify({ facts: factsForJson(facts), files })) as unknown;
}

function ripgrep(): string {
  assert.ok(RIPGREP, 'ripgrep must be installed for these specs (Debian: apt-get install ripgrep)');
  return RIPGREP;
}

async function withSearch(root: string, search: TextSearch, options: { maxFileBytes?: number; source?: FileSource } = {}): Promise<ProjectFacts> {
  const source = options.source ?? new NodeFileSource(root);
  return new ProjectIndex({ root, source, textSearch: search, searchThreshold: 0, ...(options.maxFileBytes === undefined ? {} : { maxFileBytes: options.maxFileBytes }) }).build();
}

async function withoutSearch(root: string, maxFileBytes?: number): Promise<ProjectFacts> {
  return new ProjectIndex({ root, source: new NodeFileSource(root), ...(maxFileBytes === undefined ? {} : { maxFileBytes }) }).build();
}

const MODEL = 'from sqlmodel import Field, SQLModel\n\n\nclass Hero(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    name: str\n';
const ROUTES = 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/heroes")\ndef list_heroes() -> list[str]:\n    return []\n';

describe('project index: ripgrep as the prefilter', function () {
  this.timeout(120_000);
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  function project(files: Readonly<Record<string, string | Buffer>>): string {
    const root = mkdtempSync(join(tmpdir(), 'text-search-'));
    folders.push(root);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  }

  it('gives the same facts as the JavaScript prefilter for every fixture project', async () => {
    const search = new RecordingSearch(new RipgrepSearch(ripgrep()));
    const fixtures = readdirSync(fixtureRoot('.'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    assert.ok(fixtures.length > 20);
    for (const fixture of fixtures) {
      const root = fixtureRoot(fixture.name);
      const answered = search.answers.length;
      assert.deepEqual(everything(await withSearch(root, search)), everything(await withoutSearch(root)), fixture.name);
      assert.equal(search.answers.length, answered + 1, `${fixture.name}: searched once`);
      assert.notEqual(search.answers.at(-1), undefined, `${fixture.name}: ripgrep answered`);
    }
  });

  it('finds the same files in awkward workspaces: wordless routes, non-ASCII, byte tricks, limits, links, FIFOs, ignored folders', async () => {
    const root = project({
      '.gitignore': 'generated/\n',
      ...WORDLESS_ROUTES_PROJECT,
      'app/models.py': MODEL,
      'app/héros.py': `# café – naïve\n${MODEL.replace('Hero', 'Heros')}`,
      'app/near_miss.py': '# café\nx = "sqlmodeł"\nField = 1\nAPIRoute = None\n',
      'app/-dash.py': ROUTES,
      'app/with space.py': ROUTES.replace('heroes', 'teams'),
      'app/odd\nname.py': MODEL.replace('Hero', 'Odd'),
      'app/nul_byte.py': Buffer.concat([Buffer.from('x = "\0"\n'), Buffer.from(MODEL.replace('Hero', 'Nul'))]),
      'app/bad_utf8.py': Buffer.concat([Buffer.from([0xff, 0xfe, 0x80, 0x0a]), Buffer.from(MODEL.replace('Hero', 'Bad'))]),
      'app/utf16.py': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('from fastapi import FastAPI\n', 'utf16le')]),
      'app/crlf.py': ROUTES.replace('heroes', 'crlf').replace(/\n/g, '\r\n'),
      'app/big_model.py': `${MODEL.replace('Hero', 'Big')}${'# padding\n'.repeat(400)}`,
      'app/big_plain.py': 'x = 1\n'.repeat(1000),
      'generated/models.py': MODEL.replace('Hero', 'Generated'),
      'node_modules/pkg/models.py': MODEL.replace('Hero', 'Vendored'),
      'outside_target.py': MODEL.replace('Hero', 'Linked'),
      'tools/.hidden/settings_model.py': MODEL.replace('Hero', 'Hidden'),
      'app/at_limit.py': `${MODEL.replace('Hero', 'AtLimit')}`.padEnd(2048, '#'),
      'app/over_limit.py': `${MODEL.replace('Hero', 'OverLimit')}`.padEnd(2049, '#'),
    });
    writeFileSync(Buffer.concat([Buffer.from(join(root, 'app/latin1_')), Buffer.from([0xe9]), Buffer.from('.py')]), MODEL.replace('Hero', 'Latin'));
    symlinkSync(join(root, 'outside_target.py'), join(root, 'app/linked.py'));
    symlinkSync(join(root, 'app/loop_a.py'), join(root, 'app/loop_b.py'));
    symlinkSync(join(root, 'app/loop_b.py'), join(root, 'app/loop_a.py'));
    symlinkSync(join(root, 'app/missing.py'), join(root, 'app/dangling.py'));
    execFileSync('mkfifo', [join(root, 'app/pipe.py')]);
    symlinkSync(join(root, 'app/pipe.py'), join(root, 'app/pipe_link.py'));
    const search = new RecordingSearch(new RipgrepSearch(ripgrep()));
    const maxFileBytes = 2048;
    const counting = new CountingFileSource(new NodeFileSource(root));
    const found = await withSearch(root, search, { maxFileBytes, source: counting });
    const expected = await withoutSearch(root, maxFileBytes);
    assert.deepEqual(everything(found), everything(expected));
    const answer = search.answers[0];
    assert.ok(answer, 'ripgrep answered');
    assert.ok(answer.found.has('app/odd\nname.py') && answer.found.has('app/-dash.py'), 'names with a newline or a leading dash');
    assert.ok(!answer.searched.has('app/linked.py') && !answer.searched.has('app/over_limit.py'), 'links and large files are left to the index');
    assert.ok([...answer.searched].every((path) => !path.startsWith('app/latin1_')), 'a name that is not UTF-8 is left to the index');
    const models = found.models.map((model) => model.name).sort();
    // A hidden folder is no package the app imports: its model is not indexed either way.
    assert.deepEqual(models, ['AtLimit', 'Bad', 'Hero', 'Heros', 'Linked', 'Linked', 'Nul', 'Odd'], 'the linked file counts under both names');
    assert.ok(found.notes.some((note) => note.file === 'app/over_limit.py' && /over the 2 KB limit/.test(note.message)));
    assert.ok(found.notes.some((note) => note.file.startsWith('app/latin1_') && /Could not be read/.test(note.message)), 'a name that is not UTF-8');
    assert.deepEqual(found.routes.map((route) => route.path).sort(), ['/crlf', '/heroes', '/status/live', '/status/ready', '/teams']);
    assert.ok(found.notes.some((note) => note.file === 'app/big_model.py' && /over the 2 KB limit/.test(note.message)));
    assert.ok(found.notes.some((note) => note.file === 'app/big_plain.py' && /over the 2 KB limit/.test(note.message)));
    assert.ok(!counting.reads.includes('app/near_miss.py'), 'a file the search left out is not read');
  });

  it('falls back to reading every file when ripgrep fails, is missing, or answers in a form it cannot read', async () => {
    const root = project({ 'app/__init__.py': '', 'app/models.py': MODEL, 'app/routes.py': ROUTES, 'app/plain.py': 'x = 1\n' });
    const tools = project({});
    const failing = join(tools, 'failing-rg');
    writeFileSync(failing, '#!/bin/sh\necho "rg: app/plain.py: Permission denied (os error 13)" >&2\nexit 2\n');
    const stranger = join(tools, 'stranger-rg');
    writeFileSync(stranger, '#!/bin/sh\nprintf "app/models.py\\0x\\n"\n');
    chmodSync(failing, 0o755);
    chmodSync(stranger, 0o755);
    const expected = everything(await withoutSearch(root));
    for (const executable of [failing, stranger, join(tools, 'no-such-rg')]) {
      const search = new RecordingSearch(new RipgrepSearch(executable));
      const counting = new CountingFileSource(new NodeFileSource(root));
      assert.deepEqual(everything(await withSearch(root, search, { source: counting })), expected, executable);
      assert.deepEqual(search.answers, [undefined], `${executable}: no answer`);
      assert.ok(counting.reads.includes('app/plain.py'), `${executable}: every file read here`);
    }
  });

  it('says which files it looked at: not symlinks, files over the limit or excluded folders', async () => {
    const root = project({
      'app/models.py': MODEL,
      'app/plain.py': 'x = 1\n',
      'app/large.py': MODEL.padEnd(5000, '#'),
      'app/notes.txt': MODEL,
      '.venv/lib/models.py': MODEL,
      'pkg.egg-info/models.py': MODEL,
    });
    symlinkSync(join(root, 'app/models.py'), join(root, 'app/linked.py'));
    const query = { words: RELEVANT_WORDS, extension: '.py', excludedDirs: DEFAULT_EXCLUDED_DIRS, maxFileBytes: 4096 };
    const answer = await new RipgrepSearch(ripgrep()).search(root, query);
    assert.deepEqual([...(answer?.searched ?? [])].sort(), ['app/models.py', 'app/plain.py', 'pkg.egg-info/models.py']);
    assert.deepEqual([...(answer?.found ?? [])].sort(), ['app/models.py', 'pkg.egg-info/models.py']);
  });

  it('stops with the build when it is cancelled', async () => {
    const root = temporaryProject({ 'app/models.py': MODEL });
    folders.push(root);
    const controller = new AbortController();
    controller.abort();
    const query = { words: RELEVANT_WORDS, extension: '.py', excludedDirs: DEFAULT_EXCLUDED_DIRS, maxFileBytes: 4096 };
    assert.equal(await new RipgrepSearch(ripgrep()).search(root, query, controller.signal), undefined);
    const index = new ProjectIndex({ root, source: new NodeFileSource(root), textSearch: new RipgrepSearch(ripgrep()), searchThreshold: 0 });
    await assert.rejects(index.build(controller.signal));
  });

  it('finds ripgrep only where it may: a chosen absolute path, absolute PATH folders, or VS Code\'s own copy', () => {
    const tools = project({ 'bin/rg': '', 'relative/rg': '' });
    const rg = join(tools, 'bin/rg');
    assert.equal(ripgrepOnPath({ FASTAPI_ENGINEER_RIPGREP: 'off', PATH: join(tools, 'bin') }), undefined);
    assert.equal(ripgrepOnPath({ FASTAPI_ENGINEER_RIPGREP: rg }), rg);
    assert.equal(ripgrepOnPath({ FASTAPI_ENGINEER_RIPGREP: 'bin/rg' }), undefined, 'a relative choice is refused');
    assert.equal(ripgrepOnPath({ PATH: ['relative', join(tools, 'bin')].join(':') }), rg, 'relative PATH folders are skipped');
    assert.equal(ripgrepOnPath({ PATH: join(tools, 'nothing-here') }), undefined);
    const appRoot = project({
      [`node_modules/@vscode/ripgrep-universal/bin/${process.platform}-${process.arch}/rg`]: '',
      'node_modules.asar.unpacked/@vscode/ripgrep/bin/rg': '',
    });
    assert.equal(bundledRipgrep(appRoot), join(appRoot, `node_modules/@vscode/ripgrep-universal/bin/${process.platform}-${process.arch}/rg`));
    const older = project({ 'node_modules.asar.unpacked/@vscode/ripgrep/bin/rg': '' });
    assert.equal(bundledRipgrep(older), join(older, 'node_modules.asar.unpacked/@vscode/ripgrep/bin/rg'));
    assert.equal(bundledRipgrep(project({})), undefined);
  });
});
