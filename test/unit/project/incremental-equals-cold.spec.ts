import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { factsForJson } from '../../../src/core/project/describe';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { fixtureRoot, temporaryProject } from './fixture-index';

/** Everything the index says, per-file facts included (by path), as plain JSON. */
function everything(facts: ProjectFacts): unknown {
  const files = [...facts.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.parse(JSON.stringify({ facts: factsForJson(facts), files })) as unknown;
}

interface EditContext {
  readonly root: string;
  readonly facts: ProjectFacts;
}

/** An edit of a project on disk: the paths it changed, or undefined when the project has nothing to edit so. */
interface Edit {
  readonly name: string;
  apply(context: EditContext): string[] | undefined;
}

function read(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** Inserts `line` after line `after` (0-based) of the file. */
function insertLine(root: string, path: string, after: number, line: string): void {
  const lines = read(root, path).split('\n');
  lines.splice(after + 1, 0, line);
  write(root, path, lines.join('\n'));
}

/** Replaces the first match of `pattern` in the first of `paths` that has one. */
function replaceFirst(root: string, paths: readonly string[], pattern: RegExp, replacement: string): string[] | undefined {
  for (const path of paths) {
    const text = read(root, path);
    if (!pattern.test(text)) continue;
    write(root, path, text.replace(pattern, replacement));
    return [path];
  }
  return undefined;
}

function firstModel(facts: ProjectFacts, table: boolean): ProjectFacts['models'][number] | undefined {
  return facts.models.find((model) => model.table === table && model.fields.some((field) => field.declaredInFile === model.file));
}

/** Every kind of save an editor reports, applied in turn to one project. */
const EDITS: readonly Edit[] = [
  {
    name: 'a field added to a table model',
    apply: ({ root, facts }) => {
      const model = firstModel(facts, true);
      if (!model) return undefined;
      insertLine(root, model.file, model.range.endLine, '    added_later: int | None = None');
      return [model.file];
    },
  },
  {
    name: 'a field removed from a schema',
    apply: ({ root, facts }) => {
      const model = firstModel(facts, false) ?? firstModel(facts, true);
      const field = model?.fields.find((candidate) => candidate.declaredInFile === model.file && candidate.range.startLine === candidate.range.endLine);
      if (!model || !field) return undefined;
      const lines = read(root, model.file).split('\n');
      lines.splice(field.range.startLine, 1);
      write(root, model.file, lines.join('\n'));
      return [model.file];
    },
  },
  {
    name: 'a base class changed',
    apply: ({ root, facts }) => {
      const derived = facts.models.find((model) => model.mro.length > 1 && model.mro[0] !== 'SQLModel');
      if (!derived) return undefined;
      return replaceFirst(root, [derived.file], new RegExp(`^class ${derived.name}\\((\\w+)`, 'm'), `class ${derived.name}(SQLModel`);
    },
  },
  {
    name: 'a router prefix changed',
    apply: ({ root, facts }) => replaceFirst(root, [...new Set(facts.routers.map((router) => router.file))], /prefix\s*=\s*(["'])/, 'prefix=$1/changed'),
  },
  {
    name: 'an include added',
    apply: ({ root, facts }) => {
      for (const router of facts.routers) {
        const include = router.includedBy[0];
        if (!include) continue;
        const text = read(root, include.file);
        const line = text.split('\n').find((candidate) => candidate.includes('.include_router('));
        if (!line) continue;
        write(root, include.file, `${text}\n${line.trim().replace(/prefix\s*=\s*(["'])/, 'prefix=$1/again')}\n`);
        return [include.file];
      }
      return undefined;
    },
  },
  {
    name: 'settings changed',
    apply: ({ root, facts }) => {
      const settings = facts.settings[0];
      if (!settings) return undefined;
      return replaceFirst(root, [settings.file], /(["'])\/api\/v1\1/, '$1/api/v2$1') ?? replaceFirst(root, [settings.file], /: str = (["'])/, ': str = $1changed-');
    },
  },
  {
    name: 'a function body changed',
    apply: ({ root, facts }) => {
      const route = facts.routes[0];
      if (!route) return undefined;
      const lines = read(root, route.file).split('\n');
      const body = lines.findIndex((line, i) => i > route.range.startLine && line.trim().startsWith('return '));
      if (body < 0) return undefined;
      lines[body] = `${lines[body]}  # still the same answer`;
      write(root, route.file, lines.join('\n'));
      return [route.file];
    },
  },
  {
    name: 'a comment added at the end',
    apply: ({ root, facts }) => {
      const path = facts.parsedFiles[0];
      if (path === undefined) return undefined;
      write(root, path, `${read(root, path)}\n# a note\n`);
      return [path];
    },
  },
  {
    name: 'a new module with a model and a router',
    apply: ({ root, facts }) => {
      const dir = dirname(facts.models[0]?.file ?? facts.routers[0]?.file ?? 'app/x.py');
      const path = `${dir === '.' ? '' : `${dir}/`}gadgets.py`;
      write(
        root,
        path,
        'from fastapi import APIRouter\nfrom sqlmodel import Field, SQLModel\n\nrouter = APIRouter(prefix="/gadgets")\n\n\n' +
          'class Gadget(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    label: str\n\n\n' +
          '@router.get("/")\ndef list_gadgets() -> list[Gadget]:\n    return []\n',
      );
      return [path];
    },
  },
  {
    name: 'a syntax error introduced',
    apply: ({ root, facts }) => {
      const path = facts.models[0]?.file ?? facts.parsedFiles[0];
      if (path === undefined) return undefined;
      write(root, path, `${read(root, path)}\ndef broken(:\n    pass\n`);
      return [path];
    },
  },
  {
    name: 'the syntax error fixed',
    apply: ({ root, facts }) => {
      const path = facts.notes.find((note) => note.message.startsWith('Line '))?.file;
      if (path === undefined) return undefined;
      write(root, path, read(root, path).replace('\ndef broken(:\n    pass\n', ''));
      return [path];
    },
  },
  {
    name: 'a router module renamed',
    apply: ({ root, facts }) => {
      const path = facts.routers.find((router) => router.routes.length > 0 && !router.file.endsWith('__init__.py'))?.file;
      if (path === undefined) return undefined;
      const renamed = path.replace(/\.py$/, '_renamed.py');
      renameSync(join(root, path), join(root, renamed));
      return [path, renamed];
    },
  },
  {
    name: 'a models module deleted',
    apply: ({ root, facts }) => {
      const path = facts.models.find((model) => model.table)?.file;
      if (path === undefined || !existsSync(join(root, path))) return undefined;
      rmSync(join(root, path));
      return [path];
    },
  },
];

describe('project index: an update gives the facts a fresh build of the same files gives', function () {
  this.timeout(120_000);
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('after every kind of edit, in every fixture project', async () => {
    const fixtures = readdirSync(fixtureRoot('.'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    assert.ok(fixtures.length > 20);
    const applied = new Map<string, number>();
    for (const fixture of fixtures) {
      const root = mkdtempSync(join(tmpdir(), 'incremental-'));
      folders.push(root);
      cpSync(fixtureRoot(fixture.name), root, { recursive: true });
      const index = new ProjectIndex({ root, source: new NodeFileSource(root) });
      let facts = await index.build();
      for (const edit of EDITS) {
        const changed = edit.apply({ root, facts });
        if (!changed) continue;
        applied.set(edit.name, (applied.get(edit.name) ?? 0) + 1);
        facts = await index.update(changed);
        const cold = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
        assert.deepEqual(everything(facts), everything(cold), `${fixture.name}, after ${edit.name}`);
      }
    }
    // Every kind of edit found something to edit in several projects: the spec proves what it says.
    for (const edit of EDITS) assert.ok((applied.get(edit.name) ?? 0) >= 3, `${edit.name}: applied ${applied.get(edit.name) ?? 0} times`);
  });
});

const MODELS = [
  'from sqlmodel import Field, SQLModel',
  '',
  '',
  'class Hero(SQLModel, table=True):',
  '    id: int | None = Field(default=None, primary_key=True)',
  '    name: str',
  '',
  '',
  'class HeroPublic(SQLModel):',
  '    id: int',
  '    name: str',
  '',
].join('\n');

const ROUTES = [
  'from fastapi import APIRouter',
  '',
  'from app.models import Hero, HeroPublic',
  '',
  'router = APIRouter(prefix="/heroes")',
  '',
  '',
  '@router.get("/{hero_id}", response_model=HeroPublic)',
  'def read_hero(hero_id: int) -> Hero:',
  '    return Hero(id=hero_id, name="x")',
  '',
].join('\n');

describe('project index: an update re-derives only what the saved file can change', function () {
  this.timeout(30_000);
  let root: string;
  let index: ProjectIndex;
  beforeEach(async () => {
    root = temporaryProject({ 'app/__init__.py': '', 'app/models.py': MODELS, 'app/routes.py': ROUTES, 'app/main.py': 'from fastapi import FastAPI\n\nfrom app.routes import router\n\napp = FastAPI()\napp.include_router(router)\n' });
    index = new ProjectIndex({ root, source: new NodeFileSource(root) });
    await index.build();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps the facts as they are when a save changes only a comment after the code', async () => {
    const before = index.facts;
    write(root, 'app/routes.py', `${ROUTES}\n# more routes follow\n`);
    assert.equal(await index.update(['app/routes.py']), before);
    write(root, 'app/models.py', `${MODELS}# the hero tables\n`);
    assert.equal(await index.update(['app/models.py']), before);
  });

  it('reuses routes and conventions when a model field no convention reads is added, and not when the key type changes', async () => {
    const before = index.facts;
    assert.ok(before);
    write(root, 'app/models.py', `${MODELS}    power: int = 0\n`);
    const added = await index.update(['app/models.py']);
    assert.notEqual(added, before);
    assert.ok(added.models.find((model) => model.name === 'HeroPublic')?.fields.some((field) => field.name === 'power'));
    assert.equal(added.routes, before.routes);
    assert.equal(added.conventions, before.conventions);
    assert.equal(added.families, before.families);
    assert.equal(added.dependencies, before.dependencies);
    write(root, 'app/models.py', MODELS.replace('id: int | None = Field(default=None, primary_key=True)', 'id: str | None = Field(default=None, primary_key=True)'));
    const rekeyed = await index.update(['app/models.py']);
    assert.equal(before.conventions.idType.value, 'int');
    assert.equal(rekeyed.conventions.idType.value, 'str');
    assert.equal(rekeyed.routes, before.routes);
  });
});
