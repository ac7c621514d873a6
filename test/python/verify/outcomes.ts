/**
 * Turns raw process results (exit code and output) of the generator and of the Python tools
 * into outcomes the report can count. Pure: no processes, no files.
 */

export const CHECKS = ['ruff', 'format', 'mypy', 'pytest'] as const;
export type CheckName = (typeof CHECKS)[number];

/** The exit code with which `cli.js crud` says "I will not generate this, and here is why". */
export const REFUSAL_EXIT_CODE = 3;

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface CheckOutcome {
  readonly check: CheckName;
  readonly passed: boolean;
  /** Short figure for the table: findings, files to reformat, errors, or tests passed/failed. */
  readonly summary: string;
  /** Everything the tool printed, kept for the failure details. */
  readonly output: string;
}

export type GenerationOutcome =
  | { readonly kind: 'generated'; readonly output: string; readonly written: readonly string[] }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly reason: string; readonly output: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly output: string };

function combinedOutput(result: ProcessResult): string {
  return [result.stdout.trimEnd(), result.stderr.trimEnd()].filter((part) => part !== '').join('\n');
}

/** The number captured by the last match of a global pattern, if any. */
function lastCount(text: string, globalPattern: RegExp): number | undefined {
  const captured = [...text.matchAll(globalPattern)].at(-1)?.[1];
  return captured === undefined ? undefined : Number(captured);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The figure each tool prints about itself, read from its closing summary line. */
export function summarizeToolOutput(check: CheckName, output: string, exitCode: number | null): string {
  switch (check) {
    case 'ruff': {
      const found = lastCount(output, /Found (\d+) errors?/g);
      if (found !== undefined) return plural(found, 'finding');
      return exitCode === 0 ? '0 findings' : 'error';
    }
    case 'format': {
      const changed = lastCount(output, /(\d+) files? would be reformatted/g);
      if (changed !== undefined) return `${plural(changed, 'file')} to reformat`;
      return exitCode === 0 ? '0 changes' : 'error';
    }
    case 'mypy': {
      const errors = lastCount(output, /Found (\d+) errors? in \d+ files?/g);
      if (errors !== undefined) return plural(errors, 'error');
      return /^Success: no issues found/m.test(output) ? '0 errors' : 'error';
    }
    case 'pytest':
      return summarizePytest(output);
  }
}

function pytestClosingLine(output: string): string | undefined {
  return output
    .split('\n')
    .reverse()
    .find((line) => / in \d+(\.\d+)?s\b/.test(line));
}

/** How many tests pytest says passed, from its closing line. */
export function pytestPassedCount(output: string): number | undefined {
  const passed = pytestClosingLine(output)?.match(/(\d+) passed\b/)?.[1];
  return passed === undefined ? undefined : Number(passed);
}

/** pytest's closing line, e.g. "1 failed, 11 passed, 2 warnings in 2.31s" → "1 failed, 11 passed". */
function summarizePytest(output: string): string {
  const closing = pytestClosingLine(output);
  if (closing === undefined) return 'error';
  const counts = [...closing.matchAll(/(\d+) (failed|passed|errors?)\b/g)].map((match) => `${match[1]} ${match[2]}`);
  if (counts.length > 0) return counts.join(', ');
  return /no tests ran/.test(closing) ? 'no tests ran' : 'error';
}

export function classifyCheck(check: CheckName, result: ProcessResult): CheckOutcome {
  const output = combinedOutput(result);
  if (result.timedOut) {
    return { check, passed: false, summary: 'timed out', output };
  }
  // pytest exits 5 when it collects nothing: a project whose tests vanished is a failure too.
  return { check, passed: result.exitCode === 0, summary: summarizeToolOutput(check, output, result.exitCode), output };
}

/** Signs that the CLI does not know the `crud` command yet (as opposed to failing inside it). */
const MISSING_COMMAND = /unknown command|no commands yet|not implemented|unrecognized command/i;

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}

/** The files `crud --write` reports, one `created <path>` or `modified <path>` line each. */
export function writtenFiles(stdout: string): string[] {
  return [...stdout.matchAll(/^(?:created|modified) (.+)$/gm)].map((match) => (match[1] ?? '').trim());
}

export function classifyGeneration(result: ProcessResult): GenerationOutcome {
  const output = combinedOutput(result);
  if (result.timedOut) return { kind: 'failed', reason: 'timed out', output };
  if (result.exitCode === 0) {
    if (MISSING_COMMAND.test(output)) {
      return { kind: 'unavailable', reason: `the CLI has no crud command (${firstLine(output)})`, output };
    }
    return { kind: 'generated', output, written: writtenFiles(result.stdout) };
  }
  if (result.exitCode === REFUSAL_EXIT_CODE) {
    return { kind: 'refused', reason: firstLine(result.stderr) || 'no reason given' };
  }
  if (MISSING_COMMAND.test(output)) {
    return { kind: 'unavailable', reason: `the CLI has no crud command (${firstLine(output)})`, output };
  }
  return { kind: 'failed', reason: `exit code ${String(result.exitCode)}: ${firstLine(result.stderr || result.stdout)}`, output };
}
