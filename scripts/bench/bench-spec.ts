/**
 * `npm run bench:spec`: the spec engine against fastapi-code-generator, on every corpus document
 * (test/fixtures/specs) and the generated large one (make-large-spec.ts), in one run.
 *
 * For this engine, on a copy of the new-app fixture: the in-process time to read the document
 * (parse, resolve `$ref`s, normalise) and to generate the change set (median of several runs over
 * one project index; the first, cold run shown too), and the CLI's wall clock for `spec` (Node
 * start-up and indexing included). For fastapi-code-generator (from the verification
 * environment): its in-process time (median, its default formatting included) and its command's
 * wall clock. Then, for the apps both tools wrote: `spec-check` differences from the document,
 * and how each operation answers one schema-valid request with credentials (probe_operations.py
 * through TestClient): the share that answers something other than 501, a 5xx or an empty body.
 *
 *   npm run bench:spec            (needs `npm run setup:python`)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NodeFileSource } from '../../src/core/project/node-file-source';
import { generateFromSpec } from '../../src/core/generate/spec/index';
import { SchemaCatalog } from '../../src/core/generate/spec/python-types';
import { planSecurity } from '../../src/core/generate/spec/security';
import type { ProjectFacts } from '../../src/core/project/facts';
import { ProjectIndex } from '../../src/core/project/project-index';
import type { SpecDocument } from '../../src/core/spec/model';
import { readSpec } from '../../src/core/spec/read';
import { largeSpec, operationCount } from './make-large-spec';
import { PROBE_CREDENTIAL, probeRequest } from './probe-plan';

const REPO = resolve(import.meta.dirname, '..', '..');
const CORPUS = ['pets-crud.yaml', 'multi-file/openapi.yaml', 'polymorphic.json', 'secured.yaml', 'forms.yaml', 'large.json'];
const FIXTURE = 'test/fixtures/new-app';
const WARMUP_RUNS = 3;
const IN_PROCESS_RUNS = 15;
const CLI_RUNS = 5;
const CODE_GENERATOR_RUNS = 3;
const TARGET_MS = 500;
const PYTHON_TIMEOUT_MS = 300_000;

const venvBin = join(REPO, '.cache', 'venv', 'bin');
const python = join(venvBin, 'python');
const cli = join(REPO, 'dist', 'cli.js');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function ms(value: number | undefined): string {
  return value === undefined ? '—' : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string; ms: number } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: PYTHON_TIMEOUT_MS, env, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started };
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter((line) => line.trim() !== '').at(-1) ?? '';
}

interface AppFigures {
  /** spec-check differences, or why it could not run. */
  readonly differences: number | string;
  readonly answered: number;
  readonly outcomes: Record<string, number>;
  readonly failure?: string;
}

/** spec-check's difference count for the app in `root`. */
function specCheck(root: string, spec: string, app: string): number | string {
  const result = run(process.execPath, [cli, 'spec-check', spec, '--root', root, '--python', python, '--app', app, '--json'], root);
  if (result.status === 3) return 'app unreadable';
  try {
    return (JSON.parse(result.stdout) as { differences: unknown[] }).differences.length;
  } catch {
    return `spec-check failed: ${lastLine(result.stderr)}`;
  }
}

function probeApp(root: string, spec: SpecDocument, app: string, env: NodeJS.ProcessEnv): Pick<AppFigures, 'answered' | 'outcomes' | 'failure'> {
  const catalog = new SchemaCatalog(spec.schemas, () => undefined, [], () => undefined);
  const requests = spec.operations.map((operation) => probeRequest(spec, catalog, operation));
  const planFile = join(root, '.probe-plan.json');
  writeFileSync(planFile, JSON.stringify({ app, requests }));
  const result = run(python, [join(REPO, 'scripts', 'bench', 'probe_operations.py'), planFile], root, env);
  const outcomes: Record<string, number> = {};
  try {
    const answer = JSON.parse(result.stdout) as { imported: boolean; error?: string; results?: { outcome: string }[] };
    if (!answer.imported) return { answered: 0, outcomes, failure: `does not import: ${answer.error ?? '?'}` };
    for (const { outcome } of answer.results ?? []) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    return { answered: outcomes['answered'] ?? 0, outcomes };
  } catch {
    return { answered: 0, outcomes, failure: `probe failed: ${lastLine(result.stderr)}` };
  }
}

/** Environment for our generated app: every credential setting its security module reads. */
function credentialEnv(facts: ProjectFacts, spec: SpecDocument): NodeJS.ProcessEnv {
  const plan = planSecurity(facts, spec, spec.operations, { path: 'security.py', module: 'security' });
  return { ...process.env, ...Object.fromEntries(plan.settings.map((setting) => [setting.name, PROBE_CREDENTIAL])) };
}

interface Row {
  readonly spec: string;
  readonly operations: number;
  readonly ours: { readonly readMs: number; readonly generateMs: number; readonly coldMs: number; readonly cliMs: number; readonly app: AppFigures };
  readonly theirs: { readonly inProcessMs?: number; readonly cliMs: number; readonly app: AppFigures };
}

async function measureOurs(temp: string, spec: string): Promise<Row['ours'] & { document: SpecDocument }> {
  const root = join(temp, `ours-${spec.replace(/\W/g, '_')}`);
  cpSync(join(REPO, FIXTURE), root, { recursive: true });
  cpSync(join(temp, 'specs'), join(root, 'specs'), { recursive: true });
  const source = new NodeFileSource(root);
  const facts = await new ProjectIndex({ root, source }).build();
  const specPath = `specs/${spec}`;
  const readTimes: number[] = [];
  const generateTimes: number[] = [];
  let document: SpecDocument | undefined;
  let coldMs = 0;
  for (let index = 0; index < WARMUP_RUNS + IN_PROCESS_RUNS; index++) {
    const started = performance.now();
    document = await readSpec(new NodeFileSource(root), specPath);
    const read = performance.now();
    generateFromSpec(facts, document);
    const done = performance.now();
    if (index === 0) coldMs = done - started;
    if (index >= WARMUP_RUNS) {
      readTimes.push(read - started);
      generateTimes.push(done - read);
    }
  }
  if (document === undefined) throw new Error('no runs');
  const cliTimes: number[] = [];
  for (let index = 0; index < CLI_RUNS; index++) cliTimes.push(run(process.execPath, [cli, 'spec', specPath, '--root', root], root).ms);
  const written = run(process.execPath, [cli, 'spec', specPath, '--root', root, '--write'], root);
  const app = facts.apps[0];
  let figures: AppFigures;
  if (written.status !== 0 || app === undefined) {
    figures = { differences: '—', answered: 0, outcomes: {}, failure: `spec --write exited ${written.status}: ${lastLine(written.stderr)}` };
  } else {
    const target = `${app.module}:${app.variable}`;
    figures = { differences: specCheck(root, specPath, target), ...probeApp(root, document, target, credentialEnv(facts, document)) };
  }
  return { readMs: median(readTimes), generateMs: median(generateTimes), coldMs, cliMs: median(cliTimes), app: figures, document };
}

function measureTheirs(temp: string, spec: string, document: SpecDocument): Row['theirs'] {
  const root = join(temp, `theirs-${spec.replace(/\W/g, '_')}`);
  mkdirSync(root, { recursive: true });
  cpSync(join(temp, 'specs'), join(root, 'specs'), { recursive: true });
  const specPath = `specs/${spec}`;
  const timing = run(python, [join(REPO, 'scripts', 'bench', 'time_code_generator.py'), specPath, join(root, 'in-process'), String(CODE_GENERATOR_RUNS)], root);
  let inProcessMs: number | undefined;
  try {
    const answer = JSON.parse(timing.stdout) as { times?: number[] };
    if (answer.times !== undefined) inProcessMs = median(answer.times);
  } catch {
    inProcessMs = undefined;
  }
  const cliTimes: number[] = [];
  let last = run(join(venvBin, 'fastapi-codegen'), ['--input', specPath, '--output', 'generated'], root);
  cliTimes.push(last.ms);
  for (let index = 1; index < CLI_RUNS && last.status === 0; index++) {
    last = run(join(venvBin, 'fastapi-codegen'), ['--input', specPath, '--output', 'generated'], root);
    cliTimes.push(last.ms);
  }
  if (last.status !== 0 || !existsSync(join(root, 'generated', 'main.py'))) {
    return { cliMs: median(cliTimes), app: { differences: '—', answered: 0, outcomes: {}, failure: `fastapi-codegen exited ${last.status}: ${lastLine(last.stderr)}` }, ...(inProcessMs === undefined ? {} : { inProcessMs }) };
  }
  // main.py imports `from .models`: the output folder is imported as a package.
  writeFileSync(join(root, 'generated', '__init__.py'), '');
  const app = 'generated.main:app';
  const figures: AppFigures = { differences: specCheck(root, specPath, app), ...probeApp(root, document, app, process.env) };
  return { cliMs: median(cliTimes), app: figures, ...(inProcessMs === undefined ? {} : { inProcessMs }) };
}

function share(app: AppFigures, operations: number): string {
  return app.failure === undefined ? `${app.answered}/${operations} (${((100 * app.answered) / operations).toFixed(0)}%)` : '0 (see below)';
}

function breakdown(app: AppFigures): string {
  return Object.entries(app.outcomes).map(([outcome, count]) => `${outcome} ${count}`).join(', ');
}

function table(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)];
}

async function main(): Promise<void> {
  if (!existsSync(cli) || !existsSync(python) || !existsSync(join(venvBin, 'fastapi-codegen'))) {
    throw new Error('run `npm run build` and `npm run setup:python` first');
  }
  const temp = mkdtempSync(join(tmpdir(), 'fbe-bench-spec-'));
  const rows: Row[] = [];
  try {
    cpSync(join(REPO, 'test', 'fixtures', 'specs'), join(temp, 'specs'), { recursive: true });
    const large = largeSpec();
    writeFileSync(join(temp, 'specs', 'large.json'), `${JSON.stringify(large, null, 2)}\n`);
    process.stderr.write(`bench:spec: large.json has ${operationCount(large)} operations; working in ${temp}\n`);
    for (const spec of CORPUS) {
      process.stderr.write(`  ${spec} …\n`);
      const { document, ...ours } = await measureOurs(temp, spec);
      rows.push({ spec, operations: document.operations.length, ours, theirs: measureTheirs(temp, spec, document) });
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  const out: string[] = [
    `Spec engine benchmark (node ${process.version}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2) ?? '?'}); our apps on ${FIXTURE}`,
    '',
    'Time',
    ...table(
      ['spec', 'ops', 'read', 'generate', 'read+generate', 'cold first run', 'CLI spec', 'fcg in-process', 'fcg CLI', 'fcg / ours (in-process)'],
      rows.map((row) => {
        const ours = row.ours.readMs + row.ours.generateMs;
        return [
          row.spec,
          String(row.operations),
          ms(row.ours.readMs),
          ms(row.ours.generateMs),
          ms(ours),
          ms(row.ours.coldMs),
          ms(row.ours.cliMs),
          ms(row.theirs.inProcessMs),
          ms(row.theirs.cliMs),
          row.theirs.inProcessMs === undefined ? '—' : `${(row.theirs.inProcessMs / ours).toFixed(1)}×`,
        ];
      }),
    ),
    '',
    'Conformance (spec-check differences) and operations answering one valid request (not 501 / 5xx / empty body)',
    ...table(
      ['spec', 'ours: diffs', 'ours: answering', 'ours: outcomes', 'fcg: diffs', 'fcg: answering', 'fcg: outcomes'],
      rows.map((row) => [
        row.spec,
        String(row.ours.app.differences),
        share(row.ours.app, row.operations),
        breakdown(row.ours.app),
        String(row.theirs.app.differences),
        share(row.theirs.app, row.operations),
        breakdown(row.theirs.app),
      ]),
    ),
  ];
  const failures = rows.flatMap((row) => [
    ...(row.ours.app.failure === undefined ? [] : [`  ours / ${row.spec}: ${row.ours.app.failure}`]),
    ...(row.theirs.app.failure === undefined ? [] : [`  fcg / ${row.spec}: ${row.theirs.app.failure}`]),
  ]);
  if (failures.length > 0) out.push('', 'Apps that could not be probed:', ...failures);
  const largeRow = rows.find((row) => row.spec === 'large.json');
  if (largeRow !== undefined) {
    const total = largeRow.ours.readMs + largeRow.ours.generateMs;
    out.push('', `Target: the ${largeRow.operations}-operation spec in < ${TARGET_MS} ms in-process: ${ms(total)} (${total < TARGET_MS ? 'met' : 'NOT met'}).`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:spec: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
