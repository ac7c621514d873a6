/**
 * The five checks, each one tool run in the scratch copy → a CheckResult. A tool the
 * environment lacks makes its check `skipped` with the reason, never a failure.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { PythonEnvironment } from './interpreter';
import { IMPORT_CHECK_SCRIPT, PYTEST_PLUGIN_MODULE, PYTEST_PLUGIN_SCRIPT } from './python-helpers';
import { runTool, type ToolRun } from './run-process';
import type { ScratchCopy } from './scratch-copy';
import {
  importFindings,
  parseImportReport,
  parseMypyOutput,
  parsePyrightJson,
  parsePytestReport,
  parseRuffFormatDiff,
  parseRuffJson,
  pytestFindings,
} from './tool-output';
import type { TypeCheckerChoice, VerifyPlan } from './verify-plan';
import type { CheckName, CheckResult, Finding } from './verify-types';

export interface CheckContext {
  readonly copy: ScratchCopy;
  readonly python: PythonEnvironment;
  readonly plan: VerifyPlan;
  readonly typeChecker: TypeCheckerChoice;
  /** Tool caches kept between runs (mypy's analysis of the installed packages above all). */
  readonly cacheDir: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Sees every tool process start (tests check the tree ends on cancel). */
  readonly onProcess?: (pid: number, check: CheckName) => void;
}

const OUTPUT_LIMIT = 20_000;

/** The environment the tools run in: the interpreter's own, nothing from the workspace (no `.env`). */
export function toolEnvironment(context: CheckContext, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['PYTHONPATH', 'PYTHONHOME', 'PYTHONSTARTUP', 'PYTHONSAFEPATH', 'FORCE_COLOR', 'PY_COLORS', 'PYTEST_ADDOPTS', 'MYPYPATH']) delete env[name];
  return {
    ...env,
    PATH: `${dirname(context.python.path)}${delimiter}${process.env['PATH'] ?? ''}`,
    VIRTUAL_ENV: context.python.prefix,
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    NO_COLOR: '1',
    RUFF_CACHE_DIR: join(context.cacheDir, 'ruff'),
    ...extra,
  };
}

function run(context: CheckContext, check: CheckName, command: string, args: readonly string[], env = toolEnvironment(context)): Promise<ToolRun> {
  return runTool(command, args, {
    cwd: context.copy.projectDir,
    env,
    timeoutMs: context.timeoutMs,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
    ...(context.onProcess === undefined ? {} : { onStart: (pid: number) => context.onProcess?.(pid, check) }),
  });
}

function outputOf(toolRun: ToolRun): string {
  const text = [toolRun.stdout.trimEnd(), toolRun.stderr.trimEnd()].filter((part) => part !== '').join('\n');
  return text.length > OUTPUT_LIMIT ? `${text.slice(0, OUTPUT_LIMIT)}\n… (output cut)` : text;
}

export function skipped(check: CheckName, detail: string): CheckResult {
  return { check, status: 'skipped', detail, durationMs: 0, findings: [], output: '' };
}

/** A run that did not finish (timeout, cancel, could not start) → its result; undefined when it finished. */
function unfinished(check: CheckName, detail: string, toolRun: ToolRun, timeoutMs: number): CheckResult | undefined {
  const base = { check, durationMs: toolRun.durationMs, findings: [], output: outputOf(toolRun) };
  if (toolRun.cancelled) return { ...base, status: 'skipped', detail: `${detail}: cancelled` };
  if (toolRun.timedOut) {
    return { ...base, status: 'failed', detail: `${detail}: did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, timedOut: true };
  }
  if (toolRun.startError !== undefined) return { ...base, status: 'failed', detail: `${detail}: could not start (${toolRun.startError})` };
  return undefined;
}

function finished(check: CheckName, detail: string, toolRun: ToolRun, findings: readonly Finding[], failed: boolean): CheckResult {
  return { check, status: failed ? 'failed' : 'passed', detail, durationMs: toolRun.durationMs, findings, output: outputOf(toolRun) };
}

const projectDirsOf = (context: CheckContext): string[] => [context.copy.projectDir, context.copy.realProjectDir];

export async function importCheck(context: CheckContext): Promise<CheckResult> {
  const { imports, importRoots } = context.plan;
  if (imports.length === 0) return skipped('import', 'no changed module or app module to import');
  const script = join(context.copy.toolsDir, 'import_check.py');
  const report = join(context.copy.toolsDir, 'import-report.json');
  writeFileSync(script, IMPORT_CHECK_SCRIPT, 'utf8');
  const roots = importRoots.map((root) => join(context.copy.projectDir, root)).filter((root) => existsSync(root));
  const detail = `import ${imports.map((target) => target.module).join(', ')}`;
  const toolRun = await run(context, 'import', context.python.path, [
    script,
    context.copy.projectDir,
    report,
    JSON.stringify(imports.map((target) => [target.module, target.path])),
    JSON.stringify(roots),
  ]);
  const stopped = unfinished('import', detail, toolRun, context.timeoutMs);
  if (stopped !== undefined) return stopped;
  const records = existsSync(report) ? parseImportReport(readFileSync(report, 'utf8')) : [];
  const findings = importFindings(records);
  // Every failure's traceback goes in the output: that is what a repair round needs.
  const details = records.filter((record) => !record.ok).map((record) => record.traceback ?? record.error ?? '');
  const result = finished('import', detail, toolRun, findings, findings.length > 0 || toolRun.exitCode !== 0);
  return details.length > 0 ? { ...result, output: details.join('\n').slice(0, OUTPUT_LIMIT) } : result;
}

export async function ruffCheck(context: CheckContext): Promise<CheckResult> {
  if (!context.python.tools.ruff) return skipped('ruff', 'ruff is not installed in this environment');
  const files = context.plan.changedPython;
  if (files.length === 0) return skipped('ruff', 'no Python file changed');
  const detail = `ruff check on ${countOf(files.length, 'changed file')}`;
  const toolRun = await run(context, 'ruff', context.python.path, ['-m', 'ruff', 'check', '--output-format', 'json', '--no-fix', '--force-exclude', ...files]);
  const stopped = unfinished('ruff', detail, toolRun, context.timeoutMs);
  if (stopped !== undefined) return stopped;
  const findings = parseRuffJson(toolRun.stdout, projectDirsOf(context));
  return finished('ruff', detail, toolRun, findings, toolRun.exitCode !== 0);
}

export async function formatCheck(context: CheckContext): Promise<CheckResult> {
  if (!context.python.tools.ruff) return skipped('format', 'ruff is not installed in this environment');
  const files = context.plan.changedPython;
  if (files.length === 0) return skipped('format', 'no Python file changed');
  const detail = `ruff format --check on ${countOf(files.length, 'changed file')}`;
  const toolRun = await run(context, 'format', context.python.path, ['-m', 'ruff', 'format', '--diff', '--force-exclude', ...files]);
  const stopped = unfinished('format', detail, toolRun, context.timeoutMs);
  if (stopped !== undefined) return stopped;
  const findings = parseRuffFormatDiff(toolRun.stdout, toolRun.stderr, projectDirsOf(context));
  return finished('format', detail, toolRun, findings, toolRun.exitCode !== 0);
}

export async function typeCheck(context: CheckContext): Promise<CheckResult> {
  const choice = context.typeChecker;
  if (choice.tool === 'none') return skipped('types', choice.why);
  const files = context.plan.changedPython;
  if (files.length === 0) return skipped('types', 'no Python file changed');
  const detail = `${choice.tool} (${choice.why}) on ${countOf(files.length, 'changed file')}`;
  if (choice.tool === 'mypy') {
    const toolRun = await run(context, 'types', context.python.path, [
      '-m',
      'mypy',
      '--show-column-numbers',
      '--no-error-summary',
      '--no-color-output',
      '--no-pretty',
      // Errors of the changed files only; the rest of the project is still read for its types.
      '--follow-imports=silent',
      '--cache-dir',
      join(context.cacheDir, 'mypy'),
      ...files,
    ]);
    const stopped = unfinished('types', detail, toolRun, context.timeoutMs);
    if (stopped !== undefined) return stopped;
    const findings = parseMypyOutput(toolRun.stdout, projectDirsOf(context));
    return finished('types', detail, toolRun, findings, toolRun.exitCode !== 0);
  }
  const command = context.python.pyrightCommand;
  const toolRun = await run(context, 'types', command ?? context.python.path, [...(command === undefined ? ['-m', 'pyright'] : []), '--outputjson', ...files]);
  const stopped = unfinished('types', detail, toolRun, context.timeoutMs);
  if (stopped !== undefined) return stopped;
  const findings = parsePyrightJson(toolRun.stdout, projectDirsOf(context));
  return finished('types', detail, toolRun, findings, toolRun.exitCode !== 0);
}

export async function pytestCheck(context: CheckContext): Promise<CheckResult> {
  if (!context.python.tools.pytest) return skipped('pytest', 'pytest is not installed in this environment');
  const tests = context.plan.tests;
  if (tests !== 'all' && tests.length === 0) return skipped('pytest', 'no test file is part of the proposal or imports a changed module');
  const detail = tests === 'all' ? "pytest on the project's tests" : `pytest on ${countOf(tests.length, 'test file')}`;
  const report = join(context.copy.toolsDir, `pytest-report-${Date.now()}.jsonl`);
  writeFileSync(join(context.copy.toolsDir, `${PYTEST_PLUGIN_MODULE}.py`), PYTEST_PLUGIN_SCRIPT, 'utf8');
  writeFileSync(report, '', 'utf8');
  const env = toolEnvironment(context, {
    PYTHONPATH: context.copy.toolsDir,
    FASTAPI_ENGINEER_REPORT: report,
    FASTAPI_ENGINEER_ROOT: context.copy.projectDir,
  });
  const toolRun = await run(
    context,
    'pytest',
    context.python.path,
    ['-m', 'pytest', '-p', PYTEST_PLUGIN_MODULE, '-p', 'no:cacheprovider', '-q', '--color=no', '--tb=short', ...(tests === 'all' ? [] : tests)],
    env,
  );
  const stopped = unfinished('pytest', detail, toolRun, context.timeoutMs);
  if (stopped !== undefined) return stopped;
  const records = parsePytestReport(readFileSync(report, 'utf8'));
  const ran = records.filter((record) => record.kind === 'test' && record.when === 'call').length;
  const findings = pytestFindings(records);
  // 5: nothing was collected, which says nothing about the proposal.
  if (toolRun.exitCode === 5) return { ...skipped('pytest', `${detail}: no tests collected`), durationMs: toolRun.durationMs, output: outputOf(toolRun) };
  const failedTests = findings.length;
  const summary = `${detail}: ${ran} ran${failedTests > 0 ? `, ${failedTests} failed` : ''}`;
  return finished('pytest', summary, toolRun, findings, toolRun.exitCode !== 0);
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export const CHECK_RUNNERS: Readonly<Record<CheckName, (context: CheckContext) => Promise<CheckResult>>> = {
  import: importCheck,
  ruff: ruffCheck,
  format: formatCheck,
  types: typeCheck,
  pytest: pytestCheck,
};
