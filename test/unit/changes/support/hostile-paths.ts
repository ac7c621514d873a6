/**
 * Paths an attacker would put in a model's answer, each with the workspace state that makes it
 * dangerous. Every one must be refused by the shared path check; `BENIGN_PATHS` must pass, so a
 * check that refuses everything fails too.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';

export interface HostilePath {
  readonly path: string;
  /** Prepares the workspace (root) and a folder outside it. */
  readonly setup?: (root: string, outside: string) => void;
  /** What the refusal must mention. */
  readonly reason?: RegExp;
}

function file(root: string, path: string, text = ''): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function link(root: string, path: string, target: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  symlinkSync(target, join(root, path));
}

const venv = (root: string, folder: string): void => file(root, `${folder}/pyvenv.cfg`, 'home = /usr/bin\n');
const gitDir = (root: string, folder: string): void => {
  file(root, `${folder}/HEAD`, 'ref: refs/heads/main\n');
  file(root, `${folder}/config`, '[core]\n');
  mkdirSync(join(root, folder, 'objects'), { recursive: true });
  mkdirSync(join(root, folder, 'refs'), { recursive: true });
};
const fifo = (root: string, path: string): void => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  execFileSync('mkfifo', [join(root, path)]);
};

const PROTECTED = /protected path|\.git/;

export const HOSTILE_PATHS: readonly HostilePath[] = [
  // Code execution through Python environments and packages.
  { path: '.venv/lib/python3.12/site-packages/evil.pth', reason: PROTECTED },
  { path: '.venv/bin/activate', reason: PROTECTED },
  { path: 'venv/bin/activate', reason: PROTECTED },
  { path: 'env/bin/activate', setup: (root) => venv(root, 'env'), reason: /pyvenv\.cfg/ },
  { path: 'env/lib/python3.12/site-packages/x.py', setup: (root) => venv(root, 'env'), reason: /pyvenv\.cfg|protected/ },
  { path: 'pyenv311/bin/python', setup: (root) => venv(root, 'pyenv311'), reason: /pyvenv\.cfg/ },
  { path: 'tools/py/bin/pip', setup: (root) => venv(root, 'tools/py'), reason: /pyvenv\.cfg/ },
  { path: 'condaenv/bin/python', setup: (root) => mkdirSync(join(root, 'condaenv/conda-meta'), { recursive: true }), reason: /conda-meta/ },
  { path: 'lib/site-packages/evil.py', reason: PROTECTED },
  { path: 'usr/lib/python3/dist-packages/x.py', reason: PROTECTED },
  { path: 'evil.pth', reason: /\.pth/ },
  { path: 'app/distutils-precedence.pth', reason: /\.pth/ },
  { path: 'EVIL.PTH', reason: /\.pth/ },
  { path: 'sitecustomize.py', reason: /sitecustomize/ },
  { path: 'app/sitecustomize.py', reason: /sitecustomize/ },
  { path: 'SiteCustomize.py', reason: /sitecustomize/ },
  { path: 'usercustomize.py', reason: /usercustomize/ },
  { path: '__pypackages__/3.12/lib/x.py', reason: PROTECTED },
  { path: '.tox/py312/bin/activate', reason: PROTECTED },
  { path: '.nox/tests/bin/activate', reason: PROTECTED },
  { path: 'node_modules/left-pad/index.js', reason: PROTECTED },
  { path: 'frontend/node_modules/.bin/vite', reason: PROTECTED },
  { path: 'node_modules', reason: PROTECTED },
  // Editor, assistant and tool configuration.
  { path: '.vscode/settings.json', reason: PROTECTED },
  { path: '.vscode/tasks.json', reason: PROTECTED },
  { path: '.vscode/launch.json', reason: PROTECTED },
  { path: '.vscode/extensions.json', reason: PROTECTED },
  { path: 'sub/.vscode/settings.json', reason: PROTECTED },
  { path: '.VSCode/tasks.json', reason: PROTECTED },
  { path: 'project.code-workspace', reason: /workspace files/ },
  { path: '.idea/workspace.xml', reason: PROTECTED },
  { path: '.claude/settings.json', reason: PROTECTED },
  { path: '.claude/settings.local.json', reason: PROTECTED },
  { path: '.claude/agents/evil.md', reason: PROTECTED },
  { path: '.claude/hooks/pre.sh', reason: PROTECTED },
  { path: '.mcp.json', reason: /tool servers/ },
  { path: '.cursor/mcp.json', reason: PROTECTED },
  { path: '.devcontainer/devcontainer.json', reason: PROTECTED },
  { path: '.envrc', reason: /direnv/ },
  { path: '.pdbrc', reason: /pdb/ },
  { path: 'pip.conf', reason: /pip/ },
  { path: '.npmrc', reason: /npm/ },
  { path: '.pylintrc', reason: /init-hook/ },
  { path: '.pre-commit-config.yaml', reason: /pre-commit/ },
  { path: '.husky/pre-commit', reason: PROTECTED },
  // CI.
  { path: '.github/workflows/ci.yml', reason: /workflows/ },
  { path: '.github/workflows/deep/x.yml', reason: /workflows/ },
  { path: '.github/actions/setup/action.yml', reason: /actions/ },
  { path: '.GitHub/Workflows/ci.yml', reason: /workflows/ },
  { path: '.gitlab-ci.yml', reason: /CI/ },
  { path: '.circleci/config.yml', reason: PROTECTED },
  // Version control.
  { path: '.git/config', reason: /\.git/ },
  { path: '.git/hooks/pre-commit', reason: /\.git/ },
  { path: '.GIT/config', reason: /\.git/ },
  { path: '.Git/HEAD', reason: /\.git/ },
  { path: 'vendor/lib/.git/config', reason: /\.git/ },
  { path: '.git', reason: /\.git/ },
  { path: '.git./config', reason: /\.git/ },
  { path: '.git /config', reason: /\.git/ },
  { path: '.git../config', reason: /\.git|dot/ },
  { path: '．ＧＩＴ/config', reason: /\.git/ },
  { path: '．git/config', reason: /\.git/ },
  { path: '.gіt/config', reason: /\.git/ },
  { path: '.g\u200cit/config', reason: /invisible/ },
  { path: '.git\u200b/config', reason: /invisible/ },
  { path: '.\ufeffgit/config', reason: /invisible/ },
  { path: 'GIT~1/config', reason: /8\.3/ },
  { path: '.git::$INDEX_ALLOCATION/config', reason: /":"/ },
  { path: '.hg/hgrc', reason: PROTECTED },
  { path: '.svn/entries', reason: PROTECTED },
  { path: '.gitmodules', reason: /submodule/ },
  { path: '.gitconfig', reason: /git settings/ },
  { path: 'gitlink/config', setup: (root) => { gitDir(root, '.git'); link(root, 'gitlink', '.git'); }, reason: /symlink to \.git/ },
  { path: 'gitlink/hooks/pre-commit', setup: (root) => { gitDir(root, '.git'); link(root, 'gitlink', '.git'); }, reason: /symlink to \.git/ },
  { path: 'deep/a/b/config', setup: (root) => { gitDir(root, '.git'); link(root, 'deep/a/b', '../../.git'); }, reason: /\.git/ },
  { path: 'innocent.py', setup: (root) => { gitDir(root, '.git'); link(root, 'innocent.py', '.git/config'); }, reason: /\.git/ },
  { path: 'nested/.git/config', setup: (root) => gitDir(root, 'nested/.git'), reason: /\.git/ },
  { path: 'modules/repo/config', setup: (root) => gitDir(root, 'modules/repo'), reason: /git directory/ },
  { path: 'vlink/bin/activate', setup: (root) => { venv(root, 'realenv'); link(root, 'vlink', 'realenv'); }, reason: /pyvenv|protected/ },
  { path: 'settings-link.json', setup: (root) => { file(root, '.vscode/settings.json', '{}'); link(root, 'settings-link.json', '.vscode/settings.json'); }, reason: /\.vscode/ },
  // Leaving the workspace.
  { path: '../outside.py', reason: /\.\./ },
  { path: 'app/../../outside.py', reason: /\.\./ },
  { path: 'app\\..\\..\\outside.py', reason: /\.\./ },
  { path: '..', reason: /\.\./ },
  { path: '．．/outside.py', reason: /\.\./ },
  { path: '/etc/passwd', reason: /absolute/ },
  { path: '/tmp/x.py', reason: /absolute/ },
  { path: '\\Windows\\win.ini', reason: /absolute/ },
  { path: 'C:\\Windows\\win.ini', reason: /drive/ },
  { path: 'c:/Users/me/app.py', reason: /drive/ },
  { path: 'C:relative.py', reason: /drive/ },
  { path: '\\\\server\\share\\x.py', reason: /UNC/ },
  { path: '//server/share/x.py', reason: /UNC/ },
  { path: '\\\\?\\C:\\x.py', reason: /UNC/ },
  { path: '~/.bashrc', reason: /home/ },
  { path: '~root/.ssh/authorized_keys', reason: /home/ },
  { path: '%2e%2e/outside.py', reason: /percent/ },
  { path: '%2e%2e%2foutside.py', reason: /percent/ },
  { path: '..%2fout.py', reason: /percent|\.\./ },
  { path: '%2egit/config', reason: /percent/ },
  { path: 'link/x.py', setup: (root, outside) => link(root, 'link', outside), reason: /outside the workspace/ },
  { path: 'link/sub/new.py', setup: (root, outside) => link(root, 'link', outside), reason: /outside the workspace/ },
  { path: 'app/escape.py', setup: (root, outside) => { file(outside, 'real.py'); link(root, 'app/escape.py', join(outside, 'real.py')); }, reason: /outside the workspace/ },
  { path: 'rootlink/x.py', setup: (root) => link(root, 'rootlink', '/'), reason: /outside the workspace/ },
  // NUL, controls, names that are not what they seem.
  { path: 'app/models.py\u0000.txt', reason: /control/ },
  { path: 'app/\u001b[2Kx.py', reason: /control/ },
  { path: 'app/x.py\n', reason: /control/ },
  { path: 'app/\u0085x.py', reason: /control/ },
  { path: 'app/\u202ecod.py', reason: /invisible|direction/ },
  { path: 'app/x.py.', reason: /dot or a space/ },
  { path: 'app/x.py ', reason: /dot or a space/ },
  { path: 'CON', reason: /device/ },
  { path: 'app/nul.py', reason: /device/ },
  { path: 'app/com1.txt', reason: /device/ },
  { path: 'app/x.py:Zone.Identifier', reason: /":"/ },
  { path: '', reason: /empty/ },
  { path: '   ', reason: /empty/ },
  { path: '.', reason: /workspace folder/ },
  { path: `app/${'n'.repeat(256)}.py`, reason: /too long/ },
  { path: `${'d/'.repeat(600)}x.py`, reason: /too long/ },
  // Special files and shapes on disk.
  { path: 'app/pipe.py', setup: (root) => fifo(root, 'app/pipe.py'), reason: /not a regular file/ },
  { path: 'app/folder.py', setup: (root) => mkdirSync(join(root, 'app/folder.py'), { recursive: true }), reason: /a folder exists/ },
  { path: 'app/main.py/x.py', setup: (root) => file(root, 'app/main.py', 'x = 1\n'), reason: /is a file, not a folder/ },
  { path: 'dangling/x.py', setup: (root) => link(root, 'dangling', 'does-not-exist'), reason: /points nowhere/ },
  { path: 'loop.py', setup: (root) => { link(root, 'loop.py', 'loop2.py'); link(root, 'loop2.py', 'loop.py'); }, reason: /points nowhere or loops/ },
  { path: 'loopdir/x.py', setup: (root) => link(root, 'loopdir', 'loopdir'), reason: /loops/ },
  { path: 'devnull.py', setup: (root) => link(root, 'devnull.py', '/dev/null'), reason: /outside the workspace/ },
  // Home-folder start-up files, should the workspace be a home folder.
  { path: '.bashrc', reason: /shell/ },
  { path: '.profile', reason: /shell/ },
  { path: '.zshrc', reason: /shell/ },
  { path: '.ssh/authorized_keys', reason: PROTECTED },
  { path: '.aws/credentials', reason: PROTECTED },
];

/** Ordinary paths the same check must accept, including look-alikes of protected names. */
export const BENIGN_PATHS: readonly string[] = [
  'app/main.py',
  'app/routers/heroes.py',
  'app/api/routes/items.py',
  'tests/test_heroes.py',
  '.gitignore',
  '.github/CODEOWNERS',
  '.github/dependabot.yml',
  'docs/.github/workflow.yml',
  'app/git_utils.py',
  'app/venv_helper.py',
  'app/environment.py',
  'app/customize.py',
  'app/path.py',
  'pyproject.toml',
  'alembic/env.py',
  'app/schemas/hero.py',
];
