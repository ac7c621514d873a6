/**
 * JSON Schema (as OpenAPI 3.0 and 3.1 write it) → SchemaNode. Component schemas stay named
 * references, so circular schemas need no special care; other `$ref`s are followed.
 */
import type { Constraints, PrimitiveType, SchemaMeta, SchemaNode, SchemaProperty, SchemaShape } from './model';
import { SpecError } from './errors';

type Json = Record<string, unknown>;

const COMPONENT_SCHEMA = /^#\/components\/schemas\/([^/]+)$/;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unescapePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Follows a `#/...` pointer inside the bundled document. */
export function resolvePointer(root: Json, ref: string, file: string): unknown {
  if (!ref.startsWith('#')) {
    throw new SpecError(`${file}: unresolvable $ref: ${ref}`);
  }
  let current: unknown = root;
  for (const segment of ref.slice(1).split('/').filter((part) => part !== '')) {
    const key = unescapePointer(segment);
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isRecord(current)) current = current[key];
    else current = undefined;
    if (current === undefined) {
      throw new SpecError(`${file}: unresolvable $ref: ${ref}`);
    }
  }
  return current;
}

/** Follows `$ref` chains that are not component schemas (parameters, responses, bodies). */
export function deref(root: Json, value: unknown, file: string): Json {
  let current = value;
  const seen = new Set<string>();
  while (isRecord(current) && typeof current['$ref'] === 'string') {
    const ref = current['$ref'];
    if (seen.has(ref)) throw new SpecError(`${file}: $ref ${ref} refers to itself.`);
    seen.add(ref);
    current = resolvePointer(root, ref, file);
  }
  return isRecord(current) ? current : {};
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function constraintsOf(schema: Json, version: '3.0' | '3.1'): Constraints {
  const result: { -readonly [K in keyof Constraints]: Constraints[K] } = {};
  const minimum = numberOf(schema['minimum']);
  const maximum = numberOf(schema['maximum']);
  // 3.0 writes exclusive bounds as booleans beside minimum/maximum; 3.1 as numbers.
  if (version === '3.0' || typeof schema['exclusiveMinimum'] === 'boolean') {
    if (minimum !== undefined) {
      if (schema['exclusiveMinimum'] === true) result.exclusiveMinimum = minimum;
      else result.minimum = minimum;
    }
  } else {
    if (minimum !== undefined) result.minimum = minimum;
    const exclusive = numberOf(schema['exclusiveMinimum']);
    if (exclusive !== undefined) result.exclusiveMinimum = exclusive;
  }
  if (version === '3.0' || typeof schema['exclusiveMaximum'] === 'boolean') {
    if (maximum !== undefined) {
      if (schema['exclusiveMaximum'] === true) result.exclusiveMaximum = maximum;
      else result.maximum = maximum;
    }
  } else {
    if (maximum !== undefined) result.maximum = maximum;
    const exclusive = numberOf(schema['exclusiveMaximum']);
    if (exclusive !== undefined) result.exclusiveMaximum = exclusive;
  }
  const pairs: [keyof Constraints, string][] = [
    ['multipleOf', 'multipleOf'],
    ['minLength', 'minLength'],
    ['maxLength', 'maxLength'],
    ['minItems', 'minItems'],
    ['maxItems', 'maxItems'],
  ];
  for (const [key, keyword] of pairs) {
    const value = numberOf(schema[keyword]);
    if (value !== undefined) (result as Record<string, number>)[key] = value;
  }
  if (typeof schema['pattern'] === 'string') result.pattern = schema['pattern'];
  return result;
}

const PRIMITIVES: ReadonlySet<string> = new Set(['string', 'integer', 'number', 'boolean']);

export class SchemaReader {
  constructor(
    private readonly root: Json,
    private readonly version: '3.0' | '3.1',
    private readonly file: string,
  ) {}

  /** `where` names the place for inline object names (`PetCreateBody`). */
  read(value: unknown, where: string): SchemaNode {
    return this.readAt(value, where, new Set());
  }

  private readAt(value: unknown, where: string, following: ReadonlySet<string>): SchemaNode {
    if (value === true || value === undefined) return this.node({ kind: 'any' }, {});
    if (value === false || !isRecord(value)) return this.node({ kind: 'any' }, {});
    const ref = value['$ref'];
    if (typeof ref === 'string') {
      const component = COMPONENT_SCHEMA.exec(ref);
      // 3.1 lets siblings sit beside $ref (description, nullable); keep their meta.
      const siblings = { ...value };
      delete siblings['$ref'];
      if (component !== null) {
        resolvePointer(this.root, ref, this.file);
        return this.node({ kind: 'ref', name: unescapePointer(component[1] ?? '') }, siblings);
      }
      if (following.has(ref)) return this.node({ kind: 'any' }, siblings);
      const target = resolvePointer(this.root, ref, this.file);
      const inner = this.readAt(target, where, new Set([...following, ref]));
      return { ...inner, ...this.meta(siblings, inner) };
    }
    return this.node(this.shape(value, where, following), value);
  }

  private node(shape: SchemaShape, schema: Json): SchemaNode {
    return { ...shape, ...this.meta(schema) };
  }

  private meta(schema: Json, inherited?: SchemaMeta): SchemaMeta {
    const types = Array.isArray(schema['type']) ? schema['type'] : [];
    const nullable =
      schema['nullable'] === true ||
      types.includes('null') ||
      schema['type'] === 'null' ||
      [schema['anyOf'], schema['oneOf']].some((list) => Array.isArray(list) && list.some((variant) => isRecord(variant) && variant['type'] === 'null')) ||
      (Array.isArray(schema['enum']) && schema['enum'].includes(null)) ||
      (inherited?.nullable ?? false);
    const description = typeof schema['description'] === 'string' ? schema['description'] : inherited?.description;
    return {
      nullable,
      ...(description === undefined ? {} : { description }),
      ...('default' in schema ? { default: schema['default'] } : inherited && 'default' in inherited ? { default: inherited.default } : {}),
      readOnly: schema['readOnly'] === true || (inherited?.readOnly ?? false),
      writeOnly: schema['writeOnly'] === true || (inherited?.writeOnly ?? false),
      deprecated: schema['deprecated'] === true || (inherited?.deprecated ?? false),
      constraints: { ...inherited?.constraints, ...constraintsOf(schema, this.version) },
    };
  }

  private shape(schema: Json, where: string, following: ReadonlySet<string>): SchemaShape {
    const alternatives = Array.isArray(schema['oneOf']) ? schema['oneOf'] : Array.isArray(schema['anyOf']) ? schema['anyOf'] : undefined;
    if (alternatives !== undefined) {
      const variants = alternatives
        .map((variant, index) => this.readAt(variant, `${where}Option${index + 1}`, following))
        .filter((variant) => !(variant.kind === 'any' && variant.nullable));
      const discriminator = this.discriminator(schema['discriminator']);
      const nullVariant = alternatives.some((variant) => isRecord(variant) && variant['type'] === 'null');
      if (nullVariant && variants.length === 1 && variants[0] !== undefined) {
        // `anyOf: [T, {type: null}]` is a nullable T (the caller marks it nullable).
        return variants[0];
      }
      return { kind: 'union', variants, ...(discriminator === undefined ? {} : { discriminator }) };
    }
    if (Array.isArray(schema['allOf'])) {
      return this.allOf(schema, schema['allOf'], where, following);
    }
    const typeList = (Array.isArray(schema['type']) ? schema['type'] : [schema['type']]).filter(
      (type): type is string => typeof type === 'string' && type !== 'null',
    );
    if ('const' in schema && isScalar(schema['const'])) {
      const type = typeOfValue(schema['const']);
      return { kind: 'primitive', type, const: schema['const'] };
    }
    if (typeList.length > 1) {
      return {
        kind: 'union',
        variants: typeList.map((type, index) => this.readAt({ ...schema, type }, `${where}Option${index + 1}`, following)),
      };
    }
    const type = typeList[0] ?? inferType(schema);
    if (type === 'array') {
      return {
        kind: 'array',
        items: this.readAt(schema['items'], `${where}Item`, following),
        uniqueItems: schema['uniqueItems'] === true,
      };
    }
    if (type === 'object') {
      return this.object(schema, where, following, []);
    }
    if (type !== undefined && PRIMITIVES.has(type)) {
      const values = Array.isArray(schema['enum']) ? schema['enum'].filter(isScalar) : undefined;
      return {
        kind: 'primitive',
        type: type as PrimitiveType,
        ...(typeof schema['format'] === 'string' ? { format: schema['format'] } : {}),
        ...(values !== undefined && values.length > 0 ? { enum: values } : {}),
      };
    }
    if (Array.isArray(schema['enum'])) {
      const values = schema['enum'].filter(isScalar);
      const first = values[0];
      if (first !== undefined) return { kind: 'primitive', type: typeOfValue(first), enum: values };
    }
    return { kind: 'any' };
  }

  private object(schema: Json, where: string, following: ReadonlySet<string>, bases: readonly string[]): SchemaShape {
    const required = new Set(Array.isArray(schema['required']) ? schema['required'].filter((name) => typeof name === 'string') : []);
    const properties: SchemaProperty[] = [];
    const declared = isRecord(schema['properties']) ? schema['properties'] : {};
    for (const [name, property] of Object.entries(declared)) {
      properties.push({ name, required: required.has(name), schema: this.readAt(property, `${where}${pascal(name)}`, following) });
    }
    const additionalValue = schema['additionalProperties'];
    const additional =
      additionalValue === true || (isRecord(additionalValue) && Object.keys(additionalValue).length === 0)
        ? this.node({ kind: 'any' }, {})
        : isRecord(additionalValue)
          ? this.readAt(additionalValue, `${where}Value`, following)
          : undefined;
    const title = typeof schema['title'] === 'string' ? pascal(schema['title']) : undefined;
    return {
      kind: 'object',
      properties,
      bases,
      ...(additional === undefined ? {} : { additional }),
      suggestedName: title ?? where,
    };
  }

  /** `allOf: [$ref Base, {properties}]` → an object extending Base; other parts are merged. */
  private allOf(schema: Json, parts: readonly unknown[], where: string, following: ReadonlySet<string>): SchemaShape {
    const bases: string[] = [];
    const merged: Json = { type: 'object', properties: {}, required: [] };
    const mergeIn = (part: Json): void => {
      Object.assign(merged['properties'] as Json, isRecord(part['properties']) ? part['properties'] : {});
      if (Array.isArray(part['required'])) (merged['required'] as unknown[]).push(...(part['required'] as unknown[]));
      if ('additionalProperties' in part) merged['additionalProperties'] = part['additionalProperties'];
      if (typeof part['title'] === 'string') merged['title'] = part['title'];
    };
    for (const part of parts) {
      if (!isRecord(part)) continue;
      const ref = typeof part['$ref'] === 'string' ? part['$ref'] : undefined;
      const component = ref === undefined ? null : COMPONENT_SCHEMA.exec(ref);
      if (component !== null && ref !== undefined) {
        resolvePointer(this.root, ref, this.file);
        bases.push(unescapePointer(component[1] ?? ''));
      } else if (ref !== undefined) {
        mergeIn(deref(this.root, part, this.file));
      } else if (Array.isArray(part['allOf'])) {
        const inner = this.allOf(part, part['allOf'], where, following);
        if (inner.kind === 'object') {
          bases.push(...inner.bases);
          mergeIn(part);
        }
      } else {
        mergeIn(part);
      }
    }
    mergeIn({ ...schema, allOf: undefined });
    const hasOwn = Object.keys(merged['properties'] as Json).length > 0;
    if (bases.length === 1 && !hasOwn && merged['additionalProperties'] === undefined) {
      return { kind: 'ref', name: bases[0] ?? '' };
    }
    return this.object(merged, where, following, bases);
  }

  private discriminator(value: unknown): { property: string; mapping: Record<string, string> } | undefined {
    if (!isRecord(value) || typeof value['propertyName'] !== 'string') return undefined;
    const mapping: Record<string, string> = {};
    if (isRecord(value['mapping'])) {
      for (const [key, target] of Object.entries(value['mapping'])) {
        if (typeof target !== 'string') continue;
        const component = COMPONENT_SCHEMA.exec(target);
        mapping[key] = component === null ? target : unescapePointer(component[1] ?? '');
      }
    }
    return { property: value['propertyName'], mapping };
  }
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function typeOfValue(value: string | number | boolean): PrimitiveType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return Number.isInteger(value) ? 'integer' : 'number';
}

function inferType(schema: Json): string | undefined {
  if (isRecord(schema['properties']) || 'additionalProperties' in schema) return 'object';
  if ('items' in schema) return 'array';
  return undefined;
}

/** `pet_owner`, `pet-owner`, `pet owner` → `PetOwner`. */
export function pascal(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  const joined = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return /^[0-9]/.test(joined) ? `N${joined}` : joined;
}
