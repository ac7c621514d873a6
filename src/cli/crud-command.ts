/**
 * `crud <Model> [--root DIR] [--dry-run | --write] [--json]`: generates CRUD for a table model.
 * The default dry run prints the change as a unified diff; `--write` applies it with the same
 * rules as the editor (paths checked, a file changed since it was read is a conflict).
 */
import { resolve } from 'node:path';
import type { ChangeSet } from '../core/changes/change-set';
import { CrudRefusal, generateCrud } from '../core/generate/crud/index';
import { type CliCommand, UsageError } from './cli-command';
import { indexProject, parseCliArgs, printNotes } from './context-command';
import { deliverVerified, VERIFY_OPTIONS, VERIFY_USAGE } from './verify-option';
import { deliverChangeSet } from './write-change-set';

/** Exit code of a deliberate refusal (unknown model, nothing to add, ...). */
export const REFUSED_EXIT_CODE = 3;

export const crudCommand: CliCommand = {
  name: 'crud',
  summary: 'Generate CRUD routes, schemas, registration and tests for a table model.',
  usage: `crud <Model>[@file] [--root DIR] [--dry-run | --write] [--json] ${VERIFY_USAGE}`,
  async run(args, io) {
    const { values, positionals } = parseCliArgs({
      args: [...args],
      options: {
        root: { type: 'string' },
        'dry-run': { type: 'boolean' },
        write: { type: 'boolean' },
        json: { type: 'boolean' },
        ...VERIFY_OPTIONS,
      },
      allowPositionals: true,
      strict: true,
    });
    const [modelName, ...extra] = positionals;
    if (modelName === undefined || extra.length > 0) {
      throw new UsageError(modelName === undefined ? 'Name the model: crud <Model>.' : `Unexpected arguments: ${extra.join(' ')}`);
    }
    if (values.write && values['dry-run']) {
      throw new UsageError('Choose one of --dry-run and --write.');
    }
    const root = resolve(io.cwd, values.root ?? '.');
    const project = await indexProject(root, io.cwd);
    const { facts } = project;
    printNotes(project, io);
    let changeSet: ChangeSet;
    try {
      changeSet = generateCrud(facts, modelName);
    } catch (error) {
      if (error instanceof CrudRefusal) {
        io.stderr(`${error.message}\n`);
        return REFUSED_EXIT_CODE;
      }
      throw error;
    }
    return deliverVerified(values, { root, changeSet, facts, io, write: values.write === true }, () =>
      deliverChangeSet(root, changeSet, io, { write: values.write === true, json: values.json === true }),
    );
  },
};
