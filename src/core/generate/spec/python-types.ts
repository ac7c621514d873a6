/**
 * SchemaNode → Python: annotations, `Field(...)` / `Query(...)` keyword arguments and default
 * literals. Component objects and enums become classes; other components (plain strings,
 * arrays, unions) are written out where they are used.
 */
import type { Constraints, NamedSchema, SchemaNode } from '../../spec/model';
import type { ImportSet } from '../python/imports';
import { pyString } from '../python/text';
import { className, enumMemberName, NameSpace } from './names';

/** What one annotation needs: imports, and the generated classes it names. */
export interface TypeUse {
  readonly imports: ImportSet;
  readonly classes: Set<string>;
}

export type ClassSchema = Extract<SchemaNode, { kind: 'object' }> | Extract<SchemaNode, { kind: 'primitive' }>;

export interface GeneratedClass {
  readonly name: string;
  readonly schema: ClassSchema;
  /** The component it comes from; undefined for an inline object. */
  readonly component?: string;
  /** An existing project class used instead of generating one. */
  readonly reused?: { readonly module: string };
}

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

function isEnum(schema: SchemaNode): boolean {
  return schema.kind === 'primitive' && schema.enum !== undefined && schema.enum.length > 0 && schema.const === undefined;
}

export class SchemaCatalog {
  private readonly components = new Map<string, SchemaNode>();
  private readonly classNames = new Map<string, string>();
  private readonly inline = new Map<SchemaNode, GeneratedClass>();
  private readonly ordered: GeneratedClass[] = [];
  private readonly names: NameSpace;

  /**
   * `reuse` names an existing project class to use for a component (same name, same fields);
   * `taken` are names the schemas module may not define (other project classes).
   */
  constructor(
    schemas: readonly NamedSchema[],
    reuse: (component: string, schema: SchemaNode) => { module: string } | undefined,
    taken: Iterable<string>,
    private readonly onClash: (component: string, renamed: string) => void,
  ) {
    this.names = new NameSpace(['BaseModel', 'Field', 'Any', 'Literal', 'StrEnum', 'IntEnum', 'ConfigDict']);
    const reserved = new Set(taken);
    for (const { name, schema } of schemas) {
      this.components.set(name, schema);
      if (schema.kind !== 'object' && !(schema.kind === 'primitive' && isEnum(schema))) continue;
      const wanted = className(name);
      const reused = reuse(name, schema);
      let generated: string;
      if (reused !== undefined) {
        generated = this.names.claim(wanted);
      } else if (reserved.has(wanted)) {
        generated = this.names.claim(wanted, 'Spec');
        this.onClash(name, generated);
      } else {
        generated = this.names.claim(wanted);
      }
      this.classNames.set(name, generated);
      this.ordered.push({ name: generated, schema, component: name, ...(reused === undefined ? {} : { reused }) });
    }
  }

  /** Every class, components first in document order, then inline objects as met. */
  classes(): readonly GeneratedClass[] {
    return this.ordered;
  }

  component(name: string): SchemaNode | undefined {
    return this.components.get(name);
  }

  classOf(component: string): string | undefined {
    return this.classNames.get(component);
  }

  /** Follows component references that are not classes, to the schema they stand for. */
  resolve(node: SchemaNode): SchemaNode {
    let current = node;
    const seen = new Set<string>();
    while (current.kind === 'ref' && !this.classNames.has(current.name) && !seen.has(current.name)) {
      seen.add(current.name);
      const target = this.components.get(current.name);
      if (target === undefined) break;
      current = { ...target, nullable: target.nullable || current.nullable };
    }
    return current;
  }

  /** The class for an inline object, created on first use. */
  inlineClass(node: Extract<SchemaNode, { kind: 'object' }>, fallbackName: string): string {
    const known = this.inline.get(node);
    if (known !== undefined) return known.name;
    const name = this.names.claim(className(node.suggestedName ?? fallbackName));
    const generated: GeneratedClass = { name, schema: node };
    this.inline.set(node, generated);
    this.ordered.push(generated);
    return name;
  }

  /** The Python annotation of a value of this schema. */
  annotation(node: SchemaNode, use: TypeUse, where = 'Model'): string {
    const inner = this.bareAnnotation(node, use, where);
    const resolved = this.resolve(node);
    if ((node.nullable || resolved.nullable) && inner !== 'Any' && !/\| None$/.test(inner)) return `${inner} | None`;
    return inner;
  }

  private bareAnnotation(node: SchemaNode, use: TypeUse, where: string): string {
    const resolved = this.resolve(node);
    if (resolved.kind === 'ref') {
      const name = this.classNames.get(resolved.name);
      if (name === undefined) {
        use.imports.from('typing', 'Any');
        return 'Any';
      }
      use.classes.add(name);
      return name;
    }
    switch (resolved.kind) {
      case 'primitive':
        return this.primitive(resolved, use, node);
      case 'array': {
        const items = this.annotation(resolved.items, use, `${where}Item`);
        return `list[${items}]`;
      }
      case 'object': {
        if (resolved.properties.length === 0 && resolved.bases.length === 0) {
          if (resolved.additional === undefined || this.resolve(resolved.additional).kind === 'any') {
            use.imports.from('typing', 'Any');
            return 'dict[str, Any]';
          }
          return `dict[str, ${this.annotation(resolved.additional, use, `${where}Value`)}]`;
        }
        const name = this.inlineClass(resolved, where);
        use.classes.add(name);
        return name;
      }
      case 'union': {
        const parts = [...new Set(resolved.variants.map((variant, index) => this.annotation(variant, use, `${where}Option${index + 1}`)))];
        if (parts.length === 0 || parts.includes('Any')) {
          use.imports.from('typing', 'Any');
          return 'Any';
        }
        return parts.join(' | ');
      }
      case 'any':
        use.imports.from('typing', 'Any');
        return 'Any';
    }
  }

  private primitive(schema: Extract<SchemaNode, { kind: 'primitive' }>, use: TypeUse, original: SchemaNode): string {
    if (schema.const !== undefined) {
      use.imports.from('typing', 'Literal');
      return `Literal[${pythonLiteral(schema.const)}]`;
    }
    if (isEnum(schema)) {
      const component = original.kind === 'ref' ? this.classNames.get(original.name) : undefined;
      if (component !== undefined) {
        use.classes.add(component);
        return component;
      }
      use.imports.from('typing', 'Literal');
      return `Literal[${(schema.enum ?? []).map(pythonLiteral).join(', ')}]`;
    }
    switch (schema.type) {
      case 'integer':
        return 'int';
      case 'number':
        return 'float';
      case 'boolean':
        return 'bool';
      case 'string':
        return stringType(schema.format, use);
    }
  }

  /** A default as Python source, or undefined when it cannot be written for this type. */
  defaultLiteral(node: SchemaNode, value: unknown): string | undefined {
    const resolved = this.resolve(node);
    if (value === null) return 'None';
    const enumComponent = node.kind === 'ref' ? this.components.get(node.name) : undefined;
    if (node.kind === 'ref' && enumComponent?.kind === 'primitive' && enumComponent.enum !== undefined) {
      const enumClass = this.classNames.get(node.name);
      const known = (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && enumComponent.enum.includes(value);
      return enumClass !== undefined && known ? `${enumClass}.${enumMemberName(value)}` : undefined;
    }
    if (resolved.kind === 'primitive' && resolved.enum !== undefined && isEnum(resolved) && node.kind === 'ref') {
      const enumClass = this.classNames.get(node.name);
      if (enumClass !== undefined && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
        return resolved.enum?.includes(value) ? `${enumClass}.${enumMemberName(value)}` : undefined;
      }
    }
    if (resolved.kind === 'primitive' && resolved.format !== undefined && /^(date|date-time|time|uuid|uri|url|email|binary|byte)$/.test(resolved.format)) {
      // A string default for a typed value; pydantic would not convert it at definition time.
      return undefined;
    }
    if (Array.isArray(value) || (typeof value === 'object' && value !== null)) return undefined;
    return pythonLiteral(value);
  }
}

/** pydantic's types for OpenAPI string formats; unknown formats stay `str`. */
function stringType(format: string | undefined, use: TypeUse): string {
  switch (format) {
    case 'uuid':
      use.imports.module('uuid');
      return 'uuid.UUID';
    case 'date':
      use.imports.module('datetime');
      return 'datetime.date';
    case 'date-time':
      use.imports.module('datetime');
      return 'datetime.datetime';
    case 'time':
      use.imports.module('datetime');
      return 'datetime.time';
    case 'email':
      use.imports.from('pydantic', 'EmailStr');
      return 'EmailStr';
    case 'uri':
    case 'url':
      use.imports.from('pydantic', 'AnyUrl');
      return 'AnyUrl';
    case 'binary':
      return 'bytes';
    default:
      return 'str';
  }
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
