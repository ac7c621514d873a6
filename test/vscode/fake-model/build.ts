/**
 * Builds the fake language model extension and installs it into an editor's extensions folder
 * (before the editor starts), where it loads as an ordinary installed extension. The editor
 * honours only one development extension path, which belongs to the extension under test.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = join(import.meta.dirname);

export async function installFakeModelExtension(extensionsDir: string): Promise<string> {
  const manifest = JSON.parse(readFileSync(join(SOURCE, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const folder = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(join(folder, 'dist'), { recursive: true });
  copyFileSync(join(SOURCE, 'package.json'), join(folder, 'package.json'));
  await build({
    entryPoints: [join(SOURCE, 'extension.ts')],
    outfile: join(folder, 'dist', 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return folder;
}
