/**
 * `context [--root DIR] [--json] [--cache-dir DIR]`: prints what the index reads from a
 * project — the same facts every engine works from.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeProject, factsForJson } from '../core/project/describe';
import type { ProjectFacts } from '../core/project/facts';
import { FactsCache } from '../core/project/index-cache';
import { ProjectIndex } from '../core/project/project-index';
import { installedRipgrep } from '../core/project/text-search';
import packageJson from '../../package.json';
import { CliError, type CliCommand, type CliIo, UsageError } from './cli-command';
import { defaultIndexCacheFolder, FolderCacheStore } from './index-cache-folder';
import { NodeFileSource } from '../core/project/node-file-source';
import { usesReaderThreads, WorkerPythonReader } from './worker-python-reader';

let workerScript: string | undefined;

/**
 * Lets `indexProject` read large workspaces on worker threads running `script`: an entry point
 * that calls `runIndexWorkerIfAsked()` first. Without it (tests calling commands in-process),
 * or on a machine with fewer than two cores, everything is read on the calling thread.
 */
export function useIndexWorkers(script: string): void {
  workerScript = script;
}

/** Parses the arguments with node's parseArgs, turning its errors into usage errors. */
export function parseCliArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export interface IndexedProject {
  readonly facts: ProjectFacts;
  /** The index's `.gitignore` rules, read once with the listing. */
  readonly isIgnored: (path: string) => boolean;
  /** Entries the listing skipped, as `path (why)`: symlink loops, links leaving the workspace. */
  readonly notes: readonly string[];
}

/** Where large projects' facts are cached: `--cache-dir`, else `FASTAPI_ENGINEER_INDEX_CACHE` (`off` for none), else the user's cache folder. */
function cacheFolder(cacheDir: string | undefined, cwd: string): string | undefined {
  if (cacheDir !== undefined) return resolve(cwd, cacheDir);
  const fromEnv = process.env.FASTAPI_ENGINEER_INDEX_CACHE;
  if (fromEnv === 'off') return undefined;
  return fromEnv !== undefined && fromEnv !== '' ? resolve(cwd, fromEnv) : defaultIndexCacheFolder();
}

/**
 * Indexes the project at `root` (relative to `cwd`). Throws CliError for a missing folder or a
 * folder with no FastAPI / SQLModel code, so every command reports those the same way. Large
 * projects keep their per-file facts in a cache folder (see `cacheFolder`) between runs.
 */
export async function indexProject(root: string, cwd: string, options: { readonly cacheDir?: string } = {}): Promise<IndexedProject> {
  const absolute = resolve(cwd, root);
  const info = statSync(absolute, { throwIfNoEntry: false });
  if (!info) throw new CliError(`The project folder ${absolute} does not exist.`);
  if (!info.isDirectory()) throw new CliError(`${absolute} is not a folder.`);
  const bulkReader =
    workerScript !== undefined && usesReaderThreads() ? new WorkerPythonReader(absolute, workerScript) : undefined;
  const source = new NodeFileSource(absolute);
  const folder = cacheFolder(options.cacheDir, cwd);
  const factsCache = folder === undefined ? undefined : new FactsCache(new FolderCacheStore(folder, absolute), absolute, packageJson.version);
  const textSearch = installedRipgrep();
  const index = new ProjectIndex({
    root: absolute,
    source,
    bulkReader,
    ...(factsCache === undefined ? {} : { factsCache }),
    ...(textSearch === undefined ? {} : { textSearch }),
  });
  const facts = await index.build();
  const notes = source.skipped.map((entry) => `skipped ${entry.path} (${entry.reason})`);
  if (facts.models.length === 0 && facts.apps.length === 0 && facts.routers.length === 0) {
    throw new CliError(
      `No FastAPI or SQLModel code found in ${absolute} ` +
        `(${facts.pythonFileCount} Python files looked at, none defines a SQLModel class, a FastAPI app or an APIRouter).`,
    );
  }
  return { facts, isIgnored: (path) => index.isIgnored(path), notes };
}

/** Prints the listing's notes on stderr, one `note:` line each. */
export function printNotes(project: IndexedProject, io: Pick<CliIo, 'stderr'>): void {
  for (const note of project.notes) io.stderr(`note: ${note}\n`);
}

export const contextCommand: CliCommand = {
  name: 'context',
  summary: 'Show what the index reads from the project: models, routes, dependencies, conventions.',
  usage: 'context [--root DIR] [--json] [--cache-dir DIR]',
  async run(args, io) {
    const { values } = parseCliArgs({
      args: [...args],
      options: { root: { type: 'string' }, json: { type: 'boolean' }, 'cache-dir': { type: 'string' } },
      allowPositionals: false,
      strict: true,
    });
    const cacheDir = values['cache-dir'];
    const project = await indexProject(values.root ?? '.', io.cwd, cacheDir === undefined ? {} : { cacheDir });
    const { facts } = project;
    printNotes(project, io);
    io.stdout(values.json ? `${JSON.stringify(factsForJson(facts), null, 2)}\n` : describeProject(facts));
    return 0;
  },
};
