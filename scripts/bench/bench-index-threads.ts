/**
 * `npm run bench:index-threads`: where the CPU of a cold index goes, thread by thread, so the
 * reader threads can be set against the main thread on a machine with few cores.
 *
 * Each cold build prints its wall time, the process's CPU time and the CPU time of every thread
 * of the process that ran for more than 2 ms (Linux only: read from /proc/self/task), then the
 * cost of handing the parsed files' facts from a thread to another, as JSON text (what the
 * reader threads send) and as a structured clone (what postMessage does with objects).
 *
 * Environment: THREADS (reader threads, 0 for the main thread only; default 2), RUNS (default 5).
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { runIndexWorkerIfAsked } from '../../src/cli/index-worker';
import { WorkerPythonReader } from '../../src/cli/worker-python-reader';
import type { BulkRead } from '../../src/core/project/bulk-read';
import type { ProjectFacts } from '../../src/core/project/facts';
import { textHash } from '../../src/core/project/index-cache';
import { NodeFileSource } from '../../src/core/project/node-file-source';
import { ProjectIndex } from '../../src/core/project/project-index';
import { RipgrepSearch, ripgrepOnPath } from '../../src/core/project/text-search';
import { parsePythonFile } from '../../src/core/python/parse';
import { generateWorkspace } from './index-workspace';

const out = (line: string): boolean => process.stdout.write(`${line}\n`);

/** CPU time (ms) each thread of this process has run so far, by thread id; empty where /proc is missing. */
function threadCpu(): Map<string, number> {
  const times = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return times;
  }
  for (const tid of tids) {
    try {
      times.set(tid, Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return times;
}

function cpuLine(before: Map<string, number>, after: Map<string, number>): string {
  return [...after]
    .map(([tid, time]) => [tid, time - (before.get(tid) ?? 0)] as const)
    .filter(([, time]) => time > 2)
    .map(([tid, time]) => `${tid === String(process.pid) ? 'main' : tid} ${time.toFixed(0)}`)
    .join(', ');
}

/** The facts of the files a build parsed handed over both ways, timed on this thread. */
async function handOverCosts(root: string, facts: ProjectFacts): Promise<void> {
  const reads: BulkRead[] = [];
  for (const path of facts.parsedFiles) {
    const text = readFileSync(join(root, path), 'utf8');
    reads.push({ path, kind: 'facts', facts: await parsePythonFile(path, text), textHash: textHash(text) });
  }
  for (let round = 0; round < 5; round++) {
    let started = performance.now();
    const json = JSON.stringify(reads);
    const write = performance.now() - started;
    started = performance.now();
    JSON.parse(json);
    const read = performance.now() - started;
    started = performance.now();
    const clone = serialize(reads);
    const cloneWrite = performance.now() - started;
    started = performance.now();
    deserialize(clone);
    const cloneRead = performance.now() - started;
    out(`facts of ${reads.length} files: JSON write ${write.toFixed(1)} ms, read ${read.toFixed(1)} ms (${(json.length / 1024).toFixed(0)} KB); ` +
      `structured clone write ${cloneWrite.toFixed(1)} ms, read ${cloneRead.toFixed(1)} ms (${(clone.length / 1024).toFixed(0)} KB)`);
  }
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bench-index-threads-'));
  try {
    generateWorkspace(root, { pythonFiles: 10_000, entities: 100, textFiles: 300 });
    await parsePythonFile('warm-up.py', 'pass\n');
    const rgPath = ripgrepOnPath();
    const textSearch = rgPath === undefined ? undefined : new RipgrepSearch(rgPath);
    const threadCount = Number(process.env.THREADS ?? 2);
    const reader = threadCount > 0 ? new WorkerPythonReader(root, __filename, threadCount) : undefined;
    await reader?.warmUp();
    out(`${threadCount > 0 ? `${threadCount} reader threads` : 'main thread only'}, prefilter ${rgPath ?? 'JavaScript'}; times in ms`);
    let facts: ProjectFacts | undefined;
    for (let run = 0; run < Number(process.env.RUNS ?? 5); run++) {
      const before = threadCpu();
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const index = new ProjectIndex({ root, source: new NodeFileSource(root), ...(reader ? { bulkReader: reader } : {}), ...(textSearch ? { textSearch } : {}) });
      facts = await index.build();
      const wall = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      out(`build ${run}: wall ${wall.toFixed(0)}, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)}; by thread: ${cpuLine(before, threadCpu())}`);
    }
    if (facts) await handOverCosts(root, facts);
    await reader?.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// This bundle also runs as the reader threads; those serve batches and nothing else.
if (!runIndexWorkerIfAsked()) void main();
