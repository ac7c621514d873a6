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

/**
 * Hidden folders are skipped too: `.agents/examples`, `.github/scripts`, a virtual environment
 * named `.env`. A folder whose name starts with a dot is no package the app can import.
 */
function isExcludedName(name: string): boolean {
  return name.startsWith('.') || DEFAULT_EXCLUDED_DIRS.has(name) || EXCLUDED_DIR_SUFFIXES.some((suffix) => name.endsWith(suffix));
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

/** The rules of one `.gitignore` (or of the repository's exclude file with the root's). */
interface FolderRules {
  /** The folder the rules apply below; `''` is the root. */
  readonly dir: string;
  readonly rules: Ignore;
  /**
   * Lower-case endings one of which the name of any file a rule can match by itself has; undefined
   * when some rule can match a file of any name (see `ruleEndingOf`).
   */
  readonly fileEndings: readonly string[] | undefined;
  /** The same for folder names (rules for folders only count here too). */
  readonly folderEndings: readonly string[] | undefined;
  /** Whether a folder (by its path below `dir`) or one above it is ignored, as worked out so far. */
  readonly ignoredFolders: Map<string, boolean>;
}

/** Characters that stand for themselves in a gitignore pattern (no wildcard, class, escape or slash). */
const LITERAL_CHAR = /[A-Za-z0-9._-]/;

/**
 * What a rule line needs of a name to match it (the name of the file, or of the folder, the rule
 * matches by itself rather than through a folder above): `null` for no rule; else the literal
 * ending every such name has — the rule's regular expression ends with those characters, then
 * the end of the path (or a final `/`) — or `undefined` when that cannot be told safely (the
 * pattern ends in a wildcard, a class, an escape, a non-ASCII character): the name is then
 * tested. `folderOnly` for `name/` rules, which never match a file by itself.
 */
function ruleEndingOf(line: string): { readonly ending: string | undefined; readonly folderOnly: boolean } | null {
  let pattern = line.replace(/ +$/, '');
  if (pattern === '' || pattern.startsWith('#')) return null;
  if (pattern.startsWith('!')) pattern = pattern.slice(1);
  if (pattern.endsWith('\\/')) return { ending: undefined, folderOnly: false };
  const folderOnly = pattern.endsWith('/');
  if (folderOnly) pattern = pattern.slice(0, -1);
  let start = pattern.length;
  while (start > 0 && LITERAL_CHAR.test(pattern.charAt(start - 1))) start--;
  // A literal run right after a backslash may be part of an escape: tested, to be safe.
  const unsure = start === pattern.length || pattern.charAt(start - 1) === '\\';
  return { ending: unsure ? undefined : pattern.slice(start).toLowerCase(), folderOnly };
}

function folderRules(dir: string, texts: readonly string[]): FolderRules {
  const rules = ignore();
  const fileEndings = new Set<string>();
  const folderEndings = new Set<string>();
  let anyFile = false;
  let anyFolder = false;
  for (const text of texts) {
    rules.add(text);
    for (const line of text.split(/\r?\n/)) {
      const rule = ruleEndingOf(line);
      if (rule === null) continue;
      if (rule.ending === undefined) {
        anyFolder = true;
        anyFile ||= !rule.folderOnly;
        continue;
      }
      folderEndings.add(rule.ending);
      if (!rule.folderOnly) fileEndings.add(rule.ending);
    }
  }
  return {
    dir,
    rules,
    fileEndings: anyFile ? undefined : [...fileEndings],
    folderEndings: anyFolder ? undefined : [...folderEndings],
    ignoredFolders: new Map([['', false]]),
  };
}

function endsWithAny(name: string, endings: readonly string[] | undefined): boolean {
  return endings === undefined || endings.some((ending) => name.endsWith(ending));
}

/**
 * Whether the folder at `below` (a path below the rules' folder) or one above it is ignored by
 * these rules: the answer of `rules.test('below/')`, asked only of folders whose name a rule can match.
 */
function folderIgnoredBy(rules: FolderRules, below: string): boolean {
  const known = rules.ignoredFolders.get(below);
  if (known !== undefined) return known;
  const slash = below.lastIndexOf('/');
  const ignored =
    folderIgnoredBy(rules, slash < 0 ? '' : below.slice(0, slash)) ||
    (endsWithAny(below.slice(slash + 1).toLowerCase(), rules.folderEndings) && rules.rules.test(`${below}/`).ignored);
  rules.ignoredFolders.set(below, ignored);
  return ignored;
}

/** Relative, `/`-separated, without empty, `.` or `..` segments, not ending in `/`: what a listing gives. */
const PLAIN_FILE_PATH = /^(?!\.\.?(?:\/|$))(?:[^/\\]+\/(?!\.\.?(?:\/|$)))*[^/\\]+$/;

/**
 * Builds the predicate from an existing listing, so the index lists the workspace only once.
 * True means ignored.
 *
 * A file is asked about per folder where it can be: whether a folder above it is ignored is
 * worked out once per folder, and the file's own name is tested against the rules only when
 * one of them can match that name. The answers are those of testing every path against every
 * rule (the ignore-rules specs compare both).
 */
export async function ignoreRulesFromListing(
  source: FileSource,
  entries: readonly FileEntry[],
): Promise<(path: string) => boolean> {
  const gitignores = entries.filter(
    (entry) => (entry.path === '.gitignore' || entry.path.endsWith('/.gitignore')) && !isInExcludedDir(entry.path),
  );
  const textsByDir = new Map<string, string[]>();
  await Promise.all(
    gitignores.map(async (entry) => {
      let text: string;
      try {
        text = await source.readText(entry.path);
      } catch {
        return; // An unreadable .gitignore hides nothing.
      }
      textsByDir.set(dirOf(entry.path), [text]);
    }),
  );
  // Rules kept out of the repository (`.git/info/exclude`) hide files as well as `.gitignore` does.
  try {
    if ((await source.stat('.git/info/exclude')) !== undefined) {
      const exclude = await source.readText('.git/info/exclude');
      textsByDir.set('', [exclude, ...(textsByDir.get('') ?? [])]);
    }
  } catch {
    // No repository, or no exclude file: nothing more is hidden.
  }
  // Deepest folders last, so a nested file's rules are tested after its parents'.
  const folders = [...textsByDir].map(([dir, texts]) => folderRules(dir, texts)).sort((a, b) => a.dir.length - b.dir.length);
  const inExcludedDir = excludedDirChecker();

  /** Every path against every rule file that applies to it, the last to say ignored or kept deciding. */
  const testEachRule = (path: string): boolean => {
    if (inExcludedDir(dirOf(path))) return true;
    let ignored = false;
    for (const { dir, rules } of folders) {
      if (dir !== '' && !path.startsWith(`${dir}/`)) continue;
      const result = rules.test(dir === '' ? path : path.slice(dir.length + 1));
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  };

  /** Per folder: each rule file that applies, the folder's path below it, and whether a folder on the way is ignored by it. */
  const byFolder = new Map<string, { readonly excluded: boolean; readonly applying: readonly { readonly rules: FolderRules; readonly prefix: string; readonly folderIgnored: boolean }[] }>();
  const folderOf = (dir: string) => {
    let known = byFolder.get(dir);
    if (known === undefined) {
      const applying = folders
        .filter((rules) => rules.dir === '' || dir === rules.dir || dir.startsWith(`${rules.dir}/`))
        .map((rules) => {
          const below = rules.dir === '' ? dir : dir.slice(rules.dir.length + 1);
          const prefix = below === '' ? '' : `${below}/`;
          return { rules, prefix, folderIgnored: folderIgnoredBy(rules, below) };
        });
      known = { excluded: inExcludedDir(dir), applying };
      byFolder.set(dir, known);
    }
    return known;
  };

  // A listing gives a folder's files one after another: the last folder is compared, not looked up.
  let lastDir: string | undefined;
  let lastFolder: ReturnType<typeof folderOf> | undefined;
  const sameFolder = (path: string, slash: number): boolean =>
    lastDir !== undefined && (slash < 0 ? lastDir === '' : slash === lastDir.length && path.startsWith(lastDir));

  return (path: string): boolean => {
    if (!PLAIN_FILE_PATH.test(path)) return testEachRule(path);
    const slash = path.lastIndexOf('/');
    if (!sameFolder(path, slash) || lastFolder === undefined) {
      lastDir = slash < 0 ? '' : path.slice(0, slash);
      lastFolder = folderOf(lastDir);
    }
    const folder = lastFolder;
    if (folder.excluded) return true;
    let name: string | undefined;
    let ignored = false;
    for (const { rules, prefix, folderIgnored } of folder.applying) {
      if (folderIgnored) {
        ignored = true;
        continue;
      }
      if (rules.fileEndings !== undefined) {
        name ??= path.slice(slash + 1).toLowerCase();
        if (!endsWithAny(name, rules.fileEndings)) continue;
      }
      const result = rules.rules.test(prefix + path.slice(slash + 1));
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  };
}

/** True = ignored by a `.gitignore` file or by the default excludes. */
export async function loadIgnoreRules(source: FileSource): Promise<(path: string) => boolean> {
  const entries = await source.listFiles(DEFAULT_EXCLUDED_DIRS);
  return ignoreRulesFromListing(source, entries);
}
