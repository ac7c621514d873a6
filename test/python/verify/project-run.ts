/**
 * Verifies one project: the untouched copy first (baseline), then one fresh copy per table
 * model with the generated CRUD written into it, each put through ruff, ruff format, mypy and
 * pytest from the verification virtual environment.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tableModelsFromContext } from './context-models';
import { CHECKS, classifyCheck, classifyGeneration, type CheckName, type CheckOutcome, type ProcessResult } from './outcomes';
import { runProcess } from './processes';
import { BASELINE, type VerificationRow } from './report';

export interface Toolchain {
  /** `.cache/venv/bin` of the repository. */
  readonly venvBin: string;
  /** The built CLI, `dist/cli.js`. */
  readonly cliPath: string;
  readonly timeoutMs: number;
  /** A mypy cache with the third-party packages already analysed, copied into each project's. */
  readonly mypyCacheSeed?: string;
}

export interface ProjectTask {
  /** Name shown in the report (the fixture folder name, or examples/heroes). */
  readonly name: string;
  readonly sourceDir: string;
  /** Where this project's copies and tool caches go; removed by the caller. */
  readonly workDir: string;
  /** Only these models, when given. */
  readonly onlyModels?: readonly string[];
  /** Skip the untouched-project checks (quicker while iterating on the generator). */
  readonly skipBaseline?: boolean;
  /** The Python project's folder inside the workspace (`backend`): the checks run from there. */
  readonly pythonDir?: string;
}

/** Tool state and editor clutter that must not travel with a copy. */
const NOT_COPIED = new Set(['__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.venv', 'venv', '.git']);

export function copyProject(sourceDir: string, targetDir: string): void {
  cpSync(sourceDir, targetDir, {
    recursive: true,
    filter: (path) => !NOT_COPIED.has(basename(path)) && !path.endsWith('.db'),
  });
}

export function toolEnvironment(toolchain: Toolchain, workDir: string): NodeJS.ProcessEnv {
  const venv = join(toolchain.venvBin, '..');
  return {
    ...process.env,
    PATH: `${toolchain.venvBin}:${process.env.PATH ?? ''}`,
    VIRTUAL_ENV: venv,
    PYTHONDONTWRITEBYTECODE: '1',
    NO_COLOR: '1',
    RUFF_CACHE_DIR: join(workDir, 'ruff-cache'),
    // Shared by the runs of one project (they run one after another): the standard library and
    // site-packages are analysed once instead of once per model.
    MYPY_CACHE_DIR: join(workDir, 'mypy-cache'),
  };
}

function checkCommand(check: CheckName, workDir: string): { tool: string; args: string[] } {
  switch (check) {
    case 'ruff':
      return { tool: 'ruff', args: ['check', '--output-format', 'concise', '.'] };
    case 'format':
      // --diff is --check that also shows what would change.
      return { tool: 'ruff', args: ['format', '--diff', '.'] };
    case 'mypy':
      return { tool: 'mypy', args: ['.'] };
    case 'pytest':
      return {
        tool: 'pytest',
        // -rA lists every test's outcome: the project's own tests are told apart from the generated ones.
        args: ['-q', '-rA', '--color=no', '--tb=short', '-o', `cache_dir=${join(workDir, 'pytest-cache')}`],
      };
  }
}

export async function runChecks(projectDir: string, toolchain: Toolchain, workDir: string): Promise<CheckOutcome[]> {
  const env = toolEnvironment(toolchain, workDir);
  const outcomes: CheckOutcome[] = [];
  for (const check of CHECKS) {
    const { tool, args } = checkCommand(check, workDir);
    const result = await runProcess(join(toolchain.venvBin, tool), args, {
      cwd: projectDir,
      env,
      timeoutMs: toolchain.timeoutMs,
    });
    outcomes.push(classifyCheck(check, result));
  }
  return outcomes;
}

function pythonRoot(copy: string, task: ProjectTask): string {
  return task.pythonDir === undefined ? copy : join(copy, task.pythonDir);
}

export function runCli(toolchain: Toolchain, args: readonly string[], cwd: string): Promise<ProcessResult> {
  return runProcess(process.execPath, [toolchain.cliPath, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    timeoutMs: toolchain.timeoutMs,
  });
}

async function listTableModels(task: ProjectTask, toolchain: Toolchain): Promise<{ models: string[] } | { error: string }> {
  const result = await runCli(toolchain, ['context', '--root', task.sourceDir, '--json'], task.workDir);
  if (result.exitCode !== 0) {
    return { error: `context --json exited with ${String(result.exitCode)}:\n${result.stderr || result.stdout}` };
  }
  const parsed = tableModelsFromContext(result.stdout);
  if (!parsed.ok) return { error: parsed.reason };
  const models = task.onlyModels ? parsed.models.filter((model) => task.onlyModels?.includes(model)) : parsed.models;
  if (models.length === 0) return { error: 'no table models to generate for' };
  return { models };
}

async function verifyModel(task: ProjectTask, model: string, toolchain: Toolchain): Promise<VerificationRow> {
  // A valid package name: projects whose root is a package (`__init__.py` beside main.py) are checked as one.
  const copy = join(task.workDir, `model_${model}`);
  copyProject(task.sourceDir, copy);
  const result = await runCli(toolchain, ['crud', model, '--root', copy, '--write'], task.workDir);
  const generation = classifyGeneration(result);
  if (generation.kind !== 'generated') return { project: task.name, subject: model, generation, checks: [] };
  return { project: task.name, subject: model, generation, checks: await runChecks(pythonRoot(copy, task), toolchain, task.workDir) };
}

/**
 * A project's work folder (seeded with the shared mypy cache) and the rows collected for it, each
 * reported through `onRow` as it is added.
 */
export function startRows(workDir: string, toolchain: Toolchain, onRow: (row: VerificationRow) => void): { rows: VerificationRow[]; add: (row: VerificationRow) => void } {
  mkdirSync(workDir, { recursive: true });
  if (toolchain.mypyCacheSeed !== undefined) {
    cpSync(toolchain.mypyCacheSeed, join(workDir, 'mypy-cache'), { recursive: true });
  }
  const rows: VerificationRow[] = [];
  const add = (row: VerificationRow): void => {
    rows.push(row);
    onRow(row);
  };
  return { rows, add };
}

/** Rows for one project, reported through `onRow` as each finishes and returned in order. */
export async function verifyProject(
  task: ProjectTask,
  toolchain: Toolchain,
  onRow: (row: VerificationRow) => void,
): Promise<VerificationRow[]> {
  const { rows, add } = startRows(task.workDir, toolchain, onRow);

  if (task.skipBaseline !== true) {
    const baselineCopy = join(task.workDir, BASELINE);
    copyProject(task.sourceDir, baselineCopy);
    add({ project: task.name, subject: BASELINE, checks: await runChecks(pythonRoot(baselineCopy, task), toolchain, task.workDir) });
  }

  const listed = await listTableModels(task, toolchain);
  if ('error' in listed) {
    add({ project: task.name, subject: '(models)', checks: [], error: listed.error });
    return rows;
  }
  for (const model of listed.models) add(await verifyModel(task, model, toolchain));
  return rows;
}
