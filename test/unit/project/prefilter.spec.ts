import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { Logger } from '../../../src/core/ports';
import { WORDLESS_ROUTES_MODULE } from '../../../scripts/bench/index-workspace';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { isRelevantPythonText, readPythonFile } from '../../../src/core/project/read-python';
import { installedRipgrep } from '../../../src/core/project/text-search';
import { model, temporaryProject, WORDLESS_ROUTES_PROJECT } from './fixture-index';

const WORDS = ['SQLModel', 'sqlmodel', 'FastAPI', 'fastapi', 'APIRouter', 'Depends', 'BaseSettings', 'BaseModel', 'pydantic', 'include_router', 'Field(', 'Annotated', 'jwt', 'pwdlib'];

describe('project index: the prefilter', () => {
  it('passes a file that mentions any one of its words, wherever it stands', () => {
    for (const word of WORDS) {
      assert.equal(isRelevantPythonText(`x = 1\n# ${word}\n`), true, word);
      assert.equal(isRelevantPythonText(`${word}`), true, `${word} alone`);
    }
  });

  it('leaves out code that names none of them, even near misses', () => {
    assert.equal(isRelevantPythonText('import math\n\n\ndef scale(values):\n    return [v * 2 for v in values]\n'), false);
    assert.equal(isRelevantPythonText('Field = 1\nsqlmode = "FastAP"\nAPIRoute = None\ninclude_route = 2\n'), false);
    assert.equal(isRelevantPythonText(WORDLESS_ROUTES_MODULE), false, 'the routes module below names no prefilter word');
  });

  it('reads bytes and text alike: words after non-ASCII UTF-8 text still count', async () => {
    const root = temporaryProject({ 'a.py': '# café – naïve\nfrom fastapi import APIRouter\n', 'b.py': '# café – naïve\nx = "sqlmodeł"\n' });
    try {
      const source = new NodeFileSource(root);
      const relevant = await readPythonFile(source, { path: 'a.py', size: 0 }, 1024, false);
      assert.equal(relevant.kind, 'text');
      assert.equal(relevant.kind === 'text' && relevant.text.startsWith('# café'), true, 'decoded as UTF-8');
      assert.equal((await readPythonFile(source, { path: 'b.py', size: 0 }, 1024, false)).kind, 'irrelevant');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('never loses a routes module without its words: importing it from the route graph is enough', async () => {
    const root = temporaryProject(WORDLESS_ROUTES_PROJECT);
    try {
      const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      const paths = facts.routes.filter((route) => route.file === 'app/api/routes/status.py').map((route) => `${route.method} ${route.path}`);
      assert.deepEqual(paths.sort(), ['get /status/live', 'get /status/ready']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads an entry module that names none of its words: the app a factory makes there, and the routers handed to it', async () => {
    const files = {
      'src/__init__.py': '',
      'src/app/__init__.py': '',
      // `app = create_application(router=router)`: no prefilter word in the module that makes the app.
      'src/app/main.py': 'from .api import router\nfrom .core.setup import create_application\n\napp = create_application(router=router)\n',
      'src/app/core/__init__.py': '',
      'src/app/core/setup.py': [
        'from fastapi import APIRouter, FastAPI',
        '',
        '',
        'def create_application(router: APIRouter) -> FastAPI:',
        '    application = FastAPI()',
        '    application.include_router(router)',
        '    return application',
        '',
      ].join('\n'),
      'src/app/api/__init__.py': 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/api")\n\n\n@router.get("/ping")\ndef ping() -> str:\n    return "pong"\n',
    };
    for (const search of [undefined, 'ripgrep'] as const) {
      const root = temporaryProject(files);
      try {
        const textSearch = search === undefined ? undefined : installedRipgrep();
        const facts = await new ProjectIndex({ root, source: new NodeFileSource(root), ...(textSearch ? { textSearch } : {}) }).build();
        assert.deepEqual(facts.apps.map((app) => `${app.variable} ${app.file}`), ['app src/app/main.py'], search);
        assert.deepEqual(facts.routes.map((route) => `${route.method} ${route.path}`), ['get /api/ping'], search);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  });

  it('parses the skipped files a build is sure to need before deriving, so it derives once with the same facts', async () => {
    const root = temporaryProject({
      ...WORDLESS_ROUTES_PROJECT,
      // A mixin and a re-exporting `__init__` that name no prefilter word: reached through class bases.
      'app/models/__init__.py': 'from .hero import HeroBase\n',
      'app/models/mixins.py': 'from datetime import datetime\n\n\nclass StampMixin:\n    created_at: datetime | None = None\n',
      'app/models/hero.py':
        'from sqlmodel import Field, SQLModel\n\nfrom app.models.mixins import StampMixin\n\n\nclass HeroBase(SQLModel):\n    name: str\n\n\nclass Hero(HeroBase, StampMixin, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n',
      'app/schemas.py': 'from sqlmodel import SQLModel\n\nfrom app.models import HeroBase\n\n\nclass HeroPublic(HeroBase):\n    id: int\n\n\nclass HeroNote(SQLModel):\n    text: str\n',
      'app/unused.py': 'def helper():\n    return 1\n',
    });
    try {
      const debug: string[] = [];
      const nothing = (): void => undefined;
      const logger: Logger = { trace: nothing, debug: (message) => debug.push(message), info: nothing, warn: nothing, error: nothing };
      const facts = await new ProjectIndex({ root, source: new NodeFileSource(root), logger }).build();
      assert.deepEqual(
        debug.filter((message) => message.startsWith('Resolution needs')),
        [],
        'every file the derivation needed was parsed before it ran',
      );
      assert.deepEqual(
        facts.routes.filter((route) => route.file === 'app/api/routes/status.py').map((route) => route.path).sort(),
        ['/status/live', '/status/ready'],
      );
      assert.deepEqual(model(facts, 'Hero').fields.map((field) => field.name), ['created_at', 'name', 'id']);
      assert.equal(model(facts, 'HeroPublic').mro[0], 'HeroBase');
      assert.deepEqual(facts.parsedFiles, ['app/api/routes/status.py', 'app/api/routing.py', 'app/main.py', 'app/models/__init__.py', 'app/models/hero.py', 'app/models/mixins.py', 'app/schemas.py']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
