/**
 * Tests of implemented collection handlers, in the CRUD engine's style: create and read back,
 * list, update, delete then 404, and 404 for a row that does not exist — every request made
 * from the spec's own schemas, against the test database.
 */
import type { SpecOperation } from '../../spec/model';
import { assertion, bracketed, INDENT, pyString, signature } from '../python/text';
import type { Collection, CollectionAction } from './collections';
import { collectProperties } from './operation-code';
import type { SecurityDependency } from './operation-code';
import { pythonLiteral } from './python-literals';
import { sampleValue } from './samples';
import type { TestModuleContext } from './spec-tests';

export interface CollectionTestInput {
  readonly collection: Collection;
  readonly operations: ReadonlyMap<CollectionAction, { readonly operation: SpecOperation; readonly functionName: string }>;
  readonly security: readonly SecurityDependency[];
}

const MISSING_ID: Readonly<Record<Collection['idType'], string>> = { int: '999999', str: 'missing', 'uuid.UUID': '00000000-0000-4000-8000-000000000000' };

/** The item's URL: an f-string over `id` (an expression), or with `literal` written in. */
function itemUrl(context: TestModuleContext, operation: SpecOperation, id: string, literal = false): string {
  const path = operation.path.replace(/\{[^}]+\}/, literal ? id : `{${id}}`);
  return `${literal ? '' : 'f'}${pyString(`${context.basePath}${path}`)}`;
}

/** A string field of the body to change, and its new value. */
function changedField(context: TestModuleContext, operation: SpecOperation): { name: string; value: string } | undefined {
  const schema = operation.body === undefined ? undefined : context.catalog.resolve(operation.body.schema);
  const object = schema?.kind === 'ref' ? context.catalog.component(schema.name) : schema;
  if (object?.kind !== 'object') return undefined;
  for (const property of collectProperties(context.catalog, object)) {
    const resolved = context.catalog.resolve(property.schema);
    if (resolved.kind !== 'primitive' || resolved.type !== 'string' || resolved.format !== undefined || resolved.enum !== undefined) continue;
    const { minLength = 0, maxLength = 100, pattern } = resolved.constraints;
    if (pattern !== undefined || minLength > 7 || maxLength < 7) continue;
    return { name: property.name, value: 'changed' };
  }
  return undefined;
}

/**
 * Arguments for the operation's required query and header parameters: the created row's value
 * where the parameter names one of its properties (a filter that must find it), else a sample.
 */
function requiredArguments(context: TestModuleContext, operation: SpecOperation, created: Record<string, unknown> | undefined): string[] {
  const query: string[] = [];
  const headers: string[] = [];
  for (const parameter of operation.parameters) {
    if (!parameter.required || (parameter.location !== 'query' && parameter.location !== 'header')) continue;
    const fromRow = created !== undefined && parameter.name in created && parameter.location === 'query';
    const sample = sampleValue(context.catalog, parameter.schema);
    const value = fromRow ? `created[${pyString(parameter.name)}]` : pythonLiteral(parameter.location === 'header' && typeof sample !== 'string' ? JSON.stringify(sample) : sample);
    (parameter.location === 'query' ? query : headers).push(`${pyString(parameter.name)}: ${value}`);
  }
  return [...(query.length > 0 ? [`params={${query.join(', ')}}`] : []), ...(headers.length > 0 ? [`headers={${headers.join(', ')}}`] : [])];
}

export function renderCollectionTests(input: CollectionTestInput, context: TestModuleContext, fixtureParameters: readonly string[]): string[] {
  const { collection, operations } = input;
  const create = operations.get('create');
  const read = operations.get('read');
  const blocks: string[] = [];
  const client = context.client;
  context.imports.from('fastapi.testclient', 'TestClient');
  const parameters = [`${client}: TestClient`, ...fixtureParameters];
  const header = (name: string): string => signature('', `def ${context.names.claim(name)}`, parameters, ' -> None:');
  // Requests of an async client are awaited: each is a statement of its own, laid out as the sync one.
  const wait = context.awaits === true ? 'await ' : '';
  const send = (target: string, method: string, args: readonly string[]): string => bracketed(INDENT, `${target} = ${wait}${client}.${method}`, args);
  // A string id the client chooses must also be one the item's URL accepts (its pattern).
  const idParameter = read?.operation.parameters.find((parameter) => parameter.location === 'path' && parameter.name === collection.idParameter);
  const stringId = collection.idType === 'str' && idParameter !== undefined ? sampleValue(context.catalog, idParameter.schema) : undefined;
  const sampled = create?.operation.body === undefined ? undefined : sampleValue(context.catalog, create.operation.body.schema);
  const body =
    collection.clientIds && typeof stringId === 'string' && typeof sampled === 'object' && sampled !== null
      ? { ...(sampled as Record<string, unknown>), [collection.idProperty]: stringId }
      : sampled;
  const missingId = typeof stringId === 'string' ? encodeURIComponent(stringId) : MISSING_ID[collection.idType];
  if (read !== undefined) {
    blocks.push(
      [
        header(`test_${read.functionName}_answers_404_for_a_missing_row`),
        send('response', 'get', [itemUrl(context, read.operation, missingId, true), ...requiredArguments(context, read.operation, undefined)]),
        `${INDENT}assert response.status_code == 404`,
      ].join('\n'),
    );
  }
  if (create === undefined || body === undefined || read === undefined) return blocks;
  const createLine = (target: string): string => send(target, 'post', [pyString(`${context.basePath}${create.operation.path}`), `json=${pythonLiteral(body)}`]);
  const created = context.awaits === true ? [createLine('created_response'), `${INDENT}created = created_response.json()`] : [`${createLine('created')}.json()`];
  const row = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  const readArguments = requiredArguments(context, read.operation, row);
  const readBack = (check: (read: string) => string): string[] =>
    context.awaits === true || readArguments.length > 0
      ? [send('read', 'get', [itemUrl(context, read.operation, createdId), ...readArguments]), check('read')]
      : [check(`${client}.get(${itemUrl(context, read.operation, createdId)})`)];
  const createdId = `created[${pyString(collection.idProperty).replace(/"/g, "'")}]`;
  blocks.push(
    [
      header(`test_${create.functionName}_stores_the_row`),
      createLine('response'),
      `${INDENT}assert response.status_code == ${successStatus(create.operation)}`,
      `${INDENT}created = response.json()`,
      send('read', 'get', [itemUrl(context, read.operation, createdId), ...readArguments]),
      `${INDENT}assert read.status_code == 200`,
      `${INDENT}assert read.json() == created`,
    ].join('\n'),
  );
  if (collection.clientIds) {
    blocks.push(
      [
        header(`test_${create.functionName}_refuses_a_taken_id`),
        `${createLine('first')}`,
        `${INDENT}assert first.status_code == ${successStatus(create.operation)}`,
        createLine('second'),
        `${INDENT}assert second.status_code == 409`,
      ].join('\n'),
    );
  }
  const list = operations.get('list');
  if (list !== undefined) {
    blocks.push(
      [
        header(`test_${list.functionName}_includes_a_created_row`),
        ...created,
        send('response', 'get', [pyString(`${context.basePath}${list.operation.path}`), ...requiredArguments(context, list.operation, row)]),
        `${INDENT}assert response.status_code == 200`,
        `${INDENT}assert created in response.json()`,
      ].join('\n'),
    );
  }
  for (const action of ['update', 'replace'] as const) {
    const update = operations.get(action);
    const change = update === undefined ? undefined : changedField(context, update.operation);
    if (update === undefined || change === undefined) continue;
    const sent = action === 'update' ? { [change.name]: change.value } : { ...(body as Record<string, unknown>), [change.name]: change.value };
    blocks.push(
      [
        header(`test_${update.functionName}_changes_the_row`),
        ...created,
        send('response', update.operation.method, [itemUrl(context, update.operation, createdId), `json=${pythonLiteral(sent)}`, ...requiredArguments(context, update.operation, row)]),
        `${INDENT}assert response.status_code == 200`,
        assertion(INDENT, `response.json()[${pyString(change.name)}]`, '==', pyString(change.value)),
        ...readBack((read) => assertion(INDENT, `${read}.json()`, '==', 'response.json()')),
      ].join('\n'),
    );
  }
  const remove = operations.get('delete');
  if (remove !== undefined) {
    blocks.push(
      [
        header(`test_${remove.functionName}_removes_the_row`),
        ...created,
        send('response', 'delete', [itemUrl(context, remove.operation, createdId), ...requiredArguments(context, remove.operation, row)]),
        `${INDENT}assert response.status_code == ${successStatus(remove.operation)}`,
        ...readBack((read) => `${INDENT}assert ${read}.status_code == 404`),
      ].join('\n'),
    );
  }
  return blocks;
}

function successStatus(operation: SpecOperation): number {
  const codes = operation.responses.map((response) => response.status).filter((status) => /^2\d\d$/.test(status)).sort();
  return codes[0] === undefined ? 200 : Number(codes[0]);
}
