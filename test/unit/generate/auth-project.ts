/**
 * Auth fixture projects read into memory, so specs can edit a file, apply a change set and
 * index the result again without touching the disk.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeSet } from '../../../src/core/changes/change-set';
import { generateAuth, type GenerateAuthOptions } from '../../../src/core/generate/auth/index';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { type Files, indexFiles } from './crud-project';

export function readFixture(name: string): Files {
  const root = join('test', 'fixtures', name);
  const files: Files = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir))) {
      const path = dir === '' ? entry : `${dir}/${entry}`;
      if (entry === '__pycache__') continue;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else files[path] = readFileSync(join(root, path), 'utf8');
    }
  };
  walk('');
  return files;
}

export function applied(files: Files, changeSet: ChangeSet): Files {
  const next = { ...files };
  for (const change of changeSet.changes) next[change.path] = change.after;
  return next;
}

export function auth(facts: ProjectFacts, files: Files, options: Omit<GenerateAuthOptions, 'readText'> = {}): ChangeSet {
  return generateAuth(facts, { ...options, readText: (path) => files[path] });
}

export { indexFiles, type Files };
