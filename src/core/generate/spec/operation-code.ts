/**
 * One operation → its route function: the decorator (method, path, operation id, status code,
 * other responses, deprecation), the typed signature (path / query / header / cookie
 * parameters, the request body, security dependencies) and the docstring.
 */
import type { SchemaNode, SpecOperation, SpecResponse } from '../../spec/model';
import { distinctErrors, type ErrorAnswer } from '../python/route-docs';
import { bracketed, INDENT, pyString, signature } from '../python/text';
import { fieldName, pythonName, NameSpace } from './names';
import { fieldArguments } from './schema-classes';
import { pythonLiteral } from './python-literals';
import { type SchemaCatalog, type TypeUse } from './python-types';

export interface SecurityDependency {
  /** Function passed to `Depends(...)`. */
  readonly function: string;
  readonly module: string;
  /** A JWT signed with the key in this setting (of the module's `settings`) alone passes it. */
  readonly jwtKey?: string;
}

export interface OperationContext {
  readonly catalog: SchemaCatalog;
  readonly use: TypeUse;
  /** Object the decorator is called on. */
  readonly variable: string;
  /** Tags of the router itself: operation tags beyond them go on the decorator. */
  readonly routerTags: readonly string[];
  readonly isAsync: boolean;
  readonly security: readonly SecurityDependency[];
  /** Extra parameters an implemented handler needs (the session), written after the spec's. */
  readonly extraParameters?: readonly string[];
  /** Errors the generated handler answers (404, 401), documented where the spec does not declare them. */
  readonly raises?: readonly ErrorAnswer[];
  /** The class those answers' bodies are documented with, when the project has one. */
  readonly errorModel?: string;
}

export interface SuccessResponse {
  readonly status: number;
  readonly response?: SpecResponse;
  /** The response has no body (204, or none declared). */
  readonly empty: boolean;
  /** The body is not JSON: the function returns a `Response`. */
  readonly raw: boolean;
}

export interface RenderedParameter {
  readonly name: string;
  /** The spec's name and location, for tests and the handler body. */
  readonly specName: string;
  readonly location: 'path' | 'query' | 'header' | 'cookie' | 'body' | 'form' | 'file' | 'raw';
  readonly text: string;
  readonly hasDefault: boolean;
}

export interface OperationSignature {
  readonly functionName: string;
  /** Decorator and `def` line(s), up to and including the colon. */
  readonly header: string;
  readonly docstring: string[];
  readonly parameters: readonly RenderedParameter[];
  readonly success: SuccessResponse;
  /** The annotation the function returns. */
  readonly returns: string;
}

/** The success response: the lowest 2xx, else `default`, else a bodyless 200. */
export function successOf(operation: SpecOperation): SuccessResponse {
  const codes = operation.responses
    .filter((response) => /^2(\d\d|XX)$/.test(response.status))
    .sort((a, b) => a.status.localeCompare(b.status));
  const chosen = codes[0] ?? operation.responses.find((response) => response.status === 'default' && response.schema !== undefined);
  if (chosen === undefined) return { status: 200, empty: true, raw: false };
  const status = /^\d+$/.test(chosen.status) ? Number(chosen.status) : 200;
  const empty = status === 204 || chosen.schema === undefined;
  return { status, response: chosen, empty, raw: !empty && chosen.encoding !== undefined && chosen.encoding !== 'json' };
}

/** Docstring lines from summary and description, wrapped to the line length. */
function docstringLines(operation: SpecOperation): string[] {
  const paragraphs = [operation.summary, operation.description]
    .filter((text): text is string => text !== undefined)
    .map((text) => text.trim().replace(/"""/g, '\\"\\"\\"').replace(/\\(?!")/g, '\\\\'));
  const unique = paragraphs.filter((text, index) => paragraphs.indexOf(text) === index);
  if (unique.length === 0) unique.push(`${operation.method.toUpperCase()} ${operation.path}`.replace(/\\/g, '\\\\'));
  const lines: string[] = [];
  for (const paragraph of unique) {
    if (lines.length > 0) lines.push('');
    for (const sourceLine of paragraph.split('\n')) lines.push(...wrap(sourceLine.trim(), 88 - INDENT.length));
  }
  return lines;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (current !== '' && `${current} ${word}`.length > width - 3) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

export function renderDocstring(lines: readonly string[]): string[] {
  if (lines.length === 1) return [`${INDENT}"""${lines[0] ?? ''}"""`];
  return [`${INDENT}"""${lines[0] ?? ''}`, ...lines.slice(1).map((line) => (line === '' ? '' : `${INDENT}${line}`)), `${INDENT}"""`];
}

/**
 * A keyword argument holding a list or dict literal, laid out like the formatter lays it out
 * as one argument of a split call: flat, else one entry per line, entries split likewise.
 */
function literalArgument(keyword: string, entries: readonly (string | { head: string; parts: readonly string[] })[], brackets: readonly [string, string]): string {
  const level2 = `${INDENT}${INDENT}`;
  const flatEntries = entries.map((entry) => (typeof entry === 'string' ? entry : `${entry.head}{${entry.parts.join(', ')}}`));
  const flat = `${keyword}=${brackets[0]}${flatEntries.join(', ')}${brackets[1]}`;
  if (`${INDENT}${flat},`.length <= 88) return flat;
  const lines = entries.map((entry, index) => {
    const text = flatEntries[index] ?? '';
    if (typeof entry === 'string' || `${level2}${text},`.length <= 88) return `${INDENT}${text},`;
    const inner = bracketed(level2, entry.head, entry.parts, ',', ['{', '}']);
    return inner.slice(INDENT.length).replace(/\n {8}/g, `\n${INDENT}${INDENT}`).replace(/\n {4}\}/, `\n${INDENT}}`);
  });
  return `${keyword}=${brackets[0]}\n${lines.join('\n')}\n${brackets[1]}`;
}

function parameterFunction(location: 'path' | 'query' | 'header' | 'cookie'): string {
  return { path: 'Path', query: 'Query', header: 'Header', cookie: 'Cookie' }[location];
}

function annotated(use: TypeUse, type: string, marker: string, args: readonly string[]): string {
  use.imports.from('typing', 'Annotated');
  return `Annotated[${type}, ${marker}(${args.join(', ')})]`;
}

function defaultFor(catalog: SchemaCatalog, schema: SchemaNode, required: boolean): { text?: string; nullable: boolean } {
  if (required) return { nullable: false };
  const declared = schema.default === undefined ? undefined : catalog.defaultLiteral(schema, schema.default);
  if (declared !== undefined && declared !== 'None') return { text: declared, nullable: false };
  return { text: 'None', nullable: true };
}

export function renderSignature(operation: SpecOperation, functionName: string, context: OperationContext): OperationSignature {
  const { catalog, use } = context;
  const names = new NameSpace(['session', 'request', 'response']);
  const parameters: RenderedParameter[] = [];
  for (const parameter of operation.parameters) {
    const name = names.claim(pythonName(parameter.name));
    const fn = parameterFunction(parameter.location);
    use.imports.from('fastapi', fn);
    const type = catalog.annotation(parameter.schema, use, `${functionName}_${name}`);
    const args = name === parameter.name && !(parameter.location === 'header') ? [] : [`alias=${pyString(parameter.name)}`];
    if (parameter.location === 'header' && parameter.name.includes('_')) args.push('convert_underscores=False');
    args.push(...fieldArguments(catalog, parameter.schema));
    if (parameter.deprecated) args.push('deprecated=True');
    const fallback = defaultFor(catalog, parameter.schema, parameter.required);
    const typed = fallback.nullable && !/\| None$/.test(type) && type !== 'Any' ? `${type} | None` : type;
    const text = `${name}: ${annotated(use, typed, fn, args)}${fallback.text === undefined ? '' : ` = ${fallback.text}`}`;
    parameters.push({ name, specName: parameter.name, location: parameter.location, text, hasDefault: fallback.text !== undefined });
  }
  parameters.push(...bodyParameters(operation, functionName, context, names));
  for (const extra of context.extraParameters ?? []) {
    parameters.push({ name: extra.split(':')[0] ?? extra, specName: '', location: 'raw', text: extra, hasDefault: false });
  }
  // Python wants parameters without defaults first; the order among each group is the spec's.
  const ordered = [...parameters.filter((parameter) => !parameter.hasDefault), ...parameters.filter((parameter) => parameter.hasDefault)];

  const success = successOf(operation);
  const returns = returnAnnotation(success, catalog, use, functionName);
  const decoratorArgs = [pyString(operation.path), `operation_id=${pyString(operation.operationId)}`];
  if (success.status !== 200) decoratorArgs.push(`status_code=${success.status}`);
  if (success.raw) {
    use.imports.from('fastapi', 'Response');
    decoratorArgs.push('response_class=Response');
  }
  const extraTags = operation.tags.filter((tag) => !context.routerTags.includes(tag));
  if (extraTags.length > 0) decoratorArgs.push(literalArgument('tags', extraTags.map(pyString), ['[', ']']));
  const responses = [...otherResponses(operation, success, catalog, use, functionName), ...undeclaredErrors(operation, context)];
  if (responses.length > 0) decoratorArgs.push(literalArgument('responses', responses, ['{', '}']));
  if (operation.body !== undefined && (operation.body.encoding === 'xml' || operation.body.encoding === 'binary' || operation.body.encoding === 'text')) {
    const required = operation.body.required ? '"required": True, ' : '';
    decoratorArgs.push(`openapi_extra={"requestBody": {${required}"content": {${pyString(operation.body.mediaType)}: {}}}}`);
  }
  if (context.security.length > 0) {
    use.imports.from('fastapi', 'Depends');
    decoratorArgs.push(literalArgument('dependencies', context.security.map((dependency) => `Depends(${dependency.function})`), ['[', ']']));
  }
  if (operation.deprecated) decoratorArgs.push('deprecated=True');

  const decorator = bracketed('', `@${context.variable}.${operation.method}`, decoratorArgs);
  const keyword = context.isAsync ? 'async def' : 'def';
  const header = `${decorator}\n${signature('', `${keyword} ${functionName}`, ordered.map((parameter) => parameter.text), ` -> ${returns}:`)}`;
  return { functionName, header, docstring: renderDocstring(docstringLines(operation)), parameters: ordered, success, returns };
}

function returnAnnotation(success: SuccessResponse, catalog: SchemaCatalog, use: TypeUse, functionName: string): string {
  if (success.empty || success.response?.schema === undefined) return 'None';
  if (success.raw) {
    use.imports.from('fastapi', 'Response');
    return 'Response';
  }
  return catalog.annotation(success.response.schema, use, `${functionName}_response`);
}

function statusKey(status: string): string {
  return /^\d+$/.test(status) ? status : pyString(status);
}

function otherResponses(
  operation: SpecOperation,
  success: SuccessResponse,
  catalog: SchemaCatalog,
  use: TypeUse,
  functionName: string,
): { head: string; parts: string[] }[] {
  const entries: { head: string; parts: string[] }[] = [];
  for (const response of operation.responses) {
    if (response === success.response) continue;
    const parts = [`"description": ${pyString(response.description)}`];
    if (response.schema !== undefined && response.encoding === 'json') {
      const type = catalog.annotation(response.schema, use, `${functionName}_${response.status}`);
      if (/^[A-Z]\w*$/.test(type)) parts.unshift(`"model": ${type}`);
    } else if (response.mediaType !== undefined) {
      parts.push(`"content": {${pyString(response.mediaType)}: {}}`);
    }
    entries.push({ head: `${statusKey(response.status)}: `, parts });
  }
  if (success.raw && success.response?.mediaType !== undefined) {
    entries.unshift({
      head: `${success.status}: `,
      parts: [`"content": {${pyString(success.response.mediaType)}: {}}`, `"description": ${pyString(success.response.description)}`],
    });
  }
  return entries;
}

/** Entries for the errors the handler answers that the spec declares neither exactly nor by range. */
function undeclaredErrors(operation: SpecOperation, context: OperationContext): { head: string; parts: string[] }[] {
  const declared = new Set(operation.responses.map((response) => response.status));
  return distinctErrors(context.raises ?? [])
    .filter((error) => !declared.has(String(error.status)) && !declared.has(`${String(error.status)[0] ?? ''}XX`))
    .map((error) => ({
      head: `${error.status}: `,
      parts: [...(context.errorModel === undefined ? [] : [`"model": ${context.errorModel}`]), `"description": ${pyString(`${error.when[0]?.toUpperCase() ?? ''}${error.when.slice(1)}`)}`],
    }));
}

function isBinary(catalog: SchemaCatalog, schema: SchemaNode): boolean {
  const resolved = catalog.resolve(schema);
  if (resolved.kind === 'array') return isBinary(catalog, resolved.items);
  return resolved.kind === 'primitive' && resolved.type === 'string' && (resolved.format === 'binary' || resolved.format === 'byte');
}

function bodyParameters(operation: SpecOperation, functionName: string, context: OperationContext, names: NameSpace): RenderedParameter[] {
  const body = operation.body;
  if (body === undefined) return [];
  const { catalog } = context;
  // A body is what clients send: read-only properties stay out of it.
  const use: TypeUse = { ...context.use, request: operation.method === 'patch' ? 'Update' : 'Create' };
  if (body.encoding === 'xml' || body.encoding === 'binary' || body.encoding === 'text') {
    use.imports.from('fastapi', 'Request');
    return [{ name: 'request', specName: '', location: 'raw', text: 'request: Request', hasDefault: false }];
  }
  const resolved = catalog.resolve(body.schema);
  if (body.encoding === 'form' || body.encoding === 'multipart') {
    if (resolved.kind !== 'object') {
      use.imports.from('fastapi', 'Form');
      const type = catalog.annotation(body.schema, use, `${functionName}_form`);
      return [{ name: 'body', specName: 'body', location: 'form', text: `body: ${annotated(use, type, 'Form', [])}`, hasDefault: false }];
    }
    const properties = [...collectProperties(catalog, resolved)].filter((property) => !property.schema.readOnly);
    return properties.map((property) => {
      const name = names.claim(fieldName(property.name));
      const binary = isBinary(catalog, property.schema);
      const marker = binary ? 'File' : 'Form';
      use.imports.from('fastapi', marker);
      let type: string;
      if (binary) {
        use.imports.from('fastapi', 'UploadFile');
        type = catalog.resolve(property.schema).kind === 'array' ? 'list[UploadFile]' : 'UploadFile';
      } else {
        type = catalog.annotation(property.schema, use, `${functionName}_${name}`);
      }
      const required = property.required && body.required;
      const args = name === property.name ? [] : [`alias=${pyString(property.name)}`];
      if (!binary) args.push(...fieldArguments(catalog, property.schema));
      const fallback = defaultFor(catalog, property.schema, required);
      const typed = fallback.nullable && !/\| None$/.test(type) && type !== 'Any' ? `${type} | None` : type;
      const text = `${name}: ${annotated(use, typed, marker, args)}${fallback.text === undefined ? '' : ` = ${fallback.text}`}`;
      return { name, specName: property.name, location: binary ? 'file' : 'form', text, hasDefault: fallback.text !== undefined };
    });
  }
  const type = catalog.annotation(body.schema, use, `${functionName}_body`);
  const name = names.claim('body');
  const isClass = /^[A-Z]\w*$/.test(type);
  if (!body.required) {
    if (!isClass) use.imports.from('fastapi', 'Body');
    const typed = /\| None$/.test(type) ? type : `${type} | None`;
    return [{ name, specName: 'body', location: 'body', text: `${name}: ${isClass ? typed : annotated(use, typed, 'Body', [])} = None`, hasDefault: true }];
  }
  // An annotated union (a discriminated one) is a body already: it needs no `Body()` marker.
  const bare = isClass || type.startsWith('Annotated[');
  if (!bare) use.imports.from('fastapi', 'Body');
  return [{ name, specName: 'body', location: 'body', text: `${name}: ${bare ? type : annotated(use, type, 'Body', [])}`, hasDefault: false }];
}

/** Properties of an object and of its bases, the bases' first. */
export function* collectProperties(catalog: SchemaCatalog, schema: Extract<SchemaNode, { kind: 'object' }>, seen = new Set<string>()): Generator<{ name: string; required: boolean; schema: SchemaNode }> {
  for (const base of schema.bases) {
    if (seen.has(base)) continue;
    seen.add(base);
    const target = catalog.component(base);
    if (target?.kind === 'object') yield* collectProperties(catalog, target, seen);
  }
  yield* schema.properties;
}

/** The stub body: answers 501 until someone writes the handler. */
export function stubBody(operation: SpecOperation): string[] {
  return bracketed(INDENT, 'raise HTTPException', ['status_code=501', `detail=${pyString(`${operation.operationId} is not implemented yet`)}`]).split('\n');
}

export { pythonLiteral };
