/**
 * The typed model an OpenAPI document is read into: what the emitters and the conformance check
 * work from, with every `$ref` already resolved (component schemas stay named references).
 */

export type PrimitiveType = 'string' | 'integer' | 'number' | 'boolean';

/** Validation keywords that become `Field(...)` / `Query(...)` arguments. */
export interface Constraints {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** What every schema node may carry besides its shape. */
export interface SchemaMeta {
  /** `nullable: true` (3.0) or `null` among the types (3.1). */
  readonly nullable: boolean;
  readonly description?: string;
  /** A JSON value; `undefined` when the schema has no default. */
  readonly default?: unknown;
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
  readonly deprecated: boolean;
  readonly constraints: Constraints;
}

export type SchemaShape =
  /** A component schema by its name in `components.schemas`. */
  | { readonly kind: 'ref'; readonly name: string }
  | {
      readonly kind: 'primitive';
      readonly type: PrimitiveType;
      /** uuid, date, date-time, email, uri, binary, int64, ... */
      readonly format?: string;
      readonly enum?: readonly (string | number | boolean)[];
      readonly const?: string | number | boolean;
    }
  | { readonly kind: 'array'; readonly items: SchemaNode; readonly uniqueItems: boolean }
  | {
      readonly kind: 'object';
      readonly properties: readonly SchemaProperty[];
      /** Component schemas this one extends through `allOf`. */
      readonly bases: readonly string[];
      /** `additionalProperties`: false/absent → undefined, true → `any`, a schema → its values. */
      readonly additional?: SchemaNode;
      /** A name for an inline object (its title, or where it was found). */
      readonly suggestedName?: string;
    }
  | {
      readonly kind: 'union';
      readonly variants: readonly SchemaNode[];
      readonly discriminator?: { readonly property: string; readonly mapping: Readonly<Record<string, string>> };
    }
  /** No constraint on the value (`{}`, or a construct the reader does not model). */
  | { readonly kind: 'any' };

export type SchemaNode = SchemaShape & SchemaMeta;

export interface SchemaProperty {
  /** The JSON name; the Python name is derived when emitting. */
  readonly name: string;
  readonly required: boolean;
  readonly schema: SchemaNode;
}

export interface NamedSchema {
  /** Key in `components.schemas`. */
  readonly name: string;
  readonly schema: SchemaNode;
}

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface SpecParameter {
  readonly name: string;
  readonly location: ParameterLocation;
  readonly required: boolean;
  readonly schema: SchemaNode;
  readonly description?: string;
  readonly deprecated: boolean;
}

/** How a body is encoded, from its media type. */
export type BodyEncoding = 'json' | 'form' | 'multipart' | 'xml' | 'binary' | 'text';

export interface SpecBody {
  readonly required: boolean;
  readonly encoding: BodyEncoding;
  readonly mediaType: string;
  readonly schema: SchemaNode;
  readonly description?: string;
}

export interface SpecResponse {
  /** `200`, `2XX` or `default`. */
  readonly status: string;
  readonly description: string;
  /** The first media type, when the response has content. */
  readonly mediaType?: string;
  readonly encoding?: BodyEncoding;
  readonly schema?: SchemaNode;
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** Schemes named together in one requirement must all be satisfied. */
export interface SecurityRequirement {
  readonly schemes: readonly { readonly name: string; readonly scopes: readonly string[] }[];
}

export interface SpecOperation {
  /** `operationId` as written, or one derived from method and path when absent. */
  readonly operationId: string;
  readonly explicitId: boolean;
  readonly method: HttpMethod;
  /** The path as written under `paths` (without the server base path). */
  readonly path: string;
  readonly tags: readonly string[];
  readonly summary?: string;
  readonly description?: string;
  readonly deprecated: boolean;
  readonly parameters: readonly SpecParameter[];
  readonly body?: SpecBody;
  readonly responses: readonly SpecResponse[];
  /** Alternatives (any one suffices); empty for a public operation. */
  readonly security: readonly SecurityRequirement[];
}

export type SecurityScheme =
  | { readonly kind: 'apiKey'; readonly name: string; readonly in: 'header' | 'query' | 'cookie'; readonly parameter: string; readonly description?: string }
  | { readonly kind: 'http'; readonly name: string; /** `basic`, `bearer`, or another IANA HTTP authentication scheme, lower case. */
      readonly scheme: string; readonly bearerFormat?: string; readonly description?: string }
  | { readonly kind: 'oauth2'; readonly name: string; readonly flows: readonly string[]; readonly tokenUrl?: string; readonly scopes: readonly string[]; readonly description?: string }
  | { readonly kind: 'openIdConnect'; readonly name: string; readonly url: string; readonly description?: string }
  | { readonly kind: 'mutualTLS'; readonly name: string; readonly description?: string };

export interface SpecDocument {
  /** `3.0` or `3.1`. */
  readonly version: '3.0' | '3.1';
  /** The full `openapi` field. */
  readonly openapi: string;
  readonly title: string;
  readonly apiVersion: string;
  /** Path of the first server URL with its variables at their defaults (`/api/v3`), `''` for none. */
  readonly basePath: string;
  readonly schemas: readonly NamedSchema[];
  readonly operations: readonly SpecOperation[];
  readonly securitySchemes: readonly SecurityScheme[];
  /** Constructs read but not turned into code (callbacks, webhooks, links), one line each. */
  readonly notes: readonly string[];
  /** Workspace-relative path of the document. */
  readonly file: string;
}
