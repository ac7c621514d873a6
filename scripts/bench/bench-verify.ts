/**
 * `npm run bench:verify`: how long a user waits from "Verify" to the results.
 *
 * For a CRUD proposal on the example project and on a generated 2,000-file project: probing the
 * interpreter plus verifying (median of several runs after one warm-up that fills the tool
 * caches), with the breakdown per step — scratch copy, import check, ruff, ruff format, type
 * checker, pytest. The scratch copy is set against a plain recursive copy of the same project
 * measured in the same run. Targets: < 4 s for the example, scratch copy of 2,000 files < 500 ms.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { indexProject } from '../../src/cli/context-command';
import { generateCrud } from '../../src/core/generate/crud/index';
import { probeInterpreter } from '../../src/core/verify/interpreter';
import { createScratchCopy } from '../../src/core/verify/scratch-copy';
import { verifyChangeSet } from '../../src/core/verify/verify-change-set';
import { CHECK_NAMES, type CheckName } from '../../src/core/verify/verify-types';

const RUNS = 3;
const COPY_RUNS = 15;
const EXAMPLE_TARGET_MS = 4000;
const COPY_TARGET_MS = 500;
const GENERATED_FILES = 2000;
const PYTHON = resolve('.cache/venv/bin/python');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const NOT_COPIED = new Set(['__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.venv']);

function copyExample(target: string): void {
  cpSync(resolve('examples/heroes'), target, { recursive: true, filter: (path) => !NOT_COPIED.has(basename(path)) });
}

/** The example plus enough packages of small modules (and files verification must skip) to reach `count` files. */
function generateLargeProject(target: string, count: number): void {
  copyExample(target);
  let files = 11;
  for (let pkg = 0; files < count; pkg++) {
    const dir = join(target, 'app', 'domain', `area_${pkg}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '__init__.py'), '');
    files++;
    for (let module = 0; module < 24 && files < count; module++, files++) {
      writeFileSync(join(dir, `service_${module}.py`), `"""Service ${pkg}.${module}."""\n\n\ndef handle_${module}(value: int) -> int:\n    return value + ${module}\n`);
    }
    writeFileSync(join(dir, 'README.md'), `Area ${pkg}\n`);
  }
  // What a real workspace also holds and verification never copies.
  mkdirSync(join(target, 'node_modules', 'left-pad'), { recursive: true });
  writeFileSync(join(target, 'node_modules', 'left-pad', 'index.py'), '');
  mkdirSync(join(target, '.venv', 'lib'), { recursive: true });
  writeFileSync(join(target, '.venv', 'pyvenv.cfg'), 'home = /usr/bin\n');
}

interface Figures {
  readonly totalMs: number;
  readonly byStep: Readonly<Record<'scratch copy' | CheckName, number>>;
  readonly passed: boolean;
  readonly files: number;
}

async function verifyOnce(root: string, cacheDir: string): Promise<Figures> {
  const { facts } = await indexProject(root, root);
  const changeSet = generateCrud(facts, 'Hero');
  const started = performance.now();
  const python = await probeInterpreter({ path: PYTHON, source: 'command-line', label: 'the verification environment' });
  const result = await verifyChangeSet({ root, changeSet, python, appFiles: facts.apps.map((app) => app.file), cacheDir });
  const totalMs = performance.now() - started;
  const byStep = { 'scratch copy': result.timings.scratchCopyMs } as Record<'scratch copy' | CheckName, number>;
  for (const check of result.checks) byStep[check.check] = check.durationMs;
  return { totalMs, byStep, passed: result.passed, files: result.timings.copiedFiles };
}

async function measure(name: string, root: string, cacheDir: string): Promise<Figures> {
  await verifyOnce(root, cacheDir); // warm-up: fills mypy's cache for the installed packages
  const runs: Figures[] = [];
  for (let run = 0; run < RUNS; run++) runs.push(await verifyOnce(root, cacheDir));
  const steps = ['scratch copy', ...CHECK_NAMES] as const;
  const byStep = Object.fromEntries(steps.map((step) => [step, median(runs.map((figures) => figures.byStep[step] ?? 0))])) as Figures['byStep'];
  const figures: Figures = { totalMs: median(runs.map((run) => run.totalMs)), byStep, passed: runs.every((run) => run.passed), files: runs[0]?.files ?? 0 };
  console.log(`\n${name}: ${figures.files} files copied, verification ${figures.passed ? 'passed' : 'FAILED'}`);
  console.log(`  Verify → results: ${figures.totalMs.toFixed(0)} ms (median of ${RUNS})`);
  for (const step of steps) console.log(`    ${step.padEnd(13)} ${byStep[step].toFixed(0).padStart(6)} ms`);
  console.log('    (import, ruff, format, type checker and pytest run two at a time, so the steps add up to more than the total)');
  return figures;
}

async function copyFigures(root: string): Promise<void> {
  const scratch: number[] = [];
  const plain: number[] = [];
  for (let run = 0; run < COPY_RUNS; run++) {
    const copy = await createScratchCopy(root, []);
    scratch.push(copy.durationMs);
    copy.remove();
    const target = mkdtempSync(join(tmpdir(), 'bench-plain-copy-'));
    const started = performance.now();
    cpSync(root, join(target, 'project'), { recursive: true });
    plain.push(performance.now() - started);
    rmSync(target, { recursive: true, force: true });
  }
  const ours = median(scratch);
  const baseline = median(plain);
  console.log(`  scratch copy alone: ${ours.toFixed(0)} ms (median of ${COPY_RUNS}); a plain recursive copy of the whole folder: ${baseline.toFixed(0)} ms (${(baseline / ours).toFixed(1)}× the time)`);
  console.log(`  target < ${COPY_TARGET_MS} ms: ${ours < COPY_TARGET_MS ? 'met' : 'NOT met'}`);
}

async function main(): Promise<void> {
  console.log(`bench:verify on ${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
  const temp = mkdtempSync(join(tmpdir(), 'bench-verify-'));
  const cacheDir = join(temp, 'tool-cache');
  try {
    const example = join(temp, 'heroes');
    copyExample(example);
    const exampleFigures = await measure('examples/heroes, CRUD for Hero', example, cacheDir);
    console.log(`  target < ${EXAMPLE_TARGET_MS} ms: ${exampleFigures.totalMs < EXAMPLE_TARGET_MS ? 'met' : 'NOT met'}`);

    const large = join(temp, 'large');
    generateLargeProject(large, GENERATED_FILES);
    await measure(`generated project (${GENERATED_FILES} Python files), CRUD for Hero`, large, cacheDir);
    await copyFigures(large);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
