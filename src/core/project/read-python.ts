/**
 * Reading one Python file for the index: the size limit, then the text prefilter that decides
 * whether the file is worth parsing.
 *
 * A host that can hand over raw bytes (the Node file source) gets a faster path: the limit is
 * checked on the open file, and the prefilter runs on a Latin-1 view of the bytes, which is
 * cheaper to make than UTF-8 text; only the few relevant files are then decoded as UTF-8. The
 * prefilter's words are ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte character,
 * so both views match the same files.
 */
import { decodeSourceLeniently } from '../changes/source-encoding';
import type { FileEntry, FileSource } from '../ports';
import type { ProjectNote } from './facts';
import type { PhaseClock } from './index-timings';

/** A FileSource that can also return bytes, up to a limit. */
export interface ByteFileSource extends FileSource {
  /**
   * The file's bytes, or `tooLarge` (its size, or at least `maxBytes + 1`) when it is larger
   * than `maxBytes`. Throws when unreadable. The bytes may live in a buffer the next call
   * reuses: use them before reading again.
   */
  readBytesUpTo(path: string, maxBytes: number): Uint8Array | { readonly tooLarge: number };
}

export type PythonRead =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'irrelevant' }
  | { readonly kind: 'too-large'; readonly size: number }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** Text worth parsing mentions one of these (bytes, case-sensitive): the prefilter's words. */
export const RELEVANT_WORDS: readonly string[] = [
  'SQLModel',
  'sqlmodel',
  'FastAPI',
  'fastapi',
  'APIRouter',
  'Depends',
  'BaseSettings',
  'BaseModel',
  'pydantic',
  'include_router',
  'Field(',
  'Annotated',
  'jwt',
  'pwdlib',
  // an httpx AsyncClient: a test module whose requests are read
  'AsyncClient',
];

const RELEVANT_TEXT = new RegExp(RELEVANT_WORDS.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

/**
 * A piece of each word above, chosen to start with a character that is rare in Python code, so
 * the regular expression engine skips through an irrelevant file about twice as fast. Every
 * text RELEVANT_TEXT matches has one of these pieces; the few texts that have one are then
 * checked against RELEVANT_TEXT itself, so both together match exactly the same files.
 */
const RELEVANT_PIECES = /QLModel|qlmodel|FastAPI|astapi|PIRouter|Depends|BaseSettings|BaseModel|ydantic|e_router|Field\(|Annotated|jwt|pwdlib|syncClient/;

/**
 * Modules named like an app's entry point are parsed whatever they mention: `main.py` often makes
 * the app through a factory defined elsewhere (`app = create_application(router=router)`) and
 * names no word above. A project has few of them.
 */
const ENTRY_MODULE = /(?:^|\/)(?:main|app|asgi|server)\.py$/;

export function isEntryModule(path: string): boolean {
  return ENTRY_MODULE.test(path);
}

/** True when the text mentions one of the words above: such a file is parsed without being asked for. */
export function isRelevantPythonText(text: string): boolean {
  return RELEVANT_PIECES.test(text) && RELEVANT_TEXT.test(text);
}

export function hasByteReads(source: FileSource): source is ByteFileSource {
  return typeof (source as Partial<ByteFileSource>).readBytesUpTo === 'function';
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads `entry` unless it is over `maxBytes`; returns its text when it is relevant or
 * `force`d (resolution needs it), else says it is irrelevant.
 */
export async function readPythonFile(
  source: FileSource,
  entry: FileEntry,
  maxBytes: number,
  force: boolean,
  clock?: PhaseClock,
): Promise<PythonRead> {
  let started = performance.now();
  if (hasByteReads(source)) {
    let bytes: Uint8Array | { readonly tooLarge: number };
    try {
      bytes = source.readBytesUpTo(entry.path, maxBytes);
    } catch (error) {
      return { kind: 'unreadable', reason: reasonOf(error) };
    } finally {
      started = clock?.add('read', started) ?? started;
    }
    if (!(bytes instanceof Uint8Array)) return { kind: 'too-large', size: bytes.tooLarge };
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const relevant = force || isEntryModule(entry.path) || isRelevantPythonText(buffer.toString('latin1'));
    clock?.add('prefilter', started);
    return relevant ? { kind: 'text', text: decodeSourceLeniently(buffer) } : { kind: 'irrelevant' };
  }
  if (entry.size > maxBytes) return { kind: 'too-large', size: entry.size };
  let text: string;
  try {
    text = await source.readText(entry.path);
  } catch (error) {
    return { kind: 'unreadable', reason: reasonOf(error) };
  } finally {
    started = clock?.add('read', started) ?? started;
  }
  const relevant = force || isEntryModule(entry.path) || isRelevantPythonText(text);
  clock?.add('prefilter', started);
  return relevant ? { kind: 'text', text } : { kind: 'irrelevant' };
}

/** A file that was not read: over the size limit, or unreadable. */
export type UnavailableRead = Extract<PythonRead, { kind: 'too-large' | 'unreadable' }>;

/** The note the project's facts carry for a file that was not read, saying why. */
export function unavailableNote(path: string, read: UnavailableRead, maxBytes: number): ProjectNote {
  const limit = `${(maxBytes / 1024).toFixed(0)} KB`;
  const message = read.kind === 'too-large' ? `Skipped: ${read.size} bytes is over the ${limit} limit.` : `Could not be read: ${read.reason}`;
  return { file: path, message };
}
