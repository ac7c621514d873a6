/**
 * `--verify` for every command that proposes a change (`crud`, `ask`, and any later one): runs
 * the project's checks on a scratch copy, prints the results on stderr, exits 4 when a check
 * fails, and with `--write` writes nothing after a failure unless `--force` is given.
 *
 * A command adds `...VERIFY_OPTIONS` to its parseArgs options and wraps its last step:
 *   return deliverVerified(values, { root, changeSet, facts, io, write: values.write === true }, () => deliver());
 */
import { homedir } from 'node:os';
import type { ChangeSet } from '../core/changes/change-set';
import type { ProjectFacts } from '../core/project/facts';
import { formatVerificationText } from '../core/verify/format-results';
import { chooseInterpreter, type InterpreterCandidate, probeInterpreter, resolveConfiguredPath, venvPython, workspaceVenvCandidates } from '../core/verify/interpreter';
import { verifyChangeSet } from '../core/verify/verify-change-set';
import { type TestSelection, VerificationError, type VerificationResult } from '../core/verify/verify-types';
import { CliError, type CliIo, UsageError } from './cli-command';

export const VERIFY_OPTIONS = {
  verify: { type: 'boolean' },
  python: { type: 'string' },
  'verify-tests': { type: 'string' },
  'verify-timeout': { type: 'string' },
  force: { type: 'boolean' },
} as const;

export const VERIFY_USAGE = '[--verify [--python PATH] [--verify-tests generated|affected|all] [--verify-timeout SECONDS] [--force]]';

/** Exit code when a check of `--verify` failed. */
export const VERIFY_FAILED_EXIT_CODE = 4;

export interface VerifyFlags {
  readonly verify?: boolean | undefined;
  readonly python?: string | undefined;
  readonly 'verify-tests'?: string | undefined;
  readonly 'verify-timeout'?: string | undefined;
  readonly force?: boolean | undefined;
}

export interface VerifiedProposal {
  readonly root: string;
  readonly changeSet: ChangeSet;
  readonly facts: ProjectFacts;
  readonly io: Pick<CliIo, 'stdout' | 'stderr' | 'cwd'>;
  /** `--write` was given: a failed verification then stops the write. */
  readonly write: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

const SELECTIONS: readonly TestSelection[] = ['generated', 'affected', 'all'];

interface VerifySettings {
  readonly selection: TestSelection;
  readonly timeoutMs?: number;
}

/** Throws UsageError for options that do not fit together; call it before doing slow work. */
export function checkVerifyFlags(flags: VerifyFlags): VerifySettings {
  if (flags.verify !== true) {
    const stray = (['python', 'verify-tests', 'verify-timeout', 'force'] as const).filter((name) => flags[name] !== undefined);
    if (stray.length > 0) throw new UsageError(`${stray.map((name) => `--${name}`).join(', ')} only go${stray.length === 1 ? 'es' : ''} with --verify.`);
  }
  const selection = flags['verify-tests'] ?? 'affected';
  const known = SELECTIONS.find((candidate) => candidate === selection);
  if (known === undefined) throw new UsageError(`--verify-tests is one of ${SELECTIONS.join(', ')}, not "${selection}".`);
  if (flags['verify-timeout'] === undefined) return { selection: known };
  const seconds = Number(flags['verify-timeout']);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--verify-timeout takes a number of seconds, not "${flags['verify-timeout']}".`);
  return { selection: known, timeoutMs: seconds * 1000 };
}

/** Where the CLI looks for Python: `--python`, else the activated environment, else the project's `.venv` / `venv`. */
export function cliInterpreterCandidates(root: string, flags: VerifyFlags, env: Readonly<Record<string, string | undefined>>, cwd: string): InterpreterCandidate[] {
  if (flags.python !== undefined) {
    return [{ source: 'command-line', path: resolveConfiguredPath(flags.python, cwd, homedir()), label: '--python' }];
  }
  const active = env['VIRTUAL_ENV'];
  return [
    active === undefined || active === ''
      ? { source: 'activated-venv', path: undefined, label: 'the activated virtual environment', absentReason: 'VIRTUAL_ENV is not set' }
      : { source: 'activated-venv', path: venvPython(active), label: 'the activated virtual environment' },
    ...workspaceVenvCandidates(root),
  ];
}

/** Verifies when `--verify` was given, then calls `deliver` (print or write) unless a failure forbids the write. */
export async function deliverVerified(flags: VerifyFlags, proposal: VerifiedProposal, deliver: () => Promise<number>): Promise<number> {
  const settings = checkVerifyFlags(flags);
  if (flags.verify !== true || proposal.changeSet.changes.length === 0) return deliver();
  const result = await verifyForCli(flags, proposal, settings);
  proposal.io.stderr(formatVerificationText(result));
  if (result.cancelled) {
    proposal.io.stderr('Verification was cancelled; nothing was written.\n');
    return 1;
  }
  if (!result.passed && proposal.write && flags.force !== true) {
    // The proposal's warnings often say why it failed (tests it breaks): shown though nothing is written.
    for (const warning of proposal.changeSet.warnings) proposal.io.stderr(`warning: ${warning}\n`);
    proposal.io.stderr('Verification failed: nothing was written. Fix the proposal, or give --force to write it anyway.\n');
    return VERIFY_FAILED_EXIT_CODE;
  }
  const code = await deliver();
  return code === 0 && !result.passed ? VERIFY_FAILED_EXIT_CODE : code;
}

async function verifyForCli(flags: VerifyFlags, proposal: VerifiedProposal, settings: VerifySettings): Promise<VerificationResult> {
  const controller = new AbortController();
  const forward = (): void => controller.abort();
  proposal.signal?.addEventListener('abort', forward, { once: true });
  // The checks run in their own process groups: Ctrl-C must end them, not leave them behind.
  process.once('SIGINT', forward);
  try {
    const env = proposal.env ?? process.env;
    const chosen = chooseInterpreter(cliInterpreterCandidates(proposal.root, flags, env, proposal.io.cwd));
    const python = await probeInterpreter(chosen, { signal: controller.signal });
    proposal.io.stderr(`Verifying with ${python.path} (${python.label}, Python ${python.version})…\n`);
    return await verifyChangeSet({
      root: proposal.root,
      changeSet: proposal.changeSet,
      python,
      appFiles: proposal.facts.apps.map((app) => app.file),
      tests: settings.selection,
      signal: controller.signal,
      ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    });
  } catch (error) {
    if (error instanceof VerificationError) throw new CliError(error.message);
    throw error;
  } finally {
    process.off('SIGINT', forward);
    proposal.signal?.removeEventListener('abort', forward);
  }
}
