/**
 * The options every engine command (`crud`, `auth`, `secure`, `spec`) takes, parsed in one
 * place: `--root`, `--dry-run` / `--write`, `--json` and the `--verify` family, plus whatever
 * a command adds (`--user-model`). Its proposal is delivered the same way by every command:
 * verified when asked, then printed or written.
 */
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { ChangeSet } from '../core/changes/change-set';
import type { ProjectFacts } from '../core/project/facts';
import { type CliIo, UsageError } from './cli-command';
import { parseCliArgs } from './context-command';
import { checkVerifyFlags, deliverVerified, VERIFY_OPTIONS, VERIFY_USAGE, type VerifyFlags } from './verify-option';
import { deliverChangeSet } from './write-change-set';

const ENGINE_OPTIONS = {
  root: { type: 'string' },
  'dry-run': { type: 'boolean' },
  write: { type: 'boolean' },
  json: { type: 'boolean' },
  ...VERIFY_OPTIONS,
} as const;

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The synopsis of the shared options, after a command's own arguments. */
export const ENGINE_USAGE = `[--root DIR] [--dry-run | --write] [--json] ${VERIFY_USAGE}`;

interface EngineValues extends VerifyFlags {
  readonly root?: string;
  readonly 'dry-run'?: boolean;
  readonly write?: boolean;
  readonly json?: boolean;
}

export interface EngineArgs {
  /** The project folder, absolute. */
  readonly root: string;
  readonly write: boolean;
  readonly json: boolean;
  readonly verify: VerifyFlags;
  readonly positionals: readonly string[];
  /** Values of the command's own string options (`user-model`), absent when not given. */
  readonly extra: Readonly<Record<string, string | undefined>>;
}

/**
 * Parses an engine command's arguments. `positionals` names the positional arguments the
 * command takes (`['model']`), each required; `extraStrings` its own string options. Every
 * combination that cannot work (both `--dry-run` and `--write`, `--force` without `--verify`,
 * a missing or extra positional) is a UsageError here, before any slow work.
 */
export function parseEngineArgs(
  args: readonly string[],
  io: Pick<CliIo, 'cwd'>,
  command: { readonly positionals: readonly { readonly name: string; readonly missing: string }[]; readonly extraStrings?: readonly string[] },
): EngineArgs {
  const extraOptions: OptionsConfig = Object.fromEntries((command.extraStrings ?? []).map((name) => [name, { type: 'string' }]));
  const parsedArgs = parseCliArgs({
    args: [...args],
    options: { ...extraOptions, ...ENGINE_OPTIONS },
    allowPositionals: true,
    strict: true,
  });
  // The command's own options are known only at run time; the shared ones keep their types.
  const values = parsedArgs.values as EngineValues;
  const { positionals } = parsedArgs;
  const wanted = command.positionals;
  const missing = wanted[positionals.length];
  if (missing !== undefined) throw new UsageError(missing.missing);
  if (positionals.length > wanted.length) throw new UsageError(`Unexpected arguments: ${positionals.slice(wanted.length).join(' ')}`);
  if (values.write === true && values['dry-run'] === true) throw new UsageError('Choose one of --dry-run and --write.');
  const verify: VerifyFlags = {
    verify: values.verify,
    python: values.python,
    'verify-tests': values['verify-tests'],
    'verify-timeout': values['verify-timeout'],
    force: values.force,
  };
  checkVerifyFlags(verify);
  const record = values as Readonly<Record<string, unknown>>;
  const extra = Object.fromEntries((command.extraStrings ?? []).map((name) => [name, typeof record[name] === 'string' ? record[name] : undefined]));
  return {
    root: resolve(io.cwd, values.root ?? '.'),
    write: values.write === true,
    json: values.json === true,
    verify,
    positionals,
    extra,
  };
}

/** Verifies the proposal when `--verify` was given, then prints or writes it (exit codes as `crud`). */
export function deliverProposal(parsed: EngineArgs, changeSet: ChangeSet, facts: ProjectFacts, io: CliIo): Promise<number> {
  return deliverVerified(parsed.verify, { root: parsed.root, changeSet, facts, io, write: parsed.write }, () =>
    deliverChangeSet(parsed.root, changeSet, io, { write: parsed.write, json: parsed.json }),
  );
}
