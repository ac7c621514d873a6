/**
 * Tool output → findings. Each parser is pure and tolerant: output it does not recognise yields
 * no finding (the check's status comes from the exit code; the raw output stays in the result).
 */
import { isAbsolute, relative } from 'node:path';
import type { Finding } from './verify-types';

/** A path as a tool printed it (absolute inside the copy, or relative to it) → workspace-relative POSIX. */
export function workspacePathOf(printed: string, projectDirs: readonly string[]): string {
  let path = printed.trim();
  if (isAbsolute(path)) {
    for (const dir of projectDirs) {
      const inside = relative(dir, path);
      if (!inside.startsWith('..') && !isAbsolute(inside)) {
        path = inside;
        break;
      }
    }
  }
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : undefined;
}

function withPosition(base: Omit<Finding, 'line' | 'column'>, line: number | undefined, column: number | undefined): Finding {
  return { ...base, ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `ruff check --output-format json`. */
export function parseRuffJson(stdout: string, projectDirs: readonly string[]): Finding[] {
  const parsed = parseJson(stdout);
  if (!Array.isArray(parsed)) return [];
  const findings: Finding[] = [];
  for (const item of parsed as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as { code?: unknown; message?: unknown; filename?: unknown; location?: { row?: unknown; column?: unknown } };
    if (typeof record.filename !== 'string' || typeof record.message !== 'string') continue;
    const code = typeof record.code === 'string' ? record.code : undefined;
    findings.push(
      withPosition(
        { path: workspacePathOf(record.filename, projectDirs), message: record.message, severity: 'error', ...(code === undefined ? {} : { code }) },
        positive(record.location?.row),
        positive(record.location?.column),
      ),
    );
  }
  return findings;
}

/**
 * `ruff format --diff`: one finding per file that would be reformatted, at its first changed
 * line; files ruff could not parse come on stderr as `error: Failed to parse path:line:col: …`.
 */
export function parseRuffFormatDiff(stdout: string, stderr: string, projectDirs: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const lines = stdout.split(/\r?\n/);
  let file: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const header = /^\+\+\+ (.+?)(?:\t.*)?$/.exec(line);
    if (header?.[1] !== undefined) {
      file = workspacePathOf(header[1], projectDirs);
      continue;
    }
    const hunk = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line);
    if (hunk?.[1] === undefined || file === undefined) continue;
    // The first line that changes: the hunk's start plus its leading context lines.
    let first = Number(hunk[1]);
    for (let next = index + 1; next < lines.length && (lines[next] ?? '').startsWith(' '); next++) first++;
    findings.push({ path: file, line: first, message: 'ruff format would reformat this file from here', severity: 'error', code: 'format' });
    file = undefined; // one finding per file is enough to act on
  }
  for (const match of stderr.matchAll(/^error: Failed to parse (.+?):(\d+):(\d+): (.+)$/gm)) {
    const [, path = '', line, column, message = ''] = match;
    findings.push(withPosition({ path: workspacePathOf(path, projectDirs), message: `cannot be formatted: ${message}`, severity: 'error', code: 'format' }, positive(Number(line)), positive(Number(column))));
  }
  return findings;
}

/** mypy's default lines with `--show-column-numbers`: `path:line:col: error: message  [code]`. */
export function parseMypyOutput(stdout: string, projectDirs: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const match of stdout.matchAll(/^(.+?):(\d+)(?::(\d+))?: (error|warning): (.+?)(?:\s+\[([a-z0-9-]+)\])?$/gm)) {
    const [, path = '', line, column, severity, message = '', code] = match;
    findings.push(
      withPosition(
        { path: workspacePathOf(path, projectDirs), message, severity: severity === 'warning' ? 'warning' : 'error', ...(code === undefined ? {} : { code }) },
        positive(Number(line)),
        column === undefined ? undefined : positive(Number(column)),
      ),
    );
  }
  return findings;
}

/** `pyright --outputjson`: zero-based positions; information-level entries are left out. */
export function parsePyrightJson(stdout: string, projectDirs: readonly string[]): Finding[] {
  const parsed = parseJson(stdout) as { generalDiagnostics?: unknown } | undefined;
  if (!Array.isArray(parsed?.generalDiagnostics)) return [];
  const findings: Finding[] = [];
  for (const item of parsed.generalDiagnostics as unknown[]) {
    const record = item as { file?: unknown; severity?: unknown; message?: unknown; rule?: unknown; range?: { start?: { line?: unknown; character?: unknown } } };
    if (typeof record.file !== 'string' || typeof record.message !== 'string') continue;
    if (record.severity !== 'error' && record.severity !== 'warning') continue;
    const start = record.range?.start;
    const line = typeof start?.line === 'number' ? start.line + 1 : undefined;
    const column = typeof start?.character === 'number' ? start.character + 1 : undefined;
    findings.push(
      withPosition(
        {
          path: workspacePathOf(record.file, projectDirs),
          message: record.message.split('\n')[0] ?? record.message,
          severity: record.severity,
          ...(typeof record.rule === 'string' && record.rule !== '' ? { code: record.rule } : {}),
        },
        positive(line),
        positive(column),
      ),
    );
  }
  return findings;
}

export interface PytestRecord {
  readonly kind: 'test' | 'collect';
  readonly nodeid: string;
  readonly when?: string;
  readonly outcome: string;
  readonly message?: string;
  readonly text?: string;
  readonly file?: string;
  readonly line?: number;
  readonly testFile?: string;
  readonly testLine?: number;
}

/** The reporter plugin's JSON lines (see python-helpers.ts). */
export function parsePytestReport(text: string): PytestRecord[] {
  const records: PytestRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = parseJson(line) as Partial<PytestRecord> | undefined;
    if (parsed === undefined || typeof parsed.nodeid !== 'string' || typeof parsed.outcome !== 'string') continue;
    records.push(parsed as PytestRecord);
  }
  return records;
}

/** Failed tests and collection errors as findings, at the deepest line inside the project. */
export function pytestFindings(records: readonly PytestRecord[]): Finding[] {
  return records
    .filter((record) => record.outcome === 'failed')
    .map((record) => {
      const path = record.file ?? record.testFile ?? record.nodeid.split('::')[0] ?? record.nodeid;
      const line = record.file !== undefined ? record.line : record.testLine;
      const phase = record.kind === 'collect' ? 'collecting' : record.when === 'call' ? '' : ` (${record.when ?? 'setup'})`;
      const message = record.kind === 'collect' ? `error collecting ${record.nodeid}: ${record.message ?? ''}` : `${record.nodeid} failed${phase}: ${record.message ?? ''}`;
      return withPosition({ path, message: message.trim(), severity: 'error', code: record.nodeid }, positive(line), undefined);
    });
}

export interface ImportRecord {
  readonly module: string;
  readonly path: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly traceback?: string;
}

/** The import check's JSON report. */
export function parseImportReport(text: string): ImportRecord[] {
  const parsed = parseJson(text);
  if (!Array.isArray(parsed)) return [];
  return (parsed as unknown[]).filter(
    (item): item is ImportRecord => typeof item === 'object' && item !== null && typeof (item as ImportRecord).module === 'string' && typeof (item as ImportRecord).ok === 'boolean',
  );
}

export function importFindings(records: readonly ImportRecord[]): Finding[] {
  return records
    .filter((record) => !record.ok)
    .map((record) =>
      withPosition(
        { path: record.file ?? record.path, message: `import ${record.module} failed: ${record.error ?? 'unknown error'}`, severity: 'error', code: record.module },
        positive(record.line),
        positive(record.column),
      ),
    );
}
