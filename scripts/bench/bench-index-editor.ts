/**
 * `npm run bench:index-editor`: the first read of the 10,000-file bench workspace (the one
 * `bench:index` writes) in the real extension host (code-server, see test/vscode), listed and
 * read with Node's fs as the editor does for a folder on disk, beside the CLI's cold and warm
 * `context` of the same folder and ripgrep, all in one run. Prints each figure with its ratio to ripgrep and to the CLI, whether the editor's
 * facts equal the CLI's, and the machine's load. Exits 1 when the extension-host pass fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestResults } from '../../test/vscode/test-protocol';
import { generateWorkspace } from './index-workspace';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI_RUNS = 3;
const PATTERN = 'SQLModel|APIRouter|FastAPI';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function load(): string {
  return loadavg().map((value) => value.toFixed(1)).join(' / ');
}

/** Wall time of one command; throws with its output when it fails. */
function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): { readonly ms: number; readonly stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${String(result.status)}):\n${result.stdout.slice(-2000)}${result.stderr.slice(-2000)}`);
  return { ms, stdout: result.stdout };
}

/** The editor pass: code-server opens `workspace` and runs the index-bench suite in it. */
function editorPass(workspace: string, factsOut: string): TestResults {
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const result = spawnSync(process.execPath, [tsx, join(ROOT, 'test', 'vscode', 'run-code-server.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FBE_TEST_PASSES: 'index-bench', FBE_TEST_WORKSPACE: workspace, FBE_TEST_FACTS_OUT: factsOut },
  });
  process.stdout.write(result.stdout.replace(/^/gm, '  | '));
  const file = join(ROOT, 'test-artifacts', 'vscode-results-index-bench.json');
  const [pass] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { results?: TestResults }[]) : [];
  if (result.status !== 0 || pass?.results === undefined) throw new Error(`the extension-host pass failed (${String(result.status)}):\n${result.stderr.slice(-3000)}`);
  return pass.results;
}

/** Names of the top-level parts of the facts that differ (`context --json` against the editor's). */
function differingParts(cli: Record<string, unknown>, editor: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(cli), ...Object.keys(editor)]);
  return [...keys].filter((key) => JSON.stringify(cli[key]) !== JSON.stringify(editor[key]));
}

function main(): void {
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  const temp = mkdtempSync(join(tmpdir(), 'bench-index-editor-'));
  try {
    const workspace = join(temp, 'workspace');
    const generated = generateWorkspace(workspace, { pythonFiles: 10_000, entities: 100, textFiles: 300 });
    out(`Workspace: ${generated.pythonFiles} Python files (${generated.relevantFiles} FastAPI/SQLModel) in ${workspace}`);
    out(`Load average before: ${load()}`);

    const cli = join(ROOT, 'dist', 'cli.js');
    const context = ['context', '--root', workspace, '--json'];
    timed(process.execPath, [cli, 'context', '--root', join(ROOT, 'examples', 'heroes')]); // warms the CLI's code cache, not the index
    const colds: number[] = [];
    let cliFacts = '';
    for (let run = 0; run < CLI_RUNS; run++) {
      const cold = timed(process.execPath, [cli, ...context], { ...process.env, FASTAPI_ENGINEER_INDEX_CACHE: 'off' });
      colds.push(cold.ms);
      cliFacts = cold.stdout;
    }
    const cacheDir = join(temp, 'cli-cache');
    timed(process.execPath, [cli, ...context, '--cache-dir', cacheDir]); // writes the facts cache
    const warms = Array.from({ length: CLI_RUNS }, () => timed(process.execPath, [cli, ...context, '--cache-dir', cacheDir]).ms);
    const ripgreps = Array.from({ length: CLI_RUNS }, () => timed('rg', ['-l', PATTERN, workspace]).ms);
    out(`Load average after the CLI runs: ${load()}`);

    const factsOut = join(temp, 'editor-facts.json');
    const editor = editorPass(workspace, factsOut);
    const metrics = editor.metrics;
    out(`Load average after the editor pass: ${load()}`);

    const rg = median(ripgreps);
    const cliCold = median(colds);
    const line = (label: string, value: number | undefined): void => {
      const figure = value ?? Number.NaN;
      out(`  ${label.padEnd(58)} ${figure.toFixed(0).padStart(6)} ms  ${(figure / rg).toFixed(2).padStart(6)}x rg  ${(figure / cliCold).toFixed(2).padStart(5)}x CLI cold`);
    };
    out(`\nSame run, ${CLI_RUNS} runs of each CLI figure (median, wall clock including Node's start):`);
    line('ripgrep -l (the same tree)', rg);
    line('CLI context --json, cold (index cache off)', cliCold);
    line('CLI context --json, warm (facts cache on disk)', median(warms));
    out("Editor (code-server extension host, a folder on disk: listed and read with Node's fs; time of ensureFacts after dropping the index):");
    line('first read of the session (parser load included)', metrics['editorFirstReadMs']);
    line('cold read, median of the first and two more (cache removed)', metrics['editorColdReadMedianMs']);
    line('re-open from the facts cache in the extension storage', metrics['editorWarmReopenMedianMs']);
    line('Cancel pressed during a first read → read stopped', metrics['editorCancelStopMs']);
    out(`  CLI runs [cold ${colds.map((ms) => ms.toFixed(0)).join(', ')}] [warm ${warms.map((ms) => ms.toFixed(0)).join(', ')}] [rg ${ripgreps.map((ms) => ms.toFixed(0)).join(', ')}]`);
    out(`  editor read: ${metrics['pythonFiles']} Python files, ${metrics['parsedFiles']} parsed, ${metrics['models']} models, ${metrics['routes']} routes`);
    for (const label of ['first', 'warm']) {
      const phase = (name: string): number => metrics[`phase ${label} ${name}`] ?? Number.NaN;
      // Reads run concurrently: their times add up to more than the wall clock (the time files
      // waited to be read); the search is its wall time; each parse is timed on its own.
      out(
        `  editor phases, ${label === 'first' ? 'first read' : 're-open'}: list (Node's fs, a stat per file) ${phase('list').toFixed(0)}, ` +
          `cache ${phase('cache').toFixed(0)}, read (summed over the reads in flight) ${phase('read').toFixed(0)}, search or prefilter ${phase('prefilter').toFixed(0)}, ` +
          `parse ${phase('parse').toFixed(0)}, resolve ${phase('resolve').toFixed(0)}, conventions ${phase('conventions').toFixed(0)} ms`,
      );
    }
    for (const test of editor.tests) out(`  ${test.state === 'passed' ? 'ok  ' : 'FAIL'} ${test.title} (${test.durationMs} ms)`);

    const differences = existsSync(factsOut)
      ? differingParts(JSON.parse(cliFacts) as Record<string, unknown>, JSON.parse(readFileSync(factsOut, 'utf8')) as Record<string, unknown>)
      : ['(the editor wrote no facts)'];
    out(differences.length === 0 ? 'Facts: the editor\'s first read equals the CLI\'s context --json.' : `Facts differ between the editor and the CLI in: ${differences.join(', ')}`);
    if (editor.failed > 0 || differences.length > 0) process.exitCode = 1;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`bench:index-editor failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
