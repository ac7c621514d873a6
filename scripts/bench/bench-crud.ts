/**
 * `npm run bench:crud`: how fast the CRUD engine answers.
 *
 * Prints, for every table model of every fixture project: the in-process generation time
 * (median of many runs over an index built once) and the CLI's wall time from process start to
 * the printed diff (`node dist/cli.js crud <Model> --root <fixture>`, median of several runs,
 * Node start-up included). Targets: < 50 ms in process, < 300 ms for the CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NodeFileSource } from '../../src/core/project/node-file-source';
import { CrudRefusal, generateCrud } from '../../src/core/generate/crud/index';
import { ProjectIndex } from '../../src/core/project/project-index';

const PROJECTS = [
  'test/fixtures/flat-app',
  'test/fixtures/fullstack-template',
  'test/fixtures/layered-backend',
  'test/fixtures/split-models',
  'test/fixtures/nested-routers',
  'examples/heroes',
];
const WARMUP_RUNS = 5;
const GENERATE_RUNS = 50;
const CLI_RUNS = 7;
const GENERATE_TARGET_MS = 50;
const CLI_TARGET_MS = 300;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function cliPath(): string {
  const besideBundle = join(__dirname, 'cli.js');
  return existsSync(besideBundle) ? besideBundle : resolve('dist', 'cli.js');
}

/** One generation; `refused` when the engine declines the model (still timed). */
function generateOnce(facts: Parameters<typeof generateCrud>[0], model: string): 'ok' | 'refused' {
  try {
    generateCrud(facts, model);
    return 'ok';
  } catch (error) {
    if (error instanceof CrudRefusal) return 'refused';
    throw error;
  }
}

function cliWallTime(cli: string, root: string, model: string): { ms: number; exit: number | null } {
  const start = performance.now();
  const result = spawnSync(process.execPath, [cli, 'crud', model, '--root', root], { encoding: 'utf8' });
  return { ms: performance.now() - start, exit: result.status };
}

interface Row {
  readonly project: string;
  readonly model: string;
  readonly outcome: string;
  readonly generateMs: number;
  readonly cliMs: number;
}

async function main(): Promise<void> {
  const cli = cliPath();
  if (!existsSync(cli)) {
    throw new Error(`${cli} is missing; run npm run build first.`);
  }
  const rows: Row[] = [];
  for (const project of PROJECTS) {
    const root = resolve(project);
    if (!existsSync(root)) continue;
    const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
    for (const model of facts.models.filter((candidate) => candidate.table).map((candidate) => candidate.name)) {
      let outcome: 'ok' | 'refused' = 'ok';
      for (let run = 0; run < WARMUP_RUNS; run++) outcome = generateOnce(facts, model);
      const times: number[] = [];
      for (let run = 0; run < GENERATE_RUNS; run++) {
        const start = performance.now();
        generateOnce(facts, model);
        times.push(performance.now() - start);
      }
      const cliTimes: number[] = [];
      for (let run = 0; run < CLI_RUNS; run++) {
        cliTimes.push(cliWallTime(cli, root, model).ms);
      }
      rows.push({ project, model, outcome, generateMs: median(times), cliMs: median(cliTimes) });
    }
  }
  printTable(rows);
}

function printTable(rows: readonly Row[]): void {
  const header = ['project', 'model', 'result', `generate (median of ${GENERATE_RUNS})`, `CLI wall (median of ${CLI_RUNS})`];
  const body = rows.map((row) => [
    row.project,
    row.model,
    row.outcome,
    `${row.generateMs.toFixed(2)} ms`,
    `${row.cliMs.toFixed(0)} ms`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  const out: string[] = [
    `CRUD engine benchmark (node ${process.version}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2) ?? '?'})`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...body.map(line),
    '',
  ];
  const worstGenerate = Math.max(...rows.map((row) => row.generateMs));
  const worstCli = Math.max(...rows.map((row) => row.cliMs));
  out.push(
    `slowest generation: ${worstGenerate.toFixed(2)} ms (target < ${GENERATE_TARGET_MS} ms) ${worstGenerate < GENERATE_TARGET_MS ? 'OK' : 'OVER'}`,
    `slowest CLI run:    ${worstCli.toFixed(0)} ms (target < ${CLI_TARGET_MS} ms) ${worstCli < CLI_TARGET_MS ? 'OK' : 'OVER'}`,
    '',
  );
  process.stdout.write(out.join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:crud failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
