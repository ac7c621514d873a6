/**
 * JSON values and schema constraints as Python source: numbers exact at the int64 bounds,
 * literals for defaults and examples, `Field(...)` keyword arguments for constraints.
 */
import type { Constraints } from '../../spec/model';
import { pyString } from '../python/text';

const INT64_MAX = 2 ** 63;

/** A JSON number as Python source, exact for the int64 bounds JavaScript cannot hold. */
export function numberLiteral(value: number): string {
  if (value === INT64_MAX || value === INT64_MAX - 1) return '9223372036854775807';
  if (value === -INT64_MAX) return '-9223372036854775808';
  if (Number.isInteger(value)) return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
  return String(value);
}

/** A JSON value as a Python literal. */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([key, item]) => `${pyString(key)}: ${pythonLiteral(item)}`).join(', ')}}`;
  }
  return 'None';
}

/** Keyword arguments for the schema's constraints: `ge=0, max_length=50`. */
export function constraintArguments(constraints: Constraints): string[] {
  const args: string[] = [];
  const number = (keyword: string, value: number | undefined): void => {
    if (value !== undefined) args.push(`${keyword}=${numberLiteral(value)}`);
  };
  number('ge', constraints.minimum);
  number('gt', constraints.exclusiveMinimum);
  number('le', constraints.maximum);
  number('lt', constraints.exclusiveMaximum);
  number('multiple_of', constraints.multipleOf);
  number('min_length', constraints.minLength ?? constraints.minItems);
  number('max_length', constraints.maxLength ?? constraints.maxItems);
  if (constraints.pattern !== undefined) args.push(`pattern=${rawPattern(constraints.pattern)}`);
  return args;
}

/** A regular expression as a raw string literal when it can be one. */
function rawPattern(pattern: string): string {
  if (!pattern.includes('"') && !pattern.endsWith('\\') && !/[\n\r]/.test(pattern)) return `r"${pattern}"`;
  return pyString(pattern);
}
