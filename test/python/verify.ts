/**
 * Python verification of the CRUD engine: for every runnable fixture project and the example
 * project, checks the untouched project, then every table model with its generated CRUD
 * written into a fresh copy, with ruff, ruff format, mypy and pytest. The auth fixtures get
 * `auth --write`, then `auth --write` and `crud <Model> --write`, in fresh copies.
 *
 *   npm run test:python [-- --project flat-app --model Hero --jobs 2 --keep --no-build --no-baseline]
 *
 * Needs the virtual environment from `npm run setup:python`. Exits 1 on any failure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHECKS } from './verify/outcomes';
import { runPool } from './verify/pool';
import { verifyAuthProject } from './verify/auth-run';
import { warmMypyCache } from './verify/mypy-warmup';
import { checkGeneratedTestsRan } from './verify/new-tests';
import { compareProjectTests } from './verify/project-tests';
import { toolEnvironment, verifyProject, type ProjectTask, type Toolchain } from './verify/project-run';
import { renderFailures, renderRefusals, renderSummary, renderTable, summarize, type VerificationRow } from './verify/report';

/** `pythonDir`: where the Python project sits inside the workspace (the checks run there). */
const PROJECTS: readonly { name: string; dir: string; pythonDir?: string; crudModel?: string }[] = [
  ...[
    'flat-app',
    'fullstack-template',
    'layered-backend',
    'split-models',
    'nested-routers',
    'async-app',
    'src-package',
    'scoped-suite',
    'tutorial-package',
    'pinned-sqlmodel-08',
    'token-dict-auth',
  ].map((name) => ({
    name,
    dir: join('test', 'fixtures', name),
  })),
  { name: 'fullstack-monorepo', dir: join('test', 'fixtures', 'fullstack-monorepo'), pythonDir: 'backend' },
  { name: 'examples/heroes', dir: join('examples', 'heroes') },
  // The authentication engine: `auth --write`, then `crud` for the model named.
  ...[
    ['auth-username', 'Note'],
    ['auth-plain-settings', 'Task'],
    ['auth-async', 'Book'],
  ].map(([name = '', crudModel = '']) => ({ name, dir: join('test', 'fixtures', name), crudModel })),
  // Existing access-token sign-in completed in place (refresh, rotation, logout), then `crud`.
  { name: 'layered-backend+auth', dir: join('test', 'fixtures', 'layered-backend'), crudModel: 'Tag' },
  { name: 'fullstack-template+auth', dir: join('test', 'fixtures', 'fullstack-template'), crudModel: 'Project' },
  // A single-module app: sign-in in sibling modules and the app's own module, no import cycle.
  { name: 'flat-app+auth', dir: join('test', 'fixtures', 'flat-app'), crudModel: 'Team' },
  // python-jose, passlib and other weak spots: the completion with every proposed fix applied.
  { name: 'weak-auth+auth', dir: join('test', 'fixtures', 'weak-auth'), crudModel: 'Note' },
  // Access tokens only on an AsyncSession: completed with async routes, awaited queries and async tests.
  { name: 'auth-async-partial', dir: join('test', 'fixtures', 'auth-async-partial'), crudModel: 'Entry' },
  // The same on SQLAlchemy's AsyncSession (execute/scalars), tested with the sync TestClient, requirements.txt;
  // CRUD is refused there: its routes query through SQLModel's exec().
  { name: 'auth-async-sqlalchemy', dir: join('test', 'fixtures', 'auth-async-sqlalchemy'), crudModel: 'Item' },
];

const TOOL_TIMEOUT_MS = 180_000;

function fail(message: string): never {
  process.stderr.write(`test:python: ${message}\n`);
  process.exit(2);
}

function progressLine(row: VerificationRow, seconds: number): string {
  const generation = row.error !== undefined ? 'error' : (row.generation?.kind ?? 'baseline');
  const checks = CHECKS.map((check) => {
    const outcome = row.checks.find((candidate) => candidate.check === check);
    return outcome === undefined ? '' : ` ${check} ${outcome.passed ? 'pass' : 'FAIL'}`;
  }).join('');
  return `  ${row.project} / ${row.subject}: ${generation}${checks} (${seconds.toFixed(1)} s)\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      project: { type: 'string', multiple: true },
      model: { type: 'string', multiple: true },
      jobs: { type: 'string', default: '2' },
      keep: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'no-baseline': { type: 'boolean', default: false },
    },
  });
  const repoRoot = process.cwd();
  if (!existsSync(join(repoRoot, 'package.json'))) fail('run from the repository root (npm run test:python)');

  const venvBin = join(repoRoot, '.cache', 'venv', 'bin');
  if (!existsSync(join(venvBin, 'mypy'))) fail('no verification environment at .cache/venv; run `npm run setup:python` first');

  if (!values['no-build']) {
    // Always the current sources: a stale dist/cli.js would verify yesterday's generator.
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const cliPath = join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(cliPath)) fail('dist/cli.js is missing; run `npm run build`');

  const selected = values.project === undefined ? PROJECTS : PROJECTS.filter((project) => values.project?.includes(project.name));
  if (selected.length === 0) fail(`no project matches ${JSON.stringify(values.project)}; known: ${PROJECTS.map((p) => p.name).join(', ')}`);
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) fail(`--jobs must be a positive integer, got ${values.jobs}`);

  const tempRoot = mkdtempSync(join(tmpdir(), 'fbe-python-verify-'));
  const baseToolchain: Toolchain = { venvBin, cliPath, timeoutMs: TOOL_TIMEOUT_MS };
  const started = Date.now();
  try {
    process.stderr.write(`test:python: ${selected.length} projects, ${jobs} at a time, in ${tempRoot}\n`);
    const warmupDir = join(tempRoot, 'mypy-warmup');
    const mypyCacheSeed = await warmMypyCache(venvBin, warmupDir, toolEnvironment(baseToolchain, warmupDir));
    if (mypyCacheSeed === undefined) process.stderr.write('test:python: mypy warm-up failed; each project starts with an empty cache\n');
    const toolchain: Toolchain = mypyCacheSeed === undefined ? baseToolchain : { ...baseToolchain, mypyCacheSeed };
    const perProject = await runPool(selected, jobs, (project) => {
      const task: ProjectTask = {
        name: project.name,
        sourceDir: resolve(repoRoot, project.dir),
        workDir: join(tempRoot, project.name.replace(/\//g, '-')),
        ...(values.model === undefined ? {} : { onlyModels: values.model }),
        skipBaseline: values['no-baseline'],
        ...(project.pythonDir === undefined ? {} : { pythonDir: project.pythonDir }),
      };
      if (!existsSync(task.sourceDir)) {
        const missing: VerificationRow = { project: project.name, subject: '(project)', checks: [], error: `${project.dir} does not exist` };
        return Promise.resolve([missing]);
      }
      let rowStarted = Date.now();
      const onRow = (row: VerificationRow): void => {
        process.stderr.write(progressLine(row, (Date.now() - rowStarted) / 1000));
        rowStarted = Date.now();
      };
      if (project.crudModel !== undefined) return verifyAuthProject({ ...task, crudModel: project.crudModel }, toolchain, onRow);
      return verifyProject(task, toolchain, (row) => {
        process.stderr.write(progressLine(row, (Date.now() - rowStarted) / 1000));
        rowStarted = Date.now();
      });
    });
    const rows = compareProjectTests(checkGeneratedTestsRan(perProject.flat()));
    const summary = summarize(rows);
    const failures = renderFailures(rows);
    const refusals = renderRefusals(rows);
    const table = `${renderTable(rows)}\n\n`;
    const refusalText = refusals === '' ? '' : `Refusals (exit code 3, not failures):\n${refusals}\n\n`;
    const summaryLine = `${renderSummary(summary)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`;
    process.stdout.write(`\n${table}${refusalText}`);
    if (failures !== '') process.stdout.write(`Failures:\n\n${failures}\n\n`);
    process.stdout.write(summaryLine);
    // The table alone, for notes and CI artifacts (the folder is git-ignored).
    mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true });
    writeFileSync(join(repoRoot, 'test-artifacts', 'python-verify.md'), `${table}${refusalText}${summaryLine}`);
    process.exitCode = summary.ok ? 0 : 1;
  } finally {
    if (values.keep) process.stderr.write(`test:python: copies kept in ${tempRoot}\n`);
    else rmSync(tempRoot, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`test:python: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
