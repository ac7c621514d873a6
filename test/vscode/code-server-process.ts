/**
 * Starts code-server from the cache on 127.0.0.1 with every folder it writes to inside a temp
 * folder, waits until it answers, and stops its whole process group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { EditorPaths } from './editor-paths';

export interface CodeServer {
  readonly port: number;
  readonly origin: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  readonly editor: EditorPaths;
  /** Temp folder that receives user data, extensions, config, XDG folders and the log. */
  readonly home: string;
  /** False leaves Workspace Trust on, so an unknown folder opens in Restricted Mode. */
  readonly trustWorkspaces: boolean;
  readonly userSettings: Readonly<Record<string, unknown>>;
  /** Puts extensions into the editor's extensions folder before it starts. */
  readonly installExtensions?: (extensionsDir: string) => Promise<unknown>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilUp(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with ${child.exitCode}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer on ${origin} within ${timeoutMs / 1000} s`);
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const dirs = Object.fromEntries(
    ['user-data', 'extensions', 'config', 'data', 'cache', 'state', 'tmp', 'runtime'].map((name) => [name, join(options.home, name)]),
  );
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const userDir = join(dirs['user-data'] ?? '', 'User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify(options.userSettings, null, 2));
  await options.installExtensions?.(dirs['extensions'] ?? '');
  const configFile = join(dirs['config'] ?? '', 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');

  const port = await freePort();
  const args = [
    options.editor.codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--ignore-last-opened',
    '--config', configFile,
    '--user-data-dir', dirs['user-data'] ?? '',
    '--extensions-dir', dirs['extensions'] ?? '',
    ...(options.trustWorkspaces ? ['--disable-workspace-trust'] : []),
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: options.home,
    TMPDIR: dirs['tmp'],
    XDG_CONFIG_HOME: dirs['config'],
    XDG_DATA_HOME: dirs['data'],
    XDG_CACHE_HOME: dirs['cache'],
    XDG_STATE_HOME: dirs['state'],
    XDG_RUNTIME_DIR: dirs['runtime'],
  };
  const log = createWriteStream(join(options.home, 'code-server.log'));
  const child = spawn(options.editor.nodeBinary, args, { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const origin = `http://127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    if (child.pid === undefined || child.exitCode !== null) return;
    const group = -child.pid;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    timer.unref();
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitUntilUp(origin, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, origin, stop };
}
