/**
 * A native text search the index can hand its prefilter to: ripgrep walks and scans the bytes of
 * a large workspace several times faster than JavaScript can, and on all cores. The index stays
 * correct without it: a file the search did not look at is read by the index as before, and any
 * doubt about the answer (ripgrep missing or failing, a file it could not read) gives
 * `undefined`, so the index reads every file itself.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export interface TextSearchQuery {
  /** Found when a file's bytes contain one of these, case-sensitively. */
  readonly words: readonly string[];
  /** Only files whose name ends so are searched (`.py`). */
  readonly extension: string;
  /** Folders skipped by name wherever they appear (the listing's own excludes). */
  readonly excludedDirs: ReadonlySet<string>;
  /** Larger files are left unsearched. */
  readonly maxFileBytes: number;
}

export interface TextSearchAnswer {
  /** Every file the search looked at (root-relative, `/`-separated). */
  readonly searched: ReadonlySet<string>;
  /** Those of them that contain a word. */
  readonly found: ReadonlySet<string>;
}

export interface TextSearch {
  /**
   * Searches the files under `root`. A file the answer does not list as searched (a symlink,
   * one over the size limit, a name that is not valid UTF-8) is for the caller to read itself;
   * undefined when the search gave no complete answer.
   */
  search(root: string, query: TextSearchQuery, signal?: AbortSignal): Promise<TextSearchAnswer | undefined>;
}

/**
 * One line per file searched, `path NUL count`, the count stopping at the first match: the files
 * looked at and the files found in one walk. No config or ignore file may change which files
 * are walked (the index applies its own ignore rules); hidden folders are walked, symlinks not
 * followed, files over the limit left out. Fixed strings, case-sensitive, on raw bytes (no BOM
 * transcoding, NUL bytes do not end the search): the same test the JavaScript prefilter makes
 * on a Latin-1 view of the bytes.
 */
const RIPGREP_FLAGS = [
  '--count',
  '--include-zero',
  '--max-count',
  '1',
  '--no-config',
  '--no-ignore',
  '--hidden',
  '--null',
  '--path-separator',
  '/',
  '--fixed-strings',
  '--case-sensitive',
  '--text',
  '--encoding',
  'none',
];
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Of `paths`, the files still to read after a search: those it found, and every file it did not
 * look at (a symlink, one over the size limit), which the caller prefilters as without a search.
 * Undefined when the search gave no complete answer.
 */
export async function filesLeftToRead(
  search: TextSearch,
  root: string,
  paths: readonly string[],
  query: TextSearchQuery,
  signal?: AbortSignal,
): Promise<readonly string[] | undefined> {
  const answer = await search.search(root, query, signal);
  return answer && paths.filter((path) => answer.found.has(path) || !answer.searched.has(path));
}

/** A glob that matches `text` literally. */
function literalGlob(text: string): string {
  return text.replace(/[\\*?[\]{}!]/g, '\\$&');
}

export class RipgrepSearch implements TextSearch {
  constructor(
    readonly executable: string,
    private readonly options: { readonly timeoutMs?: number } = {},
  ) {}

  async search(root: string, query: TextSearchQuery, signal?: AbortSignal): Promise<TextSearchAnswer | undefined> {
    const { words } = query;
    if (words.length === 0 || words.some((word) => word === '' || /[\n\0]/.test(word))) return undefined;
    const args = [
      ...RIPGREP_FLAGS,
      '--max-filesize',
      String(query.maxFileBytes),
      '--glob',
      `*${literalGlob(query.extension)}`,
      ...[...query.excludedDirs].flatMap((name) => ['--glob', `!${literalGlob(name)}/`]),
      ...words.flatMap((word) => ['-e', word]),
      '.',
    ];
    const output = await this.run(root, args, signal);
    return output === undefined ? undefined : countsOf(output);
  }

  /** One ripgrep run: its output, or undefined on any error. */
  private run(root: string, args: readonly string[], signal: AbortSignal | undefined): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      if (signal?.aborted === true) {
        resolve(undefined);
        return;
      }
      let settled = false;
      const finish = (answer: Buffer | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', stop);
        resolve(answer);
      };
      const child = spawn(this.executable, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, shell: false });
      const stop = (): void => {
        child.kill();
        finish(undefined);
      };
      const timer = setTimeout(stop, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      signal?.addEventListener('abort', stop, { once: true });
      const output: Buffer[] = [];
      let errors = false;
      child.stdout.on('data', (data: Buffer) => output.push(data));
      child.stderr.on('data', () => (errors = true));
      child.on('error', () => finish(undefined));
      child.on('close', (code) => {
        // 0: something listed, 1: nothing; anything else, or a message about some file (one it
        // could not read), leaves files whose answer is unknown.
        if (errors || (code !== 0 && code !== 1)) {
          finish(undefined);
          return;
        }
        finish(Buffer.concat(output));
      });
    });
  }
}

/** `path NUL count LF` lines as the files searched and found; undefined when they do not read so. */
export function countsOf(output: Buffer): TextSearchAnswer | undefined {
  const searched = new Set<string>();
  const found = new Set<string>();
  const text = output.toString('utf8');
  let at = 0;
  while (at < text.length) {
    const nul = text.indexOf('\0', at);
    const end = nul < 0 ? -1 : text.indexOf('\n', nul);
    if (end < 0) return undefined;
    const listed = text.slice(at, nul);
    const count = text.slice(nul + 1, end);
    at = end + 1;
    if (!/^\d+$/.test(count)) return undefined;
    const path = listed.startsWith('./') ? listed.slice(2) : listed;
    // A name that is not valid UTF-8 cannot be matched to the listing's: the index reads it itself.
    if (path === '' || path.includes('\uFFFD')) continue;
    searched.add(path);
    if (count !== '0') found.add(path);
  }
  return { searched, found };
}

/** A regular file at `path`, or undefined. */
function fileAt(path: string): string | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * ripgrep from `FASTAPI_ENGINEER_RIPGREP` (a path, or `off` for none), else the first `rg` in an
 * absolute folder of PATH. Relative PATH entries are skipped: a workspace must not be able to
 * put its own `rg` in the way.
 */
export function ripgrepOnPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.FASTAPI_ENGINEER_RIPGREP;
  if (chosen === 'off') return undefined;
  if (chosen !== undefined && chosen !== '') return isAbsolute(chosen) ? fileAt(chosen) : undefined;
  const name = process.platform === 'win32' ? 'rg.exe' : 'rg';
  for (const folder of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!isAbsolute(folder)) continue;
    const found = fileAt(join(folder, name));
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The ripgrep VS Code ships, under its `appRoot`: newer releases keep one binary per platform in
 * `@vscode/ripgrep-universal`, older ones `@vscode/ripgrep`, unpacked beside an asar archive or not.
 */
export function bundledRipgrep(appRoot: string): string | undefined {
  const name = process.platform === 'win32' ? 'rg.exe' : 'rg';
  const platform = `${process.platform}-${process.arch}`;
  for (const modules of ['node_modules', 'node_modules.asar.unpacked']) {
    const found = fileAt(join(appRoot, modules, '@vscode', 'ripgrep-universal', 'bin', platform, name)) ?? fileAt(join(appRoot, modules, '@vscode', 'ripgrep', 'bin', name));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** ripgrep as the prefilter of large projects when it is installed (see `ripgrepOnPath`). */
export function installedRipgrep(env: NodeJS.ProcessEnv = process.env): RipgrepSearch | undefined {
  const executable = ripgrepOnPath(env);
  return executable === undefined ? undefined : new RipgrepSearch(executable);
}
