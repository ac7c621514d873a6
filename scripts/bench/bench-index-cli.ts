/**
 * `npm run bench:index-cli`: a small project stays small. Times, side by side in each round,
 * `node -e 0`, a bare start of the Python parser (Node, the tree-sitter runtime and grammar, one
 * parse) and the CLI's `crud Hero --root examples/heroes --dry-run` (as users run it: from the V8
 * code cache, here in a temp folder written by the first run; and with the cache off), then
 * prints the medians and the CLI against `node -e 0` plus the parser's own start-up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROUNDS = 7;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Clock ticks per second of the kernel's process times. */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * CPU time (user + system, ms) of this process's finished children so far, from /proc: on a
 * loaded machine wall time mostly measures waiting for a core; CPU time barely moves with load.
 */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    const cutime = Number(fields[13]);
    const cstime = Number(fields[14]);
    return Number.isFinite(cutime) && Number.isFinite(cstime) ? ((cutime + cstime) * 1000) / CLOCK_TICKS : undefined;
  } catch {
    return undefined;
  }
}

const cpuTotals = new Map<string, number>();

function timed(args: readonly string[], env: NodeJS.ProcessEnv = process.env, label?: string): number {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  const time = performance.now() - started;
  const cpuAfter = childrenCpuMs();
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  if (label !== undefined && cpuBefore !== undefined && cpuAfter !== undefined) cpuTotals.set(label, (cpuTotals.get(label) ?? 0) + cpuAfter - cpuBefore);
  return time;
}

/** The parser alone, as the CLI bundle loads it: runtime, grammar, one parse. */
const BARE_PARSER = `
const { Parser, Language } = require('web-tree-sitter');
const { readFileSync } = require('node:fs');
(async () => {
  await Parser.init({ locateFile: () => ${JSON.stringify(resolve('dist', 'tree-sitter.wasm'))} });
  const language = await Language.load(readFileSync(${JSON.stringify(resolve('dist', 'tree-sitter-python.wasm'))}));
  const parser = new Parser();
  parser.setLanguage(language);
  parser.parse('x = 1\\n').delete();
})();
`;

function main(): void {
  const cli = existsSync(join(__dirname, 'cli.js')) ? join(__dirname, 'cli.js') : resolve('dist', 'cli.js');
  const crud = [cli, 'crud', 'Hero', '--root', resolve('examples', 'heroes'), '--dry-run'];
  const codeCache = mkdtempSync(join(tmpdir(), 'bench-code-cache-'));
  const withCache = { ...process.env, FASTAPI_ENGINEER_CODE_CACHE: codeCache };
  const withoutCache = { ...process.env, FASTAPI_ENGINEER_CODE_CACHE: 'off' };
  const times = { node: [] as number[], parser: [] as number[], cli: [] as number[], uncached: [] as number[] };
  try {
    timed(crud, withCache); // the first run warms the disk cache for all and writes the code cache
    for (let round = 0; round < ROUNDS; round++) {
      times.node.push(timed(['-e', '0'], process.env, 'node'));
      times.parser.push(timed(['-e', BARE_PARSER], process.env, 'parser'));
      times.cli.push(timed(crud, withCache, 'cli'));
      times.uncached.push(timed(crud, withoutCache, 'uncached'));
    }
  } finally {
    rmSync(codeCache, { recursive: true, force: true });
  }
  const show = (values: readonly number[]): string => `${median(values).toFixed(0)} ms [${values.map((value) => value.toFixed(0)).join(', ')}]`;
  const node = median(times.node);
  const parserStartUp = Math.max(0, median(times.parser) - node);
  const cliTime = median(times.cli);
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`Rounds: ${ROUNDS}, each running the four below one after another (wall clock, median [all])`);
  out(`  node -e 0:                                ${show(times.node)}`);
  out(`  bare parser start (node + tree-sitter):   ${show(times.parser)}  (parser's own start-up ${parserStartUp.toFixed(0)} ms)`);
  out(`  crud Hero --root examples/heroes --dry-run: ${show(times.cli)}`);
  out(`  the same, code cache off:                   ${show(times.uncached)}`);
  const budget = node + parserStartUp;
  const ratio = cliTime / budget;
  out(`CLI / (node -e 0 + parser start-up) = ${cliTime.toFixed(0)} / ${budget.toFixed(0)} ms = ${ratio.toFixed(2)}x (target <= 2x) ${ratio <= 2 ? 'met' : 'NOT met'}`);
  const cpu = (label: string): number => (cpuTotals.get(label) ?? Number.NaN) / ROUNDS;
  if (cpuTotals.size === 4) {
    const cpuBudget = cpu('node') + Math.max(0, cpu('parser') - cpu('node'));
    out(
      `CPU time (user + system, mean of the rounds): node -e 0 ${cpu('node').toFixed(0)} ms, bare parser ${cpu('parser').toFixed(0)} ms, ` +
        `crud ${cpu('cli').toFixed(0)} ms, crud without code cache ${cpu('uncached').toFixed(0)} ms; crud / budget = ${(cpu('cli') / cpuBudget).toFixed(2)}x`,
    );
  }
  out(`Load average ${loadavg().map((load) => load.toFixed(1)).join(' / ')}`);
}

main();
