/**
 * A large OpenAPI 3.0 document of this project's own for the spec benchmark: RESOURCE_NAMES.length
 * tagged collections (list / create / read / update / replace / delete) with extra actions per
 * resource, parameters in every location (path, query incl. arrays and enums, header, cookie),
 * JSON, form and multipart bodies, a binary download, `$ref`s to component schemas, parameters and
 * responses, `allOf`, enums, formats and constraints, and security by API key, bearer token, HTTP
 * basic, two schemes in one requirement and alternatives.
 *
 *   tsx scripts/bench/make-large-spec.ts OUT.json   (the benchmark calls largeSpec() itself)
 */
import { writeFileSync } from 'node:fs';

type Json = Record<string, unknown>;

export const RESOURCE_NAMES = [
  'widget', 'gadget', 'sprocket', 'bolt', 'crate', 'pallet', 'vendor', 'invoice', 'shipment', 'route',
  'driver', 'vehicle', 'depot', 'region', 'contract', 'ticket', 'sensor', 'reading', 'parcel', 'label',
] as const;

const pascal = (word: string): string => `${word[0]?.toUpperCase() ?? ''}${word.slice(1)}`;
const ref = (kind: string, name: string): Json => ({ $ref: `#/components/${kind}/${name}` });
const json = (schema: Json): Json => ({ 'application/json': { schema } });

/** Which credentials a resource's operations ask for, cycling through every kind. */
function securityOf(index: number): Json[] | undefined {
  switch (index % 5) {
    case 0:
      return undefined;
    case 1:
      return [{ apiKeyHeader: [] }];
    case 2:
      return [{ bearerAuth: [] }];
    case 3:
      return [{ basicAuth: [] }];
    default:
      // Both schemes at once, or a bearer token instead.
      return [{ apiKeyQuery: [], basicAuth: [] }, { bearerAuth: [] }];
  }
}

function resourceSchemas(name: string): Record<string, Json> {
  const type = pascal(name);
  const input: Json = {
    type: 'object',
    required: ['name', 'quantity', 'status'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 80, description: `Name of the ${name}` },
      slug: { type: 'string', pattern: '^[a-z]+$', maxLength: 40 },
      status: ref('schemas', 'Status'),
      quantity: { type: 'integer', minimum: 0, maximum: 10000 },
      price: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1000000, multipleOf: 0.01 },
      active: { type: 'boolean', default: true },
      released: { type: 'string', format: 'date', nullable: true },
      contact: { type: 'string', format: 'email' },
      ownerId: { type: 'string', format: 'uuid' },
    },
  };
  const patch: Json = { type: 'object', properties: input['properties'] };
  return {
    [`${type}Input`]: input,
    [`${type}Patch`]: patch,
    [type]: { allOf: [ref('schemas', `${type}Input`), { type: 'object', required: ['id'], properties: { id: { type: 'integer', format: 'int64', minimum: 1 } } }] },
  };
}

function resourcePaths(name: string, index: number): Record<string, Json> {
  const type = pascal(name);
  const plural = `${name}s`;
  const security = securityOf(index);
  const common = (operationId: string, summary: string): Json => ({ operationId, summary, tags: [plural], ...(security === undefined ? {} : { security }) });
  const idParameter = { name: `${name}Id`, in: 'path', required: true, schema: { type: 'integer', format: 'int64', minimum: 1 } };
  const item = json(ref('schemas', type));
  const paths: Record<string, Json> = {
    [`/${plural}`]: {
      get: {
        ...common(`list${type}s`, `List ${plural}`),
        parameters: [ref('parameters', 'Offset'), ref('parameters', 'Limit'), { name: 'status', in: 'query', schema: ref('schemas', 'Status') }, ref('parameters', 'RequestId')],
        responses: { '200': { description: `A page of ${plural}`, content: json({ type: 'array', items: ref('schemas', type) }) } },
      },
      post: {
        ...common(`create${type}`, `Create a ${name}`),
        requestBody: { required: true, content: json(ref('schemas', `${type}Input`)) },
        responses: { '201': { description: 'Created', content: item }, '409': ref('responses', 'Conflict') },
      },
    },
    [`/${plural}/{${name}Id}`]: {
      parameters: [idParameter],
      get: { ...common(`read${type}`, `Read a ${name}`), responses: { '200': { description: 'Found', content: item }, '404': ref('responses', 'NotFound') } },
      patch: {
        ...common(`update${type}`, `Update some fields of a ${name}`),
        requestBody: { required: true, content: json(ref('schemas', `${type}Patch`)) },
        responses: { '200': { description: 'Updated', content: item }, '404': ref('responses', 'NotFound') },
      },
      put: {
        ...common(`replace${type}`, `Replace a ${name}`),
        requestBody: { required: true, content: json(ref('schemas', `${type}Input`)) },
        responses: { '200': { description: 'Replaced', content: item }, '404': ref('responses', 'NotFound') },
      },
      delete: { ...common(`delete${type}`, `Delete a ${name}`), responses: { '204': { description: 'Deleted' }, '404': ref('responses', 'NotFound') } },
    },
    [`/${plural}/{${name}Id}/archive`]: {
      post: {
        ...common(`archive${type}`, `Archive a ${name}`),
        parameters: [
          idParameter,
          { name: 'X-Reason', in: 'header', required: true, schema: { type: 'string', minLength: 3 } },
          { name: 'session_hint', in: 'cookie', schema: { type: 'string' } },
        ],
        responses: { '202': { description: 'Accepted', content: json(ref('schemas', 'Receipt')) } },
      },
    },
    [`/${plural}/{${name}Id}/history`]: {
      get: {
        ...common(`history${type}`, `Changes to a ${name}`),
        parameters: [
          idParameter,
          { name: 'kinds', in: 'query', schema: { type: 'array', items: { type: 'string', enum: ['created', 'updated', 'archived'] } } },
          { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
        ],
        responses: { '200': { description: 'Events, newest first', content: json({ type: 'array', items: ref('schemas', 'Event') }) } },
      },
    },
  };
  if (index % 4 === 0) {
    paths[`/${plural}/{${name}Id}/attachments`] = {
      post: {
        ...common(`attachTo${type}`, `Attach a file to a ${name}`),
        parameters: [idParameter],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, caption: { type: 'string', maxLength: 200 } } },
            },
          },
        },
        responses: { '201': { description: 'Stored', content: json(ref('schemas', 'Receipt')) } },
      },
    };
  }
  if (index % 5 === 1) {
    paths[`/${plural}/{${name}Id}/notes`] = {
      post: {
        ...common(`note${type}`, `Add a note to a ${name}`),
        parameters: [idParameter],
        requestBody: {
          required: true,
          content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 }, pinned: { type: 'boolean' } } } } },
        },
        responses: { '201': { description: 'Noted', content: json(ref('schemas', 'Receipt')) } },
      },
    };
  }
  if (index % 3 === 2) {
    paths[`/${plural}/{${name}Id}/export`] = {
      get: {
        ...common(`export${type}`, `Export a ${name}`),
        parameters: [idParameter],
        responses: { '200': { description: 'The export', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } },
      },
    };
  }
  return paths;
}

/** The document; deterministic, so every run benchmarks the same input. */
export function largeSpec(): Json {
  const paths: Record<string, Json> = {};
  const schemas: Record<string, Json> = {
    Status: { type: 'string', enum: ['draft', 'active', 'retired'] },
    Receipt: { type: 'object', required: ['accepted', 'at'], properties: { accepted: { type: 'boolean' }, at: { type: 'string', format: 'date-time' }, note: { type: 'string' } } },
    Event: { type: 'object', required: ['kind', 'at'], properties: { kind: { type: 'string' }, at: { type: 'string', format: 'date-time' }, detail: { type: 'object', additionalProperties: { type: 'string' } } } },
    Problem: { type: 'object', required: ['detail'], properties: { detail: { type: 'string' } } },
  };
  RESOURCE_NAMES.forEach((name, index) => {
    Object.assign(paths, resourcePaths(name, index));
    Object.assign(schemas, resourceSchemas(name));
  });
  return {
    openapi: '3.0.3',
    info: { title: 'Depot Operations', version: '2.0.0', description: 'A large API for the spec engine benchmark.' },
    servers: [{ url: '/api/v1' }],
    paths,
    components: {
      schemas,
      parameters: {
        Offset: { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        Limit: { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
        RequestId: { name: 'X-Request-Id', in: 'header', schema: { type: 'string', format: 'uuid' } },
      },
      responses: {
        NotFound: { description: 'No such item', content: json(ref('schemas', 'Problem')) },
        Conflict: { description: 'Already exists', content: json(ref('schemas', 'Problem')) },
      },
      securitySchemes: {
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        basicAuth: { type: 'http', scheme: 'basic' },
      },
    },
  };
}

/** Number of operations in a document's `paths`. */
export function operationCount(document: Json): number {
  const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
  return Object.values(document['paths'] as Record<string, Json>).reduce((count, item) => count + Object.keys(item).filter((key) => methods.has(key)).length, 0);
}

if (require.main === module) {
  const out = process.argv[2];
  if (out === undefined) {
    process.stderr.write('usage: tsx scripts/bench/make-large-spec.ts OUT.json\n');
    process.exit(2);
  }
  const document = largeSpec();
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`${out}: ${operationCount(document)} operations\n`);
}
