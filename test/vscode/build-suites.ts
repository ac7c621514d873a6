/** Bundles the extension-host suites into one CommonJS entry that the workbench loads. */
import { build } from 'esbuild';
import { join } from 'node:path';

export async function buildSuites(repoRoot: string): Promise<string> {
  const outfile = join(repoRoot, 'out', 'vscode-tests', 'index.js');
  await build({
    entryPoints: [join(repoRoot, 'test', 'vscode', 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // vscode is the host's; mocha resolves from the repository's node_modules at run time.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return outfile;
}
