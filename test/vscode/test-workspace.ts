/**
 * The workspace the suites run in: a fresh copy of an example project in a temp folder, a second
 * pristine copy to reset from, and what the CLI proposes for each model on the pristine copy.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExpectedFile, ExpectedOutputs } from './test-protocol';

export interface TestWorkspace {
  readonly folder: string;
  readonly pristine: string;
  readonly expectedFile: string;
}

function copyProject(source: string, target: string): void {
  cpSync(source, target, {
    recursive: true,
    filter: (path) => !/(^|[\\/])(__pycache__|\.pytest_cache|\.ruff_cache|\.mypy_cache|\.venv)([\\/]|$)/.test(path),
  });
}

interface CliChangeSet {
  readonly changes?: readonly ExpectedFile[];
  readonly changeSet?: { readonly changes?: readonly ExpectedFile[] };
}

/** The CLI's proposal for `model`, read from `crud <model> --json` (its ChangeSet). */
export function cliProposal(repoRoot: string, projectRoot: string, model: string): readonly ExpectedFile[] {
  const result = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'crud', model, '--root', projectRoot, '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`cli crud ${model} failed (${String(result.status)}): ${result.stderr}`);
  }
  const parsed = JSON.parse(result.stdout) as CliChangeSet;
  const changes = parsed.changes ?? parsed.changeSet?.changes;
  if (changes === undefined) throw new Error(`cli crud ${model} --json printed no changes`);
  return changes.map(({ path, kind, before, after }) => ({ path, kind, before, after }));
}

export function prepareWorkspace(repoRoot: string, fixture: string, temp: string, models: readonly string[]): TestWorkspace {
  const folder = join(temp, 'workspace', 'project');
  const pristine = join(temp, 'pristine');
  copyProject(join(repoRoot, fixture), folder);
  copyProject(join(repoRoot, fixture), pristine);
  const expected: Record<string, readonly ExpectedFile[]> = {};
  for (const model of models) expected[model] = cliProposal(repoRoot, pristine, model);
  const expectedFile = join(temp, 'expected.json');
  writeFileSync(expectedFile, JSON.stringify(expected satisfies ExpectedOutputs));
  return { folder, pristine, expectedFile };
}
