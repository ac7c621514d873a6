/**
 * The gate every path from an engine (above all from a language model) passes before it can be
 * written: workspace-relative, normalised, inside the root, never inside `.git/`, never through a
 * symlink that leaves the workspace.
 */
import { posix } from 'node:path';

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

export interface PathCheckOptions {
  /** Resolves an absolute path through symlinks; undefined when it does not exist. */
  readonly realpath?: (absolutePath: string) => string | undefined;
  /** Absolute workspace root; needed with `realpath` for the symlink check. */
  readonly root?: string;
}

// C0 controls, DEL and C1 controls: never part of a file name anyone meant to write.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export function checkChangePath(path: string, options: PathCheckOptions = {}): PathCheck {
  if (path.trim() === '') {
    return { ok: false, reason: 'empty path' };
  }
  if (CONTROL_CHARACTERS.test(path)) {
    return { ok: false, reason: 'path contains NUL or control characters' };
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

  const segments = path.replace(/\\/g, '/').split('/');
  if (segments.includes('..')) {
    return { ok: false, reason: 'path leaves the workspace through ".."' };
  }
  const normalised = posix.normalize(segments.filter((segment) => segment !== '').join('/'));
  if (normalised === '.' || normalised === '' || normalised.endsWith('/.')) {
    return { ok: false, reason: 'path names the workspace folder, not a file' };
  }
  const parts = normalised.split('/');
  if (parts.some((part) => isGitDirectoryName(part))) {
    return { ok: false, reason: 'paths inside .git/ are never written' };
  }
  if (parts.some((part) => /[. ]$/.test(part))) {
    // Windows silently strips trailing dots and spaces, so `.git.` would land in `.git`.
    return { ok: false, reason: 'path segments may not end with a dot or a space' };
  }

  if (options.realpath !== undefined && options.root !== undefined) {
    const escape = symlinkEscape(normalised, options.root, options.realpath);
    if (escape !== undefined) {
      return { ok: false, reason: escape };
    }
  }
  return { ok: true, path: normalised };
}

function isGitDirectoryName(segment: string): boolean {
  // Case-insensitive file systems (macOS, Windows) treat `.GIT` as `.git`.
  return segment.toLowerCase() === '.git';
}

/** Walks from the file up to the root; the nearest existing ancestor must resolve inside the root. */
function symlinkEscape(
  relative: string,
  root: string,
  realpath: (absolutePath: string) => string | undefined,
): string | undefined {
  const rootReal = realpath(root) ?? root;
  const parts = relative.split('/');
  for (let length = parts.length; length >= 1; length--) {
    const candidate = joinAbsolute(root, parts.slice(0, length).join('/'));
    const resolved = realpath(candidate);
    if (resolved === undefined) {
      continue;
    }
    return isInside(rootReal, resolved)
      ? undefined
      : `path resolves outside the workspace through a symlink (${parts.slice(0, length).join('/')})`;
  }
  return undefined;
}

function joinAbsolute(root: string, relative: string): string {
  const separator = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const trimmed = root.endsWith('/') || root.endsWith('\\') ? root.slice(0, -1) : root;
  return `${trimmed}${separator}${separator === '/' ? relative : relative.replace(/\//g, '\\')}`;
}

function isInside(root: string, candidate: string): boolean {
  const normaliseSeparators = (value: string): string => value.replace(/\\/g, '/').replace(/\/+$/, '');
  const base = normaliseSeparators(root);
  const target = normaliseSeparators(candidate);
  return target === base || target.startsWith(`${base}/`);
}
