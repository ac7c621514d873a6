/**
 * Schema families: which classes play which part for one table (`Item`, `ItemBase`,
 * `ItemCreate`, `ItemUpdate`, `ItemPublic`, `ItemsPublic`). Names decide most roles; list
 * envelopes are recognised by their shape (a list of a family member plus an int count).
 */
import { pluralPascal } from '../python/naming';
import type { ModelFact, ResolvedField, SchemaFamily, SchemaRole } from './facts';
import type { ModelDraft } from './resolve-models';

const ROLE_BY_SUFFIX: readonly (readonly [string, SchemaRole])[] = [
  ['Base', 'base'],
  ['Create', 'create'],
  ['CreateIn', 'create'],
  ['In', 'create'],
  ['Input', 'create'],
  ['Update', 'update'],
  ['UpdateIn', 'update'],
  ['Patch', 'update'],
  ['Public', 'public'],
  ['Read', 'public'],
  ['Out', 'public'],
  ['Response', 'public'],
];

const LIST_SUFFIXES = ['List', 'Page', 'ListResponse', 'ListPublic', 'ListOut'];
const PLURAL_LIST_SUFFIXES = ['Public', 'Read', 'Out', 'Response', ''];

/** The generator's plural (`Heroes`, `People`) and the plain one some projects write (`Persons`). */
function listNames(family: string): string[] {
  const plurals = [...new Set([pluralPascal(family), `${family}s`])];
  return [
    ...LIST_SUFFIXES.map((suffix) => `${family}${suffix}`),
    ...plurals.flatMap((plural) => PLURAL_LIST_SUFFIXES.map((suffix) => `${plural}${suffix}`)),
  ];
}

/** `list[ItemPublic]` / `List["ItemPublic"]` / `Sequence[app.models.ItemPublic]` → `ItemPublic`. */
function listElementName(annotation: string): string | undefined {
  const match = /^(?:list|List|Sequence|typing\.List|collections\.abc\.Sequence)\[\s*['"]?([\w.]+)['"]?\s*\]$/.exec(
    annotation.trim(),
  );
  const name = match?.[1];
  return name === undefined ? undefined : name.slice(name.lastIndexOf('.') + 1);
}

function isIntField(field: Pick<ResolvedField, 'baseType' | 'optional'>): boolean {
  return field.baseType === 'int' && !field.optional;
}

/** The envelope's item and count fields, when the model has that shape. */
export function envelopeShape<F extends Pick<ResolvedField, 'name' | 'annotation' | 'baseType' | 'optional'>>(model: { readonly fields: readonly F[] }):
  | { readonly items: F; readonly count: F | undefined; readonly element: string }
  | undefined {
  if (model.fields.length > 6) return undefined;
  const lists = model.fields.filter((field) => listElementName(field.annotation) !== undefined);
  const [items] = lists;
  if (!items || lists.length !== 1) return undefined;
  const element = listElementName(items.annotation) ?? '';
  const count = model.fields.find((field) => isIntField(field) && /count|total/i.test(field.name));
  return { items, count, element };
}

/**
 * `ItemCreate` → create of `Item`, when `Item` is a table; the longest table name wins. The
 * interface-style names some templates use (`IItemCreate`, `IItemRead`) count when no table
 * has the name with its `I`, and so do names with the role first (`CreateItem`).
 */
function roleByName(name: string, roots: ReadonlySet<string>): { role: SchemaRole; family: string } | undefined {
  let best: { role: SchemaRole; family: string } | undefined;
  for (const [suffix, role] of ROLE_BY_SUFFIX) {
    if (!name.endsWith(suffix) || name.length === suffix.length) continue;
    const written = name.slice(0, -suffix.length);
    const root = roots.has(written) ? written : INTERFACE_PREFIX.test(written) && roots.has(written.slice(1)) ? written.slice(1) : undefined;
    if (root !== undefined && (!best || root.length > best.family.length)) best = { role, family: root };
  }
  // The verb first, as some projects write them: `CreateAuthor`, `UpdateAuthor`, `BaseAuthor`.
  for (const [prefix, role] of ROLE_BY_PREFIX) {
    const root = name.startsWith(prefix) ? name.slice(prefix.length) : '';
    if (roots.has(root) && (!best || root.length > best.family.length)) best = { role, family: root };
  }
  return best;
}

const ROLE_BY_PREFIX: readonly (readonly [string, SchemaRole])[] = [
  ['Base', 'base'],
  ['Create', 'create'],
  ['Update', 'update'],
  ['Patch', 'update'],
  ['Read', 'public'],
  ['Public', 'public'],
];

const INTERFACE_PREFIX = /^I[A-Z]/;

/** Longest table name the class name starts with: `HeroPublicWithTeam` → `Hero`. */
function rootPrefix(name: string, roots: ReadonlySet<string>): string | undefined {
  for (let length = name.length - 1; length > 0; length--) {
    const prefix = name.slice(0, length);
    if (roots.has(prefix)) return prefix;
  }
  return undefined;
}

/** What of a draft its role depends on: its name, whether it is a table, its envelope shape. */
const roleKeys = new WeakMap<ModelDraft, string>();

function roleKeyOf(draft: ModelDraft): string {
  let key = roleKeys.get(draft);
  if (key === undefined) {
    const shape = envelopeShape(draft);
    key = `${draft.name}\t${draft.table}\t${shape ? `${shape.element}\t${shape.count ? 'count' : ''}` : '-'}`;
    roleKeys.set(draft, key);
  }
  return key;
}

/**
 * The roles of the last classification, by what they were read from: while every draft's name,
 * table flag and envelope shape stand, in the same order, the roles and families stand too.
 */
export class FamilyMemo {
  drafts: readonly ModelDraft[] | undefined;
  roles: readonly { role: SchemaRole; family: string }[] = [];
  families: SchemaFamily[] = [];
}

/** The same drafts in the same order, or drafts a role is read the same from (compared only when not the same). */
function sameRoleSources(before: readonly ModelDraft[], now: readonly ModelDraft[]): boolean {
  return before.length === now.length && before.every((draft, i) => draft === now[i] || roleKeyOf(draft) === roleKeyOf(now[i] as ModelDraft));
}

export function classifyFamilies(
  drafts: readonly ModelDraft[],
  memo?: FamilyMemo,
): {
  models: ModelFact[];
  families: SchemaFamily[];
} {
  if (memo?.drafts && sameRoleSources(memo.drafts, drafts)) {
    return { models: drafts.map((draft, i) => withRole(draft, memo.roles[i] ?? { role: 'other', family: draft.name })), families: memo.families };
  }
  const classified = classifyAll(drafts);
  if (memo) {
    memo.drafts = drafts;
    memo.roles = classified.models.map((model) => ({ role: model.role, family: model.family }));
    memo.families = classified.families;
  }
  return classified;
}

function classifyAll(drafts: readonly ModelDraft[]): {
  models: ModelFact[];
  families: SchemaFamily[];
} {
  const roots = new Set(drafts.filter((draft) => draft.table).map((draft) => draft.name));
  const assigned = new Map<ModelDraft, { role: SchemaRole; family: string }>();
  for (const draft of drafts) {
    if (draft.table) assigned.set(draft, { role: 'table', family: draft.name });
    else assigned.set(draft, roleByName(draft.name, roots) ?? { role: 'other', family: rootPrefix(draft.name, roots) ?? draft.name });
  }
  const familyOfName = new Map<string, string>();
  for (const [draft, role] of assigned) {
    if (role.role !== 'other' && !familyOfName.has(draft.name)) familyOfName.set(draft.name, role.family);
  }
  for (const draft of drafts) {
    const current = assigned.get(draft);
    if (draft.table || (current && current.role !== 'other' && current.role !== 'public')) continue;
    const shape = envelopeShape(draft);
    const family = shape ? familyOfName.get(shape.element) : undefined;
    if (!shape || family === undefined) continue;
    if (shape.count || listNames(family).includes(draft.name)) assigned.set(draft, { role: 'list', family });
  }
  const models: ModelFact[] = drafts.map((draft) => withRole(draft, assigned.get(draft) ?? { role: 'other', family: draft.name }));
  return { models, families: buildFamilies(models) };
}

/** Drafts are reused between updates; so are the models made from them while their role holds. */
const modelsByDraft = new WeakMap<ModelDraft, ModelFact>();

function withRole(draft: ModelDraft, assigned: { role: SchemaRole; family: string }): ModelFact {
  const known = modelsByDraft.get(draft);
  if (known && known.role === assigned.role && known.family === assigned.family) return known;
  const model: ModelFact = { ...draft, role: assigned.role, family: assigned.family };
  modelsByDraft.set(draft, model);
  return model;
}

/**
 * One class per role of each family. Where several claim a role (a `UserResponse` of some API
 * client beside the `UserRead` next to the table), the one closest to the table wins: in its
 * file, then in its folder, then a subclass of the table's own family; else the first listed.
 */
function buildFamilies(models: readonly ModelFact[]): SchemaFamily[] {
  const byRoot = new Map<string, { -readonly [K in keyof SchemaFamily]: SchemaFamily[K] }>();
  const tableFile = new Map(models.filter((model) => model.table).map((model) => [model.name, model.file]));
  const chosen = new Map<string, { readonly closeness: number }>();
  for (const model of models) {
    if (model.role === 'other') continue;
    let family = byRoot.get(model.family);
    if (!family) {
      family = { root: model.family };
      byRoot.set(model.family, family);
    }
    const role = model.role;
    const key = `${model.family}\0${role}`;
    const closeness = closenessToTable(model, tableFile.get(model.family));
    if (family[role] === undefined || closeness > (chosen.get(key)?.closeness ?? 0)) {
      family[role] = model.name;
      chosen.set(key, { closeness });
    }
  }
  return [...byRoot.values()].filter((family) => family.table !== undefined);
}

function closenessToTable(model: ModelFact, tableFile: string | undefined): number {
  if (tableFile === undefined) return 0;
  const folder = (path: string): string => path.slice(0, path.lastIndexOf('/') + 1);
  if (model.file === tableFile) return 3;
  if (folder(model.file) === folder(tableFile)) return 2;
  return model.mro.some((name) => name.startsWith(model.family)) ? 1 : 0;
}
