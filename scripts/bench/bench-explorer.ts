/**
 * `npm run bench:explorer`: what a save costs the FastAPI explorer on the generated 10,000-file
 * workspace (the index benchmark's), and the MCP round trip for `fastapi_project_facts`.
 *
 * Tree refresh after a save = the index's incremental update of the saved router file (a route
 * added, then removed again) + building the explorer tree from the new facts — what the editor
 * does after its file watcher reports the save. The cold index of the same workspace, measured in
 * the same run, is the baseline the ratio is taken against.
 *
 * MCP: `node dist/cli.js mcp` as a child process, spoken to with the SDK's client over stdio:
 * the first call (reads the project) and the median of warm calls, on `examples/heroes` and on
 * the generated workspace.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { NodeFileSource } from '../../src/core/project/node-file-source';
import { buildExplorerTree, walkTree } from '../../src/core/explorer/explorer-tree';
import { ProjectIndex } from '../../src/core/project/project-index';
import { generateWorkspace } from './index-workspace';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SAVES = 40;
const WARM_CALLS = 20;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 0)} ms`;
}

async function treeRefresh(root: string, routerFile: string, out: (line: string) => void): Promise<void> {
  const coldStarted = performance.now();
  const index = new ProjectIndex({ root, source: new NodeFileSource(root) });
  let facts = await index.build();
  const cold = performance.now() - coldStarted;
  const firstTree = performance.now();
  const rows = [...walkTree(buildExplorerTree(facts).roots)].length;
  out(`Cold index (baseline, main thread as in the editor): ${ms(cold)}; first tree: ${rows} rows in ${ms(performance.now() - firstTree)}`);

  const absolute = join(root, routerFile);
  const original = readFileSync(absolute, 'utf8');
  const updates: number[] = [];
  const trees: number[] = [];
  for (let save = 0; save < SAVES; save++) {
    if (save % 2 === 0) appendFileSync(absolute, `\n\n@router.get("/extra-${save}")\ndef extra_${save}() -> str:\n    return "extra"\n`);
    else writeFileSync(absolute, original);
    const started = performance.now();
    facts = await index.update([routerFile]);
    const updated = performance.now();
    const tree = buildExplorerTree(facts);
    trees.push(performance.now() - updated);
    updates.push(updated - started);
    const shown = [...walkTree(tree.roots)].some((node) => node.route?.path.endsWith(`/extra-${save}`) === true);
    if (shown !== (save % 2 === 0)) throw new Error(`save ${save}: the tree ${shown ? 'still shows' : 'does not show'} the edited route`);
  }
  const total = updates.map((update, i) => update + (trees[i] ?? 0));
  out(`Tree refresh after a save (median of ${SAVES}): ${ms(median(total))} = index update ${ms(median(updates))} + tree ${ms(median(trees))}  [max ${ms(Math.max(...total))}]`);
  out(`  ratio to the cold index in the same run: ${(median(total) / cold).toFixed(4)}x`);
  out('  (the editor adds its watcher debounce of 150 ms before the update starts)');
}

async function mcpRoundTrip(label: string, root: string, out: (line: string) => void): Promise<void> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  const spawned = performance.now();
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [join(ROOT, 'dist', 'cli.js'), 'mcp', '--root', root], stderr: 'ignore' }));
  const connected = performance.now();
  try {
    const first = performance.now();
    await client.callTool({ name: 'fastapi_project_facts', arguments: {} });
    const firstCall = performance.now() - first;
    const warm: number[] = [];
    for (let call = 0; call < WARM_CALLS; call++) {
      const started = performance.now();
      await client.callTool({ name: 'fastapi_project_facts', arguments: {} });
      warm.push(performance.now() - started);
    }
    out(`MCP fastapi_project_facts on ${label}: start + connect ${ms(connected - spawned)}, first call ${ms(firstCall)}, warm round trip (median of ${WARM_CALLS}) ${ms(median(warm))}`);
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  const root = mkdtempSync(join(tmpdir(), 'bench-explorer-'));
  try {
    const workspace = generateWorkspace(root, { pythonFiles: 10_000, entities: 100, textFiles: 300 });
    out(`Workspace: ${workspace.pythonFiles} Python files (${workspace.relevantFiles} FastAPI/SQLModel) in ${root}`);
    await treeRefresh(root, 'app/api/routes/order0s.py', out);
    await mcpRoundTrip('examples/heroes', join(ROOT, 'examples', 'heroes'), out);
    await mcpRoundTrip('the 10,000-file workspace', root, out);
    out(`Machine: ${cpus().length} CPUs, load average ${loadavg().map((load) => load.toFixed(1)).join(' / ')} (timings are wall clock)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
