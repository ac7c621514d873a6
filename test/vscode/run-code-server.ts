/**
 * `npm run test:vscode`: runs the extension-host suites in a real VS Code (code-server from the
 * cache, driven by Debian's Chromium), offline. Two passes: the main suites in a trusted
 * workspace, then the restricted-mode suite with Workspace Trust on and the folder untrusted.
 * Exits non-zero when a test fails or when a pass produced no results (an infrastructure failure).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSuites } from './build-suites';
import { startCodeServer } from './code-server-process';
import { editorPaths } from './editor-paths';
import { installFakeModelExtension } from './fake-model/build';
import { ENV, SUITE_NAMES, type SuiteName, type TestResults } from './test-protocol';
import { prepareWorkspace } from './test-workspace';
import { runWorkbench } from './workbench-driver';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURE = 'examples/heroes';
/** The explorer suite runs a second time on a project with nested includes and auth. */
const SECOND_FIXTURE = 'test/fixtures/fullstack-template';
/** Models whose CLI proposal the CRUD suites compare with (override: FBE_TEST_MODELS=A,B). */
const MODELS = (process.env['FBE_TEST_MODELS'] ?? 'Hero').split(',').filter((model) => model !== '');
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
// The main pass includes the verification and spec suites, which run the real Python tools and
// take several minutes on a busy two-core machine; the limit only catches a hung editor.
const PASS_TIMEOUT_MS = 20 * 60_000;
/** Screenshots worth showing in the documentation. */
const DOCUMENTED_SCREENSHOTS = ['review-multi-file-diff', 'review-file-diff', 'explorer-view'];

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'git.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.enabled': true,
  'window.dialogStyle': 'custom',
};

interface PassOutcome {
  readonly suite: SuiteName;
  readonly exitCode: number | undefined;
  readonly results: TestResults | undefined;
}

async function runPass(suite: SuiteName, testsEntry: string, temp: string): Promise<PassOutcome> {
  const home = join(temp, suite);
  mkdirSync(home, { recursive: true });
  const fixture = suite === 'explorer' ? SECOND_FIXTURE : FIXTURE;
  // The index-bench pass opens the folder `bench:index-editor` wrote, as it is.
  const benchFolder = suite === 'index-bench' ? process.env['FBE_TEST_WORKSPACE'] : undefined;
  if (suite === 'index-bench' && benchFolder === undefined) throw new Error('the index-bench pass needs FBE_TEST_WORKSPACE (run npm run bench:index-editor)');
  const workspace = benchFolder !== undefined ? { folder: benchFolder, pristine: benchFolder, expectedFile: '' } : prepareWorkspace(REPO_ROOT, fixture, home, suite === 'explorer' ? [] : MODELS);
  const resultsFile = join(home, 'results.json');
  const requests = join(home, 'screenshot-requests');
  const server = await startCodeServer({
    editor: editorPaths(),
    home: join(home, 'editor'),
    trustWorkspaces: suite !== 'restricted',
    userSettings: USER_SETTINGS,
    // The chat suites need a language model; a scripted one is installed as an ordinary extension.
    installExtensions: suite === 'activation' || suite === 'explorer' || suite === 'index-bench' ? undefined : installFakeModelExtension,
  });
  try {
    const remote = (path: string): string => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const environment = {
      [ENV.results]: resultsFile,
      [ENV.suite]: suite,
      [ENV.pristine]: workspace.pristine,
      [ENV.expected]: workspace.expectedFile,
      [ENV.screenshots]: requests,
      [ENV.fixture]: fixture,
      ...(process.env[ENV.factsOut] === undefined ? {} : { [ENV.factsOut]: process.env[ENV.factsOut] }),
    };
    const payload = [
      ['extensionDevelopmentPath', remote(REPO_ROOT)],
      ['extensionTestsPath', remote(testsEntry)],
      ['extensionEnvironment', JSON.stringify(environment)],
    ];
    const url = `${server.origin}/?folder=${encodeURIComponent(workspace.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const consoleLines: string[] = [];
    const run = await runWorkbench({
      url,
      timeoutMs: PASS_TIMEOUT_MS,
      screenshotRequests: requests,
      screenshotDir: join(ARTIFACTS, 'screenshots'),
      consoleLog: (line) => consoleLines.push(line),
    });
    writeFileSync(join(ARTIFACTS, `${suite}-console.log`), consoleLines.join('\n'));
    const results = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as TestResults) : undefined;
    return { suite, exitCode: run.exitCode, results };
  } finally {
    await server.stop();
    const log = join(home, 'editor', 'code-server.log');
    if (existsSync(log)) copyFileSync(log, join(ARTIFACTS, `${suite}-code-server.log`));
  }
}

function print(outcome: PassOutcome): void {
  process.stdout.write(`\n== ${outcome.suite} (exit code ${String(outcome.exitCode ?? 'none: timed out')})\n`);
  if (outcome.results === undefined) {
    process.stdout.write('  no results file: the suites did not run (infrastructure failure; see test-artifacts/)\n');
    return;
  }
  for (const test of outcome.results.tests) {
    process.stdout.write(`  ${test.state === 'passed' ? '✓' : '✗'} ${test.title} (${test.durationMs} ms)\n`);
    if (test.error !== undefined) process.stdout.write(`      ${test.error.replace(/\n/g, '\n      ')}\n`);
  }
  process.stdout.write(`  ${outcome.results.passed} passing, ${outcome.results.failed} failing\n`);
  for (const [name, value] of Object.entries(outcome.results.metrics)) process.stdout.write(`  ${name}: ${value.toFixed(1)}\n`);
}

function updateDocumentedScreenshots(): void {
  const target = join(REPO_ROOT, 'media', 'screenshots');
  mkdirSync(target, { recursive: true });
  for (const name of DOCUMENTED_SCREENSHOTS) {
    const source = join(ARTIFACTS, 'screenshots', `${name}.png`);
    if (existsSync(source)) copyFileSync(source, join(target, `${name}.png`));
  }
}

/** Passes to run: `FBE_TEST_PASSES=main,restricted,explorer` (the default) or e.g. `activation`. */
function passes(): SuiteName[] {
  const wanted = (process.env['FBE_TEST_PASSES'] ?? 'main,restricted,explorer').split(',');
  return SUITE_NAMES.filter((name) => wanted.includes(name));
}

async function main(): Promise<number> {
  const editor = editorPaths();
  if (!existsSync(editor.marker) || !existsSync(editor.codeServerEntry)) {
    process.stderr.write(`The editor is not installed in ${editor.cacheDir}: run npm run setup:editor first.\n`);
    return 2;
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const testsEntry = await buildSuites(REPO_ROOT);
  const temp = mkdtempSync(join(tmpdir(), 'fbe-vscode-'));
  const outcomes: PassOutcome[] = [];
  try {
    for (const suite of passes()) {
      const outcome = await runPass(suite, testsEntry, temp);
      outcomes.push(outcome);
      print(outcome);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  writeFileSync(join(ARTIFACTS, `vscode-results-${passes().join('-')}.json`), JSON.stringify(outcomes.map(({ suite, exitCode, results }) => ({ suite, exitCode, results })), null, 2));
  if (process.env['UPDATE_SCREENSHOTS'] === '1') updateDocumentedScreenshots();
  const broken = outcomes.filter((outcome) => outcome.results === undefined);
  const failed = outcomes.filter((outcome) => outcome.results !== undefined && (outcome.results.failed > 0 || outcome.exitCode !== 0));
  if (broken.length > 0) process.stdout.write(`\nInfrastructure failure in: ${broken.map((outcome) => outcome.suite).join(', ')}\n`);
  return broken.length > 0 || failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`test:vscode failed to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
