/**
 * `npm run bench:index-cli`: a small project stays small. Times, side by side in each round,
 * `node -e 0`, a bare start of the Python parser (Node, the tree-sitter runtime and grammar, one
 * parse) and the CLI's `crud Hero --root examples/heroes --dry-run` (as users run it: from the V8
 * code cache, here in a temp folder written by the first run; and with the cache off), then
 * prints the medians and the CLI against `node -e 0` plus the parser's own start-up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROUNDS = 7;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function timed(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  const time = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
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
      times.node.push(timed(['-e', '0']));
      times.parser.push(timed(['-e', BARE_PARSER]));
      times.cli.push(timed(crud, withCache));
      times.uncached.push(timed(crud, withoutCache));
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
  out(`Load average ${loadavg().map((load) => load.toFixed(1)).join(' / ')}`);
}

main();
