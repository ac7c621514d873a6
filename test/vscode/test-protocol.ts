/**
 * What the runner and the suites inside the extension host exchange through files: environment
 * variable names, the results file, and screenshot requests. No `vscode` import here.
 */

export const ENV = {
  /** JSON results file the suite entry writes. */
  results: 'FBE_TEST_RESULTS',
  /** Which suites to load: `main` (trusted workspace), `restricted`, `activation` alone, or `explorer` on a second project. */
  suite: 'FBE_TEST_SUITE',
  /** Folder with the pristine copy of the workspace, to reset between tests. */
  pristine: 'FBE_TEST_PRISTINE',
  /** JSON file: model name → the CLI's ChangeSet for the pristine workspace. */
  expected: 'FBE_TEST_EXPECTED',
  /** Folder where suites ask the runner for screenshots (`<name>.request` → `<name>.done`). */
  screenshots: 'FBE_TEST_SCREENSHOTS',
  /** The project the workspace was copied from: `examples/heroes`, `test/fixtures/fullstack-template`. */
  fixture: 'FBE_TEST_FIXTURE',
  /** File the `index-bench` pass writes the first read's facts (as `context --json` prints them) to. */
  factsOut: 'FBE_TEST_FACTS_OUT',
} as const;

export type SuiteName = 'main' | 'restricted' | 'activation' | 'explorer' | 'index-bench';

/** `index-bench` runs only from `npm run bench:index-editor`, on the bench workspace. */
export const SUITE_NAMES: readonly SuiteName[] = ['main', 'restricted', 'activation', 'explorer', 'index-bench'];

export interface TestRecord {
  readonly title: string;
  readonly state: 'passed' | 'failed';
  readonly durationMs: number;
  readonly error?: string;
}

export interface TestResults {
  readonly suite: SuiteName;
  readonly passed: number;
  readonly failed: number;
  readonly tests: readonly TestRecord[];
  /** Figures read inside the host, e.g. `activationMs`. */
  readonly metrics: Readonly<Record<string, number>>;
}

export interface ExpectedFile {
  readonly path: string;
  readonly kind: 'create' | 'modify';
  readonly before: string | null;
  readonly after: string;
}

export type ExpectedOutputs = Readonly<Record<string, readonly ExpectedFile[]>>;
