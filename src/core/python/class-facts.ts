/**
 * `class ...:` → ClassFact. Every class is read the same way; whether it is a SQLModel, a
 * pydantic schema or a `BaseSettings` is decided by the project layer from the bases.
 */
import type { Node } from 'web-tree-sitter';
import type { ClassFact, FieldFact, RelationshipFact } from './facts';
import { collapseWhitespace } from './annotation-text';
import { classMember } from './field-facts';
import { callArguments, decoratorsOf, docstringOf, namedChildrenOf, rangeOf, stringValue } from './syntax-nodes';

/** Names that configure the class rather than declare a field. */
const CONFIGURATION_NAMES = new Set(['__tablename__', 'model_config', '__table_args__', '__mapper_args__']);

function definitionName(statement: Node): string | undefined {
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  if (definition?.type !== 'function_definition') return undefined;
  return definition.childForFieldName('name')?.text;
}

interface BodyFacts {
  fields: FieldFact[];
  relationships: RelationshipFact[];
  methods: string[];
  tableName?: string;
  modelConfig?: string;
  tableArgs?: string;
}

function readBody(body: Node | null): BodyFacts {
  const facts: BodyFacts = { fields: [], relationships: [], methods: [] };
  if (!body) return facts;
  for (const statement of namedChildrenOf(body)) {
    const method = definitionName(statement);
    if (method !== undefined) {
      facts.methods.push(method);
      continue;
    }
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const name = left?.text ?? '';
    const value = assignment.childForFieldName('right');
    if (CONFIGURATION_NAMES.has(name)) {
      if (name === '__tablename__') {
        const tableName = stringValue(value);
        if (tableName !== undefined) facts.tableName = tableName;
      } else if (name === 'model_config' && value) facts.modelConfig = value.text;
      else if (name === '__table_args__' && value) facts.tableArgs = value.text;
      continue;
    }
    const member = classMember(statement, assignment, left, value);
    if (member?.kind === 'field') facts.fields.push(member.fact);
    else if (member?.kind === 'relationship') facts.relationships.push(member.fact);
  }
  return facts;
}

export function classFact(definition: Node, typeCheckingOnly: boolean): ClassFact | undefined {
  const nameNode = definition.childForFieldName('name');
  if (!nameNode || nameNode.isMissing) return undefined;
  const { positional: bases, keywords } = callArguments(definition.childForFieldName('superclasses'));
  const body = definition.childForFieldName('body');
  const { fields, relationships, methods, tableName, modelConfig, tableArgs } = readBody(body);
  const docstring = docstringOf(body);
  const outer = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  return {
    name: nameNode.text,
    bases,
    keywords,
    table: keywords.table === 'True',
    ...(tableName !== undefined ? { tableName } : {}),
    ...(docstring !== undefined ? { docstring } : {}),
    ...(modelConfig !== undefined ? { modelConfig } : {}),
    ...(tableArgs !== undefined ? { tableArgs } : {}),
    fields,
    relationships,
    methods,
    decorators: decoratorsOf(definition).map((decorator) => collapseWhitespace(decorator.text)),
    typeCheckingOnly,
    range: rangeOf(outer),
    nameRange: rangeOf(nameNode),
  };
}
