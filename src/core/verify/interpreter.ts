/**
 * Which Python runs the checks. Hosts list the places to look in their order (the Python
 * extension's environment, the workspace's `.venv` / `venv`, a setting, `--python`); the first
 * that exists wins, and the environment is probed once for its version and tools. No
 * interpreter, or one that does not run, ends in a message naming where it looked.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { PROBE_SCRIPT } from './python-helpers';
import { runTool } from './run-process';
import { VerificationError } from './verify-types';

export type InterpreterSource = 'command-line' | 'python-extension' | 'workspace-venv' | 'activated-venv' | 'setting';

export interface InterpreterCandidate {
  readonly source: InterpreterSource;
  /** Absolute path, or undefined when this place has none (extension not installed, setting empty). */
  readonly path: string | undefined;
  /** How the place is named in messages: "the Python extension's active environment". */
  readonly label: string;
  /** Why there is no path, when there is none: "not installed". */
  readonly absentReason?: string;
}

export interface ChosenInterpreter {
  readonly path: string;
  readonly source: InterpreterSource;
  readonly label: string;
}

export interface PythonTools {
  readonly ruff: boolean;
  readonly mypy: boolean;
  readonly pytest: boolean;
  readonly pyright: boolean;
}

export interface PythonEnvironment extends ChosenInterpreter {
  readonly version: string;
  /** The environment's prefix (`VIRTUAL_ENV` for its tools). */
  readonly prefix: string;
  readonly tools: PythonTools;
  /** The `pyright` command installed beside the interpreter, when there is one. */
  readonly pyrightCommand?: string;
}

/** `python` inside a virtual environment folder. */
export function venvPython(venvDir: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? join(venvDir, 'Scripts', 'python.exe') : join(venvDir, 'bin', 'python');
}

/** The workspace's own environments, in the order they are tried. */
export function workspaceVenvCandidates(root: string, platform: NodeJS.Platform = process.platform): InterpreterCandidate[] {
  return ['.venv', 'venv'].map((name) => ({ source: 'workspace-venv', path: venvPython(join(root, name), platform), label: `the workspace's ${name}` }));
}

/** A path from a setting or an option: `~` and relative paths are taken from the workspace root. */
export function resolveConfiguredPath(value: string, root: string, home: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('~/') || trimmed === '~') return join(home, trimmed.slice(1));
  return isAbsolute(trimmed) ? trimmed : resolve(root, trimmed);
}

/** The first candidate whose file exists; otherwise a VerificationError listing every place looked at. */
export function chooseInterpreter(candidates: readonly InterpreterCandidate[], exists: (path: string) => boolean = existsSync): ChosenInterpreter {
  for (const candidate of candidates) {
    if (candidate.path !== undefined && exists(candidate.path)) {
      return { path: candidate.path, source: candidate.source, label: candidate.label };
    }
  }
  const looked = candidates.map((candidate) =>
    candidate.path === undefined ? `${candidate.label} (${candidate.absentReason ?? 'none'})` : `${candidate.label}: ${candidate.path} (not found)`,
  );
  throw new VerificationError(
    `No Python interpreter found to verify with. Looked at: ${looked.join('; ')}. ` +
      'Create a virtual environment in the project (.venv), select one in the Python extension, or name one explicitly.',
  );
}

/** Runs the interpreter once: its version and which tools it has. A VerificationError when it does not run. */
export async function probeInterpreter(chosen: ChosenInterpreter, options: { readonly timeoutMs?: number; readonly signal?: AbortSignal } = {}): Promise<PythonEnvironment> {
  const run = await runTool(chosen.path, ['-I', '-c', PROBE_SCRIPT], {
    cwd: dirname(chosen.path),
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const broken = (why: string): VerificationError =>
    new VerificationError(`The Python interpreter ${chosen.path} (${chosen.label}) does not run: ${why}`);
  if (run.cancelled) throw broken('cancelled');
  if (run.startError !== undefined) throw broken(run.startError);
  if (run.timedOut) throw broken('it did not answer within the time limit');
  if (run.exitCode !== 0) throw broken(firstLines(run.stderr || run.stdout) || `exit code ${String(run.exitCode)}`);
  let parsed: { version?: unknown; prefix?: unknown; tools?: Partial<Record<keyof PythonTools, unknown>>; pyrightBin?: unknown };
  try {
    parsed = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as typeof parsed;
  } catch {
    throw broken(`unexpected answer: ${firstLines(run.stdout)}`);
  }
  const tools = parsed.tools ?? {};
  return {
    ...chosen,
    version: typeof parsed.version === 'string' ? parsed.version : 'unknown',
    prefix: typeof parsed.prefix === 'string' ? parsed.prefix : dirname(dirname(chosen.path)),
    tools: { ruff: tools.ruff === true, mypy: tools.mypy === true, pytest: tools.pytest === true, pyright: tools.pyright === true },
    ...(typeof parsed.pyrightBin === 'string' ? { pyrightCommand: parsed.pyrightBin } : {}),
  };
}

function firstLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' ').slice(0, 400);
}

export interface EditorInterpreterInput {
  readonly root: string;
  /**
   * The Python extension's active environment for the workspace: its interpreter path, or why
   * there is none ("the Python extension is not installed").
   */
  readonly pythonExtension: { readonly path: string } | { readonly absentReason: string };
  /** `fastapiBackendEngineer.python.interpreter` ('' when not set). */
  readonly setting: string;
  readonly home: string;
  readonly platform?: NodeJS.Platform;
}

/** The editor's order: the Python extension's environment, the workspace's `.venv` / `venv`, the setting. */
export function editorInterpreterCandidates(input: EditorInterpreterInput): InterpreterCandidate[] {
  const extension = input.pythonExtension;
  const extensionLabel = "the Python extension's active environment";
  return [
    'path' in extension
      ? { source: 'python-extension', path: extension.path, label: extensionLabel }
      : { source: 'python-extension', path: undefined, label: extensionLabel, absentReason: extension.absentReason },
    ...workspaceVenvCandidates(input.root, input.platform),
    input.setting.trim() === ''
      ? { source: 'setting', path: undefined, label: 'the setting fastapiBackendEngineer.python.interpreter', absentReason: 'not set' }
      : { source: 'setting', path: resolveConfiguredPath(input.setting, input.root, input.home), label: 'the setting fastapiBackendEngineer.python.interpreter' },
  ];
}
