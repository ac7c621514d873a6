/**
 * WorkspaceAccess over the local file system (CLI, tests, and local folders in the editor).
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeEntryKind, nodeRealpath } from '../changes/node-probe';
import { decodeSourceLeniently } from '../changes/source-encoding';
import type { WorkspaceAccess } from './change-builder';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function nodeWorkspaceAccess(root: string): WorkspaceAccess {
  return {
    root,
    async readText(path) {
      try {
        const absolute = join(root, path);
        // Reading a FIFO or a device would wait forever or never end: only regular files are text.
        if (!(await stat(absolute)).isFile()) throw new Error(`${path} is not a regular file`);
        return decodeSourceLeniently(await readFile(absolute));
      } catch (error) {
        // Only a missing file is "no file": an unreadable one must not be proposed as new.
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    realpath: nodeRealpath,
    entryKind: nodeEntryKind,
  };
}
