/**
 * Which operations get working handlers (the collection-shaped ones with a table to store them
 * in), the session dependency they use (the project's, found as the CRUD engine finds it), and
 * the new table models, written where the project keeps its table models.
 */
import type { ProjectFacts } from '../../project/facts';
import type { SpecOperation } from '../../spec/model';
import { ImportSet } from '../python/imports';
import { planSession } from '../crud/dependencies';
import type { DependencyUse } from '../crud/plan-types';
import { CrudRefusal } from '../crud/refusals';
import { dirname, joinPath, moduleForPath } from '../crud/modules';
import { ChangeWorkspace } from '../crud/workspace';
import { findCollections, tableModelText, type Collection, type CollectionAction } from './collections';
import type { SpecLayout } from './layout';
import type { SchemaCatalog, TypeUse } from './python-types';

export interface Implementation {
  readonly collection: Collection;
  readonly action: CollectionAction;
}

export interface ImplementationPlan {
  readonly byOperation: ReadonlyMap<string, Implementation>;
  readonly session?: DependencyUse;
  /** Module the table models are imported from. */
  readonly tableModule: (collection: Collection) => string;
  readonly collections: readonly Collection[];
}

export function planImplementations(
  facts: ProjectFacts,
  catalog: SchemaCatalog,
  operations: readonly SpecOperation[],
  layout: SpecLayout,
  warnings: string[],
): ImplementationPlan & { readonly tableFile: string; readonly tableUse: TypeUse } {
  const tableFile = facts.models.find((model) => model.table)?.file ?? joinPath(dirname(layout.schemas.path), 'models.py');
  const tableUse: TypeUse = { imports: new ImportSet(), classes: new Set() };
  let session: DependencyUse | undefined;
  try {
    session = planSession(facts);
  } catch (error) {
    if (!(error instanceof CrudRefusal)) throw error;
    warnings.push(`Every handler answers 501: ${error.message}`);
  }
  const collections = session === undefined ? [] : findCollections(facts, catalog, operations, tableUse, warnings);
  const byOperation = new Map<string, Implementation>();
  for (const collection of collections) {
    for (const [operationId, action] of collection.actions) byOperation.set(operationId, { collection, action });
  }
  const tableModule = moduleForPath(facts, tableFile);
  return {
    byOperation,
    ...(session === undefined ? {} : { session }),
    tableModule: (collection) => collection.table.module ?? tableModule,
    collections,
    tableFile,
    tableUse,
  };
}

/** Appends the new table models to the table module (or creates it). */
export function emitTables(workspace: ChangeWorkspace, facts: ProjectFacts, plan: ReturnType<typeof planImplementations>, schemasModule: string): void {
  const fresh = plan.collections.filter((collection) => collection.table.isNew);
  if (fresh.length === 0) return;
  const draft = workspace.file(plan.tableFile, moduleForPath(facts, plan.tableFile));
  const existingText = draft.before ?? '';
  const blocks = fresh.filter((collection) => !new RegExp(`^class ${collection.table.name}\\b`, 'm').test(existingText)).map((collection) => tableModelText(collection, plan.tableUse));
  if (blocks.length === 0) return;
  draft.imports.addAll(plan.tableUse.imports);
  ChangeWorkspace.importFrom(draft, schemasModule, ...[...plan.tableUse.classes].sort());
  draft.blocks.push(...blocks);
  draft.descriptions.push(`table models ${fresh.map((collection) => collection.table.name).join(', ')}`);
}

/** The session parameter of an implemented handler, and what it needs imported. */
export function sessionParameter(session: DependencyUse, draft: { imports: ImportSet; module: string }): string {
  if (session.aliasModule !== undefined) {
    if (session.aliasModule !== draft.module) draft.imports.from(session.aliasModule, session.alias);
    return `session: ${session.alias}`;
  }
  draft.imports.from('typing', 'Annotated');
  draft.imports.from('fastapi', 'Depends');
  draft.imports.from(session.functionModule, session.function);
  if (session.type === 'Session') draft.imports.from('sqlmodel', 'Session');
  if (session.type === 'AsyncSession') draft.imports.from('sqlmodel.ext.asyncio.session', 'AsyncSession');
  return `session: Annotated[${session.type}, Depends(${session.function})]`;
}
