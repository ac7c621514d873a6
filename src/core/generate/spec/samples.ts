/**
 * A valid value for a schema, for generated tests: the smallest one that meets the schema's
 * type, format, bounds, enum and required properties. Undefined when none can be found (a
 * pattern no candidate matches), so the caller can leave that test out rather than guess.
 */
import type { SchemaNode } from '../../spec/model';
import type { SchemaCatalog } from './python-types';
import { collectProperties } from './operation-code';

const STRING_CANDIDATES = ['string', 'abc', 'a', '1234567890', '978-3-16-148410-0', 'A1', '+1 555 0100', 'x'];

function formatSample(format: string | undefined): string | undefined {
  switch (format) {
    case 'uuid':
      return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
    case 'date':
      return '2024-01-31';
    case 'date-time':
      return '2024-01-31T12:00:00Z';
    case 'time':
      return '12:00:00';
    case 'email':
      return 'user@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'binary':
    case 'byte':
      return 'content';
    default:
      return undefined;
  }
}

function stringSample(schema: Extract<SchemaNode, { kind: 'primitive' }>): string | undefined {
  const fromFormat = formatSample(schema.format);
  if (fromFormat !== undefined) return fromFormat;
  const { minLength = 0, maxLength = Number.POSITIVE_INFINITY, pattern } = schema.constraints;
  let regex: RegExp | undefined;
  try {
    regex = pattern === undefined ? undefined : new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
  const candidates = [...STRING_CANDIDATES, 'a'.repeat(Math.max(minLength, 1))];
  return candidates.find((candidate) => candidate.length >= minLength && candidate.length <= maxLength && (regex === undefined || regex.test(candidate)));
}

function numberSample(schema: Extract<SchemaNode, { kind: 'primitive' }>): number {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema.constraints;
  const integer = schema.type === 'integer';
  const step = multipleOf ?? 1;
  let value = minimum ?? (exclusiveMinimum === undefined ? 1 : exclusiveMinimum + (integer ? 1 : step));
  if (maximum !== undefined && value > maximum) value = maximum;
  if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) value = exclusiveMaximum - (integer ? 1 : step);
  if (multipleOf !== undefined) value = Math.ceil(value / multipleOf - 1e-9) * multipleOf;
  if (integer) value = Math.ceil(value);
  return Number(value.toFixed(6));
}

export function sampleValue(catalog: SchemaCatalog, node: SchemaNode, depth = 0): unknown {
  if (depth > 8) return undefined;
  const schema = catalog.resolve(node);
  if (schema.default !== undefined && schema.default !== null) return schema.default;
  switch (schema.kind) {
    case 'ref': {
      const target = catalog.component(schema.name);
      const sample = target === undefined ? undefined : sampleValue(catalog, target, depth + 1);
      // A member of a discriminated union is only itself with its own tag.
      const tag = catalog.tagOf(schema.name);
      if (tag === undefined || typeof sample !== 'object' || sample === null || Array.isArray(sample)) return sample;
      return { ...(sample as Record<string, unknown>), [tag.property]: tag.values[0] };
    }
    case 'primitive':
      if (schema.const !== undefined) return schema.const;
      if (schema.enum !== undefined && schema.enum.length > 0) return schema.enum[0];
      if (schema.type === 'string') return stringSample(schema);
      if (schema.type === 'boolean') return true;
      return numberSample(schema);
    case 'array': {
      const item = sampleValue(catalog, schema.items, depth + 1);
      if (item === undefined) return undefined;
      const count = Math.max(1, schema.constraints.minItems ?? 1);
      return schema.uniqueItems && count > 1 ? undefined : Array.from({ length: count }, () => item);
    }
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const property of collectProperties(catalog, schema)) {
        if (!property.required || property.schema.readOnly) continue;
        const sample = sampleValue(catalog, property.schema, depth + 1);
        if (sample === undefined) return undefined;
        value[property.name] = sample;
      }
      return value;
    }
    case 'union':
      for (const variant of schema.variants) {
        const sample = sampleValue(catalog, variant, depth + 1);
        if (sample !== undefined) return sample;
      }
      return undefined;
    case 'any':
      return 'value';
  }
}
