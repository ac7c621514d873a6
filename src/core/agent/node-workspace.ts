/**
 * WorkspaceAccess over the local file system (CLI, tests, and local folders in the editor).
 */
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
        return await readFile(join(root, path), 'utf8');
      } catch (error) {
        // Only a missing file is "no file": an unreadable one must not be proposed as new.
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    realpath(absolutePath) {
      try {
        return realpathSync.native(absolutePath);
      } catch {
        return undefined;
      }
    },
  };
}
