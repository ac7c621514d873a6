/**
 * Builds the fake language model extension into `out/fake-model/` and returns that folder, for
 * the runner to load as a second `extensionDevelopmentPath`.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export async function buildFakeModelExtension(repoRoot: string = join(import.meta.dirname, '..', '..', '..')): Promise<string> {
  const folder = join(repoRoot, 'out', 'fake-model');
  mkdirSync(join(folder, 'dist'), { recursive: true });
  copyFileSync(join(repoRoot, 'test', 'vscode', 'fake-model', 'package.json'), join(folder, 'package.json'));
  await build({
    entryPoints: [join(repoRoot, 'test', 'vscode', 'fake-model', 'extension.ts')],
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
