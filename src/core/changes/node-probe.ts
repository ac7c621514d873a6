/**
 * The disk questions the path check asks, answered by Node's fs for local folders (the CLI,
 * apply to disk, and local workspaces in the editor). Errors mean "nothing there": a loop, a
 * name too long or a parent that is a file all leave nothing that could be written through.
 */
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { join, sep } from 'node:path';
import type { EntryKind } from './path-safety';

export function kindOfStats(stats: Stats): EntryKind {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return 'device';
  return 'other';
}

export function nodeEntryKind(absolutePath: string): EntryKind | undefined {
  try {
    const stats = lstatSync(absolutePath, { throwIfNoEntry: false });
    return stats === undefined ? undefined : kindOfStats(stats);
  } catch {
    return undefined;
  }
}

export function nodeRealpath(absolutePath: string): string | undefined {
  try {
    return realpathSync.native(absolutePath);
  } catch {
    return undefined;
  }
}

/**
 * For the send filter: a listed file whose real path is outside the workspace (reached through a
 * symlink) is never sent, whatever its name.
 */
export function outsideWorkspaceReason(root: string): (path: string) => string | undefined {
  const rootReal = nodeRealpath(root) ?? root;
  return (path) => {
    const real = nodeRealpath(join(root, path));
    if (real === undefined) return undefined;
    return real === rootReal || real.startsWith(rootReal + sep) ? undefined : 'a symlink to a file outside the workspace';
  };
}
