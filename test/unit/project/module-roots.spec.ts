import assert from 'node:assert/strict';
import { srcDecisionFromPyproject } from '../../../src/core/project/python-projects';
import { indexFixture, indexTemporaryProject, model } from './fixture-index';

const BLOG_MODELS = [
  'from sqlmodel import Field, SQLModel',
  '',
  'from src.common.base import ModelBase',
  '',
  '',
  'class Tag(ModelBase, table=True):',
  '    name: str',
  '',
].join('\n');
const BASE = ['from sqlmodel import Field, SQLModel', '', '', 'class ModelBase(SQLModel):', '    id: int | None = Field(default=None, primary_key=True)', ''].join('\n');


describe('project index: module roots from the project\'s evidence', () => {
  it('reads a package named src from the src-package fixture: models, bases and keys resolve', async () => {
    const facts = await indexFixture('src-package');
    const tag = model(facts, 'Tag');
    assert.equal(tag.module, 'src.apps.blog.models');
    assert.deepEqual(tag.primaryKey, ['id']);
    assert.deepEqual(tag.mro, ['ModelBase', 'TagBase', 'SQLModel']);
    assert.deepEqual(
      facts.models.filter((candidate) => candidate.table).map((candidate) => candidate.name),
      ['Tag', 'Article'],
    );
    assert.deepEqual(facts.pythonProjects, [
      {
        root: '',
        sourceRoots: [''],
        packages: ['src', 'tests'],
        src: { srcIsPackage: true, evidence: 'pyproject.toml: [tool.poetry] packages include = "src"' },
      },
    ]);
  });

  it('takes src as a package when its code imports src.…, with no packaging setting or __init__.py', async () => {
    const facts = await indexTemporaryProject({
      'pyproject.toml': '[project]\nname = "blog"\n',
      'src/common/base.py': BASE,
      'src/apps/blog/models.py': BLOG_MODELS,
    });
    const tag = model(facts, 'Tag');
    assert.equal(tag.module, 'src.apps.blog.models');
    assert.deepEqual(tag.primaryKey, ['id']);
    assert.equal(tag.table, true);
    assert.match(facts.pythonProjects[0]?.src?.evidence ?? '', /src\/apps\/blog\/models\.py imports from src\./);
  });

  it('keeps the src layout when the packaging says so, and resolves imports written either way', async () => {
    const facts = await indexTemporaryProject({
      'pyproject.toml': '[tool.setuptools.packages.find]\nwhere = ["src"]\n',
      'src/shop/__init__.py': '',
      'src/shop/base.py': BASE,
      'src/shop/models.py': BLOG_MODELS.replace('src.common.base', 'shop.base').replace('Tag', 'Product'),
      'src/shop/legacy.py': BLOG_MODELS.replace('src.common.base', 'src.shop.base').replace('Tag', 'Order'),
    });
    assert.equal(model(facts, 'Product').module, 'shop.models');
    assert.deepEqual(model(facts, 'Product').primaryKey, ['id']);
    assert.deepEqual(model(facts, 'Order').primaryKey, ['id']);
    assert.deepEqual(facts.pythonProjects[0]?.sourceRoots, ['src', '']);
    assert.deepEqual(facts.pythonProjects[0]?.packages, ['shop']);
  });

  it('reads each packaging tool\'s way of saying where packages live', () => {
    const decide = (text: string): boolean | undefined => srcDecisionFromPyproject(text, 'pyproject.toml')?.srcIsPackage;
    assert.equal(decide('[tool.poetry]\npackages = [{ include = "app", from = "src" }]\n'), false);
    assert.equal(decide('[tool.poetry]\npackages = [{ include = "src" }]\n'), true);
    assert.equal(decide('[tool.hatch.build.targets.wheel]\npackages = ["src/blog"]\n'), false);
    assert.equal(decide('[tool.hatch.build.targets.wheel]\npackages = ["src"]\n'), true);
    assert.equal(decide('[tool.setuptools]\npackage-dir = {"" = "src"}\n'), false);
    assert.equal(decide('[tool.setuptools]\npackages = ["src", "src.apps"]\n'), true);
    assert.equal(decide('[build-system]\nbuild-backend = "uv_build"\n'), false);
    assert.equal(decide('[project]\nname = "x"\n'), undefined);
    assert.equal(decide('this is = = not toml'), undefined);
  });

  it('finds a Python project below the workspace root and names its first-party packages', async () => {
    const facts = await indexTemporaryProject({
      'README.md': '# full stack\n',
      'backend/pyproject.toml': '[project]\nname = "backend"\n',
      'backend/app/__init__.py': '',
      'backend/app/models.py': BASE.replace('ModelBase(SQLModel)', 'Hero(SQLModel, table=True)'),
      'backend/tests/test_heroes.py': 'from app.models import Hero\n',
    });
    assert.equal(model(facts, 'Hero').module, 'app.models');
    assert.deepEqual(facts.pythonProjects, [{ root: 'backend', sourceRoots: ['backend'], packages: ['app', 'tests'] }]);
  });
});

describe('project index: a setup.py inside a package', () => {
  it('is a module of the package, not the root of another project', async () => {
    const facts = await indexTemporaryProject({
      'pyproject.toml': '[project]\nname = "shop"\n',
      'app/__init__.py': '',
      'app/setup.py': 'def configure() -> None:\n    pass\n',
      'app/models.py': BASE.replace('ModelBase(SQLModel)', 'Product(SQLModel, table=True)'),
    });
    assert.equal(model(facts, 'Product').module, 'app.models');
    assert.deepEqual(facts.pythonProjects.map((project) => project.root), ['']);
  });
});

describe('project index: a library copy in the tree', () => {
  it('recognises table=True classes by the import of SQLModel, not by the vendored sqlmodel/main.py', async () => {
    const facts = await indexFixture('vendored-sqlmodel');
    assert.deepEqual(
      facts.models.map((candidate) => [candidate.name, candidate.table]),
      [
        ['ArtistBase', false],
        ['Artist', true],
        ['Album', true],
      ],
    );
  });

  it('sees a primary key and a foreign key declared on sa_column=Column(...)', async () => {
    const album = model(await indexFixture('vendored-sqlmodel'), 'Album');
    assert.deepEqual(album.primaryKey, ['id']);
    assert.equal(album.fields.find((field) => field.name === 'artist_id')?.foreignKey, 'artist.id');
  });
});

describe('project index: settings without a default', () => {
  it('lists required settings, flagged required, beside inherited ones', async () => {
    const facts = await indexTemporaryProject({
      'app/config.py': [
        'from pydantic_settings import BaseSettings',
        '',
        '',
        'class BaseConfig(BaseSettings):',
        '    SECRET_KEY: str',
        '',
        '',
        'class Settings(BaseConfig):',
        '    POSTGRES_SERVER: str',
        '    POSTGRES_PORT: int = 5432',
        '',
        '',
        'settings = Settings()',
        '',
      ].join('\n'),
    });
    const settings = facts.settings.find((candidate) => candidate.className === 'Settings');
    assert.deepEqual(
      settings?.fields.map((field) => [field.name, field.required, field.declaredIn, field.value ?? '-']),
      [
        ['SECRET_KEY', true, 'BaseConfig', '-'],
        ['POSTGRES_SERVER', true, 'Settings', '-'],
        ['POSTGRES_PORT', false, 'Settings', 5432],
      ],
    );
  });
});
