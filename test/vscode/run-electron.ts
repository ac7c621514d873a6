/**
 * `npm run test:electron`: the same extension-host suites in desktop VS Code through
 * @vscode/test-electron. It downloads VS Code from Microsoft's update servers, so it is for
 * machines with that access (a developer's desktop); offline machines and CI use
 * `npm run test:vscode` (code-server). Screenshots are taken only by the code-server runner.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildSuites } from './build-suites';
import { installFakeModelExtension } from './fake-model/build';
import { ENV, type SuiteName } from './test-protocol';
import { prepareWorkspace } from './test-workspace';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURE = 'examples/heroes';
const MODELS = ['Hero'];
const USER_SETTINGS = { 'security.workspace.trust.startupPrompt': 'never', 'workbench.startupEditor': 'none' };

async function runPass(suite: SuiteName, testsEntry: string, temp: string): Promise<number> {
  const home = join(temp, suite);
  const workspace = prepareWorkspace(REPO_ROOT, FIXTURE, home, MODELS);
  const userData = join(home, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS));
  const extensionsDir = join(home, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  // The chat suite needs a language model: the scripted one, alone in a fresh extensions folder.
  if (suite === 'main') await installFakeModelExtension(extensionsDir);
  try {
    return await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: testsEntry,
      launchArgs: [
        workspace.folder,
        `--user-data-dir=${userData}`,
        `--extensions-dir=${extensionsDir}`,
        ...(suite === 'main' ? ['--disable-workspace-trust'] : []),
      ],
      extensionTestsEnv: {
        [ENV.results]: join(REPO_ROOT, 'test-artifacts', `electron-${suite}-results.json`),
        [ENV.suite]: suite,
        [ENV.pristine]: workspace.pristine,
        [ENV.expected]: workspace.expectedFile,
      },
    });
  } catch (error) {
    process.stderr.write(`${suite}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function main(): Promise<number> {
  mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
  const testsEntry = await buildSuites(REPO_ROOT);
  const temp = mkdtempSync(join(tmpdir(), 'fbe-electron-'));
  try {
    let failures = 0;
    for (const suite of ['main', 'restricted'] as const) failures += (await runPass(suite, testsEntry, temp)) === 0 ? 0 : 1;
    return failures === 0 ? 0 : 1;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`test:electron failed to run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
