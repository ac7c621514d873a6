/**
 * `npm run bench:index`: how fast the project index reads a large workspace, measured against
 * ripgrep finding the same FastAPI / SQLModel files in the same tree, in the same run.
 *
 * Prints: parser start-up, cold index time (median of 3 fresh indexes), incremental update
 * of one changed file (median of many), peak memory, ripgrep time and the ratio.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIndexWorkerIfAsked } from '../../src/cli/index-worker';
import { NodeFileSource } from '../../src/cli/node-file-source';
import { WorkerPythonReader } from '../../src/cli/worker-python-reader';
import { ProjectIndex } from '../../src/core/project/project-index';
import { parsePythonFile } from '../../src/core/python/parse';
import { generateWorkspace } from './index-workspace';

const COLD_RUNS = 3;
const INCREMENTAL_RUNS = 100;
const PATTERN = 'SQLModel|APIRouter|FastAPI';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 0)} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** One ripgrep run: wall time and files listed, or undefined when rg is not installed. */
function timeRipgrep(root: string): { time: number; matches: number } | undefined {
  const started = performance.now();
  const result = spawnSync('rg', ['-l', PATTERN, root], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const time = performance.now() - started;
  if (result.error) return undefined;
  return { time, matches: result.stdout.split('\n').filter((line) => line !== '').length };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bench-index-'));
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  try {
    const generatedAt = performance.now();
    const workspace = generateWorkspace(root, { pythonFiles: 10_000, entities: 100, textFiles: 300 });
    out(`Workspace: ${workspace.pythonFiles} Python files (${workspace.relevantFiles} FastAPI/SQLModel), ` +
      `${mb(workspace.bytes)}, written in ${ms(performance.now() - generatedAt)} to ${root}`);

    const parserStarted = performance.now();
    await parsePythonFile('warmup.py', 'x = 1\n');
    out(`Parser start-up (wasm load, once per process): ${ms(performance.now() - parserStarted)}`);
    // The CLI reads large workspaces on reader threads; they start once per process too.
    const reader = new WorkerPythonReader(root, __filename);
    const poolStarted = performance.now();
    await reader.warmUp();
    out(`Reader threads start-up (once per process, parser loaded in each): ${ms(performance.now() - poolStarted)}`);

    let peakHeap = 0;
    const cold: number[] = [];
    const ripgrepTimes: number[] = [];
    let ripgrepMatches: number | undefined;
    let index: ProjectIndex | undefined;
    let parsed = 0;
    // ripgrep and the index take turns, so both see the same machine load.
    for (let run = 0; run < COLD_RUNS; run++) {
      const ripgrep = timeRipgrep(root);
      if (ripgrep) {
        ripgrepTimes.push(ripgrep.time);
        ripgrepMatches = ripgrep.matches;
      }
      index = undefined;
      collectGarbage();
      const started = performance.now();
      index = new ProjectIndex({ root, source: new NodeFileSource(root), bulkReader: reader });
      const facts = await index.build();
      cold.push(performance.now() - started);
      parsed = facts.parsedFiles.length;
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      if (run === 0) out(`  found ${facts.models.filter((model) => model.table).length} tables, ${facts.routes.length} routes, ${parsed} files parsed`);
    }
    if (!index) throw new Error('No index was built.');

    const editable = join(root, workspace.editableModel);
    const original = readFileSync(editable, 'utf8');
    const incremental: number[] = [];
    for (let run = 0; run < INCREMENTAL_RUNS; run++) {
      if (run % 2 === 0) appendFileSync(editable, `    extra_${run}: int | None = None\n`);
      else writeFileSync(editable, original);
      const started = performance.now();
      await index.update([workspace.editableModel]);
      incremental.push(performance.now() - started);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }

    await reader.close();
    const coldMedian = median(cold);
    out(`Cold index (median of ${COLD_RUNS}, fresh ProjectIndex each): ${ms(coldMedian)}  [${cold.map(ms).join(', ')}]`);
    out(`Incremental update of one file (median of ${INCREMENTAL_RUNS}): ${ms(median(incremental))}  ` +
      `[min ${ms(Math.min(...incremental))}, max ${ms(Math.max(...incremental))}]`);
    out(`Peak memory: RSS ${mb(process.resourceUsage().maxRSS * 1024)}, heap used ${mb(peakHeap)}`);

    if (ripgrepMatches === undefined) {
      out('ripgrep: not found (install Debian\'s ripgrep: apt-get install -y ripgrep)');
    } else {
      const rgMedian = median(ripgrepTimes);
      out(`ripgrep rg -l '${PATTERN}' (median of ${COLD_RUNS}): ${ms(rgMedian)}, ${ripgrepMatches} files  [${ripgrepTimes.map(ms).join(', ')}]`);
      const ratio = coldMedian / rgMedian;
      out(`Cold index / ripgrep: ${ratio.toFixed(2)}x (target <= 5x) ${ratio <= 5 ? 'met' : 'NOT met'}`);
    }
    out(`Incremental target < 10 ms: ${median(incremental) < 10 ? 'met' : 'NOT met'}`);
    out(`Machine: ${cpus().length} CPUs, load average ${loadavg().map((load) => load.toFixed(1)).join(' / ')} (timings are wall clock)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// This bundle also runs as the reader threads; those serve batches and nothing else.
if (!runIndexWorkerIfAsked()) void main();
