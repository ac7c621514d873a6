/**
 * Models → fields (type, primary key, foreign key, optional) and relationships. Table models
 * that no route serves yet carry the model name so the row can offer "Generate CRUD".
 */
import type { ModelFact, ProjectFacts, ResolvedField } from '../project/facts';
import { tableModels } from '../project/table-models';
import type { RelationshipFact } from '../python/facts';
import type { ExplorerNode } from './explorer-node';
import { locationOf } from './route-rows';

function fieldNode(field: ResolvedField, model: ModelFact, parentId: string): ExplorerNode {
  const flags = [
    ...(field.primaryKey ? ['primary key'] : []),
    ...(field.foreignKey === undefined ? [] : [`→ ${field.foreignKey}`]),
    ...(field.optional ? ['optional'] : []),
    ...(field.fieldArgs['unique'] === 'True' ? ['unique'] : []),
    ...(field.fieldArgs['index'] === 'True' ? ['index'] : []),
  ];
  const inherited = field.declaredIn === model.name ? '' : `from ${field.declaredIn}`;
  return {
    id: `${parentId}/field:${field.name}`,
    kind: 'field',
    label: field.name,
    description: [field.annotation, ...flags, ...(inherited === '' ? [] : [inherited])].join(' · '),
    tooltip: `${field.name}: ${field.annotation}${field.default === undefined ? '' : ` = ${field.default}`}\ndeclared in ${field.declaredIn} (${field.declaredInFile}:${field.range.startLine + 1})`,
    icon: field.primaryKey ? 'key' : field.foreignKey === undefined ? 'symbol-field' : 'references',
    location: locationOf(field.declaredInFile, field.range),
    children: [],
  };
}

function relationshipNode(relationship: RelationshipFact, model: ModelFact, parentId: string): ExplorerNode {
  const details = [
    `→ ${relationship.many ? `many ${relationship.target}` : relationship.target}`,
    ...(relationship.backPopulates === undefined ? [] : [`back_populates ${relationship.backPopulates}`]),
    ...(relationship.linkModel === undefined ? [] : [`link ${relationship.linkModel}`]),
  ];
  return {
    id: `${parentId}/relationship:${relationship.name}`,
    kind: 'relationship',
    label: relationship.name,
    description: details.join(' · '),
    tooltip: `${relationship.name}: ${relationship.annotation} = Relationship(...)`,
    icon: 'link',
    location: locationOf(model.file, relationship.range),
    children: [],
  };
}

function modelNode(model: ModelFact, servedBy: readonly string[] | undefined, parentId: string): ExplorerNode {
  const id = `${parentId}/model:${model.file}#${model.name}`;
  const canGenerate = model.table && servedBy !== undefined && servedBy.length === 0 && model.primaryKey.length === 1;
  const kind = model.table ? `table "${model.tableName}"` : model.role === 'other' ? 'schema' : `${model.role} of ${model.family}`;
  const routes = servedBy === undefined ? [] : [servedBy.length === 0 ? 'no routes yet' : `routes in ${servedBy.join(', ')}`];
  let members: ExplorerNode[] | undefined;
  return {
    id,
    kind: 'model',
    label: model.name,
    description: [kind, model.file, ...routes].join(' · '),
    tooltip: `${model.name}(${model.mro.join(', ')}) in ${model.file}:${model.range.startLine + 1}${model.docstring === undefined ? '' : `\n${model.docstring}`}`,
    icon: model.table ? 'database' : 'symbol-class',
    location: locationOf(model.file, model.nameRange),
    hasChildren: model.fields.length + model.relationships.length > 0,
    // Built when first asked for (a row is expanded): a project may have thousands of models.
    get children(): readonly ExplorerNode[] {
      members ??= [...model.fields.map((field) => fieldNode(field, model, id)), ...model.relationships.map((relationship) => relationshipNode(relationship, model, id))];
      return members;
    },
    ...(canGenerate ? { crudModel: model.name } : {}),
  };
}

const EXPAND_MODELS_UP_TO = 50;

/** "Models" (table models) and "Schemas" (every other SQLModel / pydantic class); empty groups are left out. */
export function modelSections(facts: ProjectFacts, parentId: string): ExplorerNode[] {
  const servedBy = new Map(tableModels(facts).map((entry) => [entry.model, entry.routerFiles]));
  const byName = (a: ModelFact, b: ModelFact): number => a.name.localeCompare(b.name) || a.file.localeCompare(b.file);
  const tables = facts.models.filter((model) => model.table).sort(byName);
  const schemas = facts.models.filter((model) => !model.table).sort(byName);
  const sections: ExplorerNode[] = [];
  if (tables.length > 0) {
    const id = `${parentId}/models`;
    sections.push({
      id,
      kind: 'group',
      label: 'Models',
      description: `${tables.length} table${tables.length === 1 ? '' : 's'}`,
      icon: 'database',
      // Thousands of rows at once would keep the view busy; a large project opens the group on demand.
      expanded: tables.length <= EXPAND_MODELS_UP_TO,
      children: tables.map((model) => modelNode(model, servedBy.get(model), id)),
    });
  }
  if (schemas.length > 0) {
    const id = `${parentId}/schemas`;
    sections.push({
      id,
      kind: 'group',
      label: 'Schemas',
      description: `${schemas.length}`,
      icon: 'symbol-structure',
      children: schemas.map((model) => modelNode(model, undefined, id)),
    });
  }
  return sections;
}
