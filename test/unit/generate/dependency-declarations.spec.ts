import assert from 'node:assert/strict';
import { parse as parseToml } from 'smol-toml';
import type { FileChange } from '../../../src/core/changes/change-set';
import { addToPep621, addToPoetry, addToRequirementsFile } from '../../../src/core/generate/python/declaration-formats';
import { declareNewImports, requirementsOfNewImports } from '../../../src/core/generate/python/dependency-declarations';
import type { PythonRequirement } from '../../../src/core/generate/python/requirement-entries';

const PYJWT: PythonRequirement = { name: 'pyjwt', extras: [], minimum: '2.8', tested: '2.15.1', neededBy: 'import jwt' };
const PWDLIB: PythonRequirement = { name: 'pwdlib', extras: ['argon2'], minimum: '0.2', tested: '0.3.1', neededBy: 'import pwdlib' };
const SETTINGS: PythonRequirement = { name: 'pydantic-settings', extras: [], minimum: '2.0', tested: '2.16.3', neededBy: 'import pydantic_settings' };
const AUTH = [PYJWT, PWDLIB, SETTINGS];

function projectDependencies(text: string): string[] {
  const document = parseToml(text) as { project?: { dependencies?: string[] } };
  return document.project?.dependencies ?? [];
}

describe('declaring the packages new code imports', () => {
  describe('PEP 621 [project].dependencies', () => {
    it('adds bare names to a bare single-line list, in its alphabetical place, and nothing else changes', () => {
      const text = '[project]\nname = "x"\ndependencies = ["aiosqlite", "fastapi", "sqlmodel"]\n\n[tool.ruff]\nline-length = 100\n';
      const edit = addToPep621(text, AUTH);
      assert.equal(
        edit?.text,
        '[project]\nname = "x"\ndependencies = ["aiosqlite", "fastapi", "pwdlib[argon2]", "pydantic-settings", "pyjwt", "sqlmodel"]\n\n[tool.ruff]\nline-length = 100\n',
      );
      assert.deepEqual(edit?.added, ['pwdlib[argon2]', 'pydantic-settings', 'pyjwt']);
    });

    it('appends at the end of an unsorted list, keeping its separator and quotes', () => {
      const text = "[project]\ndependencies = ['sqlmodel','fastapi']\n";
      assert.equal(addToPep621(text, [PYJWT])?.text, "[project]\ndependencies = ['sqlmodel','fastapi','pyjwt']\n");
    });

    it('writes versions like the neighbours: >= minimum, == the verified version, spaced operators', () => {
      const minimum = addToPep621('[project]\ndependencies = ["fastapi>=0.115", "sqlmodel>=0.0.24"]\n', [PYJWT]);
      assert.deepEqual(projectDependencies(minimum?.text ?? ''), ['fastapi>=0.115', 'pyjwt>=2.8', 'sqlmodel>=0.0.24']);
      const pinned = addToPep621('[project]\ndependencies = ["fastapi==0.115.0", "sqlmodel==0.0.24"]\n', [PWDLIB]);
      assert.deepEqual(projectDependencies(pinned?.text ?? ''), ['fastapi==0.115.0', 'pwdlib[argon2]==0.3.1', 'sqlmodel==0.0.24']);
      const spaced = addToPep621('[project]\ndependencies = ["fastapi >= 0.115"]\n', [PYJWT]);
      assert.deepEqual(projectDependencies(spaced?.text ?? ''), ['fastapi >= 0.115', 'pyjwt >= 2.8']);
    });

    it('adds one entry per line in a multi-line list, keeping comments, indentation and the trailing comma', () => {
      const text = '[project]\ndependencies = [\n  "fastapi",  # the web framework\n  "sqlmodel",\n]\n';
      assert.equal(addToPep621(text, [PYJWT, SETTINGS])?.text, '[project]\ndependencies = [\n  "fastapi",  # the web framework\n  "pydantic-settings",\n  "pyjwt",\n  "sqlmodel",\n]\n');
    });

    it('appends after a last entry without a trailing comma, adding the comma it needs', () => {
      const text = '[project]\ndependencies = [\n    "sqlmodel",\n    "fastapi"  # last\n]\n';
      const edited = addToPep621(text, [PYJWT])?.text ?? '';
      assert.equal(edited, '[project]\ndependencies = [\n    "sqlmodel",\n    "fastapi",  # last\n    "pyjwt"\n]\n');
      assert.deepEqual(projectDependencies(edited), ['sqlmodel', 'fastapi', 'pyjwt']);
    });

    it('keeps CRLF line endings', () => {
      const text = '[project]\r\ndependencies = [\r\n    "fastapi",\r\n    "sqlmodel",\r\n]\r\n';
      const edited = addToPep621(text, [PYJWT])?.text ?? '';
      assert.equal(edited, '[project]\r\ndependencies = [\r\n    "fastapi",\r\n    "pyjwt",\r\n    "sqlmodel",\r\n]\r\n');
      assert.ok(!/[^\r]\n/.test(edited), 'every line ends in CRLF');
    });

    it('treats PyJWT and pyjwt, pydantic_settings and pydantic-settings as the same package', () => {
      const text = '[project]\ndependencies = ["PyJWT>=2.0", "pydantic_settings", "pwdlib[argon2]"]\n';
      const edit = addToPep621(text, AUTH);
      assert.equal(edit?.text, text);
      assert.deepEqual(edit?.added, []);
    });

    it('adds a missing extra to an entry already there instead of a second entry', () => {
      const bare = addToPep621('[project]\ndependencies = ["fastapi", "pwdlib>=0.2"]\n', [PWDLIB]);
      assert.equal(bare?.text, '[project]\ndependencies = ["fastapi", "pwdlib[argon2]>=0.2"]\n');
      const other = addToPep621('[project]\ndependencies = ["pwdlib[bcrypt]"]\n', [PWDLIB]);
      assert.equal(other?.text, '[project]\ndependencies = ["pwdlib[bcrypt,argon2]"]\n');
    });

    it('fills an empty list, and answers undefined when the project table has no dependencies', () => {
      assert.equal(addToPep621('[project]\ndependencies = []\n', [PYJWT])?.text, '[project]\ndependencies = ["pyjwt"]\n');
      assert.equal(addToPep621('[project]\nname = "x"\ndynamic = ["dependencies"]\n', [PYJWT]), undefined);
      assert.equal(addToPep621('[tool.poetry]\nname = "x"\n', [PYJWT]), undefined);
    });

    it('does not take another table\'s dependencies key for the project\'s', () => {
      const text = '[project]\nname = "x"\n\n[tool.other]\ndependencies = ["a"]\n';
      assert.equal(addToPep621(text, [PYJWT]), undefined);
    });
  });

  describe('Poetry [tool.poetry.dependencies]', () => {
    const poetry = '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "^0.115"\nsqlmodel = "^0.0.24"\n\n[build-system]\nrequires = ["poetry-core"]\n';

    it('adds caret entries in place, extras as an inline table, python left out of the order', () => {
      const edit = addToPoetry(poetry, AUTH);
      assert.equal(
        edit?.text,
        '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "^0.115"\npwdlib = {version = "^0.2", extras = ["argon2"]}\npydantic-settings = "^2.0"\npyjwt = "^2.8"\nsqlmodel = "^0.0.24"\n\n[build-system]\nrequires = ["poetry-core"]\n',
      );
      const document = parseToml(edit?.text ?? '') as { tool: { poetry: { dependencies: Record<string, unknown> } } };
      assert.deepEqual({ ...(document.tool.poetry.dependencies['pwdlib'] as object) }, { version: '^0.2', extras: ['argon2'] });
    });

    it('recognises an entry written with other case or separators, and adds an extra to a string entry', () => {
      const text = '[tool.poetry.dependencies]\npython = "^3.11"\nPyJWT = "^2.8"\npwdlib = "^0.2"\n';
      const edit = addToPoetry(text, [PYJWT, PWDLIB]);
      assert.equal(edit?.text, '[tool.poetry.dependencies]\npython = "^3.11"\nPyJWT = "^2.8"\npwdlib = {version = "^0.2", extras = ["argon2"]}\n');
    });

    it('appends after the last entry of an unsorted table with CRLF endings and a trailing comment', () => {
      const text = '[tool.poetry.dependencies]\r\nsqlmodel = "*"\r\nfastapi = "*"  # web\r\n# end of runtime dependencies\r\n\r\n[tool.ruff]\r\n';
      assert.equal(
        addToPoetry(text, [PYJWT])?.text,
        '[tool.poetry.dependencies]\r\nsqlmodel = "*"\r\nfastapi = "*"  # web\r\npyjwt = "*"\r\n# end of runtime dependencies\r\n\r\n[tool.ruff]\r\n',
      );
    });
  });

  describe('requirements files', () => {
    it('pins with == when the neighbours do, in alphabetical place, keeping comments and options', () => {
      const text = '# runtime\n--index-url https://example.invalid/simple\nfastapi[standard]==0.115.0\nsqlmodel==0.0.24  # tables\n';
      const edit = addToRequirementsFile(text, AUTH, 'requirements.txt');
      assert.equal(
        edit.text,
        '# runtime\n--index-url https://example.invalid/simple\nfastapi[standard]==0.115.0\npwdlib[argon2]==0.3.1\npydantic-settings==2.16.3\npyjwt==2.15.1\nsqlmodel==0.0.24  # tables\n',
      );
    });

    it('appends bare names to an unsorted file, keeping CRLF and a missing final newline', () => {
      assert.equal(addToRequirementsFile('sqlmodel\r\nfastapi', [PYJWT], 'requirements.txt').text, 'sqlmodel\r\nfastapi\r\npyjwt');
    });

    it('adds an extra to an entry already there, and nothing for names already declared under another spelling', () => {
      const edit = addToRequirementsFile('PyJWT>=2.8\npwdlib>=0.2 ; python_version >= "3.10"\n', [PYJWT, PWDLIB], 'requirements.txt');
      assert.equal(edit.text, 'PyJWT>=2.8\npwdlib[argon2]>=0.2 ; python_version >= "3.10"\n');
      assert.deepEqual(edit.added, ['pwdlib[argon2] (extra)']);
    });

    it('leaves generated and hash-pinned files alone with a warning naming what to declare', () => {
      const compiled = '#\n# This file is autogenerated by pip-compile with Python 3.11\n#\nfastapi==0.115.0\n';
      const generated = addToRequirementsFile(compiled, [PYJWT], 'requirements.txt');
      assert.equal(generated.text, compiled);
      assert.match(generated.warnings[0] ?? '', /requirements\.txt is generated by a tool: declare pyjwt in its source/);
      const hashed = 'fastapi==0.115.0 \\\n    --hash=sha256:abc\n';
      const pinned = addToRequirementsFile(hashed, [PYJWT], 'requirements.txt');
      assert.equal(pinned.text, hashed);
      assert.match(pinned.warnings[0] ?? '', /pins hashes/);
    });
  });

  describe('which packages and which file', () => {
    const security: FileChange = { path: 'app/core/security.py', kind: 'create', before: null, after: 'import jwt\nfrom pwdlib import PasswordHash\n' };
    const login: FileChange = {
      path: 'app/api/login.py',
      kind: 'modify',
      before: 'from fastapi import APIRouter, Depends\n',
      after: 'from fastapi import APIRouter, Depends\nfrom fastapi.security import OAuth2PasswordRequestForm\n',
    };
    const tests: FileChange = { path: 'tests/test_auth.py', kind: 'create', before: null, after: 'import jwt\nfrom pydantic_settings import BaseSettings\n' };

    it('asks for the distributions of modules new in the change, not for those already imported nor for tests', () => {
      const already: FileChange = { path: 'app/deps.py', kind: 'modify', before: 'import jwt\nfrom pydantic_settings import BaseSettings\n', after: 'import jwt\nfrom pydantic_settings import BaseSettings\nx = 1\n' };
      const names = requirementsOfNewImports([security, login, already, tests]).map((requirement) => requirement.name);
      assert.deepEqual(names.sort(), ['pwdlib', 'pyjwt', 'python-multipart']);
    });

    it('edits the nearest declaring file from the app upward: backend/requirements.txt before the root pyproject', () => {
      const files = new Map([
        ['pyproject.toml', '[tool.ruff]\nline-length = 100\n'],
        ['backend/requirements.txt', 'fastapi\nsqlmodel\n'],
      ]);
      const declaration = declareNewImports([security], { anchorFile: 'backend/app/main.py', projectRoots: [''], readText: (path) => files.get(path) });
      assert.equal(declaration.changes[0]?.path, 'backend/requirements.txt');
      assert.equal(declaration.changes[0]?.after, 'fastapi\npwdlib[argon2]\npyjwt\nsqlmodel\n');
      assert.match(declaration.changes[0]?.description ?? '', /Declares pwdlib\[argon2\], pyjwt/);
    });

    it('counts what a requirements file includes with -r as declared', () => {
      const files = new Map([
        ['requirements.txt', '-r requirements/base.txt\nsqlmodel\n'],
        ['requirements/base.txt', '# shared\nPyJWT\nfastapi\n'],
      ]);
      const declaration = declareNewImports([security], { anchorFile: 'app/main.py', projectRoots: [''], readText: (path) => files.get(path) });
      assert.equal(declaration.changes[0]?.after, '-r requirements/base.txt\npwdlib[argon2]\nsqlmodel\n');
    });

    it('edits both the pyproject list and the requirements file beside it, each in its own style, and nothing where nothing is declared', () => {
      const files = new Map([
        ['backend/pyproject.toml', '[project]\ndependencies = ["fastapi>=0.115"]\n'],
        ['backend/requirements.txt', 'fastapi==0.115.0\n'],
        ['pyproject.toml', '[project]\ndependencies = ["black"]\n'],
      ]);
      const declaration = declareNewImports([security], { anchorFile: 'backend/app/main.py', projectRoots: ['', 'backend'], readText: (path) => files.get(path) });
      assert.deepEqual(
        declaration.changes.map((change) => [change.path, change.after]),
        [
          ['backend/pyproject.toml', '[project]\ndependencies = ["fastapi>=0.115", "pwdlib[argon2]>=0.2", "pyjwt>=2.8"]\n'],
          ['backend/requirements.txt', 'fastapi==0.115.0\npwdlib[argon2]==0.3.1\npyjwt==2.15.1\n'],
        ],
      );
      const none = declareNewImports([security], { anchorFile: 'app/main.py', projectRoots: [''], readText: (path) => (path === 'pyproject.toml' ? '[tool.ruff]\n' : undefined) });
      assert.deepEqual(none.changes, []);
      assert.deepEqual(none.warnings, []);
    });
  });
});
