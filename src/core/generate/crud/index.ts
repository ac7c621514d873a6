/**
 * The offline CRUD engine: project facts and a table model name → a ChangeSet with the missing
 * schemas, the router (or the missing routes), the service functions, the registration, and
 * tests — following the project's conventions, deterministic for the same input.
 */
import { sourceFileReader } from '../../changes/source-reader';
import { readingEachFileOnce } from '../python/workspace-text';
import type { ChangeSet } from '../../changes/change-set';
import type { ModelFact, ProjectFacts } from '../../project/facts';
import type { ReadText } from './modules';
import { planCrud } from './plan';
import { emitRegistration } from './registration';
import { emitRouter } from './router';
import { emitSchemas } from './schemas';
import { emitTests } from './tests';
import { ChangeWorkspace } from './workspace';
import { classesNamed, CrudRefusal } from './refusals';

export { CrudRefusal };

export interface GenerateCrudOptions {
  /**
   * Current text of a workspace file, undefined when it does not exist. Defaults to reading
   * under `facts.root`; the editor passes the text of open documents.
   */
  readonly readText?: ReadText;
}



export function generateCrud(facts: ProjectFacts, modelName: string, options: GenerateCrudOptions = {}): ChangeSet {
  const readText = readingEachFileOnce(options.readText ?? sourceFileReader(facts.root));
  const plan = planCrud(facts, modelName, readText);
  const workspace = new ChangeWorkspace(facts, readText, plan.firstParty);
  emitSchemas(plan, facts, workspace);
  emitRouter(plan, workspace);
  emitRegistration(plan, facts, workspace);
  emitTests(plan, facts, workspace);
  const changes = workspace.toChanges();
  // Editing a file the parser could not fully read would build on a guess.
  const broken = changes.filter((change) => change.kind === 'modify' && facts.files.get(change.path)?.hasSyntaxErrors);
  if (broken.length > 0) {
    throw new CrudRefusal(
      `${broken.map((change) => change.path).join(', ')} ${broken.length === 1 ? 'has' : 'have'} syntax errors; fix ${broken.length === 1 ? 'it' : 'them'} before generating CRUD for ${plan.model.name}.`,
    );
  }
  const adding = plan.existingOperations.length > 0 ? ` (adds ${plan.operations.join(', ')})` : '';
  return {
    title: `CRUD for ${plan.model.name}${adding}`,
    summary: [summary(modelLabel(facts, plan.model), plan.operations, plan.router.file, plan.auth !== undefined), ...plan.notes].join(' '),
    warnings: plan.warnings,
    changes,
  };
}

/** The model's name, with its file when another class of the project has the same name. */
function modelLabel(facts: ProjectFacts, model: ModelFact): string {
  return classesNamed(facts, model.name).length > 1 ? `${model.name} (the class in ${model.file})` : model.name;
}

function summary(model: string, operations: readonly string[], routerFile: string, secured: boolean): string {
  const security = secured ? ' Every route requires a signed-in user.' : '';
  return `${operations.join(', ')} routes for ${model} in ${routerFile}.${security}`;
}
