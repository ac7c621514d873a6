import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileChange } from '../../../src/core/changes/change-set';
import type { PythonTools } from '../../../src/core/verify/interpreter';
import { chooseTypeChecker, importedModules, planVerification } from '../../../src/core/verify/verify-plan';
import type { TestSelection } from '../../../src/core/verify/verify-types';

const TEXTS: Record<string, string> = {
  'pyproject.toml': '',
  'app/__init__.py': '',
  'app/main.py': 'from app.routers import teams\n',
  'app/models.py': '',
  'app/routers/__init__.py': '',
  'app/routers/teams.py': 'from ..models import Team\n',
  'tests/conftest.py': 'import pytest\n',
  'tests/test_teams.py': 'from app.models import Team\n',
  'tests/test_health.py': 'import httpx\n',
  'tests/api/conftest.py': 'from app.main import app\n',
  'tests/api/test_items.py': 'def test_x() -> None: ...\n',
  'tests/test_heroes.py': 'from app.routers.heroes import router\n',
};

const CHANGES: FileChange[] = [
  { path: 'app/models.py', kind: 'modify', before: '', after: 'class Hero: ...\n' },
  { path: 'app/routers/heroes.py', kind: 'create', before: null, after: '' },
  { path: 'app/main.py', kind: 'modify', before: '', after: '' },
  { path: 'tests/test_heroes.py', kind: 'create', before: null, after: '' },
  { path: 'README.md', kind: 'modify', before: '', after: '' },
];

function plan(selection: TestSelection) {
  return planVerification({
    files: [...Object.keys(TEXTS), 'app/routers/heroes.py'],
    changes: CHANGES,
    appFiles: ['app/main.py'],
    selection,
    read: (path) => TEXTS[path] ?? '',
  });
}

const TOOLS: PythonTools = { ruff: true, mypy: true, pytest: true, pyright: true };

describe('what verification checks', () => {
  it('reads absolute, relative and parenthesised imports', () => {
    const text = 'import os, app.db as db\nfrom . import deps\nfrom ..models import (\n    Hero,\n    Team,\n)\nfrom app.core.config import settings\n';
    const found = importedModules(text, 'app.routers.heroes', false);
    for (const name of ['os', 'app.db', 'app.routers', 'app.routers.deps', 'app.models', 'app.models.Hero', 'app.models.Team', 'app.core.config']) {
      assert.ok(found.has(name), `${name} in ${[...found].join(', ')}`);
    }
  });

  it('imports the changed modules and the app, not tests; type-checks and lints changed Python files only', () => {
    const result = plan('generated');
    assert.deepEqual(result.changedPython, ['app/models.py', 'app/routers/heroes.py', 'app/main.py', 'tests/test_heroes.py']);
    assert.deepEqual(result.imports, [
      { module: 'app.models', path: 'app/models.py' },
      { module: 'app.routers.heroes', path: 'app/routers/heroes.py' },
      { module: 'app.main', path: 'app/main.py' },
    ]);
    assert.deepEqual(result.importRoots, ['.', 'src']);
  });

  it('selects the generated tests, the tests importing a changed module, or all', () => {
    assert.deepEqual(plan('generated').tests, ['tests/test_heroes.py']);
    // test_teams imports app.models; tests/api/* sit under a conftest importing app.main; test_health imports nothing changed.
    assert.deepEqual(plan('affected').tests, ['tests/api/test_items.py', 'tests/test_heroes.py', 'tests/test_teams.py']);
    assert.equal(plan('all').tests, 'all');
  });

  describe('the type checker', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'type-checker-spec-'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));
    const files = (texts: Record<string, string>): string[] => {
      for (const [path, text] of Object.entries(texts)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      return Object.keys(texts);
    };

    it('follows the configuration: [tool.mypy], mypy.ini, setup.cfg [mypy], [tool.pyright], pyrightconfig.json', () => {
      assert.equal(chooseTypeChecker(root, files({ 'pyproject.toml': '[tool.mypy]\nstrict = true\n' }), TOOLS).tool, 'mypy');
      rmSync(join(root, 'pyproject.toml'));
      assert.equal(chooseTypeChecker(root, files({ 'pyproject.toml': '[tool.pyright]\nstrict = ["app"]\n' }), TOOLS).tool, 'pyright');
      assert.equal(chooseTypeChecker(root, files({ 'backend/setup.cfg': '[mypy]\nstrict = True\n' }), TOOLS).tool, 'mypy');
      assert.equal(chooseTypeChecker(root, ['pyrightconfig.json'], TOOLS).tool, 'pyright');
    });

    it('says why it skips: configured but not installed, or nothing installed', () => {
      const configured = chooseTypeChecker(root, files({ 'pyproject.toml': '[tool.pyright]\n' }), { ...TOOLS, pyright: false });
      assert.equal(configured.tool, 'none');
      assert.match(configured.why, /configured for pyright, but pyright is not installed/);
      const none = chooseTypeChecker(root, [], { ruff: true, pytest: true, mypy: false, pyright: false });
      assert.deepEqual(none, { tool: 'none', why: 'neither mypy nor pyright is installed in this environment' });
      assert.equal(chooseTypeChecker(root, [], { ...TOOLS, mypy: false }).tool, 'pyright');
    });
  });
});
