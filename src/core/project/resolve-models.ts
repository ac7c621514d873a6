/**
 * SQLModel (and plain pydantic) classes of the project with every field resolved through
 * their bases, wherever those bases live.
 */
import type { ClassFact, FieldFact, RelationshipFact } from '../python/facts';
import type { BaseRef, ClassGraph, ClassNode } from './class-graph';
import type { ModelFact, ResolvedField } from './facts';
import type { ModuleTable } from './module-names';
import { isKnownLibrary } from './symbols';

/** A model before its role in a schema family is known. */
export type ModelDraft = Omit<ModelFact, 'role' | 'family'>;

/** Locale-independent ordering, so output is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `"user.id"` → `user.id`; other text unchanged. */
export function unquote(text: string): string {
  const match = /^[rbuRBU]?(['"])(.*)\1$/s.exec(text.trim());
  return match ? (match[2] ?? '') : text.trim();
}

/**
 * A parsed class's fields resolve the same wherever the class is a base, so its resolved fields
 * (ClassVars left out) are kept, per class, until the file is parsed again.
 */
const resolvedFieldsByClass = new WeakMap<ClassFact, readonly ResolvedField[]>();

function resolvedFieldsOf(owner: ClassNode): readonly ResolvedField[] {
  const known = resolvedFieldsByClass.get(owner.cls);
  if (known) return known;
  const resolved = owner.cls.fields.filter((field) => !field.isClassVar).map((field) => toResolvedField(field, owner));
  resolvedFieldsByClass.set(owner.cls, resolved);
  return resolved;
}

/** `sa_column=Column(Integer, primary_key=True)`: the key declared on the SQLAlchemy column. */
const COLUMN_PRIMARY_KEY = /\bprimary_key\s*=\s*True\b/;
/** `sa_column=Column(ForeignKey("user.id"))`. */
const COLUMN_FOREIGN_KEY = /\bForeignKey\(\s*[rbuRBU]?(['"])([^'"]+)\1/;

function toResolvedField(field: FieldFact, owner: ClassNode): ResolvedField {
  const column = field.fieldArgs['sa_column'];
  const foreignKey = field.fieldArgs['foreign_key'] ?? (column === undefined ? undefined : COLUMN_FOREIGN_KEY.exec(column)?.[2]);
  const primaryKey = field.fieldArgs['primary_key'] === 'True' || (column !== undefined && COLUMN_PRIMARY_KEY.test(column));
  // Copied key by key into one object: no spread of a conditional object literal per field.
  const resolved: ResolvedField = Object.assign({}, field, { declaredIn: owner.cls.name, declaredInFile: owner.path, primaryKey });
  return foreignKey === undefined ? resolved : Object.assign(resolved, { foreignKey: unquote(foreignKey) });
}

/**
 * A draft depends only on the classes of its MRO (and the module name): kept per parsed class
 * and reused while those are the very same parsed classes, so an update rebuilds few drafts.
 * The graph keeps an order while its classes are the same, so an unchanged order is the same array.
 */
const draftsByClass = new WeakMap<
  ClassFact,
  { readonly kind: string; readonly module: string; readonly mro: readonly BaseRef[]; readonly inputs: readonly unknown[]; readonly draft: ModelDraft }
>();

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function mroInputs(mro: readonly BaseRef[]): unknown[] {
  return mro.map((ref) => (typeof ref === 'string' ? ref : ref.cls));
}

export function buildModelDrafts(graph: ClassGraph, modules: ModuleTable): ModelDraft[] {
  const drafts: ModelDraft[] = [];
  for (const node of graph.nodes) {
    const kind = graph.kindOf(node);
    if (kind !== 'sqlmodel' && kind !== 'pydantic') continue;
    const module = modules.moduleOf(node.path);
    // A copy of a library kept in the tree is not the project's own model code.
    if (isKnownLibrary(module)) continue;
    const mro = graph.mroOf(node);
    const cached = draftsByClass.get(node.cls);
    if (cached && cached.kind === kind && cached.module === module && (cached.mro === mro || sameInputs(cached.inputs, mroInputs(mro)))) {
      drafts.push(cached.draft);
      continue;
    }
    const draft = buildDraft(node, kind, mro, module);
    draftsByClass.set(node.cls, { kind, module, mro, inputs: mroInputs(mro), draft });
    drafts.push(draft);
  }
  return drafts.sort((a, b) => compareText(a.file, b.file) || a.range.startIndex - b.range.startIndex);
}

function buildDraft(node: ClassNode, kind: 'sqlmodel' | 'pydantic', mro: readonly BaseRef[], module: string): ModelDraft {
  const projectClasses = mro.filter((ref): ref is ClassNode => typeof ref !== 'string');
  // Pydantic collects fields walking the MRO backwards; a redefinition keeps the first place.
  const fields = new Map<string, ResolvedField>();
  const relationships = new Map<string, RelationshipFact>();
  for (const owner of [...projectClasses].reverse()) {
    for (const field of resolvedFieldsOf(owner)) fields.set(field.name, field);
    for (const relationship of owner.cls.relationships) relationships.set(relationship.name, relationship);
  }
  const resolvedFields = [...fields.values()];
  const cls = node.cls;
  return {
    name: cls.name,
    file: node.path,
    module,
    range: cls.range,
    nameRange: cls.nameRange,
    table: kind === 'sqlmodel' && cls.table,
    tableName: cls.tableName ?? cls.name.toLowerCase(),
    ...(cls.docstring === undefined ? {} : { docstring: cls.docstring }),
    ...(cls.tableArgs === undefined ? {} : { tableArgs: cls.tableArgs }),
    mro: mro.slice(1).map((ref) => (typeof ref === 'string' ? ref : ref.cls.name)),
    fields: resolvedFields,
    relationships: [...relationships.values()],
    primaryKey: resolvedFields.filter((field) => field.primaryKey).map((field) => field.name),
    kind,
  };
}
