/**
 * Verifies a proposal before it touches the workspace: a scratch copy with the ChangeSet applied,
 * the project's own checks run in it with the chosen interpreter, the results mapped to the
 * proposal's paths. When a check fails, the same check runs on an untouched copy so failures
 * the project already had are reported as such. Every copy is removed, also on failure and cancel.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeSet } from '../changes/change-set';
import { markPreexisting } from './baseline';
import { CHECK_RUNNERS, type CheckContext, skipped } from './checks';
import type { PythonEnvironment } from './interpreter';
import { createScratchCopy, type ScratchCopy } from './scratch-copy';
import { chooseTypeChecker, planVerification, type VerifyPlan } from './verify-plan';
import { CHECK_LABELS, CHECK_NAMES, type CheckName, type CheckResult, type TestSelection, type VerificationResult } from './verify-types';

export interface VerifyProgress {
  readonly check: CheckName | 'copy' | 'baseline';
  readonly state: 'started' | 'finished';
  readonly result?: CheckResult;
  /** For the user: "Running pytest…". */
  readonly message: string;
}

export interface VerifyOptions {
  readonly root: string;
  readonly changeSet: ChangeSet;
  readonly python: PythonEnvironment;
  /** Workspace-relative files defining the FastAPI app(s): imported by the import check. */
  readonly appFiles?: readonly string[];
  readonly tests?: TestSelection;
  /** Per check; default 120 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Where tool caches live between runs (never in the workspace); default under the OS temp folder, per interpreter. */
  readonly cacheDir?: string;
  /** Where scratch copies are made; default the OS temp folder. */
  readonly scratchParent?: string;
  /** Checks to run (all by default). */
  readonly checks?: readonly CheckName[];
  readonly onProgress?: (progress: VerifyProgress) => void;
  readonly onProcess?: (pid: number, check: CheckName) => void;
}

/** Checks started together on a 2-core machine: the slow two first, the quick ones as slots free. */
const START_ORDER: readonly CheckName[] = ['types', 'pytest', 'import', 'ruff', 'format'];
const PARALLEL_CHECKS = 2;

/**
 * One cache per interpreter: what is slow to analyse (the installed packages) belongs to the
 * environment, not the project; mypy re-checks any module whose file differs from the cached one.
 */
export function defaultCacheDir(interpreterPath: string): string {
  const key = createHash('sha256').update(interpreterPath).digest('hex').slice(0, 16);
  return join(tmpdir(), 'fastapi-engineer-verify-cache', key);
}

export async function verifyChangeSet(options: VerifyOptions): Promise<VerificationResult> {
  const started = performance.now();
  const wanted = new Set(options.checks ?? CHECK_NAMES);
  const progress = options.onProgress ?? (() => undefined);
  progress({ check: 'copy', state: 'started', message: 'Copying the project to a scratch folder…' });
  const copy = await createScratchCopy(options.root, options.changeSet.changes, {
    ...(options.scratchParent === undefined ? {} : { parentDir: options.scratchParent }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  progress({ check: 'copy', state: 'finished', message: `Scratch copy: ${copy.files} files in ${Math.round(copy.durationMs)} ms` });
  let checks: CheckResult[];
  let baselineRun = false;
  try {
    const plan = planFor(copy, options, options.changeSet.changes);
    checks = await runChecks(contextFor(copy, plan, options), [...wanted], progress);
    const failed = checks.filter((result) => result.status === 'failed' && result.timedOut !== true);
    if (failed.length > 0 && options.signal?.aborted !== true) {
      baselineRun = true;
      progress({ check: 'baseline', state: 'started', message: 'Checking the untouched project to tell old failures from new ones…' });
      const baseline = await baselineChecks(options, failed.map((result) => result.check));
      checks = checks.map((result) => markPreexisting(result, baseline.get(result.check)));
      progress({ check: 'baseline', state: 'finished', message: 'Compared with the untouched project' });
    }
  } finally {
    copy.remove();
  }
  const cancelled = options.signal?.aborted === true;
  return {
    interpreter: { path: options.python.path, version: options.python.version, source: options.python.label },
    checks,
    passed: !cancelled && checks.every((result) => result.status !== 'failed'),
    cancelled,
    baselineRun,
    timings: { scratchCopyMs: copy.durationMs, totalMs: performance.now() - started, copiedFiles: copy.files, linkedFiles: copy.linked },
  };
}

function planFor(copy: ScratchCopy, options: VerifyOptions, changes: ChangeSet['changes']): VerifyPlan {
  return planVerification({
    files: copy.paths,
    changes,
    appFiles: (options.appFiles ?? []).filter((path) => copy.paths.includes(path)),
    selection: options.tests ?? 'affected',
    read: (path) => readFileSync(join(copy.projectDir, path), 'utf8'),
  });
}

function contextFor(copy: ScratchCopy, plan: VerifyPlan, options: VerifyOptions): CheckContext {
  return {
    copy,
    python: options.python,
    plan,
    typeChecker: chooseTypeChecker(copy.projectDir, copy.paths, options.python.tools),
    cacheDir: options.cacheDir ?? defaultCacheDir(options.python.path),
    timeoutMs: options.timeoutMs ?? 120_000,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProcess === undefined ? {} : { onProcess: options.onProcess }),
  };
}

async function runChecks(context: CheckContext, names: readonly CheckName[], progress: (progress: VerifyProgress) => void): Promise<CheckResult[]> {
  const results = new Map<CheckName, CheckResult>();
  const queue = START_ORDER.filter((name) => names.includes(name));
  const worker = async (): Promise<void> => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      if (context.signal?.aborted === true) {
        results.set(name, skipped(name, 'cancelled'));
        continue;
      }
      progress({ check: name, state: 'started', message: `Running ${CHECK_LABELS[name]}…` });
      const result = await CHECK_RUNNERS[name](context);
      results.set(name, result);
      progress({ check: name, state: 'finished', result, message: `${CHECK_LABELS[name]}: ${result.status}` });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_CHECKS }, worker));
  return CHECK_NAMES.filter((name) => results.has(name)).map((name) => results.get(name) as CheckResult);
}

/** The failed checks again on the untouched project, limited to what existed before the proposal. */
async function baselineChecks(options: VerifyOptions, names: readonly CheckName[]): Promise<Map<CheckName, CheckResult>> {
  const copy = await createScratchCopy(options.root, [], {
    ...(options.scratchParent === undefined ? {} : { parentDir: options.scratchParent }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  try {
    const existing = options.changeSet.changes.filter((change) => change.kind === 'modify' && copy.paths.includes(change.path));
    const full = planFor(copy, options, options.changeSet.changes);
    const narrowed: VerifyPlan = {
      ...full,
      changedPython: full.changedPython.filter((path) => existing.some((change) => change.path === path)),
      imports: full.imports.filter((target) => copy.paths.includes(target.path)),
      tests: full.tests === 'all' ? 'all' : full.tests.filter((path) => copy.paths.includes(path)),
    };
    const results = await runChecks(contextFor(copy, narrowed, options), names, () => undefined);
    return new Map(results.map((result) => [result.check, result]));
  } finally {
    copy.remove();
  }
}
