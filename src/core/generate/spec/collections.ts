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
    const idSchema = catalog.resolve(idParameter.schema);
    const idType = idSchema.kind === 'primitive' && idSchema.type === 'integer' ? 'int' : idSchema.kind === 'primitive' && idSchema.format === 'uuid' ? 'uuid.UUID' : undefined;
    if (idType === undefined) continue;
    const component = [...catalog.classes()].find((generated) => generated.name === itemClass);
    if (component?.schema.kind !== 'object') continue;
    const properties = [...collectProperties(catalog, component.schema)];
    const idProperty = properties.find((property) => property.name === 'id');
    if (idProperty === undefined) continue;

    const columns: TableColumn[] = [];
    let storable = true;
    for (const property of properties) {
      const name = fieldName(property.name);
      if (property.name === 'id') {
        columns.push(
          idType === 'int'
            ? { name, annotation: 'int | None', line: `${INDENT}id: int | None = Field(default=None, primary_key=True)` }
            : { name, annotation: 'uuid.UUID', line: `${INDENT}id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)` },
        );
        if (idType === 'uuid.UUID') tableUse.imports.module('uuid');
        continue;
      }
      const type = columnType(catalog, property.schema, tableUse);
      if (type === undefined) {
        storable = false;
        break;
      }
      const optional = !property.required || property.schema.nullable;
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
    collections.push({
      itemClass,
      table: { name: tableName, ...(existing === undefined ? {} : { module: existing.module }), isNew: !sameFields, columns },
      idParameter: idParameter.name,
      idType,
      actions,
      collectionPath: path,
    });
  }
  return collections;
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
  readonly id?: string;
  readonly body?: string;
  readonly offset?: string;
  readonly limit?: string;
  /** Query parameters named like a column: `(parameter, column)`, applied as equality filters. */
  readonly filters?: readonly (readonly [string, string])[];
}

/** The body of an implemented handler. */
export function handlerBody(collection: Collection, action: CollectionAction, names: HandlerNames, use: TypeUse, notFound: string): string[] {
  const table = collection.table.name;
  const item = collection.itemClass;
  const session = names.session;
  const toItem = (row: string): string => `${item}.model_validate(${row}, from_attributes=True)`;
  const fetch = [
    `${INDENT}row = ${session}.get(${table}, ${names.id ?? 'id'})`,
    `${INDENT}if row is None:`,
    bracketed(`${INDENT}${INDENT}`, 'raise HTTPException', ['status_code=404', `detail="${notFound}"`]),
  ];
  const save = [`${INDENT}${session}.add(row)`, `${INDENT}${session}.commit()`, `${INDENT}${session}.refresh(row)`, `${INDENT}return ${toItem('row')}`];
  switch (action) {
    case 'list': {
      use.imports.from('sqlmodel', 'select');
      let statement = `select(${table})`;
      if (names.offset !== undefined) statement += `.offset(${names.offset})`;
      if (names.limit !== undefined) statement += `.limit(${names.limit})`;
      const filters = (names.filters ?? []).flatMap(([parameter, column]) => [
        `${INDENT}if ${parameter} is not None:`,
        bracketed(`${INDENT}${INDENT}`, 'statement = statement.where', [`${table}.${column} == ${parameter}`]),
      ]);
      return [
        `${INDENT}statement = select(${table})`,
        ...filters,
        ...(statement === `select(${table})` ? [] : [`${INDENT}statement = statement${statement.slice(`select(${table})`.length)}`]),
        `${INDENT}rows = ${session}.exec(statement).all()`,
        `${INDENT}return [${toItem('row')} for row in rows]`,
      ];
    }
    case 'create':
      return [`${INDENT}row = ${table}.model_validate(${names.body ?? 'body'}.model_dump())`, ...save];
    case 'read':
      return [...fetch, `${INDENT}return ${toItem('row')}`];
    case 'update':
      return [...fetch, `${INDENT}row.sqlmodel_update(${names.body ?? 'body'}.model_dump(exclude_unset=True))`, ...save];
    case 'replace':
      return [...fetch, `${INDENT}row.sqlmodel_update(${names.body ?? 'body'}.model_dump())`, ...save];
    case 'delete':
      return [...fetch, `${INDENT}${session}.delete(row)`, `${INDENT}${session}.commit()`];
  }
}
