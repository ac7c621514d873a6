/**
 * The reasons the CRUD engine declines a model, each with a message the user can act on.
 */
import type { ModelFact, ProjectFacts } from '../../project/facts';

/** Thrown when CRUD cannot or should not be generated for the model asked for. */
export class CrudRefusal extends Error {
  override readonly name = 'CrudRefusal';
}

/** `Hero@app/models/hero.py`: a class named with the file (or dotted module) that defines it. */
export function modelReference(model: Pick<ModelFact, 'name' | 'file'>): string {
  return `${model.name}@${model.file}`;
}

/** Every class of the project with this name, table models first. */
export function classesNamed(facts: ProjectFacts, name: string): ModelFact[] {
  const named = facts.models.filter((candidate) => candidate.name === name);
  return [...named.filter((candidate) => candidate.table), ...named.filter((candidate) => !candidate.table)];
}

/**
 * The class a reference names: `Hero`, or `Hero@app/models/hero.py` / `Hero@app.models.hero`
 * where several modules define a `Hero`. Throws a refusal listing the candidates when a bare
 * name is ambiguous or the module given defines no such class.
 */
function resolveReference(facts: ProjectFacts, reference: string): ModelFact | undefined {
  const at = reference.indexOf('@');
  const name = (at < 0 ? reference : reference.slice(0, at)).trim();
  const where = at < 0 ? undefined : reference.slice(at + 1).trim().replace(/^\.\//, '');
  const candidates = classesNamed(facts, name);
  const listed = (models: readonly ModelFact[]): string => models.map(modelReference).join(', ');
  if (where === undefined) {
    const tables = candidates.filter((candidate) => candidate.table);
    if (tables.length > 1) {
      throw new CrudRefusal(
        `"${name}" names ${tables.length} table models: ${listed(tables)}. Say which one, as ${modelReference(tables[0] ?? { name, file: '<file>' })}.`,
      );
    }
    return candidates[0];
  }
  if (where === '') throw new CrudRefusal(`"${reference}" names no file after the @; write it as ${name}@<path/to/module.py>.`);
  const matches = candidates.filter(
    (candidate) => candidate.file === where || candidate.module === where || candidate.file.endsWith(`/${where}`),
  );
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw new CrudRefusal(`"${reference}" matches ${matches.length} classes: ${listed(matches)}. Give the full path.`);
  if (candidates.length > 0) throw new CrudRefusal(`${where} defines no class "${name}"; "${name}" is defined as ${listed(candidates)}.`);
  return undefined;
}

/** Finds the table model or throws a refusal that says why not and what was meant. */
export function findTableModel(facts: ProjectFacts, modelReferenceText: string): ModelFact {
  const model = resolveReference(facts, modelReferenceText);
  const modelName = modelReferenceText.split('@')[0]?.trim() ?? modelReferenceText;
  if (model === undefined) {
    const tables = facts.models.filter((candidate) => candidate.table).map((candidate) => candidate.name);
    const close = closeNames(modelName, facts.models.map((candidate) => candidate.name));
    const hint =
      close.length > 0
        ? ` Did you mean ${close.map((name) => `"${name}"`).join(' or ')}?`
        : tables.length > 0
          ? ` Table models in this project: ${tables.join(', ')}.`
          : ' The project has no SQLModel table models.';
    throw new CrudRefusal(`There is no SQLModel class named "${modelName}".${hint}`);
  }
  if (!model.table) {
    const table = facts.models.find((candidate) => candidate.table && candidate.name === model.family);
    const hint = table ? ` Its table model is "${table.name}".` : '';
    throw new CrudRefusal(
      `"${model.name}" (${model.file}) is not a table model (no table=True), so it has no rows to serve.${hint}`,
    );
  }
  if (model.primaryKey.length === 0) {
    throw new CrudRefusal(
      `"${model.name}" (${model.file}) has no primary key; add a field with Field(primary_key=True) first.`,
    );
  }
  if (model.primaryKey.length > 1) {
    throw new CrudRefusal(
      `"${model.name}" has a composite primary key (${model.primaryKey.join(', ')}); ` +
        'CRUD routes address one row by one id, so this model (often a link table) is left to hand-written routes.',
    );
  }
  return model;
}

/** Names within a small edit distance, or differing only in case, closest first. */
export function closeNames(wanted: string, names: readonly string[]): string[] {
  const lower = wanted.toLowerCase();
  const scored = [...new Set(names)]
    .map((name) => ({ name, distance: editDistance(lower, name.toLowerCase()) }))
    .filter(({ name, distance }) => distance <= Math.max(2, Math.floor(wanted.length / 3)) || name.toLowerCase().includes(lower))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  return scored.slice(0, 3).map(({ name }) => name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
