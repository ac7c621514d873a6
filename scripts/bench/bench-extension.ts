/**
 * `npm run bench:extension`: builds the production bundle and the .vsix, prints their sizes, and
 * measures activation several times:
 * - in a real extension host (code-server, see test/vscode): evaluating the bundle's modules plus
 *   `activate`, as the extension measures itself;
 * - in plain Node: reading and compiling the packaged bundle as well (the part that runs before
 *   any of its code can take a time stamp), with an empty module standing in for `vscode`.
 * Targets: activation < 50 ms, dist/extension.js < 2 MB, .vsix < 5 MB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestResults } from '../../test/vscode/test-protocol';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

function megabytes(pathOrBytes: string | number): string {
  const bytes = typeof pathOrBytes === 'number' ? pathOrBytes : statSync(pathOrBytes).size;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB (${bytes} bytes)`;
}

/** Uncompressed size of one entry of the .vsix (a zip), from Debian's `unzip -l`. */
function packagedSize(vsix: string, entry: string): number {
  const listing = spawnSync('unzip', ['-l', vsix, entry], { encoding: 'utf8' });
  const line = listing.stdout.split('\n').find((candidate) => candidate.trim().endsWith(entry));
  const bytes = Number(line?.trim().split(/\s+/)[0]);
  if (listing.status !== 0 || !Number.isFinite(bytes)) throw new Error(`cannot read ${entry} from ${vsix}: ${listing.stderr}`);
  return bytes;
}

/** Milliseconds to `require` the packaged bundle in a fresh Node process, read + compile + evaluate. */
function measureRequire(vsix: string): number[] {
  const folder = mkdtempSync(join(tmpdir(), 'fbe-bench-'));
  try {
    mkdirSync(join(folder, 'node_modules', 'vscode'), { recursive: true });
    writeFileSync(join(folder, 'node_modules', 'vscode', 'index.js'), 'module.exports = {};\n');
    const unzip = spawnSync('unzip', ['-p', vsix, 'extension/dist/extension.js'], { maxBuffer: 64 * 1024 * 1024 });
    if (unzip.status !== 0) throw new Error(`cannot extract the bundle from ${vsix}`);
    writeFileSync(join(folder, 'extension.js'), unzip.stdout);
    const script = "const t = performance.now(); require('./extension.js'); process.stdout.write(String(performance.now() - t));";
    return Array.from({ length: Math.max(RUNS, 5) }, () => {
      const result = spawnSync(process.execPath, ['-e', script], { cwd: folder, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`loading the bundle failed: ${result.stderr}`);
      return Number(result.stdout);
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function measureActivation(): { activationMs: number; activateMs: number } {
  run(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'test', 'vscode', 'run-code-server.ts')], {
    ...process.env,
    FBE_TEST_PASSES: 'activation',
    FBE_TEST_MODELS: '',
  });
  const file = join(ROOT, 'test-artifacts', 'vscode-results-activation.json');
  const [pass] = JSON.parse(readFileSync(file, 'utf8')) as { results?: TestResults }[];
  const metrics = pass?.results?.metrics;
  if (metrics?.['activationMs'] === undefined || metrics['activateMs'] === undefined) throw new Error(`no activation figures in ${file}`);
  return { activationMs: metrics['activationMs'], activateMs: metrics['activateMs'] };
}

function main(): void {
  run('npm', ['run', '--silent', 'package']);
  const vsix = join(ROOT, 'dist', 'fastapi-backend-engineer.vsix');
  // Read from the package itself: dist/ is shared with other builds that may rewrite it meanwhile.
  process.stdout.write(`dist/extension.js (production, as packaged): ${megabytes(packagedSize(vsix, 'extension/dist/extension.js'))}  target < 2 MB\n`);
  process.stdout.write(`.vsix: ${megabytes(vsix)}  target < 5 MB\n`);
  const loads = measureRequire(vsix);
  process.stdout.write(`require of the packaged bundle in plain Node (read + compile + evaluate), median of ${loads.length}: ${median(loads).toFixed(1)} ms\n`);
  if (!existsSync(join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'))) throw new Error('tsx is not installed');
  const samples = Array.from({ length: RUNS }, () => measureActivation());
  const activation = median(samples.map((sample) => sample.activationMs));
  const activate = median(samples.map((sample) => sample.activateMs));
  process.stdout.write(
    `activation in the extension host (evaluating the bundle + activate), median of ${RUNS}: ${activation.toFixed(1)} ms\n` +
      `  of which activate(): ${activate.toFixed(1)} ms; samples: ${samples.map((sample) => sample.activationMs.toFixed(1)).join(', ')} ms\n` +
      `whole activation estimate (plain-Node require + activate()): ${(median(loads) + activate).toFixed(1)} ms  target < 50 ms\n`,
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(`bench:extension failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
