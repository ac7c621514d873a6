/**
 * FileSource over Node's fs, for the CLI, the editor's folders on local disk, the benchmarks and the specs.
 *
 * Uses the synchronous fs calls on purpose: for thousands of small files they are several
 * times faster than the promise API (one thread-pool round trip per open/stat/read/close),
 * and the CLI has nothing else to do meanwhile.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { FileEntry, FileStat } from '../ports';
import type { ByteFileSource } from './read-python';
import { decodeSourceLeniently } from '../changes/source-encoding';

/**
 * An entry whose size is read from disk when first asked for: most files of a workspace are
 * never asked about (only Python files are), and a stat per file is a large part of a listing.
 * A class rather than an object with a closure: one small object per file, kept for the index's
 * lifetime, and its absolute path is only built when the size is wanted.
 */
class LazySizeEntry implements FileEntry {
  private measured: number | undefined;

  constructor(
    readonly path: string,
    private readonly root: string,
  ) {}

  get size(): number {
    this.measured ??= statSync(join(this.root, this.path), { throwIfNoEntry: false })?.size ?? 0;
    return this.measured;
  }
}

/**
 * Opens without blocking (a FIFO would otherwise wait for a writer forever) and refuses anything
 * but a regular file.
 */
function openRegularFile(absolute: string): number {
  const fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new Error(`${absolute} is not a regular file`);
  }
  return fd;
}

/** Relative, `/`-separated, without empty, `.` or `..` segments. */
const PLAIN_RELATIVE_PATH = /^(?!\.\.?(?:\/|$))(?:[^/\\\0]+\/(?!\.\.?(?:\/|$)))*[^/\\\0]+$/;

export class NodeFileSource implements ByteFileSource {
  private readonly root: string;
  private buffer: Buffer | undefined;
  private realRoot: string | undefined;
  private readonly skippedList: { path: string; reason: string }[] = [];

  constructor(root: string) {
    this.root = resolve(root);
  }

  listFiles(excludeDirs: ReadonlySet<string>, signal?: AbortSignal): Promise<readonly FileEntry[]> {
    const entries: FileEntry[] = [];
    this.skippedList.length = 0;
    const pending: string[] = [''];
    while (pending.length > 0) {
      signal?.throwIfAborted();
      const relativeDir = pending.pop() ?? '';
      const absoluteDir = relativeDir === '' ? this.root : join(this.root, relativeDir);
      let children;
      try {
        children = readdirSync(absoluteDir, { withFileTypes: true });
      } catch {
        continue; // A folder that vanished or cannot be read holds nothing for us.
      }
      for (const child of children) {
        const path = relativeDir === '' ? child.name : `${relativeDir}/${child.name}`;
        if (child.isDirectory()) {
          if (!excludeDirs.has(child.name)) pending.push(path);
        } else if (child.isFile()) {
          entries.push(new LazySizeEntry(path, this.root));
        } else if (child.isSymbolicLink()) {
          const linked = this.linkedFile(path);
          if (linked !== undefined) entries.push(linked);
        }
      }
    }
    return Promise.resolve(entries);
  }

  /**
   * A symlink is listed as the file it points to when that file is inside the workspace. Links to
   * folders are not followed (they can loop); loops, dangling links and links leaving the
   * workspace are skipped with a note, never an error.
   */
  private linkedFile(path: string): FileEntry | undefined {
    let real: string;
    let info;
    try {
      real = realpathSync.native(join(this.root, path));
      info = statSync(real);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.skippedList.push({ path, reason: code === 'ELOOP' ? 'a symlink loop' : 'a symlink that points nowhere' });
      return undefined;
    }
    if (!info.isFile()) return undefined;
    const rootReal = this.rootReal();
    if (real !== rootReal && !real.startsWith(rootReal + sep)) {
      this.skippedList.push({ path, reason: 'a symlink to a file outside the workspace' });
      return undefined;
    }
    return { path, size: info.size };
  }

  /** Entries the last listing left out, with why (symlink loops, links leaving the workspace). */
  get skipped(): readonly { readonly path: string; readonly reason: string }[] {
    return this.skippedList;
  }

  private rootReal(): string {
    this.realRoot ??= realpathSync.native(this.root);
    return this.realRoot;
  }

  readText(path: string): Promise<string> {
    try {
      const fd = openRegularFile(this.absolute(path));
      try {
        return Promise.resolve(decodeSourceLeniently(readFileSync(fd)));
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * Open, read into a buffer reused between calls, close: no stat and no allocation per file.
   * Reading one byte past the limit tells a file that is too large; only then is it measured.
   */
  readBytesUpTo(path: string, maxBytes: number): Uint8Array | { readonly tooLarge: number } {
    if (!this.buffer || this.buffer.length < maxBytes + 1) this.buffer = Buffer.allocUnsafe(maxBytes + 1);
    const buffer = this.buffer;
    const fd = openRegularFile(this.absolute(path));
    try {
      let read = 0;
      for (;;) {
        const count = readSync(fd, buffer, read, maxBytes + 1 - read, read);
        if (count === 0) break;
        read += count;
        if (read > maxBytes) return { tooLarge: fstatSync(fd).size };
      }
      return buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }

  /** `stat` without waiting: the index asks this for every file when it uses its facts cache. */
  statNow(path: string): FileStat | undefined {
    try {
      const info = statSync(this.absolute(path), { throwIfNoEntry: false });
      return info?.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const info = await stat(this.absolute(path));
      return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  }

  private absolute(path: string): string {
    // Paths from a listing are already plain: joining them skips `resolve`, a large part of
    // the cost of reading a small file.
    if (sep === '/' && PLAIN_RELATIVE_PATH.test(path)) return `${this.root}/${path}`;
    const absolute = resolve(this.root, path);
    if (absolute !== this.root && !absolute.startsWith(this.root + sep)) {
      throw new Error(`${path} is outside ${this.root}.`);
    }
    return absolute;
  }
}
