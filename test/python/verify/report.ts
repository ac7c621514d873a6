/**
 * The verification report: one row per project baseline and per (project, model), rendered as a
 * Markdown table, a summary, and the trimmed output of every failure. Pure.
 */
import { CHECKS, type CheckName, type CheckOutcome, type GenerationOutcome } from './outcomes';

export const BASELINE = 'baseline';

export interface VerificationRow {
  readonly project: string;
  /** A model name, or BASELINE for the untouched project. */
  readonly subject: string;
  /** Absent for the baseline row. */
  readonly generation?: GenerationOutcome;
  /** The checks that ran (none when generation did not produce anything to check). */
  readonly checks: readonly CheckOutcome[];
  /** A problem that stopped the row before any check (copy failed, model list unreadable). */
  readonly error?: string;
  /** The project's own tests passed / run: `12/12` for the baseline, `12/12 → 12/12` after generation. */
  readonly projectTests?: string;
}

export interface VerificationSummary {
  readonly rows: number;
  readonly generated: number;
  readonly refused: number;
  readonly generationFailures: number;
  readonly checksPassed: number;
  readonly checksFailed: number;
  readonly errors: number;
  readonly ok: boolean;
}

const CHECK_TITLES: Record<CheckName, string> = {
  ruff: 'ruff check',
  format: 'ruff format',
  mypy: 'mypy',
  pytest: 'pytest',
};

const MAX_REASON_IN_TABLE = 40;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function generationCell(row: VerificationRow): string {
  if (row.error !== undefined) return 'ERROR';
  const generation = row.generation;
  if (generation === undefined) return '—';
  switch (generation.kind) {
    case 'generated':
      return 'ok';
    case 'refused':
      return `refused (${shorten(generation.reason, MAX_REASON_IN_TABLE)})`;
    case 'unavailable':
      return 'UNAVAILABLE';
    case 'failed':
      return 'FAIL';
  }
}

function checkCell(row: VerificationRow, check: CheckName): string {
  const outcome = row.checks.find((candidate) => candidate.check === check);
  if (outcome === undefined) return '—';
  return `${outcome.passed ? 'pass' : 'FAIL'} (${outcome.summary})`;
}

function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

export function renderTable(rows: readonly VerificationRow[]): string {
  const header = ['Project', 'Model', 'Generate', ...CHECKS.map((check) => CHECK_TITLES[check]), 'project tests before → after (run together)'];
  const body = rows.map((row) => [
    row.project,
    row.subject,
    generationCell(row),
    ...CHECKS.map((check) => checkCell(row, check)),
    row.projectTests ?? '—',
  ]);
  return markdownTable(header, body);
}

function isGenerationFailure(generation: GenerationOutcome | undefined): boolean {
  return generation?.kind === 'failed' || generation?.kind === 'unavailable';
}

export function summarize(rows: readonly VerificationRow[]): VerificationSummary {
  const checks = rows.flatMap((row) => row.checks);
  const summary = {
    rows: rows.length,
    generated: rows.filter((row) => row.generation?.kind === 'generated').length,
    refused: rows.filter((row) => row.generation?.kind === 'refused').length,
    generationFailures: rows.filter((row) => isGenerationFailure(row.generation)).length,
    checksPassed: checks.filter((check) => check.passed).length,
    checksFailed: checks.filter((check) => !check.passed).length,
    errors: rows.filter((row) => row.error !== undefined).length,
  };
  return {
    ...summary,
    ok: summary.generationFailures === 0 && summary.checksFailed === 0 && summary.errors === 0,
  };
}

export function renderSummary(summary: VerificationSummary): string {
  const verdict = summary.ok ? 'PASS' : 'FAIL';
  return (
    `${verdict}: ${summary.rows} rows; ${summary.generated} generated, ${summary.refused} refused, ` +
    `${summary.generationFailures} generation failures, ${summary.errors} errors; ` +
    `checks ${summary.checksPassed} passed, ${summary.checksFailed} failed`
  );
}

/** Keeps the head of a long tool output, which is where ruff, mypy and pytest put the first problem. */
export function trimOutput(text: string, maxLines = 60, maxChars = 6000): string {
  const lines = text.trimEnd().split('\n');
  let kept = lines.slice(0, maxLines).join('\n');
  if (kept.length > maxChars) kept = kept.slice(0, maxChars);
  const omittedLines = lines.length - kept.split('\n').length;
  return omittedLines > 0 || kept.length < text.trimEnd().length
    ? `${kept}\n… (${omittedLines > 0 ? `${omittedLines} more lines` : 'output trimmed'})`
    : kept;
}

function section(title: string, body: string): string {
  const indented = body === '' ? '    (no output)' : body.split('\n').map((line) => `    ${line}`).join('\n');
  return `--- ${title}\n${indented}`;
}

/** The failing tool output for every failure, each under a title naming project, model and tool. */
export function renderFailures(rows: readonly VerificationRow[]): string {
  const sections: string[] = [];
  for (const row of rows) {
    const where = `${row.project} / ${row.subject}`;
    if (row.error !== undefined) sections.push(section(`${where}: error`, trimOutput(row.error)));
    const generation = row.generation;
    if (generation !== undefined && (generation.kind === 'failed' || generation.kind === 'unavailable')) {
      sections.push(section(`${where}: crud ${generation.kind} — ${generation.reason}`, trimOutput(generation.output)));
    }
    for (const check of row.checks.filter((outcome) => !outcome.passed)) {
      sections.push(section(`${where}: ${CHECK_TITLES[check.check]} — ${check.summary}`, trimOutput(check.output)));
    }
  }
  return sections.join('\n\n');
}

/** Full refusal reasons (the table shortens them). */
export function renderRefusals(rows: readonly VerificationRow[]): string {
  return rows
    .flatMap((row) =>
      row.generation?.kind === 'refused' ? [`- ${row.project} / ${row.subject}: ${row.generation.reason}`] : [],
    )
    .join('\n');
}
