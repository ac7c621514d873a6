/**
 * Places a model's answer must never write, because what is written there runs code or changes
 * how tools behave: version-control metadata (hooks, `core.fsmonitor`), Python environments
 * (`*.pth`, `sitecustomize.py`, activate scripts), installed packages, editor and assistant
 * settings (tasks, launch configurations, hooks), CI workflows, and shell or package-manager
 * start-up files. One policy, asked by name here and again for the real path on disk.
 */

/** Folders whose every file is refused, wherever they appear in a path. */
const PROTECTED_FOLDERS: ReadonlyMap<string, string> = new Map([
  ['.git', 'version-control metadata (.git) can run commands through hooks and config'],
  ['.hg', 'version-control metadata (.hg) can run commands through hooks'],
  ['.svn', 'version-control metadata (.svn)'],
  ['.bzr', 'version-control metadata (.bzr)'],
  ['_darcs', 'version-control metadata (_darcs)'],
  ['.jj', 'version-control metadata (.jj)'],
  ['.venv', 'a Python environment runs what is installed in it'],
  ['venv', 'a Python environment runs what is installed in it'],
  ['.conda', 'a Python environment runs what is installed in it'],
  ['.tox', 'a test environment runs what is installed in it'],
  ['.nox', 'a test environment runs what is installed in it'],
  ['.direnv', 'direnv runs what is in it when the folder is entered'],
  ['__pypackages__', 'installed packages run when imported'],
  ['site-packages', 'installed packages run when imported'],
  ['dist-packages', 'installed packages run when imported'],
  ['node_modules', 'installed packages run when imported'],
  ['.vscode', 'editor settings, tasks and launch configurations can run commands'],
  ['.idea', 'IDE settings and run configurations can run commands'],
  ['.claude', 'assistant settings, hooks and agents configure what runs and what is trusted'],
  ['.cursor', 'assistant settings configure what runs'],
  ['.continue', 'assistant settings configure what runs'],
  ['.devcontainer', 'container settings run commands when the folder is opened'],
  ['.husky', 'git hooks run on commit'],
  ['.githooks', 'git hooks run on commit'],
  ['.circleci', 'CI configuration runs commands with the repository\'s secrets'],
  ['.buildkite', 'CI configuration runs commands with the repository\'s secrets'],
  ['.ssh', 'SSH settings and keys'],
  ['.aws', 'cloud credentials and settings'],
  ['.gnupg', 'GnuPG keys and settings'],
  ['.docker', 'Docker credentials and settings'],
  ['.kube', 'Kubernetes credentials and settings'],
]);

/** Sub-folders of `.github` that run code in CI. */
const GITHUB_CODE_FOLDERS: ReadonlySet<string> = new Set(['workflows', 'actions']);

/** File names refused wherever they appear. */
const PROTECTED_FILES: ReadonlyMap<string, string> = new Map([
  ['sitecustomize.py', 'Python runs sitecustomize.py at every start-up'],
  ['usercustomize.py', 'Python runs usercustomize.py at every start-up'],
  ['.envrc', 'direnv runs .envrc when the folder is entered'],
  ['.pdbrc', 'pdb runs .pdbrc when it starts'],
  ['.pythonrc', 'the Python shell runs its start-up file'],
  ['.pythonstartup', 'the Python shell runs its start-up file'],
  ['pip.conf', 'pip settings choose where packages are downloaded from'],
  ['pip.ini', 'pip settings choose where packages are downloaded from'],
  ['.npmrc', 'npm settings choose registries and run scripts'],
  ['.yarnrc', 'yarn settings choose registries and run scripts'],
  ['.yarnrc.yml', 'yarn settings choose registries and run scripts'],
  ['.pypirc', 'package-index credentials'],
  ['.netrc', 'network credentials'],
  ['.gitmodules', 'submodule URLs are fetched and checked out by git'],
  ['.gitconfig', 'git settings can run commands'],
  ['.pre-commit-config.yaml', 'pre-commit runs the hooks it lists on every commit'],
  ['.pre-commit-hooks.yaml', 'pre-commit runs the hooks it lists'],
  ['.mcp.json', 'assistant tool servers listed here are started as programs'],
  ['.pylintrc', 'pylint runs the init-hook it holds whenever the editor lints'],
  ['pylintrc', 'pylint runs the init-hook it holds whenever the editor lints'],
  ['.gitlab-ci.yml', 'CI configuration runs commands with the repository\'s secrets'],
  ['.travis.yml', 'CI configuration runs commands with the repository\'s secrets'],
  ['azure-pipelines.yml', 'CI configuration runs commands with the repository\'s secrets'],
  ['bitbucket-pipelines.yml', 'CI configuration runs commands with the repository\'s secrets'],
  ['jenkinsfile', 'CI configuration runs commands with the repository\'s secrets'],
  ['.bashrc', 'a shell start-up file'],
  ['.bash_profile', 'a shell start-up file'],
  ['.bash_login', 'a shell start-up file'],
  ['.profile', 'a shell start-up file'],
  ['.zshrc', 'a shell start-up file'],
  ['.zshenv', 'a shell start-up file'],
  ['.zprofile', 'a shell start-up file'],
  ['.zlogin', 'a shell start-up file'],
]);

/** Name endings refused wherever they appear. */
const PROTECTED_SUFFIXES: readonly { readonly suffix: string; readonly reason: string }[] = [
  { suffix: '.pth', reason: 'Python runs the import lines of .pth files at every start-up' },
  { suffix: '.code-workspace', reason: 'workspace files hold editor settings and tasks that can run commands' },
];

/**
 * Letters from other scripts that look like the Latin letters of the names above, so `.gіt`
 * (Cyrillic і) is read as `.git`. Only look-alikes matter here: the names are ASCII.
 */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  а: 'a', с: 'c', ԁ: 'd', е: 'e', һ: 'h', і: 'i', ј: 'j', ӏ: 'l', о: 'o', р: 'p', ԛ: 'q', ѕ: 's', т: 't', у: 'y', х: 'x', ԝ: 'w', ν: 'v', ο: 'o', α: 'a', ι: 'i', κ: 'k', τ: 't', ɡ: 'g', ı: 'i', ℓ: 'l',
};

/** Characters that render as nothing and that some file systems drop (HFS+ ignores several). */
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/gu;

/**
 * The name a file system or a reader would take a segment for: Unicode compatibility forms
 * folded (`．ｇｉｔ`), invisible characters dropped, look-alike letters mapped, lower case
 * (case-insensitive file systems treat `.GIT` as `.git`), and trailing dots and spaces removed
 * (Windows strips them).
 */
export function canonicalSegment(segment: string): string {
  const folded = segment.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
  const mapped = Array.from(folded, (character) => LOOK_ALIKES[character] ?? character).join('');
  return mapped.replace(/[. ]+$/, '');
}

/**
 * Why a workspace-relative POSIX path is a protected place, or undefined when it is not. Only the
 * names are looked at; `protectedEnvironmentReason` adds what the disk knows (a `pyvenv.cfg`).
 */
export function protectedPathReason(relativePath: string): string | undefined {
  const segments = relativePath.split('/').filter((segment) => segment !== '').map(canonicalSegment);
  const folders = segments.slice(0, -1);
  const name = segments.at(-1) ?? '';
  for (const [index, folder] of folders.entries()) {
    const reason = PROTECTED_FOLDERS.get(folder);
    if (reason !== undefined) return `${reason}; paths inside ${folder}/ are never written from a proposal`;
    if (folder === '.github' && GITHUB_CODE_FOLDERS.has(folders[index + 1] ?? name)) {
      return 'CI workflows and actions (.github/workflows, .github/actions) run with the repository\'s secrets';
    }
    if (/~\d+$/.test(folder)) return 'short (8.3) folder names can stand for protected folders on Windows';
  }
  const asFolder = PROTECTED_FOLDERS.get(name);
  if (asFolder !== undefined) return `${asFolder}; ${name} itself is never written from a proposal`;
  const fileReason = PROTECTED_FILES.get(name);
  if (fileReason !== undefined) return fileReason;
  const suffix = PROTECTED_SUFFIXES.find((entry) => name.endsWith(entry.suffix));
  if (suffix !== undefined) return suffix.reason;
  if (/~\d+$/.test(name.replace(/\.[^.]*$/, ''))) return 'short (8.3) file names can stand for protected files on Windows';
  return undefined;
}

/** Files whose presence marks a folder as a Python environment (venv, virtualenv, conda). */
export const ENVIRONMENT_MARKERS: readonly string[] = ['pyvenv.cfg', 'conda-meta'];

/** Entries whose presence together marks a folder as a git directory (a bare or separate one). */
export const GIT_DIRECTORY_MARKERS: readonly string[] = ['HEAD', 'objects', 'refs'];
