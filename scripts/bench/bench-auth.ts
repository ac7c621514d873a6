/**
 * `npm run bench:auth`: how fast the authentication engine answers.
 *
 * Prints, for every auth fixture project (and the projects it declines): the in-process
 * generation time (median of many runs over an index built once), the CLI's wall time for
 * `auth --root <fixture>` (median of several runs, Node start-up included), and as a baseline
 * measured in the same run the CLI's wall time for `context`, which indexes the project and
 * generates nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NodeFileSource } from '../../src/core/project/node-file-source';
import { AuthRefusal, generateAuth } from '../../src/core/generate/auth/index';
import { ProjectIndex } from '../../src/core/project/project-index';

const PROJECTS = [
  'test/fixtures/auth-username',
  'test/fixtures/auth-plain-settings',
  'test/fixtures/auth-async',
  'examples/heroes',
  'test/fixtures/fullstack-template',
  'test/fixtures/layered-backend',
  'test/fixtures/flat-app',
  'test/fixtures/weak-auth',
  'test/fixtures/auth-async-partial',
  'test/fixtures/auth-async-sqlalchemy',
];
const WARMUP_RUNS = 5;
const GENERATE_RUNS = 50;
const CLI_RUNS = 7;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function cliPath(): string {
  const besideBundle = join(__dirname, 'cli.js');
  return existsSync(besideBundle) ? besideBundle : resolve('dist', 'cli.js');
}

function generateOnce(facts: Parameters<typeof generateAuth>[0]): 'ok' | 'refused' {
  try {
    generateAuth(facts);
    return 'ok';
  } catch (error) {
    if (error instanceof AuthRefusal) return 'refused';
    throw error;
  }
}

function cliMedian(cli: string, args: readonly string[]): number {
  const times: number[] = [];
  for (let run = 0; run < CLI_RUNS; run++) {
    const start = performance.now();
    spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    times.push(performance.now() - start);
  }
  return median(times);
}

async function main(): Promise<void> {
  const cli = cliPath();
  if (!existsSync(cli)) throw new Error(`${cli} is missing; run npm run build first.`);
  const header = ['project', 'result', `generate (median of ${GENERATE_RUNS})`, `CLI auth (median of ${CLI_RUNS})`, 'CLI context (baseline)', 'auth / context'];
  const body: string[][] = [];
  for (const project of PROJECTS) {
    const root = resolve(project);
    if (!existsSync(root)) continue;
    const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
    let outcome: 'ok' | 'refused' = 'ok';
    for (let run = 0; run < WARMUP_RUNS; run++) outcome = generateOnce(facts);
    const times: number[] = [];
    for (let run = 0; run < GENERATE_RUNS; run++) {
      const start = performance.now();
      generateOnce(facts);
      times.push(performance.now() - start);
    }
    const authMs = cliMedian(cli, ['auth', '--root', root]);
    const contextMs = cliMedian(cli, ['context', '--root', root]);
    body.push([project, outcome, `${median(times).toFixed(2)} ms`, `${authMs.toFixed(0)} ms`, `${contextMs.toFixed(0)} ms`, `${(authMs / contextMs).toFixed(2)}×`]);
  }
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  process.stdout.write(
    [
      `Auth engine benchmark (node ${process.version}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2) ?? '?'})`,
      '',
      line(header),
      line(widths.map((width) => '-'.repeat(width))),
      ...body.map(line),
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:auth: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
