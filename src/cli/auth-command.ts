/**
 * `auth [--user-model NAME]` adds JWT authentication; `secure` only protects the routes that
 * have no current-user dependency. Both take the engine options (`--root`, `--dry-run` /
 * `--write`, `--json`, `--verify` ...) and have the same output and exit codes as `crud`.
 */
import type { ChangeSet } from '../core/changes/change-set';
import type { ProjectFacts } from '../core/project/facts';
import { AuthRefusal, generateAuth, generateSecureRoutes } from '../core/generate/auth/index';
import type { CliCommand, CliIo } from './cli-command';
import { indexProject, printNotes } from './context-command';
import { REFUSED_EXIT_CODE } from './crud-command';
import { deliverProposal, ENGINE_USAGE, parseEngineArgs } from './engine-options';

async function runEngine(
  args: readonly string[],
  io: CliIo,
  extraStrings: readonly string[],
  engine: (facts: ProjectFacts, userModel: string | undefined) => ChangeSet,
): Promise<number> {
  const parsed = parseEngineArgs(args, io, { positionals: [], extraStrings });
  const project = await indexProject(parsed.root, io.cwd);
  const { facts } = project;
  printNotes(project, io);
  let changeSet: ChangeSet;
  try {
    changeSet = engine(facts, parsed.extra['user-model']);
  } catch (error) {
    if (error instanceof AuthRefusal) {
      io.stderr(`${error.message}\n`);
      return REFUSED_EXIT_CODE;
    }
    throw error;
  }
  return deliverProposal(parsed, changeSet, facts, io);
}

export const authCommand: CliCommand = {
  name: 'auth',
  summary: 'Add JWT authentication (login, refresh, logout, signup, /users/me) and secure every route.',
  usage: `auth [--user-model NAME] ${ENGINE_USAGE}`,
  run: (args, io) =>
    runEngine(args, io, ['user-model'], (facts, userModel) => generateAuth(facts, userModel === undefined ? {} : { userModel })),
};

export const secureCommand: CliCommand = {
  name: 'secure',
  summary: 'Require a signed-in user on every route that has no current-user dependency.',
  usage: `secure ${ENGINE_USAGE}`,
  run: (args, io) => runEngine(args, io, [], (facts) => generateSecureRoutes(facts)),
};
