import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { moduleNameFor } from '../../../src/core/project/module-names';
import { PythonLayout } from '../../../src/core/project/python-projects';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { model, routeLines, temporaryProject } from './fixture-index';

const files: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "shop"\n',
  // A src layout whose package is namespace-only at the top (no src/shop/__init__.py).
  'src/shop/db/base.py': [
    'from sqlmodel import Field, SQLModel',
    '',
    'class Base(SQLModel):',
    '    id: int | None = Field(default=None, primary_key=True)',
    '    note: str = ""',
    '',
  ].join('\n'),
  'src/shop/db/__init__.py': 'from .base import Base as ModelBase\n',
  'src/shop/db/left.py': 'from shop.db import ModelBase\n\nclass Left(ModelBase):\n    left: int = 0\n',
  'src/shop/db/right.py': 'from . import base\n\nclass Right(base.Base):\n    right: int = 0\n',
  'src/shop/models/__init__.py': 'from .entities import *\n',
  'src/shop/models/entities.py': [
    'import shop.db.left as left_module',
    'from ..db.right import Right',
    'from sqlmodel import Field',
    'from pydantic import BaseModel',
    '',
    'class Diamond(left_module.Left, Right, table=True):',
    '    note: str = "redefined"',
    '',
    'class DiamondRead(BaseModel):',
    '    id: int',
    '',
    'class DiamondPage(BaseModel):',
    '    items: list[DiamondRead]',
    '    total: int',
    '',
  ].join('\n'),
  'src/shop/config.py': [
    'from functools import lru_cache',
    'from pydantic_settings import BaseSettings',
    '',
    'class Settings(BaseSettings):',
    '    API_ROOT: str = "/api"',
    '    VERSION_PREFIX: str = "/v3"',
    '',
    '@lru_cache',
    'def get_settings() -> Settings:',
    '    return Settings()',
    '',
    'settings = Settings()',
    'ADMIN_PREFIX = "/admin"',
    '',
  ].join('\n'),
  'src/shop/routes.py': [
    'from fastapi import APIRouter',
    'from shop.models import Diamond, DiamondPage',
    '',
    'router = APIRouter(prefix="/diamonds")',
    '',
    '@router.get("/", response_model=DiamondPage)',
    'def list_diamonds() -> DiamondPage:',
    '    return DiamondPage(items=[], total=0)',
    '',
  ].join('\n'),
  'src/shop/main.py': [
    'from fastapi import FastAPI',
    'from shop import config',
    'from shop.config import get_settings, settings',
    'from shop.routes import router as diamonds',
    '',
    'app = FastAPI()',
    'app.include_router(diamonds, prefix=f"{settings.API_ROOT}{get_settings().VERSION_PREFIX}")',
    'app.include_router(diamonds, prefix=config.ADMIN_PREFIX + "/x")',
    '',
  ].join('\n'),
};

describe('project index: names across modules', () => {
  let root: string;
  let facts: ProjectFacts;
  before(async () => {
    root = temporaryProject(files);
    facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('names modules from paths, dropping src/ and __init__', () => {
    const pythonPaths = ['src/shop/db/base.py', 'src/shop/db/__init__.py', 'backend/app/models.py', 'main.py'];
    const roots = new PythonLayout({ pythonPaths, markerPaths: ['pyproject.toml', 'backend/pyproject.toml'] });
    assert.equal(moduleNameFor('src/shop/db/base.py', roots), 'shop.db.base');
    assert.equal(moduleNameFor('src/shop/db/__init__.py', roots), 'shop.db');
    assert.equal(moduleNameFor('backend/app/models.py', roots), 'app.models');
    assert.equal(moduleNameFor('main.py', roots), 'main');
    assert.equal(model(facts, 'Diamond').module, 'shop.models.entities');
  });

  it('follows aliases, relative imports, __init__ re-exports and star imports to the bases', () => {
    const diamond = model(facts, 'Diamond');
    assert.deepEqual(diamond.mro, ['Left', 'Right', 'Base', 'SQLModel']);
    assert.deepEqual(
      diamond.fields.map((field) => [field.name, field.declaredIn, field.default]),
      [
        ['id', 'Base', 'None'],
        ['note', 'Diamond', '"redefined"'],
        ['right', 'Right', '0'],
        ['left', 'Left', '0'],
      ],
    );
    assert.ok(diamond.table);
    assert.equal(diamond.kind, 'sqlmodel');
  });

  it('counts plain pydantic classes as schemas and finds an envelope by its shape', () => {
    assert.equal(model(facts, 'DiamondRead').kind, 'pydantic');
    assert.equal(model(facts, 'DiamondRead').role, 'public');
    assert.equal(model(facts, 'DiamondPage').role, 'list');
    assert.deepEqual(facts.families, [{ root: 'Diamond', table: 'Diamond', public: 'DiamondRead', list: 'DiamondPage' }]);
    assert.deepEqual(facts.conventions.envelope.value, { items: 'items', count: 'total' });
    assert.equal(facts.conventions.listShape.value, 'envelope');
  });

  it('evaluates prefixes from f-strings, settings getters, constants and concatenation; a router included twice has two paths', () => {
    assert.deepEqual(routeLines(facts), ['GET /api/v3/diamonds/ → list_diamonds', 'GET /admin/x/diamonds/ → list_diamonds']);
    assert.deepEqual(facts.notes, []);
  });
});
