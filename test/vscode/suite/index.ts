/**
 * The extension-host test entry (`extensionTestsPath`): runs the suites with mocha inside VS Code
 * and writes the results to the file the runner named, since the host's console is hard to read.
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { ENV, SUITE_NAMES, type SuiteName, type TestRecord, type TestResults } from '../test-protocol';
import { metrics } from './metrics';

async function loadSuites(suite: SuiteName): Promise<void> {
  // Imported after `pre-require` so that `describe`/`it` exist when the suite modules run.
  if (suite === 'restricted') {
    await import('./restricted.test');
    return;
  }
  if (suite === 'explorer') {
    await import('./explorer.test');
    return;
  }
  if (suite === 'index-bench') {
    await import('./index-bench.test');
    return;
  }
  await import('./activation.test');
  if (suite === 'activation') return;
  await import('./review.test');
  await import('./crud.test');
  await import('./auth.test');
  await import('./spec.test');
  await import('../chat.test');
  await import('./explorer.test');
  await import('./tools.test');
  await import('./verify.test');
  await import('./safety.test');
  await import('./local-listing.test');
  // Last: it fills the workspace with thousands of modules, and the file events of removing them
  // arrive for a while after it ends.
  await import('./progress.test');
}

export async function run(): Promise<void> {
  const suite: SuiteName = SUITE_NAMES.find((name) => name === process.env[ENV.suite]) ?? 'main';
  const resultsFile = process.env[ENV.results];
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'vscode-suites', mocha);
  await loadSuites(suite);
  const tests: TestRecord[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const results: TestResults = {
        suite,
        passed: tests.filter((test) => test.state === 'passed').length,
        failed: tests.filter((test) => test.state === 'failed').length,
        tests,
        metrics: { ...metrics },
      };
      if (resultsFile !== undefined) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
    runner.on('fail', (test, error: unknown) =>
      tests.push({
        title: test.fullTitle(),
        state: 'failed',
        durationMs: test.duration ?? 0,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
    );
  });
}
