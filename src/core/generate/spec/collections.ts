/**
 * Collection-shaped resources: list / create on `/things` and read / update / delete on
 * `/things/{id}` with one object schema for the item. Each is stored in a SQLModel table — the
 * project's own table model of that name when its fields match, else a new one — and its
 * handlers are written with the same idioms as the CRUD engine's routes (`session.get`,
 * `select` with offset and limit, `model_validate`, `sqlmodel_update` of `exclude_unset` data,
 * 404 with a detail).
 */
import type { ProjectFacts } from '../../project/facts';
import type { SchemaNode, SpecOperation } from '../../spec/model';
import { INDENT, bracketed } from '../python/text';
import { className, fieldName } from './names';
import { collectProperties, successOf } from './operation-code';
import type { SchemaCatalog, TypeUse } from './python-types';

export type CollectionAction = 'list' | 'create' | 'read' | 'update' | 'replace' | 'delete';

export interface TableColumn {
  readonly name: string;
  readonly annotation: string;
  readonly line: string;
}

export interface Collection {
  /** The item's schema class (`Pet`) and the table model that stores it. */
  readonly itemClass: string;
  readonly table: { readonly name: string; readonly module?: string; readonly isNew: boolean; readonly columns: readonly TableColumn[] };
  readonly idParameter: string;
  readonly idType: 'int' | 'str' | 'uuid.UUID';
  /** The item's property that holds its id (`id`, `isbn`), as the JSON names it. */
  readonly idProperty: string;
  /** Clients choose the id (it is in the create body): a create with a taken one answers 409. */
  readonly clientIds: boolean;
  /** An integer id the spec does not keep within 64 bits (no row can have a larger one). */
  readonly idBeyond64Bits: boolean;
  readonly actions: ReadonlyMap<string, CollectionAction>;
  readonly collectionPath: string;
}

function isObjectClass(catalog: SchemaCatalog, schema: SchemaNode | undefined): string | undefined {
  if (schema?.kind !== 'ref') return undefined;
  const name = catalog.classOf(schema.name);
  return name !== undefined && catalog.component(schema.name)?.kind === 'object' ? name : undefined;
}

function responseItem(catalog: SchemaCatalog, operation: SpecOperation, list: boolean): string | undefined {
  const schema = successOf(operation).response?.schema;
  if (list) return schema?.kind === 'array' ? isObjectClass(catalog, schema.items) : undefined;
  return isObjectClass(catalog, schema);
}

/** A value JSON holds as it is: no dates, ids or bytes that would need converting first. */
function jsonNative(catalog: SchemaCatalog, schema: SchemaNode, depth = 0): boolean {
  if (depth > 6) return false;
  const resolved = catalog.resolve(schema);
  switch (resolved.kind) {
    case 'ref': {
      const component = catalog.component(resolved.name);
      return component !== undefined && jsonNative(catalog, component, depth + 1);
    }
    case 'primitive':
      return resolved.type !== 'string' || resolved.format === undefined || !/^(date|date-time|time|uuid|binary|byte)$/.test(resolved.format);
    case 'array':
      return jsonNative(catalog, resolved.items, depth + 1);
    case 'object':
      return [...collectProperties(catalog, resolved)].every((property) => jsonNative(catalog, property.schema, depth + 1)) &&
        (resolved.additional === undefined || jsonNative(catalog, resolved.additional, depth + 1));
    case 'union':
      return resolved.variants.every((variant) => jsonNative(catalog, variant, depth + 1));
    case 'any':
      return true;
  }
}

/** Lists and objects are kept in a JSON column, as the dictionaries and lists `model_dump` gives. */
function jsonColumnType(catalog: SchemaCatalog, schema: SchemaNode, use: TypeUse): string | undefined {
  const resolved = catalog.resolve(schema);
  const isObject = resolved.kind === 'object' || (resolved.kind === 'ref' && catalog.component(resolved.name)?.kind === 'object');
  if ((resolved.kind !== 'array' && !isObject) || !jsonNative(catalog, schema)) return undefined;
  use.imports.from('typing', 'Any');
  use.imports.from('sqlalchemy', 'JSON', 'Column');
  return resolved.kind === 'array' ? 'list[Any]' : 'dict[str, Any]';
}

/** Column annotations SQLModel can store; undefined for anything else (the resource stays a stub). */
function columnType(catalog: SchemaCatalog, schema: SchemaNode, use: TypeUse): string | undefined {
  const resolved = catalog.resolve(schema);
  if (resolved.kind === 'ref') {
    const component = catalog.component(resolved.name);
    return component?.kind === 'primitive' && component.enum !== undefined ? catalog.annotation({ ...schema, nullable: false }, use) : undefined;
  }
  if (resolved.kind !== 'primitive' || resolved.enum !== undefined || resolved.const !== undefined) return undefined;
  switch (resolved.type) {
    case 'integer':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'string':
      if (resolved.format === 'date' || resolved.format === 'date-time' || resolved.format === 'uuid') {
        return catalog.annotation({ ...resolved, nullable: false }, use);
      }
      return resolved.format === 'binary' || resolved.format === 'byte' ? undefined : 'str';
  }
}

const INT64_MAX = 2n ** 63n - 1n;

/** Whether an integer's declared bounds keep it within what a SQL column stores (64 bits). */
export function within64Bits(constraints: { readonly minimum?: number; readonly maximum?: number; readonly exclusiveMinimum?: number; readonly exclusiveMaximum?: number }): boolean {
  const upper = constraints.maximum ?? constraints.exclusiveMaximum;
  const lower = constraints.minimum ?? constraints.exclusiveMinimum;
  return upper !== undefined && lower !== undefined && BigInt(Math.floor(upper)) <= INT64_MAX && BigInt(Math.ceil(lower)) >= -INT64_MAX - 1n;
}

export function findCollections(
  facts: ProjectFacts,
  catalog: SchemaCatalog,
  operations: readonly SpecOperation[],
  tableUse: TypeUse,
  warnings: string[],
): Collection[] {
  const byPath = new Map<string, SpecOperation[]>();
  for (const operation of operations) byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), operation]);
  const collections: Collection[] = [];
  const tableNames = new Set(facts.models.map((model) => model.name));
  for (const [path, onCollection] of byPath) {
    if (/\{[^}]+\}/.test(path)) continue;
    const itemPath = [...byPath.keys()].find((candidate) => candidate.startsWith(`${path.replace(/\/$/, '')}/{`) && /^\/\{[^}/]+\}$/.test(candidate.slice(path.replace(/\/$/, '').length)));
    if (itemPath === undefined) continue;
    const onItem = byPath.get(itemPath) ?? [];
    const list = onCollection.find((operation) => operation.method === 'get');
    const create = onCollection.find((operation) => operation.method === 'post');
    const read = onItem.find((operation) => operation.method === 'get');
    const itemClass = (list && responseItem(catalog, list, true)) ?? (read && responseItem(catalog, read, false));
    if (itemClass === undefined || read === undefined || responseItem(catalog, read, false) !== itemClass) continue;
    const idParameter = read.parameters.find((parameter) => parameter.location === 'path');
    if (idParameter === undefined) continue;
    const idType = idTypeOf(catalog, idParameter.schema);
    if (idType === undefined) continue;
    const component = [...catalog.classes()].find((generated) => generated.name === itemClass && generated.requestOf === undefined);
    if (component?.schema.kind !== 'object') continue;
    const properties = [...collectProperties(catalog, component.schema)];
    // The property the path parameter names (`isbn` for `/books/{isbn}`), else `id`.
    const idProperty = properties.find((property) => property.name === idParameter.name) ?? properties.find((property) => property.name === 'id');
    if (idProperty === undefined || idTypeOf(catalog, idProperty.schema) !== idType) continue;

    const columns: TableColumn[] = [];
    let storable = true;
    for (const property of properties) {
      const name = fieldName(property.name);
      if (property === idProperty) {
        columns.push(idColumn(name, idType));
        if (idType === 'uuid.UUID') tableUse.imports.module('uuid');
        continue;
      }
      const optional = !property.required || property.schema.nullable;
      const json = jsonColumnType(catalog, property.schema, tableUse);
      if (json !== undefined) {
        const annotation = optional ? `${json} | None` : json;
        const field = optional ? 'Field(default=None, sa_column=Column(JSON))' : 'Field(sa_column=Column(JSON, nullable=False))';
        columns.push({ name, annotation, line: `${INDENT}${name}: ${annotation} = ${field}` });
        continue;
      }
      const type = columnType(catalog, property.schema, tableUse);
      if (type === undefined) {
        storable = false;
        break;
      }
      const annotation = optional ? `${type} | None` : type;
      columns.push({ name, annotation, line: `${INDENT}${name}: ${annotation}${optional ? ' = None' : ''}` });
    }
    if (!storable) continue;

    const actions = new Map<string, CollectionAction>();
    if (list !== undefined && responseItem(catalog, list, true) === itemClass) actions.set(list.operationId, 'list');
    if (create !== undefined && responseItem(catalog, create, false) === itemClass && create.body?.encoding === 'json' && isObjectClass(catalog, create.body.schema)) {
      actions.set(create.operationId, 'create');
    }
    actions.set(read.operationId, 'read');
    for (const operation of onItem) {
      if ((operation.method === 'patch' || operation.method === 'put') && responseItem(catalog, operation, false) === itemClass && operation.body?.encoding === 'json' && isObjectClass(catalog, operation.body.schema)) {
        actions.set(operation.operationId, operation.method === 'patch' ? 'update' : 'replace');
      }
      if (operation.method === 'delete' && successOf(operation).empty) actions.set(operation.operationId, 'delete');
    }
    // The project's table of the item's name, or the one an earlier run added (`PetRecord`).
    const existing = [itemClass, `${itemClass}Record`]
      .map((name) => facts.models.find((model) => model.table && model.name === name))
      .find((model) => model !== undefined);
    const missing = existing === undefined ? [] : columns.filter((column) => !existing.fields.some((field) => field.name === column.name));
    if (existing !== undefined && missing.length > 0) {
      warnings.push(
        `The table ${existing.name} has no column for ${missing.map((column) => column.name).join(', ')}; ` +
          `the ${path} handlers answer 501 until it has (changing a table is a migration, left to you).`,
      );
      continue;
    }
    const tableName = existing?.name ?? (() => {
      let name = className(`${itemClass}Record`);
      for (let index = 2; tableNames.has(name); index++) name = className(`${itemClass}Record${index}`);
      tableNames.add(name);
      return name;
    })();
    const sameFields = existing !== undefined;
    const createBody = create === undefined || !actions.has(create.operationId) ? undefined : catalog.resolve(create.body?.schema ?? { kind: 'any', ...NO_META });
    const createObject = createBody?.kind === 'ref' ? catalog.component(createBody.name) : createBody;
    const clientIds = createObject?.kind === 'object' && [...collectProperties(catalog, createObject)].some((property) => property.name === idProperty.name && !property.schema.readOnly);
    collections.push({
      itemClass,
      table: { name: tableName, ...(existing === undefined ? {} : { module: existing.module }), isNew: !sameFields, columns },
      idParameter: idParameter.name,
      idType,
      idProperty: idProperty.name,
      clientIds,
      idBeyond64Bits: idType === 'int' && !within64Bits(catalog.resolve(idParameter.schema).constraints),
      actions,
      collectionPath: path,
    });
  }
  return collections;
}

const NO_META = { nullable: false, readOnly: false, writeOnly: false, deprecated: false, constraints: {} } as const;

/** Ids a table can key rows by: integers, UUIDs and plain strings. */
function idTypeOf(catalog: SchemaCatalog, schema: SchemaNode): Collection['idType'] | undefined {
  const resolved = catalog.resolve(schema);
  if (resolved.kind !== 'primitive' || resolved.enum !== undefined || resolved.const !== undefined) return undefined;
  if (resolved.type === 'integer') return 'int';
  if (resolved.type !== 'string') return undefined;
  if (resolved.format === 'uuid') return 'uuid.UUID';
  return resolved.format === undefined ? 'str' : undefined;
}

function idColumn(name: string, idType: Collection['idType']): TableColumn {
  switch (idType) {
    case 'int':
      return { name, annotation: 'int | None', line: `${INDENT}${name}: int | None = Field(default=None, primary_key=True)` };
    case 'uuid.UUID':
      return { name, annotation: 'uuid.UUID', line: `${INDENT}${name}: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)` };
    case 'str':
      return { name, annotation: 'str', line: `${INDENT}${name}: str = Field(primary_key=True)` };
  }
}

/** The table model class for a new table. */
export function tableModelText(collection: Collection, use: TypeUse): string {
  use.imports.from('sqlmodel', 'Field', 'SQLModel');
  return [
    `class ${collection.table.name}(SQLModel, table=True):`,
    `${INDENT}"""Rows behind the ${collection.collectionPath} operations."""`,
    '',
    ...collection.table.columns.map((column) => column.line),
  ].join('\n');
}

export interface HandlerNames {
  readonly session: string;
  /** The session is an `AsyncSession`: its queries and commits are awaited. */
  readonly awaitSession?: boolean;
  readonly id?: string;
  readonly body?: string;
  readonly offset?: string;
  readonly limit?: string;
  /** Offset / limit parameters the spec lets exceed 64 bits: clamped to what SQL accepts. */
  readonly clamped?: ReadonlySet<'offset' | 'limit'>;
  /** Query parameters named like a column: `(parameter, column)`, applied as equality filters. */
  readonly filters?: readonly (readonly [string, string])[];
}

/** The body of an implemented handler. */
export function handlerBody(collection: Collection, action: CollectionAction, names: HandlerNames, use: TypeUse, notFound: string): string[] {
  const table = collection.table.name;
  const item = collection.itemClass;
  const session = names.session;
  const wait = names.awaitSession === true ? 'await ' : '';
  const toItem = (row: string): string => `${item}.model_validate(${row}, from_attributes=True)`;
  const id = names.id ?? 'id';
  const fetch = [
    ...(collection.idBeyond64Bits
      ? [`${INDENT}# A stored id has at most 64 bits: a larger one names no row.`, `${INDENT}row = ${wait}${session}.get(${table}, ${id}) if abs(${id}) < 2**63 else None`]
      : [`${INDENT}row = ${wait}${session}.get(${table}, ${id})`]),
    `${INDENT}if row is None:`,
    bracketed(`${INDENT}${INDENT}`, 'raise HTTPException', ['status_code=404', `detail="${notFound}"`]),
  ];
  const save = [`${INDENT}${session}.add(row)`, `${INDENT}${wait}${session}.commit()`, `${INDENT}${wait}${session}.refresh(row)`, `${INDENT}return ${toItem('row')}`];
  const idField = fieldName(collection.idProperty);
  // A client-chosen id that is taken is the client's conflict, not a failed insert.
  const conflict = collection.clientIds
    ? [
        `${INDENT}if ${wait}${session}.get(${table}, row.${idField}) is not None:`,
        bracketed(`${INDENT}${INDENT}`, 'raise HTTPException', ['status_code=409', `detail="${item} already exists"`]),
      ]
    : [];
  switch (action) {
    case 'list': {
      use.imports.from('sqlmodel', 'select');
      let statement = `select(${table})`;
      const bound = (name: string, kind: 'offset' | 'limit'): string => (names.clamped?.has(kind) ? `min(${name}, 2**63 - 1)` : name);
      if (names.offset !== undefined) statement += `.offset(${bound(names.offset, 'offset')})`;
      if (names.limit !== undefined) statement += `.limit(${bound(names.limit, 'limit')})`;
      const filters = (names.filters ?? []).flatMap(([parameter, column]) => [
        `${INDENT}if ${parameter} is not None:`,
        bracketed(`${INDENT}${INDENT}`, 'statement = statement.where', [`${table}.${column} == ${parameter}`]),
      ]);
      return [
        ...(names.clamped !== undefined && names.clamped.size > 0 ? [`${INDENT}# SQL takes 64-bit offsets and limits; a larger one means the same as the largest.`] : []),
        `${INDENT}statement = select(${table})`,
        ...filters,
        ...(statement === `select(${table})` ? [] : [`${INDENT}statement = statement${statement.slice(`select(${table})`.length)}`]),
        wait === '' ? `${INDENT}rows = ${session}.exec(statement).all()` : `${INDENT}rows = (await ${session}.exec(statement)).all()`,
        `${INDENT}return [${toItem('row')} for row in rows]`,
      ];
    }
    case 'create':
      return [`${INDENT}row = ${table}.model_validate(${names.body ?? 'body'}.model_dump())`, ...conflict, ...save];
    case 'read':
      return [...fetch, `${INDENT}return ${toItem('row')}`];
    case 'update':
      return [...fetch, `${INDENT}row.sqlmodel_update(${names.body ?? 'body'}.model_dump(exclude_unset=True))`, ...save];
    case 'replace':
      return [...fetch, `${INDENT}row.sqlmodel_update(${names.body ?? 'body'}.model_dump())`, ...save];
    case 'delete':
      return [...fetch, `${INDENT}${wait}${session}.delete(row)`, `${INDENT}${wait}${session}.commit()`];
  }
}
