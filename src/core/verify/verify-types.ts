/**
 * What verification reports: plain, serialisable data shared by the CLI, the review and the chat.
 */

/** The checks in the order they run. */
export const CHECK_NAMES = ['import', 'ruff', 'format', 'types', 'pytest'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export const CHECK_LABELS: Readonly<Record<CheckName, string>> = {
  import: 'Import check',
  ruff: 'ruff check',
  format: 'ruff format',
  types: 'Type check',
  pytest: 'pytest',
};

/**
 * `passed` and `failed` speak about the proposal; `preexisting` means every failure it found
 * also happens on the untouched project ("failing before the change too").
 */
export type CheckStatus = 'passed' | 'failed' | 'preexisting' | 'skipped';

export interface Finding {
  /** Workspace-relative POSIX path (the proposal's own path when the file is part of it). */
  readonly path: string;
  /** 1-based; absent when the tool names no line. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
  /** Rule or error code (`F821`, `arg-type`) or the test id, when the tool gives one. */
  readonly code?: string;
  readonly severity: 'error' | 'warning';
  /** The same finding comes up on the untouched project too. */
  readonly preexisting?: boolean;
}

export interface CheckResult {
  readonly check: CheckName;
  readonly status: CheckStatus;
  /** The tool as run (`mypy 2.4.1`, `pytest on 2 test files`), or why it was skipped. */
  readonly detail: string;
  readonly durationMs: number;
  readonly findings: readonly Finding[];
  /** What the tool printed (trimmed), for the failure details and the repair round. */
  readonly output: string;
  readonly timedOut?: boolean;
}

export type TestSelection = 'generated' | 'affected' | 'all';

export interface VerificationTimings {
  readonly scratchCopyMs: number;
  readonly totalMs: number;
  /** Files in the scratch copy, and how many of them are hard links to the workspace's. */
  readonly copiedFiles: number;
  readonly linkedFiles: number;
}

export interface VerificationResult {
  /** Which interpreter ran the checks and how it was found. */
  readonly interpreter: { readonly path: string; readonly version: string; readonly source: string };
  readonly checks: readonly CheckResult[];
  /** True when no check failed (skipped and pre-existing failures do not count against it). */
  readonly passed: boolean;
  /** Cancelled before every check ran; the results so far are kept. */
  readonly cancelled: boolean;
  /** The untouched project was checked too, to tell old failures from new ones. */
  readonly baselineRun: boolean;
  readonly timings: VerificationTimings;
}

/** Verification could not start (no interpreter, an interpreter that does not run): a message for the user. */
export class VerificationError extends Error {
  override readonly name = 'VerificationError';
}
