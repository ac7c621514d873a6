/**
 * `auth [--user-model NAME] [--fix all|none|ID,ID]` adds JWT authentication (or completes it)
 * with the chosen fixes of the project's weak spots; `secure` only protects the routes that
 * have no current-user dependency. Both take the engine options (`--root`, `--dry-run` /
 * `--write`, `--json`, `--verify` ...) and have the same output and exit codes as `crud`.
 */
import type { ChangeSet } from '../core/changes/change-set';
import type { ProjectFacts } from '../core/project/facts';
import { AuthRefusal, generateAuth, generateSecureRoutes, type FixChoice } from '../core/generate/auth/index';
import { type CliCommand, type CliIo, UsageError } from './cli-command';
import { indexProject, printNotes } from './context-command';
import { REFUSED_EXIT_CODE } from './crud-command';
import { deliverProposal, ENGINE_USAGE, parseEngineArgs } from './engine-options';

async function runEngine(
  args: readonly string[],
  io: CliIo,
  extraStrings: readonly string[],
  engine: (facts: ProjectFacts, extra: Readonly<Record<string, string | undefined>>) => ChangeSet,
): Promise<number> {
  const parsed = parseEngineArgs(args, io, { positionals: [], extraStrings });
  const fixChoice = parsed.extra['fix'];
  if (fixChoice !== undefined) parseFixChoice(fixChoice);
  const project = await indexProject(parsed.root, io.cwd);
  const { facts } = project;
  printNotes(project, io);
  let changeSet: ChangeSet;
  try {
    changeSet = engine(facts, parsed.extra);
  } catch (error) {
    if (error instanceof AuthRefusal) {
      io.stderr(`${error.message}\n`);
      return REFUSED_EXIT_CODE;
    }
    throw error;
  }
  const code = await deliverProposal(parsed, changeSet, facts, io);
  if (!parsed.json) {
    for (const fix of changeSet.fixes ?? []) io.stderr(`fix ${fix.id} ${fix.included ? 'applied' : 'left out'}: ${fix.file}: ${fix.title}\n`);
  }
  return code;
}

/** `all`, `none` or a comma-separated list of fix ids. */
export function parseFixChoice(value: string): FixChoice {
  if (value === 'all' || value === 'none') return value;
  const ids = value.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) throw new UsageError('--fix takes all, none or fix ids separated by commas (literal-secret,jose).');
  return ids;
}

export const authCommand: CliCommand = {
  name: 'auth',
  summary: 'Add JWT authentication (login, refresh, logout, signup, /users/me) and secure every route.',
  usage: `auth [--user-model NAME] [--fix all|none|ID,ID] ${ENGINE_USAGE}`,
  run: (args, io) =>
    runEngine(args, io, ['user-model', 'fix'], (facts, extra) => {
      const userModel = extra['user-model'];
      const fix = extra['fix'];
      return generateAuth(facts, { ...(userModel === undefined ? {} : { userModel }), fixes: fix === undefined ? 'all' : parseFixChoice(fix) });
    }),
};

export const secureCommand: CliCommand = {
  name: 'secure',
  summary: 'Require a signed-in user on every route that has no current-user dependency.',
  usage: `secure ${ENGINE_USAGE}`,
  run: (args, io) => runEngine(args, io, [], (facts) => generateSecureRoutes(facts)),
};
