/**
 * Writes the schema classes into the spec's schemas module: a new module, or, when it exists
 * from an earlier run, each class replaced in place where the spec changed it and new classes
 * appended. Classes the project already has elsewhere with the same fields are imported instead.
 */
import type { ProjectFacts } from '../../project/facts';
import type { NamedSchema, SchemaNode } from '../../spec/model';
import type { ImportSet } from '../python/imports';
import { splitLines } from '../python/line-edits';
import type { ChangeWorkspace } from '../crud/workspace';
import type { SpecLayout } from './layout';
import { className, fieldName } from './names';
import type { SchemaCatalog } from './python-types';
import type { RenderedClass } from './schema-classes';

function propertyNames(schemas: readonly NamedSchema[], schema: SchemaNode, seen = new Set<string>()): string[] | undefined {
  if (schema.kind !== 'object') return undefined;
  const names: string[] = [];
  for (const base of schema.bases) {
    if (seen.has(base)) continue;
    seen.add(base);
    const target = schemas.find((candidate) => candidate.name === base)?.schema;
    const inherited = target === undefined ? undefined : propertyNames(schemas, target, seen);
    if (inherited === undefined) return undefined;
    names.push(...inherited);
  }
  names.push(...schema.properties.map((property) => fieldName(property.name)));
  return names;
}

/** An existing project class to use for a component: same name, same field names. */
export function reusableClass(
  facts: ProjectFacts,
  schemasPath: string,
  schemas: readonly NamedSchema[],
  component: string,
  schema: SchemaNode,
): { module: string } | undefined {
  const wanted = className(component);
  const fields = propertyNames(schemas, schema);
  if (fields === undefined) return undefined;
  const model = facts.models.find((candidate) => candidate.name === wanted && candidate.file !== schemasPath);
  if (model === undefined) return undefined;
  const existing = model.fields.filter((field) => !field.isClassVar).map((field) => field.name);
  const same = existing.length === fields.length && fields.every((name) => existing.includes(name));
  return same ? { module: model.module } : undefined;
}

export function emitSchemaModule(
  workspace: ChangeWorkspace,
  layout: SpecLayout,
  catalog: SchemaCatalog,
  facts: ProjectFacts,
  render: (catalog: SchemaCatalog, imports: ImportSet) => RenderedClass[],
): void {
  const draft = workspace.file(layout.schemas.path, layout.schemas.module);
  const rendered = render(catalog, draft.imports);
  if (rendered.length === 0) return;
  for (const generated of catalog.classes()) {
    const reused = generated.reused;
    if (reused !== undefined && rendered.some((cls) => new RegExp(`\\b${generated.name}\\b`).test(cls.text))) {
      draft.imports.from(reused.module, generated.name);
    }
  }
  if (draft.before === null) {
    draft.blocks.push(...rendered.map((cls) => cls.text));
    draft.descriptions.push(`${rendered.length} schema classes`);
    return;
  }
  const lines = splitLines(draft.before).lines;
  const existing = facts.files.get(layout.schemas.path)?.classes ?? [];
  let replaced = 0;
  for (const cls of rendered) {
    const current = existing.find((candidate) => candidate.name === cls.name);
    if (current === undefined) {
      draft.blocks.push(cls.text);
      continue;
    }
    const start = current.decorators.length > 0 ? current.range.startLine : current.range.startLine;
    const end = current.range.endLine + 1;
    if (lines.slice(start, end).join('\n').trimEnd() !== cls.text) {
      draft.edits.push({ start, end, lines: cls.text.split('\n') });
      replaced++;
    }
  }
  const added = draft.blocks.length;
  if (added + replaced > 0) draft.descriptions.push(`${added} new and ${replaced} changed schema classes`);
}
