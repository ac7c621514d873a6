/**
 * `spec-check` as a function: the project's app is imported with the project's Python, its
 * `app.openapi()` read and compared with the spec. For a proposal the app is imported from a
 * scratch copy with the proposal written over it, so the result speaks about the code the user
 * is reviewing and nothing is written to the workspace.
 */
import { delimiter, dirname } from 'node:path';
import type { ChangeSet } from '../changes/change-set';
import { compareWithSpec, type Difference } from '../spec/compare';
import type { SpecDocument } from '../spec/model';
import { normaliseSpec } from '../spec/read';
import { runTool } from './run-process';
import { createScratchCopy } from './scratch-copy';

export const READ_OPENAPI_SCRIPT = [
  'import importlib, json, sys',
  'sys.path.insert(0, ".")',
  'module_name, _, attribute = sys.argv[1].partition(":")',
  'app = getattr(importlib.import_module(module_name), attribute)',
  'sys.stdout.write(json.dumps(app.openapi()))',
].join('\n');

export type ConformanceResult =
  | {
      readonly kind: 'checked';
      /** `app.main:app`. */
      readonly app: string;
      readonly differences: readonly Difference[];
      /** Operations the spec declares. */
      readonly operations: number;
      readonly durationMs: number;
    }
  | { readonly kind: 'not-checked'; readonly reason: string };

export interface ServedOpenApiOptions {
  /** The interpreter: a path, or a command looked up on PATH. */
  readonly python: string;
  /** The project folder the app is imported from. */
  readonly cwd: string;
  /** `module:attribute`. */
  readonly app: string;
  /** The interpreter's environment prefix, for `VIRTUAL_ENV`. */
  readonly prefix?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** The app's own OpenAPI document, or why it could not be read (the last lines of Python's error). */
export async function readServedOpenApi(options: ServedOpenApiOptions): Promise<{ readonly document: Record<string, unknown> } | { readonly problem: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // What the shell may have set for another project must not change what is imported.
  for (const name of ['PYTHONPATH', 'PYTHONHOME', 'PYTHONSTARTUP', 'PYTHONSAFEPATH']) delete env[name];
  const run = await runTool(options.python, ['-c', READ_OPENAPI_SCRIPT, options.app], {
    cwd: options.cwd,
    env: {
      ...env,
      ...(options.python.includes('/') ? { PATH: `${dirname(options.python)}${delimiter}${process.env['PATH'] ?? ''}` } : {}),
      ...(options.prefix === undefined ? {} : { VIRTUAL_ENV: options.prefix }),
      PYTHONDONTWRITEBYTECODE: '1',
    },
    timeoutMs: options.timeoutMs ?? 60_000,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const failure = `${options.app}.openapi() could not be read with ${options.python}`;
  if (run.cancelled) return { problem: `${failure}: cancelled` };
  if (run.startError !== undefined) return { problem: `${failure}: ${run.startError}` };
  if (run.timedOut) return { problem: `${failure}: it did not answer within the time limit` };
  if (run.exitCode !== 0) return { problem: `${failure}:\n${(run.stderr || run.stdout).trim().split('\n').slice(-5).join('\n')}` };
  try {
    const parsed: unknown = JSON.parse(run.stdout);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { document: parsed as Record<string, unknown> };
  } catch {
    // Reported below.
  }
  return { problem: `${failure}: it printed something other than a JSON object` };
}

/** Compares what the app serves with the spec: the differences, or why it could not be checked. */
export async function checkConformance(spec: SpecDocument, options: ServedOpenApiOptions): Promise<ConformanceResult> {
  const started = performance.now();
  const served = await readServedOpenApi(options);
  if ('problem' in served) return { kind: 'not-checked', reason: served.problem };
  const differences = compareWithSpec(spec, normaliseSpec(served.document, `${options.app}.openapi()`));
  return { kind: 'checked', app: options.app, differences, operations: spec.operations.length, durationMs: performance.now() - started };
}

export interface ProposalConformanceOptions extends Omit<ServedOpenApiOptions, 'cwd'> {
  /** The workspace folder (absolute). */
  readonly root: string;
  readonly changeSet: ChangeSet;
}

/** `checkConformance` on a scratch copy of the project with the proposal written over it. */
export async function checkProposalConformance(spec: SpecDocument, options: ProposalConformanceOptions): Promise<ConformanceResult> {
  const copy = await createScratchCopy(options.root, options.changeSet.changes, options.signal === undefined ? {} : { signal: options.signal });
  try {
    return await checkConformance(spec, { ...options, cwd: copy.projectDir });
  } finally {
    copy.remove();
  }
}

/** One line for the review and the chat: "conforms", or how many differences. */
export function conformanceLine(result: ConformanceResult, specFile: string): string {
  if (result.kind === 'not-checked') return `Not checked against ${specFile}: ${result.reason}`;
  const count = result.differences.length;
  return count === 0
    ? `${result.app} conforms to ${specFile} (${result.operations} operations compared).`
    : `${count} difference${count === 1 ? '' : 's'} between ${result.app} and ${specFile} (${result.operations} operations compared).`;
}
