import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { generateWorkspace } from '../../../scripts/bench/index-workspace';

const require = createRequire(__filename);

function sourceModule(path: string): string {
  return resolve(path).replace(/\\/g, '/');
}

/**
 * Reader threads run the bundle they were started from, so this spec builds a small bundle the
 * way the CLI is built and compares an index read on threads with one read on the main thread.
 */
describe('project index: reading on worker threads', function () {
  this.timeout(120_000);
  let folder: string;
  let workspace: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'index-workers-'));
    workspace = join(folder, 'workspace');
    mkdirSync(workspace);
    generateWorkspace(workspace, { pythonFiles: 700, entities: 12, textFiles: 5 });
    const entry = join(folder, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import { runIndexWorkerIfAsked } from '${sourceModule('src/cli/index-worker.ts')}';`,
        `import { NodeFileSource } from '${sourceModule('src/core/project/node-file-source.ts')}';`,
        `import { WorkerPythonReader } from '${sourceModule('src/cli/worker-python-reader.ts')}';`,
        `import { factsForJson } from '${sourceModule('src/core/project/describe.ts')}';`,
        `import { ProjectIndex } from '${sourceModule('src/core/project/project-index.ts')}';`,
        `import { installedRipgrep } from '${sourceModule('src/core/project/text-search.ts')}';`,
        'async function main(): Promise<void> {',
        '  const root = process.argv[2] ?? ".";',
        '  const source = new NodeFileSource(root);',
        '  const here = await new ProjectIndex({ root, source }).build();',
        '  const reader = new WorkerPythonReader(root, __filename, 2);',
        '  const listed = (await source.listFiles(new Set())).map((entry) => entry.path);',
        '  const asked = [...listed, "no/such/file.py", "app", "../outside.py"];',
        '  const beforeStart = reader.statAll(asked) === undefined;',
        '  const warnings: string[] = [];',
        '  const logger = { trace() {}, debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };',
        '  const threads = await new ProjectIndex({ root, source, bulkReader: reader, logger }).build();',
        '  const textSearch = installedRipgrep();',
        '  if (!textSearch) throw new Error("ripgrep is not installed");',
        '  const searched = await new ProjectIndex({ root, source, bulkReader: reader, logger, textSearch }).build();',
        '  const table = (measured: { sizes: Float64Array; mtimes: Float64Array }) => asked.map((path, i) => (measured.sizes[i] < 0 ? null : [measured.sizes[i], measured.mtimes[i]]));',
        '  const onThreads = table(await reader.statAll(asked).finish());',
        '  let joined = 0;',
        '  const together = table(await reader.statAll(asked).finish((path) => { joined++; return source.statNow(path); }));',
        '  const onMain = asked.map((path) => { const stat = source.statNow(path); return stat ? [stat.size, stat.mtimeMs] : null; });',
        '  await reader.close();',
        '  const stats = { beforeStart, count: asked.length, onThreads, onMain, together, joined };',
        '  process.stdout.write(JSON.stringify({ here: factsForJson(here), threads: factsForJson(threads), searched: factsForJson(searched), warnings, stats }));',
        '}',
        'if (!runIndexWorkerIfAsked()) void main();',
        '',
      ].join('\n'),
    );
    const outfile = join(folder, 'dist', 'probe.js');
    await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
    copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), join(folder, 'dist', 'tree-sitter.wasm'));
    copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), join(folder, 'dist', 'tree-sitter-python.wasm'));
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it('gives the same facts and file stats as the main thread, with the JavaScript prefilter or ripgrep', () => {
    // The threads start while the search runs: the process must still wait for their answers.
    const output = execFileSync(process.execPath, [join(folder, 'dist', 'probe.js'), workspace], { encoding: 'utf8' });
    const { here, threads, searched, warnings, stats } = JSON.parse(output) as {
      here: { models: unknown[]; routes: unknown[] };
      threads: unknown;
      searched: unknown;
      warnings: string[];
      stats: { beforeStart: boolean; count: number; onThreads: unknown[]; onMain: unknown[]; together: unknown[]; joined: number };
    };
    assert.deepEqual(warnings, [], 'the threads did the reading (no fallback to the main thread)');
    assert.equal(here.models.length, 12 * 6 + 2, 'each entity has a table, base, create, update, public and list model');
    assert.equal(here.routes.length, 12 * 5 + 2, 'five per entity and the two probes of the module without prefilter words');
    assert.deepEqual(threads, here);
    assert.deepEqual(searched, here);
    assert.ok(stats.beforeStart, 'threads not started yet measure nothing: starting them costs more than measuring here');
    assert.equal(stats.onThreads.length, stats.count);
    assert.deepEqual(stats.onThreads.slice(-3), [null, null, null], 'a missing file, a folder and a path outside the root have no stats');
    assert.deepEqual(stats.onThreads, stats.onMain, 'the threads measure every file as the main thread does');
    assert.deepEqual(stats.together, stats.onMain, 'measured by the threads and this thread together, every file once, in place');
    assert.ok(stats.joined <= stats.count, 'this thread measured only what the threads had not taken');
  });
});
