/**
 * Python names for what a specification names: fields, parameters, functions, classes, enum
 * members. JSON names that are not valid Python identifiers keep their spelling as an alias.
 */
import { snakeCase } from '../../python/naming';
import { pascal } from '../../spec/schemas';

const KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case', 'type',
]);

/** Attributes of pydantic's BaseModel a field must not shadow. */
const MODEL_ATTRIBUTES: ReadonlySet<string> = new Set([
  'copy', 'dict', 'json', 'schema', 'construct', 'validate', 'fields', 'parse_obj', 'parse_raw', 'from_orm',
  'update_forward_refs', 'schema_json', 'parse_file',
]);

/** `petId` → `pet_id`, `X-Clinic-Id` → `x_clinic_id`, `class` → `class_`, `2fa` → `field_2fa`. */
export function pythonName(jsonName: string): string {
  const words = snakeCase(jsonName.replace(/[^A-Za-z0-9_]+/g, '_'))
    .replace(/_{2,}/g, '_')
    .replace(/^_+|_+$/g, '');
  const base = words === '' ? 'value' : /^[0-9]/.test(words) ? `field_${words}` : words;
  return KEYWORDS.has(base) || base.startsWith('model_') ? `${base}_` : base;
}

/** A field name that does not shadow a BaseModel attribute either. */
export function fieldName(jsonName: string): string {
  const name = pythonName(jsonName);
  return MODEL_ATTRIBUTES.has(name) ? `${name}_` : name;
}

export function className(name: string): string {
  const base = pascal(name);
  return base === '' ? 'Model' : base;
}

/** `vet-visit` → `VET_VISIT`, `3d` → `VALUE_3D`, `` → `EMPTY`. */
export function enumMemberName(value: string | number | boolean): string {
  const text = String(value);
  const words = snakeCase(text.replace(/[^A-Za-z0-9]+/g, '_')).replace(/_{2,}/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  if (words === '') return typeof value === 'number' && value < 0 ? `MINUS_${String(-value)}` : 'EMPTY';
  return /^[0-9]/.test(words) ? `VALUE_${words}` : words;
}

/** Makes names unique in order: the second `Pet` becomes `Pet2`. */
export class NameSpace {
  private readonly used = new Set<string>();

  constructor(taken: Iterable<string> = []) {
    for (const name of taken) this.used.add(name);
  }

  has(name: string): boolean {
    return this.used.has(name);
  }

  claim(wanted: string, suffix = ''): string {
    let name = wanted;
    if (this.used.has(name) && suffix !== '') name = `${wanted}${suffix}`;
    for (let index = 2; this.used.has(name); index++) name = `${wanted}${suffix}${index}`;
    this.used.add(name);
    return name;
  }
}
