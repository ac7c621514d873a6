/**
 * WorkspaceAccess over the local file system (CLI, tests, and local folders in the editor).
 */
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkspaceAccess } from './change-builder';

export function nodeWorkspaceAccess(root: string): WorkspaceAccess {
  return {
    root,
    async readText(path) {
      try {
        return await readFile(join(root, path), 'utf8');
      } catch {
        return undefined;
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
