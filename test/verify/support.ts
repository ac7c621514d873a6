/**
 * Shared by the verification suites that run the real tools: the verification environment
 * (`.cache/venv`, made by `npm run setup:python`), fixture copies, and CRUD proposals.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { indexProject } from '../../src/cli/context-command';
import type { ChangeSet } from '../../src/core/changes/change-set';
import { CrudRefusal, generateCrud } from '../../src/core/generate/crud/index';
import type { ProjectFacts } from '../../src/core/project/facts';
import { type PythonEnvironment, probeInterpreter } from '../../src/core/verify/interpreter';

export const REPOSITORY = resolve(__dirname, '../..');
export const VENV_PYTHON = join(REPOSITORY, '.cache/venv/bin/python');
/** One mypy / ruff cache for every run of the suite: the installed packages are analysed once. */
export const TOOL_CACHE = join(tmpdir(), 'fastapi-engineer-verify-suite-cache');

let environment: Promise<PythonEnvironment> | undefined;

export function verificationPython(): Promise<PythonEnvironment> {
  if (!existsSync(VENV_PYTHON)) {
    throw new Error(`${VENV_PYTHON} is missing: run \`npm run setup:python\` first.`);
  }
  environment ??= probeInterpreter({ path: VENV_PYTHON, source: 'command-line', label: 'the verification environment' });
  return environment;
}

/** Tool state that must not travel with a copy. */
const NOT_COPIED = new Set(['__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.venv', 'venv']);

/** A private copy of a fixture project or the example; removed by `removeProject`. */
export function copyProject(source: string): string {
  const root = join(mkdtempSync(join(tmpdir(), 'verify-suite-')), basename(source));
  cpSync(source, root, { recursive: true, filter: (path) => !NOT_COPIED.has(basename(path)) && !path.endsWith('.db') });
  return root;
}

export function removeProject(root: string): void {
  rmSync(join(root, '..'), { recursive: true, force: true });
}

export interface Proposal {
  readonly facts: ProjectFacts;
  readonly changeSet: ChangeSet;
}

/** CRUD for `model`, or for the first table model the engine does not refuse. */
export async function crudProposal(root: string, model?: string): Promise<Proposal> {
  const { facts } = await indexProject(root, root);
  const targets = model === undefined ? facts.models.filter((candidate) => candidate.table).map((candidate) => candidate.name) : [model];
  const refusals: string[] = [];
  for (const target of targets) {
    try {
      return { facts, changeSet: generateCrud(facts, target) };
    } catch (error) {
      if (!(error instanceof CrudRefusal)) throw error;
      refusals.push(error.message);
    }
  }
  throw new Error(`no CRUD proposal for ${root}: ${refusals.join(' ') || 'no table model'}`);
}


/** Scratch folders left in `parent` (there must be none after a verification). */
export function leftovers(parent: string): string[] {
  return existsSync(parent) ? readdirSync(parent).filter((name) => name.startsWith('fastapi-engineer-verify-')) : [];
}
