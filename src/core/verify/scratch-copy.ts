/**
 * The scratch copy verification runs in: a temporary folder outside the workspace holding only
 * what the checks read (Python files and the tools' configuration) with the proposal written
 * over it. Unchanged files are hard links where the file system allows (fast, no extra space),
 * copies otherwise; a changed file is always a new file, so nothing can write through a link
 * into the workspace. Virtual environments, dependencies, `.git`, caches and git-ignored files
 * are never copied.
 */
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { FileChange } from '../changes/change-set';
import { checkChangePath } from '../changes/path-safety';
import type { FileEntry, FileSource } from '../ports';
import { DEFAULT_EXCLUDED_DIRS, ignoreRulesFromListing } from '../project/ignore-rules';
import { VerificationError } from './verify-types';

/** Configuration the checks read, besides Python files (`conftest.py` is one of those). */
export const CONFIG_FILE_NAMES: ReadonlySet<string> = new Set([
  'pyproject.toml',
  'ruff.toml',
  '.ruff.toml',
  'setup.cfg',
  'mypy.ini',
  '.mypy.ini',
  'pytest.ini',
  'tox.ini',
  'pyrightconfig.json',
  'py.typed',
]);

export function isCopiedFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.endsWith('.py') || name.endsWith('.pyi') || CONFIG_FILE_NAMES.has(name);
}

export interface ScratchCopy {
  /** The folder holding the copy; the tools run here. */
  readonly projectDir: string;
  /** `projectDir` with symbolic links resolved (tools may print either). */
  readonly realProjectDir: string;
  /** Every file in the copy, workspace-relative, the proposal's included. */
  readonly paths: readonly string[];
  /** A private folder beside the copy for reports and helper scripts (removed with it). */
  readonly toolsDir: string;
  readonly files: number;
  readonly linked: number;
  readonly durationMs: number;
  /** Removes everything; safe to call twice. */
  remove(): void;
}

export interface ScratchCopyOptions {
  /** Where the temporary folder is made (the OS temp folder by default); never inside `root`. */
  readonly parentDir?: string;
  /** False: copy every file (for file systems where links would surprise). */
  readonly hardLinks?: boolean;
  readonly signal?: AbortSignal;
}

export interface ListedFile {
  /** Workspace-relative POSIX path. */
  readonly path: string;
  /** A symbolic link: copied by content, never linked. */
  readonly symlink: boolean;
}

/** The project files the checks need. */
export async function listCopiedFiles(root: string, signal?: AbortSignal): Promise<ListedFile[]> {
  const candidates: ListedFile[] = [];
  const gitignores: FileEntry[] = [];
  const pending: string[] = [''];
  while (pending.length > 0) {
    signal?.throwIfAborted();
    const dir = pending.pop() ?? '';
    let children;
    try {
      children = readdirSync(dir === '' ? root : join(root, dir), { withFileTypes: true });
    } catch {
      continue; // vanished or unreadable: nothing to copy from it
    }
    // A virtual environment under any name (`.env312/`) is recognised by its marker file.
    if (dir !== '' && children.some((child) => child.name === 'pyvenv.cfg')) continue;
    for (const child of children) {
      const path = dir === '' ? child.name : `${dir}/${child.name}`;
      if (child.isDirectory()) {
        if (!DEFAULT_EXCLUDED_DIRS.has(child.name) && !child.name.endsWith('.egg-info')) pending.push(path);
      } else if (child.isFile() || child.isSymbolicLink()) {
        if (child.name === '.gitignore') gitignores.push({ path, size: 0 });
        else if (isCopiedFile(path)) candidates.push({ path, symlink: child.isSymbolicLink() });
      }
    }
  }
  const source: FileSource = {
    listFiles: () => Promise.resolve(gitignores),
    readText: (path) => Promise.resolve(readFileSync(join(root, path), 'utf8')),
    stat: () => Promise.resolve(undefined),
  };
  const isIgnored = await ignoreRulesFromListing(source, gitignores);
  return candidates.filter((file) => !isIgnored(file.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Builds the copy of `root` with `changes` written over it (no changes: the untouched project,
 * for the baseline). Throws VerificationError for a change path that could leave the copy.
 */
export async function createScratchCopy(root: string, changes: readonly FileChange[], options: ScratchCopyOptions = {}): Promise<ScratchCopy> {
  const started = performance.now();
  const absoluteRoot = resolve(root);
  const parent = resolve(options.parentDir ?? tmpdir());
  if (parent === absoluteRoot || parent.startsWith(absoluteRoot + sep)) {
    throw new VerificationError(`The scratch folder ${parent} lies inside the project; verification never writes there.`);
  }
  mkdirSync(parent, { recursive: true });
  const workDir = mkdtempSync(join(parent, 'fastapi-engineer-verify-'));
  const remove = (): void => rmSync(workDir, { recursive: true, force: true, maxRetries: 3 });
  try {
    const projectDir = join(workDir, 'project');
    const toolsDir = join(workDir, 'tools');
    mkdirSync(projectDir);
    mkdirSync(toolsDir);
    const files = await listCopiedFiles(absoluteRoot, options.signal);
    const linked = placeFiles(absoluteRoot, projectDir, files, options.hardLinks ?? true, options.signal);
    writeChanges(projectDir, changes);
    const durationMs = performance.now() - started;
    const paths = [...new Set([...files.map((file) => file.path), ...changes.map((change) => change.path)])].sort();
    return { projectDir, realProjectDir: realpathSync(projectDir), toolsDir, paths, files: files.length, linked, durationMs, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** Links (or copies) every file; returns how many are links. */
function placeFiles(root: string, target: string, files: readonly ListedFile[], hardLinks: boolean, signal?: AbortSignal): number {
  const made = new Set<string>();
  let linksWork = hardLinks;
  let linked = 0;
  for (const [position, { path, symlink }] of files.entries()) {
    if (position % 256 === 0) signal?.throwIfAborted();
    const from = join(root, path);
    const to = join(target, path);
    const dir = dirname(to);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    if (linksWork && !symlink) {
      try {
        linkSync(from, to);
        linked++;
        continue;
      } catch (error) {
        // Another device, or a file system without links: copy this file and every later one.
        if (!isLinkUnsupported(error)) throw error;
        linksWork = false;
      }
    }
    copyFileSync(from, to);
  }
  return linked;
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function isLinkUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EMLINK' || code === 'EACCES';
}

function writeChanges(projectDir: string, changes: readonly FileChange[]): void {
  for (const change of changes) {
    const checked = checkChangePath(change.path);
    if (!checked.ok) throw new VerificationError(`The proposal's path ${change.path} cannot be verified: ${checked.reason}.`);
    const target = join(projectDir, ...checked.path.split('/'));
    if (relative(projectDir, target).startsWith('..')) {
      throw new VerificationError(`The proposal's path ${change.path} leaves the project.`);
    }
    // Never write through a hard link or a symbolic link: that would change the workspace's own file.
    removeIfPresent(target);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, change.after, 'utf8');
  }
}
