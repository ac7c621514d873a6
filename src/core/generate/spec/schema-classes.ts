/**
 * The schemas module: one pydantic class per component object (bases from `allOf`), `StrEnum` /
 * `IntEnum` for enums, classes for inline objects, in an order where every base comes first and
 * only references that close a cycle are quoted.
 */
import { ImportSet } from '../python/imports';
import { INDENT, docstring, pyString } from '../python/text';
import type { SchemaNode, SchemaProperty } from '../../spec/model';
import { enumMemberName, fieldName, NameSpace } from './names';
import { collectProperties } from './operation-code';
import { constraintArguments, pythonLiteral } from './python-literals';
import { type GeneratedClass, type SchemaCatalog, type TypeUse } from './python-types';

export interface RenderedClass {
  readonly name: string;
  readonly text: string;
  readonly component?: string;
}

interface ClassDraft {
  readonly generated: GeneratedClass;
  readonly dependsOn: ReadonlySet<string>;
  readonly bases: readonly string[];
}

/** Renders every class the catalog holds (existing project classes excluded), in definition order. */
export function renderSchemaClasses(catalog: SchemaCatalog, imports: ImportSet): RenderedClass[] {
  // Rendering discovers inline classes; repeat until no new one appears.
  const drafts = new Map<string, ClassDraft>();
  for (let seen = -1; seen !== catalog.classes().length; ) {
    seen = catalog.classes().length;
    for (const generated of catalog.classes()) {
      if (drafts.has(generated.name) || generated.reused !== undefined) continue;
      const use: TypeUse = { imports: new ImportSet(), classes: new Set() };
      const bases = basesOf(catalog, generated, use);
      classBody(catalog, generated, use, () => false);
      drafts.set(generated.name, { generated, dependsOn: use.classes, bases });
    }
  }
  const order = definitionOrder(drafts);
  const defined = new Set<string>(catalog.classes().filter((generated) => generated.reused !== undefined).map((generated) => generated.name));
  const rendered: RenderedClass[] = [];
  for (const name of order) {
    const draft = drafts.get(name);
    if (draft === undefined) continue;
    const use: TypeUse = { imports, classes: new Set() };
    const later = (classes: ReadonlySet<string>): boolean => [...classes].some((used) => !defined.has(used));
    const text = classText(catalog, draft, use, later);
    defined.add(name);
    rendered.push({ name, text, ...(draft.generated.component === undefined ? {} : { component: draft.generated.component }) });
  }
  return rendered;
}

function basesOf(catalog: SchemaCatalog, generated: GeneratedClass, use: TypeUse): string[] {
  // A request variant lists every field itself: its bases would bring the read-only ones back.
  if (generated.schema.kind !== 'object' || generated.requestOf !== undefined) return [];
  const bases = generated.schema.bases.map((base) => catalog.classOf(base)).filter((base): base is string => base !== undefined);
  for (const base of bases) use.classes.add(base);
  return bases;
}

/** Bases strictly first; among field references, document order, cycles broken by quoting. */
function definitionOrder(drafts: ReadonlyMap<string, ClassDraft>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, viaBase: boolean): void => {
    const current = state.get(name);
    if (current === 'done' || (current === 'visiting' && !viaBase)) return;
    if (current === 'visiting') return; // An inheritance cycle: the spec is wrong; keep going.
    const draft = drafts.get(name);
    if (draft === undefined) return;
    state.set(name, 'visiting');
    for (const base of draft.bases) visit(base, true);
    for (const dependency of draft.dependsOn) if (!draft.bases.includes(dependency)) visit(dependency, false);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of drafts.keys()) visit(name, false);
  return order;
}

function classText(catalog: SchemaCatalog, draft: ClassDraft, use: TypeUse, later: (classes: ReadonlySet<string>) => boolean): string {
  const { generated } = draft;
  const schema = generated.schema;
  if (schema.kind === 'primitive') {
    const isText = schema.type === 'string';
    const base = isText ? 'StrEnum' : 'IntEnum';
    use.imports.from('enum', base);
    const members = new NameSpace();
    const lines = (schema.enum ?? [])
      .filter((value) => (isText ? typeof value === 'string' : typeof value === 'number' && Number.isInteger(value)))
      .map((value) => `${INDENT}${members.claim(enumMemberName(value))} = ${pythonLiteral(value)}`);
    const doc = schema.description === undefined ? [] : [docstring(INDENT, schema.description.trim()), ''];
    return [`class ${generated.name}(${base}):`, ...doc, ...(lines.length === 0 ? [`${INDENT}pass`] : lines)].join('\n');
  }
  const bases = draft.bases.length > 0 ? draft.bases : ['BaseModel'];
  if (draft.bases.length === 0) use.imports.from('pydantic', 'BaseModel');
  const body = classBody(catalog, generated, use, later);
  return [`class ${generated.name}(${bases.join(', ')}):`, ...body].join('\n');
}

function classBody(catalog: SchemaCatalog, generated: GeneratedClass, outer: TypeUse, later: (classes: ReadonlySet<string>) => boolean): string[] {
  const schema = generated.schema;
  if (schema.kind !== 'object') return [];
  const lines: string[] = [];
  const variant = generated.requestOf;
  const use: TypeUse = variant === undefined ? outer : { ...outer, request: variant.kind };
  if (variant !== undefined) {
    lines.push(docstring(INDENT, `${catalog.classOf(variant.component) ?? variant.component} as clients send it: without its read-only fields.`), '');
  } else if (schema.description !== undefined) {
    lines.push(docstring(INDENT, schema.description.trim().split('\n')[0] ?? ''), '');
  }
  const names = new NameSpace();
  const own = variant === undefined ? schema.properties : [...collectProperties(catalog, schema)].filter((property) => !property.schema.readOnly);
  const properties = withTag(catalog, generated, own);
  const fields = properties.map((property) => fieldLine(catalog, property, names.claim(fieldName(property.name)), use, later, generated.name));
  const aliased = fields.some((field) => field.aliased);
  if (aliased) {
    use.imports.from('pydantic', 'ConfigDict');
    // Table rows and keyword construction use the Python names; JSON uses the spec's names.
    lines.push(`${INDENT}model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)`, '');
  }
  if (schema.additional !== undefined && schema.properties.length > 0) {
    use.imports.from('pydantic', 'ConfigDict');
    if (!aliased) lines.push(`${INDENT}model_config = ConfigDict(extra="allow")`, '');
  }
  lines.push(...fields.map((field) => field.text));
  if (lines.length === 0) lines.push(`${INDENT}pass`);
  while (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * A member of a discriminated union declares its tag as a `Literal`, so pydantic picks the
 * member by the tag alone; an inherited tag property is redeclared in the member.
 */
function withTag(catalog: SchemaCatalog, generated: GeneratedClass, properties: readonly SchemaProperty[]): SchemaProperty[] {
  const component = generated.component ?? generated.requestOf?.component;
  const tag = component === undefined ? undefined : catalog.tagOf(component);
  if (tag === undefined || generated.schema.kind !== 'object') return [...properties];
  const declared = [...collectProperties(catalog, generated.schema)].find((property) => property.name === tag.property);
  const tagSchema: SchemaNode = {
    kind: 'primitive',
    type: 'string',
    ...(tag.values.length === 1 ? { const: tag.values[0] ?? '' } : { enum: tag.values }),
    nullable: false,
    readOnly: false,
    writeOnly: false,
    deprecated: false,
    constraints: {},
    ...(declared?.schema.description === undefined ? {} : { description: declared.schema.description }),
  };
  const required = declared?.required ?? true;
  // An optional tag defaults to the member's own value: the union still knows which member it is.
  const tagged: SchemaProperty = { name: tag.property, required, schema: required ? tagSchema : { ...tagSchema, default: tag.values[0] } };
  const index = properties.findIndex((property) => property.name === tag.property);
  if (index >= 0) return properties.map((property, at) => (at === index ? tagged : property));
  return [tagged, ...properties];
}

interface FieldLine {
  readonly text: string;
  readonly aliased: boolean;
}

function fieldLine(
  catalog: SchemaCatalog,
  property: SchemaProperty,
  name: string,
  use: TypeUse,
  later: (classes: ReadonlySet<string>) => boolean,
  owner: string,
): FieldLine {
  const { schema } = property;
  const own: TypeUse = { imports: use.imports, classes: new Set(), ...(use.request === undefined ? {} : { request: use.request }) };
  let annotation = catalog.annotation(schema, own, `${owner}${name.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}`);
  const args = fieldArguments(catalog, schema);
  const aliased = name !== property.name;
  if (aliased) args.unshift(`alias=${pyString(property.name)}`);
  if (schema.writeOnly) args.push('exclude=True');
  let defaultText: string | undefined;
  const declared = schema.default === undefined ? undefined : catalog.defaultLiteral(schema, schema.default);
  if (declared !== undefined) {
    defaultText = declared;
    if (declared === 'None' && !/\| None$/.test(annotation) && annotation !== 'Any') annotation = `${annotation} | None`;
  } else if (!property.required) {
    defaultText = 'None';
    if (!/\| None$/.test(annotation) && annotation !== 'Any') annotation = `${annotation} | None`;
    // Absent, not null, in what the API sends: the spec allows null only for nullable fields.
    if (!schema.nullable && !schema.writeOnly && !catalog.resolve(schema).nullable && annotation !== 'Any') args.push('exclude_if=lambda value: value is None');
  }
  for (const used of own.classes) use.classes.add(used);
  if (later(own.classes)) annotation = pyString(annotation);
  if (args.length === 0) {
    return { text: `${INDENT}${name}: ${annotation}${defaultText === undefined ? '' : ` = ${defaultText}`}`, aliased };
  }
  use.imports.from('pydantic', 'Field');
  const all = defaultText === undefined ? args : [`default=${defaultText}`, ...args];
  const flat = `${INDENT}${name}: ${annotation} = Field(${all.join(', ')})`;
  if (flat.length <= 88) return { text: flat, aliased };
  return { text: `${INDENT}${name}: ${annotation} = Field(\n${all.map((arg) => `${INDENT}${INDENT}${arg},`).join('\n')}\n${INDENT})`, aliased };
}

/** Constraints of the schema and of the component it refers to. */
export function fieldArguments(catalog: SchemaCatalog, schema: SchemaNode): string[] {
  const resolved = catalog.resolve(schema);
  const all = { ...(resolved === schema ? {} : resolved.constraints), ...schema.constraints };
  // Only the keywords pydantic applies to the value's own type.
  if (resolved.kind === 'array') {
    return constraintArguments({
      ...(all.minItems === undefined ? {} : { minItems: all.minItems }),
      ...(all.maxItems === undefined ? {} : { maxItems: all.maxItems }),
    });
  }
  if (resolved.kind !== 'primitive' || resolved.enum !== undefined || resolved.const !== undefined) return [];
  if (resolved.type === 'string') {
    if (resolved.format !== undefined && resolved.format !== 'password') return [];
    const { minLength, maxLength, pattern } = all;
    return constraintArguments({
      ...(minLength === undefined ? {} : { minLength }),
      ...(maxLength === undefined ? {} : { maxLength }),
      ...(pattern === undefined ? {} : { pattern }),
    });
  }
  if (resolved.type === 'boolean') return [];
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = all;
  return constraintArguments({
    ...(minimum === undefined ? {} : { minimum }),
    ...(maximum === undefined ? {} : { maximum }),
    ...(exclusiveMinimum === undefined ? {} : { exclusiveMinimum }),
    ...(exclusiveMaximum === undefined ? {} : { exclusiveMaximum }),
    ...(multipleOf === undefined ? {} : { multipleOf }),
  });
}
