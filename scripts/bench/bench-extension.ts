/**
 * `npm run bench:extension`: builds the production bundle and the .vsix, prints their sizes, and
 * measures activation in a real extension host (code-server, see test/vscode) several times:
 * from the moment the bundle starts loading to the end of `activate`.
 * Targets: activation < 50 ms, dist/extension.js < 2 MB, .vsix < 5 MB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
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
  if (!existsSync(join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'))) throw new Error('tsx is not installed');
  const samples = Array.from({ length: RUNS }, () => measureActivation());
  const activation = median(samples.map((sample) => sample.activationMs));
  const activate = median(samples.map((sample) => sample.activateMs));
  process.stdout.write(
    `activation in the extension host (bundle load + activate), median of ${RUNS}: ${activation.toFixed(1)} ms  target < 50 ms\n` +
      `  of which activate(): ${activate.toFixed(1)} ms; samples: ${samples.map((sample) => sample.activationMs.toFixed(1)).join(', ')} ms\n`,
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(`bench:extension failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
