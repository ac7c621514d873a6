/**
 * SchemaNode → Python: annotations, `Field(...)` / `Query(...)` keyword arguments and default
 * literals. Component objects and enums become classes; other components (plain strings,
 * arrays, unions) are written out where they are used.
 */
import type { NamedSchema, SchemaNode } from '../../spec/model';
import type { ImportSet } from '../python/imports';
import { pyString } from '../python/text';
import { pythonLiteral } from './python-literals';
import { className, enumMemberName, fieldName, NameSpace } from './names';

/** What one annotation needs: imports, and the generated classes it names. */
export interface TypeUse {
  readonly imports: ImportSet;
  readonly classes: Set<string>;
  /**
   * The value travels in a request: components with read-only properties are written as their
   * request variant (`NoteCreate`), which leaves those properties out.
   */
  readonly request?: RequestKind;
}

/** A request variant's suffix: `Create` for POST / PUT bodies, `Update` for PATCH. */
export type RequestKind = 'Create' | 'Update';

/** The tag values a discriminated union gives one of its members (`kind: Literal["cat"]`). */
export interface DiscriminatorTag {
  readonly property: string;
  readonly values: readonly string[];
}

export type ClassSchema = Extract<SchemaNode, { kind: 'object' }> | Extract<SchemaNode, { kind: 'primitive' }>;

export interface GeneratedClass {
  readonly name: string;
  readonly schema: ClassSchema;
  /** The component it comes from; undefined for an inline object. */
  readonly component?: string;
  /** An existing project class used instead of generating one. */
  readonly reused?: { readonly module: string };
  /** A request variant: the component whose read-only properties it leaves out. */
  readonly requestOf?: { readonly component: string; readonly kind: RequestKind };
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
  private readonly reserved: ReadonlySet<string>;
  private readonly requestVariants = new Map<string, GeneratedClass>();
  private readonly tags = new Map<string, DiscriminatorTag>();
  private readonly readOnlyMemo = new Map<string, boolean>();

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
    this.reserved = reserved;
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
    for (const { schema } of schemas) this.collectTags(schema, new Set());
  }

  /** Tags of every discriminated union among the components, by member component. */
  private collectTags(node: SchemaNode, seen: Set<SchemaNode>): void {
    if (seen.has(node)) return;
    seen.add(node);
    switch (node.kind) {
      case 'union': {
        const members = this.taggedMembers(node);
        if (members !== undefined) {
          for (const [component, values] of members) {
            const known = this.tags.get(component);
            const merged = [...new Set([...(known !== undefined && known.property === node.discriminator?.property ? known.values : []), ...values])];
            this.tags.set(component, { property: node.discriminator?.property ?? '', values: merged });
          }
        }
        for (const variant of node.variants) this.collectTags(variant, seen);
        return;
      }
      case 'array':
        this.collectTags(node.items, seen);
        return;
      case 'object':
        for (const property of node.properties) this.collectTags(property.schema, seen);
        if (node.additional !== undefined) this.collectTags(node.additional, seen);
        return;
      default:
        return;
    }
  }

  /**
   * Member component → its tag values, for a union with a discriminator whose members are all
   * component classes: the mapping's keys that name the member, else the member's own name.
   */
  private taggedMembers(node: Extract<SchemaNode, { kind: 'union' }>): Map<string, string[]> | undefined {
    const discriminator = node.discriminator;
    if (discriminator === undefined || node.variants.length < 2) return undefined;
    const members = new Map<string, string[]>();
    for (const variant of node.variants) {
      if (variant.kind !== 'ref' || this.components.get(variant.name)?.kind !== 'object' || !this.classNames.has(variant.name)) return undefined;
      const mapped = Object.entries(discriminator.mapping).filter(([, target]) => target === variant.name).map(([value]) => value);
      members.set(variant.name, mapped.length > 0 ? mapped : [variant.name]);
    }
    return members;
  }

  /** The tag a discriminated union gives this component's class, if any. */
  tagOf(component: string): DiscriminatorTag | undefined {
    return this.tags.get(component);
  }

  /** Whether a component object has read-only properties (its own, its bases' or nested ones). */
  hasReadOnly(component: string, visiting = new Set<string>()): boolean {
    const known = this.readOnlyMemo.get(component);
    if (known !== undefined) return known;
    if (visiting.has(component)) return false;
    visiting.add(component);
    const schema = this.components.get(component);
    const result = schema !== undefined && schema.kind === 'object' && this.classNames.has(component) && this.objectHasReadOnly(schema, visiting);
    visiting.delete(component);
    if (visiting.size === 0) this.readOnlyMemo.set(component, result);
    return result;
  }

  private objectHasReadOnly(schema: Extract<SchemaNode, { kind: 'object' }>, visiting: Set<string>): boolean {
    const nested = (node: SchemaNode): boolean => {
      const resolved = this.resolve(node);
      if (resolved.kind === 'ref') return this.hasReadOnly(resolved.name, visiting);
      if (resolved.kind === 'array') return nested(resolved.items);
      if (resolved.kind === 'union') return resolved.variants.some(nested);
      if (resolved.kind === 'object') return this.objectHasReadOnly(resolved, visiting);
      return false;
    };
    for (const base of schema.bases) if (this.hasReadOnly(base, visiting)) return true;
    return schema.properties.some((property) => property.schema.readOnly || nested(property.schema));
  }

  /** The request variant of a component with read-only properties, created on first use. */
  requestClassOf(component: string, kind: RequestKind): string {
    const known = this.requestVariants.get(component);
    if (known !== undefined) return known.name;
    const schema = this.components.get(component);
    const base = this.classNames.get(component) ?? className(component);
    if (schema?.kind !== 'object') return base;
    let name = this.names.claim(`${base}${kind}`);
    while (this.reserved.has(name)) name = this.names.claim(`${base}${kind}`);
    const generated: GeneratedClass = { name, schema, requestOf: { component, kind } };
    this.requestVariants.set(component, generated);
    this.ordered.push(generated);
    return name;
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
      let name = this.classNames.get(resolved.name);
      if (name === undefined) {
        use.imports.from('typing', 'Any');
        return 'Any';
      }
      if (use.request !== undefined && this.hasReadOnly(resolved.name)) name = this.requestClassOf(resolved.name, use.request);
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
        if (parts.length > 1 && resolved.discriminator !== undefined && this.taggedMembers(resolved) !== undefined) {
          // Validated by the tag alone, and documented as a discriminated `oneOf`; pydantic names
          // the tag by its field name (the alias, if any, is what JSON carries).
          use.imports.from('typing', 'Annotated');
          use.imports.from('pydantic', 'Field');
          return `Annotated[${parts.join(' | ')}, Field(discriminator=${pyString(fieldName(resolved.discriminator.property))})]`;
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
