/**
 * `auth [--root DIR] [--user-model NAME] [--dry-run | --write] [--json]` adds JWT authentication;
 * `secure [--root DIR] [--dry-run | --write] [--json]` only protects the routes that have no
 * current-user dependency. Same output and exit codes as `crud`.
 */
import { resolve } from 'node:path';
import type { ChangeSet } from '../core/changes/change-set';
import type { ProjectFacts } from '../core/project/facts';
import { AuthRefusal, generateAuth, generateSecureRoutes } from '../core/generate/auth/index';
import { type CliCommand, type CliIo, UsageError } from './cli-command';
import { indexProject, parseCliArgs } from './context-command';
import { REFUSED_EXIT_CODE } from './crud-command';
import { deliverChangeSet } from './write-change-set';

async function runEngine(
  args: readonly string[],
  io: CliIo,
  withUserModel: boolean,
  engine: (facts: ProjectFacts, userModel: string | undefined) => ChangeSet,
): Promise<number> {
  const { values, positionals } = parseCliArgs({
    args: [...args],
    options: {
      root: { type: 'string' },
      'dry-run': { type: 'boolean' },
      write: { type: 'boolean' },
      json: { type: 'boolean' },
      ...(withUserModel ? { 'user-model': { type: 'string' as const } } : {}),
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`Unexpected arguments: ${positionals.join(' ')}`);
  if (values.write && values['dry-run']) throw new UsageError('Choose one of --dry-run and --write.');
  const userModel = (values as { 'user-model'?: string })['user-model'];
  const root = resolve(io.cwd, values.root ?? '.');
  const { facts } = await indexProject(root, io.cwd);
  let changeSet: ChangeSet;
  try {
    changeSet = engine(facts, userModel);
  } catch (error) {
    if (error instanceof AuthRefusal) {
      io.stderr(`${error.message}\n`);
      return REFUSED_EXIT_CODE;
    }
    throw error;
  }
  return deliverChangeSet(root, changeSet, io, { write: values.write === true, json: values.json === true });
}

export const authCommand: CliCommand = {
  name: 'auth',
  summary: 'Add JWT authentication (login, refresh, logout, signup, /users/me) and secure every route.',
  usage: 'auth [--root DIR] [--user-model NAME] [--dry-run | --write] [--json]',
  run: (args, io) =>
    runEngine(args, io, true, (facts, userModel) => generateAuth(facts, userModel === undefined ? {} : { userModel })),
};

export const secureCommand: CliCommand = {
  name: 'secure',
  summary: 'Require a signed-in user on every route that has no current-user dependency.',
  usage: 'secure [--root DIR] [--dry-run | --write] [--json]',
  run: (args, io) => runEngine(args, io, false, (facts) => generateSecureRoutes(facts)),
};
