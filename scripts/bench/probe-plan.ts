/**
 * One request per operation of a spec, with schema-valid example input (the smallest valid value
 * of each required parameter and body, as the generated tests use) and credentials for the
 * operation's first security requirement. The same plan is sent to every generated app, so the
 * tools are compared on identical requests (probe_operations.py sends them).
 */
import { Buffer } from 'node:buffer';
import type { SchemaCatalog } from '../../src/core/generate/spec/python-types';
import { successOf } from '../../src/core/generate/spec/operation-code';
import { sampleValue } from '../../src/core/generate/spec/samples';
import type { SpecDocument, SpecOperation } from '../../src/core/spec/model';

/** The one credential every generated check is configured with (API keys, user, password). */
export const PROBE_CREDENTIAL = 'probe-credential';

export interface ProbeRequest {
  readonly operation: string;
  readonly method: string;
  /** The URL with the spec's base path, and the path template FastAPI lists it under. */
  readonly url: string;
  readonly template: string;
  /** The same without the base path, for apps that serve the paths without it. */
  readonly urlWithoutBase: string;
  readonly templateWithoutBase: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string>;
  readonly cookies: Record<string, string>;
  readonly json?: unknown;
  readonly data?: Record<string, string>;
  /** Field name → file name; the content is a few bytes. */
  readonly files?: Record<string, string>;
  readonly content?: string;
  /** Whether the spec's success response has a body. */
  readonly expectsBody: boolean;
  /** Why no valid request could be built, when none could. */
  readonly unplanned?: string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function addCredentials(operation: SpecOperation, spec: SpecDocument, request: { query: ProbeRequest['query']; headers: Record<string, string>; cookies: Record<string, string> }): void {
  for (const { name } of operation.security[0]?.schemes ?? []) {
    const scheme = spec.securitySchemes.find((candidate) => candidate.name === name);
    if (scheme === undefined) continue;
    if (scheme.kind === 'apiKey') {
      const target = scheme.in === 'header' ? request.headers : scheme.in === 'query' ? request.query : request.cookies;
      target[scheme.parameter] = PROBE_CREDENTIAL;
    } else if (scheme.kind === 'http' && scheme.scheme === 'basic') {
      request.headers['Authorization'] = `Basic ${Buffer.from(`${PROBE_CREDENTIAL}:${PROBE_CREDENTIAL}`).toString('base64')}`;
    } else if (scheme.kind !== 'mutualTLS') {
      request.headers['Authorization'] ??= 'Bearer probe-token';
    }
  }
}

export function probeRequest(spec: SpecDocument, catalog: SchemaCatalog, operation: SpecOperation): ProbeRequest {
  let path = operation.path;
  const query: Record<string, string | string[]> = {};
  const headers: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  let unplanned: string | undefined;
  for (const parameter of operation.parameters) {
    if (!parameter.required) continue;
    const value = sampleValue(catalog, parameter.schema);
    if (value === undefined) {
      unplanned ??= `no valid value for parameter ${parameter.name}`;
      continue;
    }
    if (parameter.location === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(text(value)));
    else if (parameter.location === 'query') query[parameter.name] = Array.isArray(value) ? value.map(text) : text(value);
    else (parameter.location === 'header' ? headers : cookies)[parameter.name] = text(value);
  }
  addCredentials(operation, spec, { query, headers, cookies });
  const body: { -readonly [K in 'json' | 'data' | 'files' | 'content']?: ProbeRequest[K] } = {};
  if (operation.body !== undefined && operation.body.required) {
    const value = sampleValue(catalog, operation.body.schema);
    if (value === undefined) unplanned ??= 'no valid request body';
    else if (operation.body.encoding === 'json') body.json = value;
    else if (operation.body.encoding === 'form' || operation.body.encoding === 'multipart') {
      const schema = catalog.resolve(operation.body.schema);
      const data: Record<string, string> = {};
      const files: Record<string, string> = {};
      for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
        const property = schema.kind === 'object' ? schema.properties.find((candidate) => candidate.name === name) : undefined;
        const resolved = property === undefined ? undefined : catalog.resolve(property.schema);
        if (resolved?.kind === 'primitive' && resolved.format === 'binary') files[name] = `${name}.bin`;
        else data[name] = text(item);
      }
      body.data = data;
      if (Object.keys(files).length > 0) body.files = files;
    } else {
      body.content = 'content';
      headers['Content-Type'] = operation.body.mediaType;
    }
  }
  const withBase = (template: string): string => `${spec.basePath}${template}`.replace(/\/{2,}/g, '/');
  return {
    operation: operation.operationId,
    method: operation.method,
    url: withBase(path),
    template: withBase(operation.path),
    urlWithoutBase: path,
    templateWithoutBase: operation.path,
    query,
    headers,
    cookies,
    ...body,
    expectsBody: !successOf(operation).empty,
    ...(unplanned === undefined ? {} : { unplanned }),
  };
}
