/**
 * The gate every path from an engine (above all from a language model) passes before it can be
 * written: workspace-relative, normalised, inside the root, never in a protected place (see
 * `protected-paths.ts`), and — where the disk can be asked — never through a symlink that leaves
 * the workspace or lands in a protected place, never onto a folder, a FIFO or a device.
 */
import { posix } from 'node:path';
import { canonicalSegment, ENVIRONMENT_MARKERS, GIT_DIRECTORY_MARKERS, protectedPathReason } from './protected-paths';

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/** What `lstat` says an entry is; undefined when there is none. */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'fifo' | 'socket' | 'device' | 'other';

export interface PathCheckOptions {
  /** Resolves an absolute path through symlinks; undefined when it does not exist (or loops). */
  readonly realpath?: (absolutePath: string) => string | undefined;
  /** The kind of entry at an absolute path without following a final symlink; undefined when none. */
  readonly entryKind?: (absolutePath: string) => EntryKind | undefined;
  /** Absolute workspace root; needed with `realpath` for the checks on disk. */
  readonly root?: string;
}

// C0 controls, DEL and C1 controls: never part of a file name anyone meant to write.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
// Invisible and direction-changing characters: a name that reads as one thing and is another.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE_CHARACTERS = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/u;
/** Device names Windows reserves in every folder, with or without an extension. */
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;
/** Longest name most file systems store (bytes), and a generous bound for a whole relative path. */
const MAX_SEGMENT_BYTES = 255;
const MAX_PATH_CHARACTERS = 1024;

export function checkChangePath(path: string, options: PathCheckOptions = {}): PathCheck {
  const lexical = checkPathText(path);
  if (!lexical.ok || options.realpath === undefined || options.root === undefined) {
    return lexical;
  }
  const onDisk = checkOnDisk(lexical.path, options.root, options.realpath, options.entryKind);
  return onDisk === undefined ? lexical : { ok: false, reason: onDisk };
}

/** Everything that can be said from the text of the path alone. */
export function checkPathText(path: string): PathCheck {
  if (path.trim() === '') {
    return { ok: false, reason: 'empty path' };
  }
  if (CONTROL_CHARACTERS.test(path)) {
    return { ok: false, reason: 'path contains NUL or control characters' };
  }
  if (INVISIBLE_CHARACTERS.test(path)) {
    return { ok: false, reason: 'path contains invisible or direction-changing characters' };
  }
  if (path.length > MAX_PATH_CHARACTERS) {
    return { ok: false, reason: `path is too long (${path.length} characters; at most ${MAX_PATH_CHARACTERS})` };
  }
  if (/^[\\/]{2}/.test(path)) {
    return { ok: false, reason: 'UNC or network paths are not allowed' };
  }
  if (/^[a-zA-Z]:/.test(path)) {
    return { ok: false, reason: 'drive-letter paths are not allowed' };
  }
  if (path.startsWith('/') || path.startsWith('\\')) {
    return { ok: false, reason: 'absolute paths are not allowed; use a workspace-relative path' };
  }
  if (path.startsWith('~')) {
    return { ok: false, reason: 'home-relative paths are not allowed' };
  }
  if (/%[0-9a-fA-F]{2}/.test(path)) {
    return { ok: false, reason: 'percent-encoded characters are not allowed in a path; write the name itself' };
  }
  if (path.includes(':')) {
    return { ok: false, reason: '":" is not allowed in a path (drive letters and Windows alternate data streams)' };
  }

  const segments = path.replace(/\\/g, '/').split('/');
  if (segments.some((segment) => segment === '..' || segment.normalize('NFKC') === '..' || segment.normalize('NFKC').includes('/'))) {
    return { ok: false, reason: 'path leaves the workspace through ".."' };
  }
  const normalised = posix.normalize(segments.filter((segment) => segment !== '').join('/'));
  if (normalised === '.' || normalised === '' || normalised.endsWith('/.')) {
    return { ok: false, reason: 'path names the workspace folder, not a file' };
  }
  const parts = normalised.split('/');
  if (parts.some((part) => part.toLowerCase() === '.git' || canonicalSegment(part) === '.git')) {
    return { ok: false, reason: 'paths inside .git/ are never written' };
  }
  if (parts.some((part) => /[. ]$/.test(part))) {
    // Windows silently strips trailing dots and spaces, so `.git.` would land in `.git`.
    return { ok: false, reason: 'path segments may not end with a dot or a space' };
  }
  const long = parts.find((part) => Buffer.byteLength(part, 'utf8') > MAX_SEGMENT_BYTES);
  if (long !== undefined) {
    return { ok: false, reason: `a file or folder name is too long (${Buffer.byteLength(long, 'utf8')} bytes; at most ${MAX_SEGMENT_BYTES})` };
  }
  const device = parts.find((part) => WINDOWS_DEVICE_NAME.test(part));
  if (device !== undefined) {
    return { ok: false, reason: `"${device}" is a device name on Windows, not a file` };
  }
  const protectedReason = protectedPathReason(normalised);
  if (protectedReason !== undefined) {
    return { ok: false, reason: `protected path: ${protectedReason}` };
  }
  return { ok: true, path: normalised };
}

/**
 * Walks the path from the root down. Every prefix that exists is resolved: its real path must
 * lie inside the workspace and, with the rest of the path appended, pass the protected-place
 * policy again (a symlink `gitlink -> .git` makes `gitlink/config` a `.git` path). Folders on the
 * way must be folders and not Python environments or git directories; the target itself must be
 * a regular file or absent.
 */
function checkOnDisk(
  relative: string,
  root: string,
  realpath: (absolutePath: string) => string | undefined,
  entryKind: ((absolutePath: string) => EntryKind | undefined) | undefined,
): string | undefined {
  const rootReal = realpath(root) ?? root;
  const parts = relative.split('/');
  const folderProblem = entryKind === undefined ? undefined : folderReason(rootReal, '', entryKind);
  if (folderProblem !== undefined) return folderProblem;
  for (let length = 1; length <= parts.length; length++) {
    const prefix = parts.slice(0, length).join('/');
    const isTarget = length === parts.length;
    const absolute = joinAbsolute(root, prefix);
    const kind = entryKind?.(absolute);
    const resolved = realpath(absolute);
    if (resolved === undefined) {
      if (kind === 'symlink') {
        return `${prefix} is a symlink that points nowhere or loops; it is never written through`;
      }
      return undefined; // Nothing exists from here down: the file and its folders are new.
    }
    if (!isInside(rootReal, resolved)) {
      return `path resolves outside the workspace through a symlink (${prefix})`;
    }
    const realRelative = relativeTo(rootReal, resolved);
    const rest = parts.slice(length).join('/');
    const realPath = [realRelative, rest].filter((part) => part !== '').join('/');
    if (realPath !== relative) {
      const reason = realPath === '' ? 'it names the workspace folder' : lexicalReason(realPath);
      if (reason !== undefined) return `${prefix} is a symlink to ${realRelative || 'the workspace folder'}: ${reason}`;
    }
    if (entryKind === undefined) continue;
    const resolvedKind = kind === 'symlink' ? entryKind(resolved) : kind;
    if (!isTarget) {
      if (resolvedKind !== 'directory') return `${prefix} is a file, not a folder, so nothing can be written below it`;
      const problem = folderReason(resolved, prefix, entryKind);
      if (problem !== undefined) return problem;
    } else if (resolvedKind === 'directory') {
      return `a folder exists at ${prefix}; a file cannot replace it`;
    } else if (resolvedKind !== 'file') {
      return `${prefix} is not a regular file (${resolvedKind ?? 'unknown'}); only regular files are written`;
    }
  }
  return undefined;
}

function lexicalReason(path: string): string | undefined {
  const check = checkPathText(path);
  return check.ok ? undefined : check.reason;
}

/** A folder that is a Python environment or a git directory is refused whatever its name. */
function folderReason(
  folder: string,
  label: string,
  entryKind: (absolutePath: string) => EntryKind | undefined,
): string | undefined {
  const where = label === '' ? 'the workspace folder' : label;
  const marker = ENVIRONMENT_MARKERS.find((name) => entryKind(joinAbsolute(folder, name)) !== undefined);
  if (marker !== undefined) {
    return `protected path: ${where} holds ${marker}, so it is a Python environment whose files run when Python starts`;
  }
  if (GIT_DIRECTORY_MARKERS.every((name) => entryKind(joinAbsolute(folder, name)) !== undefined)) {
    return `protected path: ${where} is a git directory (it holds HEAD, objects and refs)`;
  }
  return undefined;
}

function joinAbsolute(root: string, relative: string): string {
  const separator = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const trimmed = root.endsWith('/') || root.endsWith('\\') ? root.slice(0, -1) : root;
  return `${trimmed}${separator}${separator === '/' ? relative : relative.replace(/\//g, '\\')}`;
}

const normaliseSeparators = (value: string): string => value.replace(/\\/g, '/').replace(/\/+$/, '');

function isInside(root: string, candidate: string): boolean {
  const base = normaliseSeparators(root);
  const target = normaliseSeparators(candidate);
  return target === base || target.startsWith(`${base}/`);
}

function relativeTo(root: string, candidate: string): string {
  const base = normaliseSeparators(root);
  const target = normaliseSeparators(candidate);
  return target === base ? '' : target.slice(base.length + 1);
}
