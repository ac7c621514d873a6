/**
 * Reads an OpenAPI document and every file its `$ref`s name into one bundled document whose
 * references all point inside it. Resolution is json-schema-ref-parser's; every file it asks
 * for is read through the workspace's FileSource after a path check, so a `$ref` can never
 * reach outside the workspace or over the network.
 */
import { posix } from 'node:path';
import type { FileInfo } from '@apidevtools/json-schema-ref-parser';
import { LineCounter, parseDocument } from 'yaml';
import { checkChangePath } from '../changes/path-safety';
import type { FileSource } from '../ports';
import { SpecError } from './errors';
import { resolvePointer } from './schemas';

/** A made-up absolute folder standing for the workspace root in the resolver's URLs. */
const WORKSPACE = '/__workspace__';

export interface LoadedSpec {
  /** Workspace-relative path of the root document. */
  readonly file: string;
  /** The bundled document: plain JSON data, `$ref`s only of the form `#/...`. */
  readonly document: Record<string, unknown>;
}

/** Parses YAML or JSON text; a syntax error names the file, line and column. */
export function parseSpecText(text: string, file: string): unknown {
  // JSON is YAML too, but JSON.parse reads a large document hundreds of times faster; the YAML
  // parser still reads what JSON.parse refuses, for its line and column.
  if (/\.json$/i.test(file) || text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Reported below with its position.
    }
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, merge: false, lineCounter });
  const error = document.errors[0];
  if (error !== undefined) {
    const where = lineCounter.linePos(error.pos[0]);
    const position = `:${where.line}:${where.col}`;
    const kind = /\.json$/i.test(file) ? 'JSON' : 'YAML';
    throw new SpecError(`${file}${position}: invalid ${kind}: ${firstLine(error.message)}`);
  }
  return document.toJS({ maxAliasCount: 1000 });
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses what is not an OpenAPI 3.0 / 3.1 document, naming what it is instead. */
export function checkOpenApiVersion(document: unknown, file: string): asserts document is Record<string, unknown> {
  if (!isRecord(document)) {
    throw new SpecError(`${file} is not an OpenAPI document: its top level is not a mapping.`);
  }
  if (typeof document['swagger'] === 'string' || typeof document['swagger'] === 'number') {
    throw new SpecError(
      `${file} is a Swagger ${String(document['swagger'])} document; only OpenAPI 3.0 and 3.1 are supported. ` +
        'Convert it first (for example with swagger2openapi or the Swagger Editor\'s "Convert to OpenAPI 3").',
    );
  }
  const version = document['openapi'];
  if (version === undefined) {
    throw new SpecError(`${file} is not an OpenAPI document: it has no "openapi" version field.`);
  }
  if (typeof version !== 'string' || !/^3\.[01](\.\d+)?(-.+)?$/.test(version)) {
    throw new SpecError(`${file} declares OpenAPI ${JSON.stringify(version)}; only OpenAPI 3.0.x and 3.1.x are supported.`);
  }
  if (!isRecord(document['paths']) && !isRecord(document['webhooks']) && !isRecord(document['components'])) {
    throw new SpecError(`${file} has no "paths": there are no operations to generate.`);
  }
}

/** The workspace-relative path a resolver URL names, or the reason it is refused. */
function workspacePath(url: string): { path: string } | { refused: string } {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('file:')) {
    return { refused: `${url} is not a file in the workspace (only relative file references are followed)` };
  }
  const plain = decodeURIComponent(url.replace(/^file:\/\//, '')).replace(/\\/g, '/');
  const normalised = posix.normalize(plain);
  if (normalised !== WORKSPACE && !normalised.startsWith(`${WORKSPACE}/`)) {
    return { refused: `${normalised.replace(/^\/+/, '')} is outside the workspace` };
  }
  const relative = normalised.slice(WORKSPACE.length + 1);
  const check = checkChangePath(relative);
  return check.ok ? { path: check.path } : { refused: `${relative}: ${check.reason}` };
}

/**
 * Loads `file` (workspace-relative) and bundles its external references. Throws SpecError with
 * the reason for invalid YAML / JSON, a document that is not OpenAPI 3.x, a `$ref` that cannot be
 * resolved, and a `$ref` that leaves the workspace.
 */
export async function loadSpec(source: FileSource, file: string): Promise<LoadedSpec> {
  const checked = checkChangePath(file);
  if (!checked.ok) {
    throw new SpecError(`${file}: ${checked.reason}.`);
  }
  let text: string;
  try {
    text = await source.readText(checked.path);
  } catch {
    throw new SpecError(`${checked.path} could not be read.`);
  }
  const document = parseSpecText(text, checked.path);
  checkOpenApiVersion(document, checked.path);

  // Only references into other files need the resolver; in-document ones are checked here.
  if (!hasExternalRef(document)) {
    checkInternalRefs(document, document, checked.path);
    return { file: checked.path, document };
  }

  // The resolver's own errors name made-up URLs; the first problem seen is reported instead.
  let problem: SpecError | undefined;
  const fail = (error: SpecError): never => {
    problem ??= error;
    throw error;
  };
  const referrer = (info: FileInfo): string => workspaceLabel(info.url);
  // Loaded on first use: commands that read no spec do not pay for the resolver.
  const { $RefParser } = await import('@apidevtools/json-schema-ref-parser');
  try {
    const bundled: unknown = await $RefParser.bundle(`${WORKSPACE}/${checked.path}`, document, {
      resolve: {
        external: true,
        file: false,
        http: false,
        workspace: {
          order: 1,
          canRead: true,
          read: async (info: FileInfo): Promise<string> => {
            const target = workspacePath(info.url);
            if ('refused' in target) {
              return fail(new SpecError(`${checked.path}: $ref to ${target.refused}; references must stay inside the workspace.`));
            }
            try {
              return await source.readText(target.path);
            } catch {
              return fail(new SpecError(`${checked.path}: unresolvable $ref: ${target.path} does not exist or cannot be read.`));
            }
          },
        },
      },
      parse: {
        json: false,
        yaml: false,
        text: false,
        binary: false,
        workspace: {
          order: 1,
          canParse: true,
          parse: (info: FileInfo): unknown => {
            try {
              return parseSpecText(String(info.data), referrer(info));
            } catch (error) {
              return fail(error instanceof SpecError ? error : new SpecError(String(error)));
            }
          },
        },
      },
    });
    if (!isRecord(bundled)) {
      throw new SpecError(`${checked.path} is not an OpenAPI document.`);
    }
    return { file: checked.path, document: bundled };
  } catch (error) {
    if (problem !== undefined) throw problem;
    if (error instanceof SpecError) throw error;
    throw new SpecError(`${checked.path}: ${describeResolverError(error)}`);
  }
}

/** Whether any `$ref` in the document names another file (anything but `#/...`). */
function hasExternalRef(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasExternalRef);
  if (!isRecord(value)) return false;
  const ref = value['$ref'];
  if (typeof ref === 'string' && !ref.startsWith('#')) return true;
  return Object.values(value).some(hasExternalRef);
}

/** Every `#/...` reference must name something in the document, used or not. */
function checkInternalRefs(root: Record<string, unknown>, value: unknown, file: string): void {
  if (Array.isArray(value)) {
    for (const item of value) checkInternalRefs(root, item, file);
    return;
  }
  if (!isRecord(value)) return;
  const ref = value['$ref'];
  if (typeof ref === 'string') resolvePointer(root, ref, file);
  for (const item of Object.values(value)) checkInternalRefs(root, item, file);
}

function workspaceLabel(url: string): string {
  const target = workspacePath(url);
  return 'path' in target ? target.path : url;
}

/** The resolver's message with its made-up root taken out: "unresolvable $ref: #/components/...". */
function describeResolverError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cleaned = message.split(`${WORKSPACE}/`).join('');
  const missing = /Missing \$ref pointer "([^"]*)"/.exec(cleaned) ?? /Token "([^"]*)" does not exist/.exec(cleaned);
  if (missing !== null) {
    return `unresolvable $ref: ${missing[1] ?? ''} (${cleaned})`;
  }
  return `unresolvable $ref: ${cleaned}`;
}
