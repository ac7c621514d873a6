/**
 * What a table model's fields mean for CRUD: which a client sends, which only the server sets,
 * which point at the signed-in user, and which parent rows must exist first.
 */
import type { ModelFact, ProjectFacts, ResolvedField } from '../../project/facts';
import type { ParentRef } from './plan-types';

/** Tables a foreign key points at: `"user.id"` → `user`. */
export function foreignTable(field: ResolvedField): string | undefined {
  const target = field.foreignKey ?? unquote(field.fieldArgs['foreign_key'] ?? '');
  if (target === '') {
    return undefined;
  }
  const dot = target.lastIndexOf('.');
  return dot < 0 ? target : target.slice(0, dot);
}

export function unquote(text: string): string {
  return text.replace(/^[rbuRBU]*(["'])(.*)\1$/s, '$2');
}

export function modelForTable(facts: ProjectFacts, table: string): ModelFact | undefined {
  return facts.models.find((model) => model.table && model.tableName === table);
}

/** A field the server fills in: a primary key, a default factory (timestamps, uuids). */
export function isServerManaged(field: ResolvedField): boolean {
  return field.primaryKey || field.defaultFactory !== undefined || field.fieldArgs['default_factory'] !== undefined;
}

/** The model's own, non-ClassVar data fields. */
export function dataFields(model: ModelFact): ResolvedField[] {
  return model.fields.filter((field) => !field.isClassVar && !field.name.startsWith('_'));
}

/** A foreign key to the user table that the current user fills in. */
export function findOwnerField(model: ModelFact, userModel: ModelFact | undefined): ResolvedField | undefined {
  if (userModel === undefined || userModel.name === model.name) {
    return undefined;
  }
  const candidates = dataFields(model).filter((field) => foreignTable(field) === userModel.tableName);
  return candidates.find((field) => /^(owner|user|created_by|author)(_id)?$/.test(field.name)) ?? candidates[0];
}

/** Required (non-optional, no default) foreign keys to other table models. */
export function findParents(facts: ProjectFacts, model: ModelFact, owner: ResolvedField | undefined): ParentRef[] {
  const parents: ParentRef[] = [];
  for (const field of dataFields(model)) {
    if (field === owner || field.primaryKey) {
      continue;
    }
    const table = foreignTable(field);
    if (table === undefined) {
      continue;
    }
    const parent = modelForTable(facts, table);
    if (parent !== undefined && parent.name !== model.name && !field.optional && !field.hasDefault) {
      parents.push({ field, model: parent });
    }
  }
  return parents;
}

/** `int | None` primary key → `int`; a uuid key → `uuid.UUID` (or `UUID` as written). */
export function idTypeOf(primaryKey: ResolvedField): string {
  return primaryKey.baseType.trim() || 'int';
}

/** Field keywords a schema keeps: validation, not storage. */
const VALIDATION_KEYWORDS = [
  'min_length',
  'max_length',
  'ge',
  'gt',
  'le',
  'lt',
  'regex',
  'pattern',
  'max_digits',
  'decimal_places',
  'multiple_of',
  'description',
  'title',
];

/** `Field(...)` keywords of a field worth carrying into Create / Update classes. */
export function validationKeywords(field: ResolvedField): [string, string][] {
  return VALIDATION_KEYWORDS.filter((keyword) => field.fieldArgs[keyword] !== undefined).map((keyword) => [
    keyword,
    field.fieldArgs[keyword] ?? '',
  ]);
}
