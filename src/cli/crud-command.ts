/**
 * `crud <Model> [--root DIR] [--dry-run | --write] [--json] [--verify ...]`: generates CRUD for
 * a table model. The default dry run prints the change as a unified diff; `--write` applies it
 * with the same rules as the editor (paths checked, a file changed since it was read is a conflict).
 */
import type { ChangeSet } from '../core/changes/change-set';
import { CrudRefusal, generateCrud } from '../core/generate/crud/index';
import type { CliCommand } from './cli-command';
import { indexProject, printNotes } from './context-command';
import { deliverProposal, ENGINE_USAGE, parseEngineArgs } from './engine-options';

/** Exit code of a deliberate refusal (unknown model, nothing to add, ...). */
export const REFUSED_EXIT_CODE = 3;

export const crudCommand: CliCommand = {
  name: 'crud',
  summary: 'Generate CRUD routes, schemas, registration and tests for a table model.',
  usage: `crud <Model>[@file] ${ENGINE_USAGE}`,
  async run(args, io) {
    const parsed = parseEngineArgs(args, io, { positionals: [{ name: 'model', missing: 'Name the model: crud <Model>.' }] });
    const modelName = parsed.positionals[0] ?? '';
    const project = await indexProject(parsed.root, io.cwd);
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
    return deliverProposal(parsed, changeSet, facts, io);
  },
};
