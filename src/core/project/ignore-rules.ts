/**
 * Which files of a workspace the index must not read: the rules of every `.gitignore` (nested
 * ones apply below their own folder) plus folders no project wants indexed (virtual
 * environments, dependencies, build output, caches).
 */
import ignore, { type Ignore } from 'ignore';
import type { FileEntry, FileSource } from '../ports';

/** Folder names skipped wherever they appear; `listFiles` never descends into them. */
export const DEFAULT_EXCLUDED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  'env',
  'node_modules',
  '__pycache__',
  'build',
  'dist',
  'site-packages',
  '.mypy_cache',
  '.ruff_cache',
  '.pytest_cache',
  '.tox',
  '.nox',
  '.eggs',
]);

/** Folder-name suffixes skipped too (`mypkg.egg-info`). */
const EXCLUDED_DIR_SUFFIXES = ['.egg-info'];

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function isExcludedName(name: string): boolean {
  return DEFAULT_EXCLUDED_DIRS.has(name) || EXCLUDED_DIR_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** Whether a folder is or lies inside an excluded folder; asked once per folder, not per file. */
function excludedDirChecker(): (dir: string) => boolean {
  const known = new Map<string, boolean>([['', false]]);
  const check = (dir: string): boolean => {
    const cached = known.get(dir);
    if (cached !== undefined) return cached;
    const excluded = isExcludedName(dir.slice(dir.lastIndexOf('/') + 1)) || check(dirOf(dir));
    known.set(dir, excluded);
    return excluded;
  };
  return check;
}

function isInExcludedDir(path: string): boolean {
  return path.split('/').slice(0, -1).some(isExcludedName);
}

/**
 * Builds the predicate from an existing listing, so the index lists the workspace only once.
 * True means ignored.
 */
export async function ignoreRulesFromListing(
  source: FileSource,
  entries: readonly FileEntry[],
): Promise<(path: string) => boolean> {
  const gitignores = entries.filter(
    (entry) => (entry.path === '.gitignore' || entry.path.endsWith('/.gitignore')) && !isInExcludedDir(entry.path),
  );
  const rulesByDir = new Map<string, Ignore>();
  await Promise.all(
    gitignores.map(async (entry) => {
      let text: string;
      try {
        text = await source.readText(entry.path);
      } catch {
        return; // An unreadable .gitignore hides nothing.
      }
      rulesByDir.set(dirOf(entry.path), ignore().add(text));
    }),
  );
  // Rules kept out of the repository (`.git/info/exclude`) hide files as well as `.gitignore` does.
  try {
    if ((await source.stat('.git/info/exclude')) !== undefined) {
      const exclude = await source.readText('.git/info/exclude');
      rulesByDir.set('', ignore().add(exclude).add(rulesByDir.get('') ?? ignore()));
    }
  } catch {
    // No repository, or no exclude file: nothing more is hidden.
  }
  // Deepest folders last, so a nested file's rules are tested after its parents'.
  const dirs = [...rulesByDir.keys()].sort((a, b) => a.length - b.length);
  const inExcludedDir = excludedDirChecker();
  return (path: string): boolean => {
    if (inExcludedDir(dirOf(path))) return true;
    let ignored = false;
    for (const dir of dirs) {
      if (dir !== '' && !path.startsWith(`${dir}/`)) continue;
      const relative = dir === '' ? path : path.slice(dir.length + 1);
      const result = rulesByDir.get(dir)?.test(relative);
      if (result?.ignored) ignored = true;
      else if (result?.unignored) ignored = false;
    }
    return ignored;
  };
}

/** True = ignored by a `.gitignore` file or by the default excludes. */
export async function loadIgnoreRules(source: FileSource): Promise<(path: string) => boolean> {
  const entries = await source.listFiles(DEFAULT_EXCLUDED_DIRS);
  return ignoreRulesFromListing(source, entries);
}
