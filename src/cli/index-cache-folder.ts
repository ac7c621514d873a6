/**
 * Where the CLI keeps the index's facts cache: one file per project root under the user's cache
 * folder (`$XDG_CACHE_HOME` or `~/.cache`, then `fastapi-backend-engineer/index`), or under a
 * folder given with `--cache-dir`. Never inside the project unless that folder is there.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FactsCacheStore } from '../core/project/index-cache';

export function defaultIndexCacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'fastapi-backend-engineer', 'index');
}

/** The cache of the project at `root` (absolute), as one JSON file named by a hash of the root. */
export class FolderCacheStore implements FactsCacheStore {
  readonly file: string;

  constructor(private readonly folder: string, root: string) {
    this.file = join(folder, `${createHash('sha256').update(root).digest('hex').slice(0, 24)}.json`);
  }

  load(): Promise<string | undefined> {
    try {
      return Promise.resolve(readFileSync(this.file, 'utf8'));
    } catch {
      return Promise.resolve(undefined);
    }
  }

  /** Written beside the old file and renamed over it: a reader sees the old or the new, never half. */
  save(text: string): Promise<void> {
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      writeFileSync(temporary, text, { mode: 0o600 });
      renameSync(temporary, this.file);
      return Promise.resolve();
    } catch (error) {
      rmSync(temporary, { force: true });
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
