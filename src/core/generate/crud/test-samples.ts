/**
 * Sample values for a field, as Python for building rows and as request JSON, respecting the
 * field's own constraints (lengths, bounds) so validation accepts them.
 */
import type { ResolvedField } from '../../project/facts';
import type { ImportSet } from '../python/imports';
import { pyString } from '../python/text';

export interface Sample {
  /** Python expression for a row attribute; may use the `index` variable. */
  readonly python: string;
  /** Python literal of the JSON value a client sends. */
  readonly json: string;
  /** True when the JSON value echoes back unchanged (strings, numbers, booleans). */
  readonly comparable: boolean;
}

function numberArg(field: ResolvedField, key: string): number | undefined {
  const raw = field.fieldArgs[key];
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function boundedNumber(field: ResolvedField, preferred: number, step: number): number {
  let value = preferred;
  const ge = numberArg(field, 'ge');
  const gt = numberArg(field, 'gt');
  const le = numberArg(field, 'le');
  const lt = numberArg(field, 'lt');
  if (ge !== undefined && value < ge) value = ge;
  if (gt !== undefined && value <= gt) value = gt + step;
  if (le !== undefined && value > le) value = le;
  if (lt !== undefined && value >= lt) value = lt - step;
  return value;
}

function textValue(field: ResolvedField, label: string): string {
  const max = numberArg(field, 'max_length');
  const min = numberArg(field, 'min_length') ?? 0;
  // A short word from the field name keeps literals well inside the line length.
  const word = (field.name.split('_').find((part) => part !== '') ?? 'value').slice(0, 12);
  let text = /email/i.test(field.name) || /EmailStr/.test(field.baseType) ? `${word}${label}@example.com` : `${word} ${label}`;
  if (max !== undefined && text.length > max) {
    text = text.slice(text.length - max);
  }
  while (text.length < min) {
    text += 'x';
  }
  return text;
}

/**
 * A value unique per call for a unique text column: `f"name-{uuid.uuid4().hex[:12]}"`. Tests
 * against a database that outlives them (session-scoped, PostgreSQL) never collide, not even
 * with themselves in the next run.
 */
function uniqueText(field: ResolvedField, imports: ImportSet): string | undefined {
  const max = numberArg(field, 'max_length') ?? 255;
  const min = numberArg(field, 'min_length') ?? 0;
  const email = /email/i.test(field.name) || /EmailStr/.test(field.baseType);
  const word = (field.name.split('_').find((part) => part !== '') ?? 'value').slice(0, 12);
  const suffix = email ? '@example.com' : '';
  let digits = Math.min(12, max - word.length - 1 - suffix.length);
  let head = `${word}-`;
  if (digits < 6) {
    head = '';
    digits = Math.min(32, max - suffix.length);
  }
  if (digits < 6 || head.length + digits + suffix.length < min) {
    return undefined;
  }
  imports.module('uuid');
  return `f${pyString(`${head}{uuid.uuid4().hex[:${digits}]}${suffix}`)}`;
}

/** Undefined when the type is one the engine cannot invent a value for (an enum, a custom type). */
export function sampleFor(field: ResolvedField, index: number, imports: ImportSet): Sample | undefined {
  const type = field.baseType.replace(/\s/g, '');
  if (field.fieldArgs['pattern'] !== undefined || field.fieldArgs['regex'] !== undefined) {
    return undefined;
  }
  switch (type) {
    case 'str':
    case 'EmailStr':
    case 'pydantic.EmailStr': {
      const unique = field.fieldArgs['unique'] === 'True' ? uniqueText(field, imports) : undefined;
      if (unique !== undefined) return { python: unique, json: unique, comparable: true };
      const pythonText = textValue(field, '{index}');
      const python = pythonText.includes('{index}') ? `f${pyString(pythonText)}` : pyString(pythonText);
      return { python, json: pyString(textValue(field, String(index))), comparable: true };
    }
    case 'int': {
      const value = String(boundedNumber(field, 1, 1));
      return { python: value, json: value, comparable: true };
    }
    case 'float': {
      const value = String(boundedNumber(field, 1.5, 0.5));
      return { python: value.includes('.') ? value : `${value}.0`, json: value, comparable: true };
    }
    case 'bool':
      return { python: 'True', json: 'True', comparable: true };
    case 'Decimal':
    case 'decimal.Decimal': {
      const value = boundedNumber(field, 1.5, 0.5).toFixed(2);
      imports.from('decimal', 'Decimal');
      return { python: `Decimal(${pyString(value)})`, json: pyString(value), comparable: false };
    }
    case 'date':
    case 'datetime.date':
      imports.from('datetime', 'date');
      return { python: 'date(2024, 1, 1)', json: pyString('2024-01-01'), comparable: true };
    case 'datetime':
    case 'datetime.datetime':
      imports.from('datetime', 'UTC', 'datetime');
      return { python: 'datetime(2024, 1, 1, tzinfo=UTC)', json: pyString('2024-01-01T00:00:00Z'), comparable: false };
    case 'uuid.UUID':
    case 'UUID':
      imports.module('uuid');
      return { python: 'uuid.uuid4()', json: 'str(uuid.uuid4())', comparable: false };
    default:
      return undefined;
  }
}

/** A value for the update test that differs from the sample, as a JSON literal. */
export function changedValue(field: ResolvedField, imports?: ImportSet): string | undefined {
  const type = field.baseType.replace(/\s/g, '');
  if (field.fieldArgs['pattern'] !== undefined || field.fieldArgs['regex'] !== undefined) {
    return undefined;
  }
  if (type === 'str' && field.fieldArgs['unique'] === 'True' && !/email/i.test(field.name)) {
    // Each run renames to a fresh value: a fixed one would collide with the last run's row.
    return imports === undefined ? 'unique' : uniqueText(field, imports);
  }
  if (type === 'str' && !/email/i.test(field.name)) {
    return pyString(textValue(field, 'updated'));
  }
  if (type === 'int') {
    const base = boundedNumber(field, 1, 1);
    const next = boundedNumber(field, base + 1, 1);
    return next === base ? undefined : String(next);
  }
  if (type === 'bool') {
    // Rows are built with the default, or True when there is none.
    return field.hasDefault && field.default === 'False' ? 'True' : 'False';
  }
  return undefined;
}
