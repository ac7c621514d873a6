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
   * undefined when the search gave no complete answer. `onFound`, when given, hears of each file
   * found as soon as the search reports it, while it goes on; a search that then fails has
   * still named only files that contain a word.
   */
  search(root: string, query: TextSearchQuery, signal?: AbortSignal, onFound?: (path: string) => void): Promise<TextSearchAnswer | undefined>;
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
 * Whether a file is still to read after a search: one it found, or one it did not look at (a
 * symlink, one over the size limit), which the caller prefilters as without a search. Without a
 * complete answer every file is.
 */
export function isLeftToRead(answer: TextSearchAnswer | undefined, path: string): boolean {
  return !answer || answer.found.has(path) || !answer.searched.has(path);
}

/** A glob that matches `text` literally. */
function literalGlob(text: string): string {
  return text.replace(/[\\*?[\]{}!]/g, '\\$&');
}

export interface RipgrepOptions {
  readonly timeoutMs?: number;
  /**
   * ripgrep's own threads (`-j`). One by default: with more, ripgrep writes each file's line
   * on its own (10,000 writes for 10,000 files), which costs the reading side more than the
   * second search thread saves; and the index's parsing needs the other core meanwhile.
   */
  readonly threads?: number;
}

export class RipgrepSearch implements TextSearch {
  constructor(
    readonly executable: string,
    private readonly options: RipgrepOptions = {},
  ) {}

  async search(root: string, query: TextSearchQuery, signal?: AbortSignal, onFound?: (path: string) => void): Promise<TextSearchAnswer | undefined> {
    const { words } = query;
    if (words.length === 0 || words.some((word) => word === '' || /[\n\0]/.test(word))) return undefined;
    const threads = this.options.threads ?? 1;
    const args = [
      ...(threads > 0 ? ['--threads', String(threads)] : []),
      ...RIPGREP_FLAGS,
      '--max-filesize',
      String(query.maxFileBytes),
      '--glob',
      `*${literalGlob(query.extension)}`,
      ...[...query.excludedDirs].flatMap((name) => ['--glob', `!${literalGlob(name)}/`]),
      ...words.flatMap((word) => ['-e', word]),
      '.',
    ];
    const counts = new CountLines(onFound);
    return (await this.run(root, args, signal, counts)) ? counts.answer() : undefined;
  }

  /** One ripgrep run, its output fed to `counts` as it comes: true when it ended well. */
  private run(root: string, args: readonly string[], signal: AbortSignal | undefined, counts: CountLines): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal?.aborted === true) {
        resolve(false);
        return;
      }
      let settled = false;
      const finish = (answer: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', stop);
        resolve(answer);
      };
      const child = spawn(this.executable, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, shell: false });
      const stop = (): void => {
        child.kill();
        finish(false);
      };
      const timer = setTimeout(stop, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      signal?.addEventListener('abort', stop, { once: true });
      let errors = false;
      child.stdout.on('data', (data: Buffer) => {
        if (!settled && !counts.add(data)) stop();
      });
      child.stderr.on('data', () => (errors = true));
      child.on('error', () => finish(false));
      child.on('close', (code) => {
        // 0: something listed, 1: nothing; anything else, or a message about some file (one it
        // could not read), leaves files whose answer is unknown.
        finish(!errors && (code === 0 || code === 1));
      });
    });
  }
}

/** Where the last whole `path NUL count LF` line of `bytes` ends (a path may hold LF, never NUL). */
function completeLinesEnd(bytes: Buffer): number {
  for (let nul = bytes.lastIndexOf(0); nul >= 0; nul = nul === 0 ? -1 : bytes.lastIndexOf(0, nul - 1)) {
    const end = bytes.indexOf(10, nul);
    if (end >= 0) return end + 1;
  }
  return 0;
}

/**
 * Reads `path NUL count LF` lines as they arrive, in pieces cut anywhere (a name may hold a
 * newline, never a NUL): the files searched and found, each found one told to `onFound` at once.
 */
class CountLines {
  private readonly searched = new Set<string>();
  private readonly found = new Set<string>();
  private rest: Buffer = Buffer.alloc(0);
  private malformed = false;

  constructor(private readonly onFound?: (path: string) => void) {}

  /** Takes the next piece of output; false once it does not read as count lines. */
  add(piece: Buffer): boolean {
    const bytes = this.rest.length === 0 ? piece : Buffer.concat([this.rest, piece]);
    const complete = completeLinesEnd(bytes);
    this.rest = bytes.subarray(complete);
    // Whole lines end in an ASCII byte: they decode as UTF-8 at once, without cutting a character.
    const text = bytes.toString('utf8', 0, complete);
    // A name that is not valid UTF-8 decodes with U+FFFD: only then is each name looked at for it.
    const replaced = text.includes('\uFFFD');
    for (let at = 0; at < text.length; ) {
      const nul = text.indexOf('\0', at);
      const end = nul < 0 ? -1 : text.indexOf('\n', nul);
      if (end < 0 || !isCount(text, nul + 1, end)) {
        this.malformed = true;
        return false;
      }
      const start = text.startsWith('./', at) ? at + 2 : at;
      if (nul > start) this.line(text.slice(start, nul), replaced, end !== nul + 2 || text.charCodeAt(nul + 1) !== ZERO);
      at = end + 1;
    }
    return true;
  }

  /** The whole answer, once the output has ended; undefined when it did not read so. */
  answer(): TextSearchAnswer | undefined {
    return this.malformed || this.rest.length > 0 ? undefined : { searched: this.searched, found: this.found };
  }

  private line(path: string, replaced: boolean, found: boolean): void {
    // A name that is not valid UTF-8 cannot be matched to the listing's: the index reads it itself.
    if (replaced && path.includes('\uFFFD')) return;
    this.searched.add(path);
    if (found) {
      this.found.add(path);
      this.onFound?.(path);
    }
  }
}

const ZERO = 0x30;
const NINE = 0x39;

/** Whether `text` from `start` to `end` is a number (one digit or more). */
function isCount(text: string, start: number, end: number): boolean {
  if (start >= end) return false;
  for (let at = start; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code < ZERO || code > NINE) return false;
  }
  return true;
}

/**
 * `path NUL count LF` lines, in pieces as a pipe delivers them, as the files searched and found
 * (each found one told to `onFound` as its line completes); undefined when they do not read so.
 */
export function countsOf(pieces: readonly Buffer[], onFound?: (path: string) => void): TextSearchAnswer | undefined {
  const counts = new CountLines(onFound);
  return pieces.every((piece) => counts.add(piece)) ? counts.answer() : undefined;
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
