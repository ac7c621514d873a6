/**
 * A bundled OpenAPI document → SpecDocument: operations with their parameters, bodies,
 * responses and security, component schemas, security schemes and the server base path.
 */
import type { FileSource } from '../ports';
import { SpecError } from './errors';
import { loadSpec } from './load';
import type {
  BodyEncoding,
  HttpMethod,
  ParameterLocation,
  SecurityRequirement,
  SecurityScheme,
  SpecBody,
  SpecDocument,
  SpecOperation,
  SpecParameter,
  SpecResponse,
} from './model';
import { deref, pascal, SchemaReader } from './schemas';

type Json = Record<string, unknown>;

const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const LOCATIONS: ReadonlySet<string> = new Set(['path', 'query', 'header', 'cookie']);

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Reads and normalises the OpenAPI document at `file` (workspace-relative). */
export async function readSpec(source: FileSource, file: string): Promise<SpecDocument> {
  const loaded = await loadSpec(source, file);
  return normaliseSpec(loaded.document, loaded.file);
}

export function encodingOf(mediaType: string): BodyEncoding {
  const type = mediaType.toLowerCase().split(';')[0]?.trim() ?? '';
  if (type === 'application/json' || type.endsWith('+json') || type === '*/*') return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('multipart/')) return 'multipart';
  if (type.endsWith('/xml') || type.endsWith('+xml')) return 'xml';
  if (type.startsWith('text/')) return 'text';
  return 'binary';
}

export function normaliseSpec(document: Json, file: string): SpecDocument {
  const openapi = String(document['openapi']);
  const version = openapi.startsWith('3.1') ? '3.1' : '3.0';
  const schemaReader = new SchemaReader(document, version, file);
  const notes: string[] = [];
  const components = isRecord(document['components']) ? document['components'] : {};
  const info = isRecord(document['info']) ? document['info'] : {};

  const schemas = Object.entries(isRecord(components['schemas']) ? components['schemas'] : {}).map(([name, schema]) => ({
    name,
    schema: schemaReader.read(schema, pascal(name)),
  }));
  const securitySchemes = readSecuritySchemes(document, components, file, notes);
  const globalSecurity = readSecurity(document['security']);

  const operations: SpecOperation[] = [];
  const paths = isRecord(document['paths']) ? document['paths'] : {};
  const usedIds = new Set<string>();
  for (const [path, rawItem] of Object.entries(paths)) {
    if (!path.startsWith('/')) {
      throw new SpecError(`${file}: path "${path}" does not start with "/".`);
    }
    const item = deref(document, rawItem, file);
    const shared = Array.isArray(item['parameters']) ? item['parameters'] : [];
    // In the document's own order: the generated module reads like the spec.
    for (const method of Object.keys(item).filter((key): key is HttpMethod => (METHODS as readonly string[]).includes(key))) {
      const raw = item[method];
      if (!isRecord(raw)) continue;
      const operation = readOperation(document, schemaReader, file, path, method, raw, shared, globalSecurity, securitySchemes);
      if (usedIds.has(operation.operationId)) {
        throw new SpecError(`${file}: operationId "${operation.operationId}" is used by more than one operation.`);
      }
      usedIds.add(operation.operationId);
      operations.push(operation);
      if (isRecord(raw['callbacks']) && Object.keys(raw['callbacks']).length > 0) {
        notes.push(`Callbacks of ${operation.operationId} are ignored: they describe requests this API sends, not endpoints it serves.`);
      }
      const links = Object.values(isRecord(raw['responses']) ? raw['responses'] : {}).some(
        (response) => isRecord(response) && isRecord(response['links']) && Object.keys(response['links']).length > 0,
      );
      if (links) notes.push(`Response links of ${operation.operationId} are ignored: they document navigation, no code follows from them.`);
    }
  }
  if (isRecord(document['webhooks']) && Object.keys(document['webhooks']).length > 0) {
    notes.push(`Webhooks (${Object.keys(document['webhooks']).join(', ')}) are ignored: they are requests this API sends, not endpoints it serves.`);
  }
  if (operations.length === 0) {
    throw new SpecError(`${file} has no operations under "paths".`);
  }
  return {
    version,
    openapi,
    title: text(info['title']) ?? 'API',
    apiVersion: scalarText(info['version']) ?? '',
    basePath: basePathOf(document['servers']),
    schemas,
    operations,
    securitySchemes,
    notes,
    file,
  };
}

/** `https://example.com/api/{version}` with `version: {default: v3}` → `/api/v3`. */
export function basePathOf(servers: unknown): string {
  const first = Array.isArray(servers) ? (servers[0] as unknown) : undefined;
  if (!isRecord(first) || typeof first['url'] !== 'string') return '';
  const variables = isRecord(first['variables']) ? first['variables'] : {};
  const url = first['url'].replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const variable = variables[name];
    return isRecord(variable) ? (scalarText(variable['default']) ?? '') : '';
  });
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  const trimmed = path.replace(/\/+$/, '').replace(/\/{2,}/g, '/');
  if (trimmed === '' || trimmed === '/') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function readSecurity(value: unknown): readonly SecurityRequirement[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((requirement) => ({
    schemes: Object.entries(requirement).map(([name, scopes]) => ({
      name,
      scopes: Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : [],
    })),
  }));
}

function readSecuritySchemes(document: Json, components: Json, file: string, notes: string[]): SecurityScheme[] {
  const schemes: SecurityScheme[] = [];
  for (const [name, raw] of Object.entries(isRecord(components['securitySchemes']) ? components['securitySchemes'] : {})) {
    const scheme = deref(document, raw, file);
    const description = text(scheme['description']);
    const common = { name, ...(description === undefined ? {} : { description }) };
    switch (scheme['type']) {
      case 'apiKey': {
        const location = scheme['in'];
        if (location !== 'header' && location !== 'query' && location !== 'cookie') {
          throw new SpecError(`${file}: security scheme "${name}" is an apiKey without "in: header | query | cookie".`);
        }
        schemes.push({ ...common, kind: 'apiKey', in: location, parameter: text(scheme['name']) ?? name });
        break;
      }
      case 'http': {
        const bearerFormat = text(scheme['bearerFormat']);
        schemes.push({
          ...common,
          kind: 'http',
          scheme: (scalarText(scheme['scheme']) ?? 'bearer').toLowerCase(),
          ...(bearerFormat === undefined ? {} : { bearerFormat }),
        });
        break;
      }
      case 'oauth2': {
        const flows = isRecord(scheme['flows']) ? scheme['flows'] : {};
        const password = isRecord(flows['password']) ? flows['password'] : undefined;
        const anyFlow = Object.values(flows).find(isRecord);
        const tokenUrl = text(password?.['tokenUrl']) ?? text(anyFlow?.['tokenUrl']);
        const scopes = Object.values(flows)
          .filter(isRecord)
          .flatMap((flow) => Object.keys(isRecord(flow['scopes']) ? flow['scopes'] : {}));
        schemes.push({ ...common, kind: 'oauth2', flows: Object.keys(flows), ...(tokenUrl === undefined ? {} : { tokenUrl }), scopes: [...new Set(scopes)] });
        break;
      }
      case 'openIdConnect':
        schemes.push({ ...common, kind: 'openIdConnect', url: text(scheme['openIdConnectUrl']) ?? '' });
        break;
      case 'mutualTLS':
        schemes.push({ ...common, kind: 'mutualTLS' });
        notes.push(`Security scheme "${name}" (mutual TLS) is left to the server's TLS setup; operations requiring it get no dependency.`);
        break;
      default:
        throw new SpecError(`${file}: security scheme "${name}" has an unknown type ${JSON.stringify(scheme['type'])}.`);
    }
  }
  return schemes;
}

/** `get /pets/{petId}` → `get_pets_pet_id`, for operations without an operationId. */
function derivedId(method: HttpMethod, path: string): string {
  const words = path
    .replace(/\{([^}]+)\}/g, 'by $1')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
  return [method, ...words].join('_');
}

function readOperation(
  document: Json,
  schemas: SchemaReader,
  file: string,
  path: string,
  method: HttpMethod,
  raw: Json,
  shared: readonly unknown[],
  globalSecurity: readonly SecurityRequirement[] | undefined,
  securitySchemes: readonly SecurityScheme[],
): SpecOperation {
  const explicit = text(raw['operationId']);
  const operationId = explicit ?? derivedId(method, path);
  const where = pascal(operationId);
  const parameters = new Map<string, SpecParameter>();
  // Operation-level parameters override path-level ones with the same name and location.
  const own: readonly unknown[] = Array.isArray(raw['parameters']) ? raw['parameters'] : [];
  for (const rawParameter of [...shared, ...own]) {
    const parameter = deref(document, rawParameter, file);
    const name = text(parameter['name']);
    const location = parameter['in'];
    if (name === undefined || typeof location !== 'string' || !LOCATIONS.has(location)) {
      throw new SpecError(`${file}: ${method.toUpperCase()} ${path} has a parameter without a name or a valid "in".`);
    }
    const schema = isRecord(parameter['schema'])
      ? parameter['schema']
      : firstMediaSchema(isRecord(parameter['content']) ? parameter['content'] : {});
    const description = text(parameter['description']);
    parameters.set(`${location}:${name}`, {
      name,
      location: location as ParameterLocation,
      required: location === 'path' ? true : parameter['required'] === true,
      schema: schemas.read(schema ?? { type: 'string' }, `${where}${pascal(name)}`),
      ...(description === undefined ? {} : { description }),
      deprecated: parameter['deprecated'] === true,
    });
  }
  for (const match of path.matchAll(/\{([^}]+)\}/g)) {
    const name = match[1] ?? '';
    if (!parameters.has(`path:${name}`)) {
      throw new SpecError(`${file}: ${method.toUpperCase()} ${path} uses {${name}} but declares no path parameter "${name}".`);
    }
  }

  const body = readBody(document, schemas, file, raw['requestBody'], `${where}Body`);
  const responses = readResponses(document, schemas, file, raw['responses'], where);
  const security = readSecurity(raw['security']) ?? globalSecurity ?? [];
  for (const requirement of security) {
    for (const scheme of requirement.schemes) {
      if (!securitySchemes.some((candidate) => candidate.name === scheme.name)) {
        throw new SpecError(`${file}: ${method.toUpperCase()} ${path} requires security scheme "${scheme.name}", which components.securitySchemes does not define.`);
      }
    }
  }
  const summary = text(raw['summary']);
  const description = text(raw['description']);
  return {
    operationId,
    explicitId: explicit !== undefined,
    method,
    path,
    tags: Array.isArray(raw['tags']) ? raw['tags'].filter((tag): tag is string => typeof tag === 'string') : [],
    ...(summary === undefined ? {} : { summary }),
    ...(description === undefined ? {} : { description }),
    deprecated: raw['deprecated'] === true,
    parameters: [...parameters.values()],
    ...(body === undefined ? {} : { body }),
    responses,
    // An empty requirement object among the alternatives makes the operation public.
    security: security.some((requirement) => requirement.schemes.length === 0) ? [] : security,
  };
}

function firstMediaSchema(content: Json): unknown {
  const first = Object.values(content).find(isRecord);
  return first?.['schema'];
}

/** The preferred media type of a content map: JSON first, then form, multipart, the rest. */
function pickMedia(content: Json): [string, Json] | undefined {
  const entries = Object.entries(content).filter((entry): entry is [string, Json] => isRecord(entry[1]));
  const rank = (mediaType: string): number => ['json', 'form', 'multipart', 'text', 'xml', 'binary'].indexOf(encodingOf(mediaType));
  return entries.sort((a, b) => rank(a[0]) - rank(b[0]))[0];
}

function readBody(document: Json, schemas: SchemaReader, file: string, value: unknown, where: string): SpecBody | undefined {
  if (value === undefined) return undefined;
  const body = deref(document, value, file);
  const media = pickMedia(isRecord(body['content']) ? body['content'] : {});
  if (media === undefined) return undefined;
  const [mediaType, content] = media;
  const encoding = encodingOf(mediaType);
  const description = text(body['description']);
  const fallback = encoding === 'binary' ? { type: 'string', format: 'binary' } : {};
  return {
    required: body['required'] === true,
    encoding,
    mediaType,
    schema: schemas.read(content['schema'] ?? fallback, where),
    ...(description === undefined ? {} : { description }),
  };
}

function readResponses(document: Json, schemas: SchemaReader, file: string, value: unknown, where: string): SpecResponse[] {
  const responses: SpecResponse[] = [];
  for (const [status, raw] of Object.entries(isRecord(value) ? value : {})) {
    if (!/^([1-5]\d\d|[1-5]XX|default)$/i.test(status)) continue;
    const response = deref(document, raw, file);
    const media = pickMedia(isRecord(response['content']) ? response['content'] : {});
    const description = typeof response['description'] === 'string' ? response['description'] : '';
    if (media === undefined) {
      responses.push({ status: status.replace(/xx$/i, 'XX'), description });
      continue;
    }
    const [mediaType, content] = media;
    const encoding = encodingOf(mediaType);
    const fallback = encoding === 'binary' ? { type: 'string', format: 'binary' } : {};
    responses.push({
      status: status.replace(/xx$/i, 'XX'),
      description,
      mediaType,
      encoding,
      schema: schemas.read(content['schema'] ?? fallback, `${where}Response${status === 'default' ? '' : status}`),
    });
  }
  return responses;
}
