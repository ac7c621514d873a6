/**
 * Conformance of a running app to a spec: both read into SpecDocuments (the app's from
 * `app.openapi()`), compared operation by operation on what a client depends on — the
 * operation's presence, parameters (name, location, required, type), request body (required,
 * media type, properties), success response (status, shape, properties) and whether it is
 * secured. FastAPI's own 422 responses, operation ids, titles and the version are not compared.
 */
import type { SchemaNode, SpecDocument, SpecOperation } from './model';

export interface Difference {
  /** `GET /api/v3/pets/{petId}`. */
  readonly operation: string;
  readonly message: string;
}

function key(operation: SpecOperation, basePath: string): string {
  return `${operation.method.toUpperCase()} ${`${basePath}${operation.path}`.replace(/\/{2,}/g, '/')}`;
}

/** The shape of a schema a client sees: `integer`, `string`, `array<...>`, `object`, `any`. */
function shape(document: SpecDocument, node: SchemaNode | undefined, depth = 0): string {
  if (node === undefined) return 'none';
  if (depth > 5) return 'any';
  switch (node.kind) {
    case 'ref': {
      const target = document.schemas.find((schema) => schema.name === node.name)?.schema;
      return target === undefined ? 'any' : shape(document, target, depth + 1);
    }
    case 'primitive':
      return node.type === 'number' ? 'number' : node.type;
    case 'array':
      return `array<${shape(document, node.items, depth + 1)}>`;
    case 'object':
      return node.properties.length === 0 && node.bases.length === 0 && node.additional !== undefined ? 'map' : 'object';
    case 'union': {
      const parts = [...new Set(node.variants.map((variant) => shape(document, variant, depth + 1)))];
      return parts.length === 1 ? (parts[0] ?? 'any') : 'union';
    }
    case 'any':
      return 'any';
  }
}

/**
 * Which way a value travels: read-only properties are not part of a request, write-only ones
 * not part of a response (OpenAPI's meaning of the two flags).
 */
type Direction = 'request' | 'response';

/** Property names (and which are required) of an object schema, bases included. */
function properties(document: SpecDocument, node: SchemaNode | undefined, direction: Direction, depth = 0): Map<string, boolean> | undefined {
  if (node === undefined || depth > 5) return undefined;
  if (node.kind === 'ref') {
    return properties(document, document.schemas.find((schema) => schema.name === node.name)?.schema, direction, depth + 1);
  }
  if (node.kind !== 'object') return undefined;
  const result = new Map<string, boolean>();
  for (const base of node.bases) {
    const inherited = document.schemas.find((schema) => schema.name === base)?.schema;
    for (const [name, required] of properties(document, inherited, direction, depth + 1) ?? []) result.set(name, required);
  }
  for (const property of node.properties) {
    const left = direction === 'request' ? property.schema.readOnly : property.schema.writeOnly;
    if (left) result.delete(property.name);
    else result.set(property.name, property.required);
  }
  return result;
}

function compareProperties(label: string, expected: Map<string, boolean> | undefined, actual: Map<string, boolean> | undefined, out: string[], checkRequired: boolean): void {
  if (expected === undefined || actual === undefined) return;
  for (const [name, required] of expected) {
    if (!actual.has(name)) out.push(`${label}: property "${name}" is missing`);
    else if (checkRequired && actual.get(name) !== required) out.push(`${label}: property "${name}" is ${required ? 'required' : 'optional'} in the spec but ${required ? 'optional' : 'required'} in the app`);
  }
  for (const name of actual.keys()) if (!expected.has(name)) out.push(`${label}: property "${name}" is not in the spec`);
}

function successOf(operation: SpecOperation): { status: string; schema?: SchemaNode; mediaType?: string } | undefined {
  const success = operation.responses.filter((response) => /^2/.test(response.status)).sort((a, b) => a.status.localeCompare(b.status))[0];
  if (success === undefined) return undefined;
  return { status: success.status, ...(success.schema === undefined ? {} : { schema: success.schema }), ...(success.mediaType === undefined ? {} : { mediaType: success.mediaType }) };
}

function compareOperation(spec: SpecDocument, expected: SpecOperation, app: SpecDocument, actual: SpecOperation): string[] {
  const out: string[] = [];
  for (const parameter of expected.parameters) {
    const found = actual.parameters.find((candidate) => candidate.name === parameter.name && candidate.location === parameter.location);
    if (found === undefined) {
      out.push(`${parameter.location} parameter "${parameter.name}" is missing`);
      continue;
    }
    if (found.required !== parameter.required) out.push(`${parameter.location} parameter "${parameter.name}" is ${parameter.required ? 'required' : 'optional'} in the spec but not in the app`);
    const [want, got] = [shape(spec, parameter.schema), shape(app, found.schema)];
    if (want !== got && want !== 'any' && got !== 'any') out.push(`${parameter.location} parameter "${parameter.name}" is ${want} in the spec but ${got} in the app`);
  }
  for (const parameter of actual.parameters) {
    if (!expected.parameters.some((candidate) => candidate.name === parameter.name && candidate.location === parameter.location)) {
      out.push(`${parameter.location} parameter "${parameter.name}" is not in the spec${parameter.required ? ' (and required)' : ''}`);
    }
  }
  const [wantBody, gotBody] = [expected.body, actual.body];
  if (wantBody !== undefined && gotBody === undefined) out.push('the request body is missing');
  if (wantBody === undefined && gotBody !== undefined) out.push('the app takes a request body the spec does not declare');
  if (wantBody !== undefined && gotBody !== undefined) {
    if (wantBody.required !== gotBody.required) out.push(`the request body is ${wantBody.required ? 'required' : 'optional'} in the spec but not in the app`);
    if (wantBody.encoding !== gotBody.encoding) out.push(`the request body is ${wantBody.mediaType} in the spec but ${gotBody.mediaType} in the app`);
    else compareProperties('request body', properties(spec, wantBody.schema, 'request'), properties(app, gotBody.schema, 'request'), out, true);
  }
  const [wantSuccess, gotSuccess] = [successOf(expected), successOf(actual)];
  if (wantSuccess !== undefined && gotSuccess?.status !== wantSuccess.status && !(wantSuccess.status === '2XX' && gotSuccess !== undefined)) {
    out.push(`the success status is ${wantSuccess.status} in the spec but ${gotSuccess?.status ?? 'none'} in the app`);
  } else if (wantSuccess?.schema !== undefined && gotSuccess !== undefined) {
    const binary = wantSuccess.mediaType !== undefined && !/json/.test(wantSuccess.mediaType);
    const [want, got] = [shape(spec, wantSuccess.schema), shape(app, gotSuccess.schema)];
    if (!binary && want !== got && want !== 'any' && got !== 'any') out.push(`the ${wantSuccess.status} response is ${want} in the spec but ${got} in the app`);
    else if (!binary) compareProperties(`the ${wantSuccess.status} response`, properties(spec, wantSuccess.schema, 'response'), properties(app, gotSuccess.schema, 'response'), out, false);
  }
  const [wantSecured, gotSecured] = [expected.security.length > 0, actual.security.length > 0];
  if (wantSecured !== gotSecured) out.push(wantSecured ? 'the spec requires credentials, the app does not' : 'the app requires credentials, the spec does not');
  return out;
}

export function compareWithSpec(spec: SpecDocument, app: SpecDocument): Difference[] {
  const differences: Difference[] = [];
  const served = new Map(app.operations.map((operation) => [key(operation, app.basePath), operation]));
  for (const expected of spec.operations) {
    const name = key(expected, spec.basePath);
    const actual = served.get(name);
    if (actual === undefined) {
      differences.push({ operation: name, message: 'the app does not serve this operation' });
      continue;
    }
    for (const message of compareOperation(spec, expected, app, actual)) differences.push({ operation: name, message });
  }
  return differences;
}
