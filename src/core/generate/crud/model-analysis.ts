/**
 * What a table model's fields mean for CRUD: which a client sends, which only the server sets,
 * which point at the signed-in user, and which parent rows must exist first.
 */
import type { ModelFact, ProjectFacts, ResolvedField } from '../../project/facts';
import { moduleForPath } from './modules';
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

/** Stored password hashes: a column the client never sends or sees, filled from a plain password. */
export function isPasswordHash(field: ResolvedField): boolean {
  return /^(hashed_password|password_hash)$/.test(field.name);
}

const HASHER = /^(get_password_hash|hash_password|password_hash|make_password_hash)$/;

/** The project's password hashing function, defined or imported anywhere it was read. */
export function findPasswordHasher(facts: ProjectFacts): { function: string; module: string } | undefined {
  for (const [path, file] of facts.files) {
    const defined = file.functions.find((fn) => HASHER.test(fn.name));
    if (defined !== undefined) {
      return { function: defined.name, module: moduleForPath(facts, path) };
    }
  }
  for (const file of facts.files.values()) {
    for (const fact of file.imports) {
      const name = fact.kind === 'from' && fact.level === 0 ? fact.names.find((imported) => HASHER.test(imported.name)) : undefined;
      if (name !== undefined) {
        return { function: name.name, module: fact.module };
      }
    }
  }
  return undefined;
}

/** The plain password a client sends in place of a stored hash. */
export function plainPasswordField(model: ModelFact, declaredInFile: string): ResolvedField {
  return {
    name: 'password',
    annotation: 'str',
    optional: false,
    baseType: 'str',
    hasDefault: false,
    fieldArgs: { min_length: '8', max_length: '128' },
    isClassVar: false,
    range: model.range,
    declaredIn: model.name,
    declaredInFile,
    primaryKey: false,
  };
}

/** Rows owned through a parent: `Comment.task_id → Task.owner_id`. */
export interface OwnerPath {
  /** The model's foreign key to the parent (`task_id`). */
  readonly field: ResolvedField;
  readonly parent: ModelFact;
  /** The parent's owner key (`owner_id`). */
  readonly parentOwner: ResolvedField;
}

/**
 * The parent through which a model without an owner of its own is owned: a required foreign
 * key to a table whose rows belong to a user. `unclear` names a path the engine cannot follow
 * (an optional parent, or an owner further up), so the review can say the routes are not scoped.
 */
export function findOwnerPath(
  facts: ProjectFacts,
  model: ModelFact,
  userModel: ModelFact | undefined,
): { path?: OwnerPath; unclear?: string } {
  if (userModel === undefined || model.name === userModel.name) {
    return {};
  }
  const paths: OwnerPath[] = [];
  const unclear: string[] = [];
  for (const field of dataFields(model)) {
    const parent = field.primaryKey ? undefined : modelForTable(facts, foreignTable(field) ?? '');
    if (parent === undefined || parent.name === model.name || parent.name === userModel.name) {
      continue;
    }
    const parentOwner = findOwnerField(parent, userModel);
    if (parentOwner !== undefined && !field.optional && !field.hasDefault) {
      paths.push({ field, parent, parentOwner });
    } else if (parentOwner !== undefined) {
      unclear.push(`${model.name}.${field.name} → ${parent.name}.${parentOwner.name} is optional`);
    } else if (dataFields(parent).some((candidate) => modelForTable(facts, foreignTable(candidate) ?? '') !== undefined && !candidate.primaryKey)) {
      const grand = dataFields(parent).find((candidate) => {
        const up = modelForTable(facts, foreignTable(candidate) ?? '');
        return up !== undefined && up.name !== parent.name && findOwnerField(up, userModel) !== undefined;
      });
      if (grand !== undefined) unclear.push(`${model.name}.${field.name} → ${parent.name}.${grand.name} reaches an owner two joins away`);
    }
  }
  const [path] = paths;
  if (paths.length === 1 && path !== undefined) {
    return { path };
  }
  if (paths.length > 1) {
    unclear.push(`${model.name} has ${paths.length} owned parents (${paths.map((candidate) => candidate.field.name).join(', ')})`);
  }
  return unclear.length === 0 ? {} : { unclear: unclear.join('; ') };
}
