import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createScratchCopy, listCopiedFiles } from '../../../src/core/verify/scratch-copy';
import { VerificationError } from '../../../src/core/verify/verify-types';

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function scratchFolders(parent: string): string[] {
  return readdirSync(parent).filter((name) => name.startsWith('fastapi-engineer-verify-'));
}

describe('scratch copy', () => {
  let base: string;
  let root: string;
  let parent: string;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'scratch-spec-'));
    root = join(base, 'workspace');
    parent = join(base, 'scratch');
    mkdirSync(parent);
    write(root, {
      'app/__init__.py': '',
      'app/main.py': 'app = 1\n',
      'app/types.pyi': 'x: int\n',
      'app/py.typed': '',
      'tests/conftest.py': 'import pytest\n',
      'tests/test_main.py': 'def test_x() -> None: ...\n',
      'pyproject.toml': '[tool.ruff]\n',
      'ruff.toml': '',
      '.ruff.toml': '',
      'setup.cfg': '',
      'mypy.ini': '',
      'pytest.ini': '',
      'tox.ini': '',
      'README.md': '# readme\n',
      'app.db': 'sqlite',
      '.env': 'SECRET_KEY=do-not-copy\n',
      '.gitignore': 'generated/\nlocal_*.py\n',
      'generated/models.py': 'ignored = True\n',
      'local_settings.py': 'ignored = True\n',
      '.venv/pyvenv.cfg': 'home = /usr/bin\n',
      '.venv/lib/site.py': '',
      'tools-env/pyvenv.cfg': 'home = /usr/bin\n',
      'tools-env/lib/helper.py': '',
      'node_modules/pkg/x.py': '',
      '.git/hooks/hook.py': '',
      'app/__pycache__/main.cpython-311.pyc': '',
      '.mypy_cache/x.py': '',
    });
  });

  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('takes Python files and tool configuration only, never environments, dependencies, .git, .env or ignored files', async () => {
    const listed = (await listCopiedFiles(root)).map((file) => file.path);
    assert.deepEqual(listed, [
      '.ruff.toml',
      'app/__init__.py',
      'app/main.py',
      'app/py.typed',
      'app/types.pyi',
      'mypy.ini',
      'pyproject.toml',
      'pytest.ini',
      'ruff.toml',
      'setup.cfg',
      'tests/conftest.py',
      'tests/test_main.py',
      'tox.ini',
    ]);
  });

  it('links unchanged files, writes changed ones as new files, and leaves the workspace untouched', async () => {
    const copy = await createScratchCopy(
      root,
      [
        { path: 'app/main.py', kind: 'modify', before: 'app = 1\n', after: 'app = 2\n' },
        { path: 'app/routers/heroes.py', kind: 'create', before: null, after: 'router = 1\n' },
      ],
      { parentDir: parent },
    );
    try {
      assert.ok(!copy.projectDir.startsWith(root));
      const inode = (path: string): number => statSync(path).ino;
      assert.equal(inode(join(copy.projectDir, 'app/__init__.py')), inode(join(root, 'app/__init__.py')), 'an unchanged file is a hard link');
      assert.notEqual(inode(join(copy.projectDir, 'app/main.py')), inode(join(root, 'app/main.py')), 'a changed file is its own file');
      assert.equal(readFileSync(join(copy.projectDir, 'app/main.py'), 'utf8'), 'app = 2\n');
      assert.equal(readFileSync(join(root, 'app/main.py'), 'utf8'), 'app = 1\n', 'the workspace file keeps its text');
      assert.equal(readFileSync(join(copy.projectDir, 'app/routers/heroes.py'), 'utf8'), 'router = 1\n');
      assert.ok(!existsSync(join(root, 'app/routers/heroes.py')));
      assert.equal(copy.files, 13);
      assert.equal(copy.linked, 13);
      assert.ok(copy.paths.includes('app/routers/heroes.py'));
    } finally {
      copy.remove();
    }
    assert.deepEqual(scratchFolders(parent), [], 'the copy is removed');
  });

  it('copies instead of linking when asked, and copies symbolic links by content', async () => {
    symlinkSync(join(root, 'app/main.py'), join(root, 'app/alias.py'));
    const copy = await createScratchCopy(root, [{ path: 'app/alias.py', kind: 'modify', before: 'app = 1\n', after: 'alias = 2\n' }], { parentDir: parent, hardLinks: false });
    try {
      assert.equal(copy.linked, 0);
      assert.notEqual(statSync(join(copy.projectDir, 'app/__init__.py')).ino, statSync(join(root, 'app/__init__.py')).ino);
      assert.equal(readFileSync(join(copy.projectDir, 'app/alias.py'), 'utf8'), 'alias = 2\n');
      assert.equal(readFileSync(join(root, 'app/main.py'), 'utf8'), 'app = 1\n', 'writing the changed link did not write through it');
    } finally {
      copy.remove();
    }
  });

  it('removes everything when a change cannot be placed', async () => {
    await assert.rejects(
      createScratchCopy(root, [{ path: '../outside.py', kind: 'create', before: null, after: 'x = 1\n' }], { parentDir: parent }),
      (error: unknown) => error instanceof VerificationError && /outside\.py/.test(error.message),
    );
    assert.deepEqual(scratchFolders(parent), []);
    assert.ok(!existsSync(join(base, 'outside.py')));
  });

  it('removes everything when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(createScratchCopy(root, [], { parentDir: parent, signal: controller.signal }));
    assert.deepEqual(scratchFolders(parent), []);
  });

  it('refuses a scratch folder inside the workspace', async () => {
    await assert.rejects(createScratchCopy(root, [], { parentDir: join(root, 'tmp') }), VerificationError);
    assert.ok(!existsSync(join(root, 'tmp')));
  });
});
