import assert from 'node:assert/strict';
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { loadIgnoreRules } from '../../../src/core/project/ignore-rules';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { CountingFileSource, TextOnlyFileSource, temporaryProject } from './fixture-index';

const MODEL = 'from sqlmodel import Field, SQLModel\n\n\nclass Hero(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n';

describe('project index: ignore rules', () => {
  let root: string;
  before(() => {
    root = temporaryProject({
      '.gitignore': 'generated/\n*.local.py\n!keep.local.py\n',
      'app/models.py': MODEL,
      'app/keep.local.py': MODEL.replace('Hero', 'Kept'),
      'app/scratch.local.py': MODEL.replace('Hero', 'Scratch'),
      'generated/models.py': MODEL.replace('Hero', 'Generated'),
      'pkg/.gitignore': 'private.py\n',
      'pkg/private.py': MODEL.replace('Hero', 'Private'),
      'pkg/public.py': MODEL.replace('Hero', 'Public'),
      'private.py': MODEL.replace('Hero', 'RootPrivate'),
      '.venv/lib/python3.11/site-packages/sqlmodel/main.py': MODEL.replace('Hero', 'Vendored'),
      'node_modules/x/models.py': MODEL.replace('Hero', 'NodeModule'),
      'mypkg.egg-info/models.py': MODEL.replace('Hero', 'EggInfo'),
      'build/lib/models.py': MODEL.replace('Hero', 'Built'),
    });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('answers for .gitignore files (nested ones below their folder) and the default excludes', async () => {
    const isIgnored = await loadIgnoreRules(new NodeFileSource(root));
    assert.equal(isIgnored('app/models.py'), false);
    assert.equal(isIgnored('generated/models.py'), true);
    assert.equal(isIgnored('app/scratch.local.py'), true);
    assert.equal(isIgnored('app/keep.local.py'), false, 'a negated pattern keeps the file');
    assert.equal(isIgnored('pkg/private.py'), true);
    assert.equal(isIgnored('private.py'), false, 'pkg/.gitignore says nothing about the root');
    assert.equal(isIgnored('.venv/lib/python3.11/site-packages/sqlmodel/main.py'), true);
    assert.equal(isIgnored('mypkg.egg-info/models.py'), true);
    assert.equal(isIgnored('build/lib/models.py'), true);
  });

  it('indexes none of the ignored files', async () => {
    const source = new CountingFileSource(new NodeFileSource(root));
    const facts = await new ProjectIndex({ root, source }).build();
    assert.deepEqual(facts.models.map((m) => m.name).sort(), ['Hero', 'Kept', 'Public', 'RootPrivate']);
    assert.equal(facts.pythonFileCount, 4);
    assert.ok(source.reads.every((path) => !path.startsWith('.venv/') && !path.startsWith('generated/')));
  });

  it('answers for the same rules after a build, without listing the workspace again', async () => {
    const source = new CountingFileSource(new NodeFileSource(root));
    const index = new ProjectIndex({ root, source });
    await index.build();
    const standalone = await loadIgnoreRules(new NodeFileSource(root));
    for (const path of ['app/models.py', 'generated/models.py', 'app/keep.local.py', 'pkg/private.py', 'private.py', 'build/lib/models.py']) {
      assert.equal(index.isIgnored(path), standalone(path), path);
    }
    assert.equal(source.listings, 1);
  });
});

describe('project index: size limit and incremental updates', () => {
  let root: string;
  beforeEach(() => {
    root = temporaryProject({
      'app/models.py': MODEL,
      'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
      'app/util.py': 'def add(a: int, b: int) -> int:\n    return a + b\n',
      'app/big.py': `${MODEL.replace('Hero', 'Huge')}\n${'# padding\n'.repeat(200)}`,
    });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  for (const [label, wrap] of [
    ['byte reads', (inner: NodeFileSource) => new CountingFileSource(inner)],
    ['text reads only', (inner: NodeFileSource) => new TextOnlyFileSource(inner)],
  ] as const) {
    it(`skips a file over the size limit with a note (${label})`, async () => {
      const source = wrap(new NodeFileSource(root));
      const facts = await new ProjectIndex({ root, source, maxFileBytes: 1000 }).build();
      assert.deepEqual(facts.models.map((m) => m.name), ['Hero']);
      assert.ok(!source.reads.includes('app/big.py'));
      assert.deepEqual(facts.notes, [{ file: 'app/big.py', message: 'Skipped: 2133 bytes is over the 1 KB limit.' }]);
    });
  }

  it('reads UTF-8 text with a byte-order mark the same through both paths', async () => {
    writeFileSync(join(root, 'app/cafe.py'), `\uFEFF${MODEL.replace('Hero', 'Café').replace('id: int', '# é ü 名前\n    id: int')}`);
    for (const source of [new NodeFileSource(root), new TextOnlyFileSource(new NodeFileSource(root))]) {
      const facts = await new ProjectIndex({ root, source }).build();
      const cafe = facts.models.find((m) => m.file === 'app/cafe.py');
      assert.equal(cafe?.name, 'Café');
      assert.deepEqual(cafe?.primaryKey, ['id']);
    }
  });

  it('prefilters: files that mention nothing relevant are read but not parsed', async () => {
    const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
    assert.deepEqual(facts.parsedFiles, ['app/big.py', 'app/main.py', 'app/models.py']);
    assert.equal(facts.pythonFileCount, 4);
  });

  it('re-reads only the changed file on update', async () => {
    const source = new CountingFileSource(new NodeFileSource(root));
    const index = new ProjectIndex({ root, source });
    await index.build();
    assert.equal(source.reads.length, 4);
    source.reads.length = 0;
    writeFileSync(join(root, 'app/models.py'), `${MODEL}\n\nclass Villain(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n`);
    const facts = await index.update(['app/models.py']);
    assert.deepEqual(source.reads, ['app/models.py']);
    assert.equal(source.listings, 1, 'an update lists nothing');
    assert.deepEqual(facts.models.map((m) => m.name), ['Huge', 'Hero', 'Villain']);
    assert.equal(index.facts, facts);
  });

  it('keeps the facts when a save changed nothing', async () => {
    const index = new ProjectIndex({ root, source: new NodeFileSource(root) });
    const built = await index.build();
    writeFileSync(join(root, 'app/models.py'), MODEL);
    assert.equal(await index.update(['app/models.py', 'app/util.py']), built);
    writeFileSync(join(root, 'app/models.py'), MODEL.replace('Hero', 'Heroine'));
    const changed = await index.update(['app/models.py']);
    assert.notEqual(changed, built);
    assert.deepEqual(changed.models.map((m) => m.name), ['Huge', 'Heroine']);
  });

  it('runs an update that arrives during a build after that build', async () => {
    const index = new ProjectIndex({ root, source: new NodeFileSource(root) });
    const building = index.build();
    writeFileSync(join(root, 'app/villain.py'), MODEL.replace('Hero', 'Villain'));
    const updating = index.update(['app/villain.py']);
    const [built, updated] = await Promise.all([building, updating]);
    assert.ok(built.routes.length === 0 && updated.routes.length === 0);
    assert.equal(index.facts, updated, 'the update finished last');
    assert.ok(updated.models.some((m) => m.name === 'Villain'));
  });

  it('applies a changed .gitignore by indexing again', async () => {
    const index = new ProjectIndex({ root, source: new NodeFileSource(root) });
    await index.build();
    writeFileSync(join(root, '.gitignore'), 'app/big.py\n');
    const facts = await index.update(['.gitignore']);
    assert.deepEqual(facts.models.map((m) => m.name), ['Hero']);
    assert.equal(facts.pythonFileCount, 3);
  });

  it('treats a missing file as deleted and picks up a new one', async () => {
    const source = new CountingFileSource(new NodeFileSource(root));
    const index = new ProjectIndex({ root, source });
    await index.build();
    source.reads.length = 0;
    unlinkSync(join(root, 'app/big.py'));
    writeFileSync(join(root, 'app/team.py'), MODEL.replace('Hero', 'Team'));
    const facts = await index.update(['app/big.py', 'app/team.py']);
    assert.deepEqual(source.reads, ['app/team.py']);
    assert.deepEqual(facts.models.map((m) => m.name), ['Hero', 'Team']);
    assert.equal(facts.pythonFileCount, 4);
    assert.equal(facts.models.find((m) => m.name === 'Team')?.module, 'app.team');
  });
});
