/**
 * `class ...:` → ClassFact. Every class is read the same way; whether it is a SQLModel, a
 * pydantic schema or a `BaseSettings` is decided by the project layer from the bases.
 */
import type { Node } from 'web-tree-sitter';
import type { ClassFact, FieldFact, RelationshipFact } from './facts';
import { collapseWhitespace } from './annotation-text';
import { classMember } from './field-facts';
import { callArguments } from './argument-table';
import { decoratedParent, decoratorsOf, docstringOf, fieldChild, inCleanTree, namedChildrenOf, rangeOf, stringValue } from './syntax-nodes';

/** Names that configure the class rather than declare a field. */
const CONFIGURATION_NAMES = new Set(['__tablename__', 'model_config', '__table_args__', '__mapper_args__']);

function definitionName(statement: Node): string | undefined {
  const definition = statement.type === 'decorated_definition' ? fieldChild(statement, 'definition') : statement;
  if (definition?.type !== 'function_definition') return undefined;
  return fieldChild(definition, 'name')?.text;
}

interface BodyFacts {
  fields: FieldFact[];
  relationships: RelationshipFact[];
  methods: string[];
  tableName?: string;
  modelConfig?: string;
  tableArgs?: string;
}

function readBody(statements: readonly Node[]): BodyFacts {
  const facts: BodyFacts = { fields: [], relationships: [], methods: [] };
  for (const statement of statements) {
    const method = definitionName(statement);
    if (method !== undefined) {
      facts.methods.push(method);
      continue;
    }
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    if (assignment?.type !== 'assignment') continue;
    const left = fieldChild(assignment, 'left');
    const name = left?.text ?? '';
    const value = fieldChild(assignment, 'right');
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

/** `decorated`: the `decorated_definition` around the definition (null for none), when the caller knows it. */
export function classFact(definition: Node, typeCheckingOnly: boolean, decorated: Node | null = decoratedParent(definition)): ClassFact | undefined {
  const nameNode = fieldChild(definition, 'name');
  // A tree without errors has no MISSING node: no need to ask.
  if (!nameNode || (!inCleanTree(nameNode) && nameNode.isMissing)) return undefined;
  const { positional: bases, keywords } = callArguments(fieldChild(definition, 'superclasses'));
  const body = fieldChild(definition, 'body');
  const statements = body ? namedChildrenOf(body) : [];
  const { fields, relationships, methods, tableName, modelConfig, tableArgs } = readBody(statements);
  const docstring = docstringOf(body, statements);
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
    decorators: decoratorsOf(definition, decorated).map((decorator) => collapseWhitespace(decorator.text)),
    typeCheckingOnly,
    range: rangeOf(decorated ?? definition),
    nameRange: rangeOf(nameNode),
  };
}
