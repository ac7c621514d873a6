/**
 * Which members of the model's schema family exist, which to add, and where the new ones go.
 */
import type { ModelFact, ProjectFacts, ResolvedField } from '../../project/facts';
import { pluralPascal } from '../../python/naming';
import { dataFields, isPasswordHash, isServerManaged, plainPasswordField } from './model-analysis';
import { dirname, joinPath, moduleForPath, stem, type ReadText } from './modules';
import type { ClassRef, SchemaPlan } from './plan-types';
import { findReexport } from './reexport';

/** Stored secrets (password hashes, tokens) that no response and no input schema carries. */
function isSecret(field: ResolvedField): boolean {
  return /^(hashed_password|password_hash|hashed_secret|secret_hash|.*_token_hash)$/.test(field.name);
}

/** `Public` or `Read`: the suffix the project gives its response classes. */
function publicSuffix(facts: ProjectFacts): string {
  const publics = facts.models.filter((model) => model.role === 'public').map((model) => model.name);
  return publics.some((name) => name.endsWith('Read')) && !publics.some((name) => name.endsWith('Public'))
    ? 'Read'
    : 'Public';
}

function existingRef(facts: ProjectFacts, name: string | undefined): ClassRef | undefined {
  if (name === undefined) {
    return undefined;
  }
  const model = facts.models.find((candidate) => candidate.name === name);
  return model === undefined ? undefined : { name, module: model.module, isNew: false };
}

/** The module other code imports a family class from: the re-exporting package when there is one. */
function importModuleFor(facts: ProjectFacts, file: string, module: string, name: string): string {
  const packageInit = joinPath(dirname(file), '__init__.py');
  const init = facts.files.get(packageInit);
  if (init?.imports.some((fact) => fact.names.some((imported) => (imported.alias ?? imported.name) === name))) {
    return moduleForPath(facts, packageInit);
  }
  return module;
}

export function planSchemas(
  facts: ProjectFacts,
  model: ModelFact,
  owner: ResolvedField | undefined,
  envelope: boolean,
  readText: ReadText,
): SchemaPlan {
  const family = facts.families.find((candidate) => candidate.root === model.family);
  const base = existingRef(facts, family?.base);
  const baseModel = base === undefined ? undefined : facts.models.find((candidate) => candidate.name === base.name);
  const baseFields = new Set((baseModel?.fields ?? []).map((field) => field.name));

  const fields = dataFields(model);
  const clientSet = (field: ResolvedField): boolean =>
    field.name !== owner?.name && !isServerManaged(field) && !isSecret(field);
  // With a base, the client sends its fields plus any required column the base leaves out.
  const inputFields: ResolvedField[] = baseModel
    ? [
        ...dataFields(baseModel).filter((field) => field.name !== owner?.name && !field.primaryKey),
        ...fields.filter((field) => !baseFields.has(field.name) && clientSet(field) && !field.optional && !field.hasDefault),
      ]
    : fields.filter(clientSet);
  if (fields.some((field) => isPasswordHash(field) && !field.optional && !field.hasDefault)) {
    inputFields.push(plainPasswordField(model, model.file));
  }
  const inputNames = new Set(inputFields.map((field) => field.name));
  const readOnlyFields = fields.filter(
    (field) => !inputNames.has(field.name) && !baseFields.has(field.name) && !isSecret(field),
  );
  const fieldsOf = (name: string | undefined): ResolvedField[] | undefined => {
    const existing = facts.models.find((candidate) => candidate.name === name);
    return existing === undefined ? undefined : dataFields(existing);
  };

  const { targetFile, targetModule } = schemaTarget(facts, model, family?.create ?? family?.update ?? family?.public);
  const reexport = findReexport(targetFile, targetModule, readText);
  const fresh = (name: string): ClassRef => ({ name, module: reexport?.packageModule ?? targetModule, isNew: true });
  const suffix = publicSuffix(facts);

  const resolveImport = (ref: ClassRef | undefined): ClassRef | undefined => {
    if (ref === undefined) {
      return undefined;
    }
    const owning = facts.models.find((candidate) => candidate.name === ref.name);
    return owning ? { ...ref, module: importModuleFor(facts, owning.file, owning.module, ref.name) } : ref;
  };

  const detailName = facts.conventions.detailResponse.value === 'with-relations' ? detailWithRelations(facts, model) : undefined;
  const detail = resolveImport(existingRef(facts, detailName));
  const plan: SchemaPlan = {
    ...(detail === undefined ? {} : { detail }),
    create: resolveImport(existingRef(facts, family?.create)) ?? fresh(`${model.name}Create`),
    update: resolveImport(existingRef(facts, family?.update)) ?? fresh(`${model.name}Update`),
    public: resolveImport(existingRef(facts, family?.public)) ?? fresh(`${model.name}${suffix}`),
    inputFields,
    createFields: fieldsOf(family?.create) ?? inputFields,
    updateFields: fieldsOf(family?.update) ?? inputFields,
    publicFieldNames: new Set(
      (fieldsOf(family?.public) ?? [...inputFields, ...readOnlyFields, ...(baseModel ? dataFields(baseModel) : [])])
        .filter((field) => field.name !== 'password')
        .map((field) => field.name),
    ),
    readOnlyFields,
    targetFile,
    targetModule,
    ...(reexport === undefined ? {} : { reexport }),
    ...(base === undefined ? {} : { base }),
  };
  if (!envelope) {
    return plan;
  }
  const list = resolveImport(existingRef(facts, family?.list)) ?? fresh(`${pluralPascal(model.name)}${suffix}`);
  return { ...plan, list };
}

/** `TeamPublicWithHeroes` (or `TeamReadWithHeroes`): the project's detail schema with relations. */
function detailWithRelations(facts: ProjectFacts, model: ModelFact): string | undefined {
  const pattern = new RegExp(`^${model.name}(?:Public|Read)With[A-Z]\\w*$`);
  return facts.models.find((candidate) => !candidate.table && pattern.test(candidate.name))?.name;
}

/**
 * Where new family members go: beside existing members of this family; else in the schemas
 * folder when the project keeps one apart from its models; else beside the table model.
 */
function schemaTarget(
  facts: ProjectFacts,
  model: ModelFact,
  existingMember: string | undefined,
): { targetFile: string; targetModule: string } {
  const member = facts.models.find((candidate) => candidate.name === existingMember);
  if (member !== undefined) {
    return { targetFile: member.file, targetModule: member.module };
  }
  const schemas = facts.conventions.layout.schemas.value;
  const modelDir = dirname(model.file);
  if (schemas.kind === 'dir' && schemas.path !== modelDir && facts.conventions.layout.schemas.source === 'observed') {
    const file = joinPath(schemas.path, `${stem(model.file) === '__init__' ? model.name.toLowerCase() : stem(model.file)}.py`);
    return { targetFile: file, targetModule: moduleForPath(facts, file) };
  }
  if (schemas.kind === 'file' && facts.conventions.layout.schemas.source === 'observed' && schemas.path !== model.file) {
    return { targetFile: schemas.path, targetModule: moduleForPath(facts, schemas.path) };
  }
  return { targetFile: model.file, targetModule: model.module };
}
