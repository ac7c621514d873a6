/**
 * `class ...:` → ClassFact. Every class is read the same way; whether it is a SQLModel, a
 * pydantic schema or a `BaseSettings` is decided by the project layer from the bases.
 */
import type { Node } from 'web-tree-sitter';
import type { ClassFact, FieldFact, FunctionFact, RelationshipFact, UnderConstruction } from './facts';
import { classHeadFromText, type ClassHead } from './definition-head-text';
import { decoratorTextsFromSource } from './route-text';
import { collapseWhitespace } from './annotation-text';
import { bodyStatementFromText, NOTHING, type BodyStatement } from './class-body-text';
import { classMember } from './field-facts';
import { readFunction } from './function-facts';
import { callArguments } from './argument-table';
import { decoratedParent, decoratorsOf, docstringOf, fieldChild, inCleanTree, namedChildrenOf, rangeOf, sourceOf, stringValue } from './syntax-nodes';

/** Names that configure the class rather than declare a field. */
const CONFIGURATION_NAMES = new Set(['__tablename__', 'model_config', '__table_args__', '__mapper_args__']);

function definitionName(statement: Node): string | undefined {
  const definition = definedFunction(statement);
  return definition ? fieldChild(definition, 'name')?.text : undefined;
}

/** The function a body statement defines, decorated or not. */
function definedFunction(statement: Node): Node | undefined {
  const definition = statement.type === 'decorated_definition' ? fieldChild(statement, 'definition') : statement;
  return definition?.type === 'function_definition' ? definition : undefined;
}

interface BodyFacts {
  /** The text of the first statement, when read from the source. */
  firstText?: string;
  fields: FieldFact[];
  relationships: RelationshipFact[];
  methods: string[];
  /** `__call__`, read in full: an instance of the class may be a dependency. */
  call?: FunctionFact;
  tableName?: string;
  modelConfig?: string;
  tableArgs?: string;
}

/** One statement read from its nodes. */
function bodyStatementFromNodes(statement: Node): BodyStatement {
  const method = definitionName(statement);
  if (method !== undefined) return { kind: 'method', name: method };
  const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (assignment?.type !== 'assignment') return NOTHING;
  const left = fieldChild(assignment, 'left');
  const name = left?.text ?? '';
  const value = fieldChild(assignment, 'right');
  if (CONFIGURATION_NAMES.has(name)) {
    return { kind: 'configuration', name, value: value?.text, literal: name === '__tablename__' ? stringValue(value) : undefined };
  }
  const member = classMember(statement, assignment, left, value);
  return member ? { kind: 'member', member } : NOTHING;
}

/**
 * The statements of a class body, each read from the text when it is plain enough (see
 * class-body-text) and from its nodes otherwise. `source`: the text of the tree, when known.
 */
function readBody(body: Node | null, statements: readonly Node[], source: string | undefined): BodyFacts {
  const facts: BodyFacts = { fields: [], relationships: [], methods: [] };
  const end = source !== undefined && body && statements.length > 0 ? body.endIndex : 0;
  statements.forEach((statement, index) => {
    const text = source?.slice(statement.startIndex, statements[index + 1]?.startIndex ?? end).trimEnd();
    if (index === 0) facts.firstText = text;
    const read = (text !== undefined ? bodyStatementFromText(statement, text, CONFIGURATION_NAMES) : undefined) ?? bodyStatementFromNodes(statement);
    if (read.kind === 'method') {
      facts.methods.push(read.name);
      const definition = read.name === '__call__' ? definedFunction(statement) : undefined;
      const call = definition ? readFunction(definition)?.fact : undefined;
      if (call !== undefined) facts.call = call;
    }
    else if (read.kind === 'member') {
      if (read.member.kind === 'field') facts.fields.push(read.member.fact);
      else facts.relationships.push(read.member.fact);
    } else if (read.kind === 'configuration') {
      if (read.name === '__tablename__') {
        if (read.literal !== undefined) facts.tableName = read.literal;
      } else if (read.name === 'model_config' && read.value !== undefined) facts.modelConfig = read.value;
      else if (read.name === '__table_args__' && read.value !== undefined) facts.tableArgs = read.value;
    }
  });
  return facts;
}

/** The head of a class read from its nodes (see classHeadFromText); undefined for a name the parser had to make up. */
function classHeadFromNodes(definition: Node): ClassHead | undefined {
  const nameNode = fieldChild(definition, 'name');
  // A tree without errors has no MISSING node: no need to ask.
  if (!nameNode || (!inCleanTree(nameNode) && nameNode.isMissing)) return undefined;
  return { name: nameNode.text, nameRange: rangeOf(nameNode), superclasses: callArguments(fieldChild(definition, 'superclasses')) };
}

/** `decorated`: the `decorated_definition` around the definition (null for none), when the caller knows it. */
export function classFact(definition: Node, typeCheckingOnly: boolean, decorated: Node | null = decoratedParent(definition)): ClassFact | undefined {
  const source = inCleanTree(definition) ? sourceOf(definition) : undefined;
  const head = (source !== undefined ? classHeadFromText(source, definition) : undefined) ?? classHeadFromNodes(definition);
  if (!head) return undefined;
  const { positional: bases, keywords } = head.superclasses;
  const body = fieldChild(definition, 'body');
  const statements = body ? namedChildrenOf(body) : [];
  const read = readBody(body, statements, source);
  const docstring = docstringOf(body, statements, read.firstText);
  const decoratorTexts = decorated && source !== undefined ? decoratorTextsFromSource(source, decorated, definition) : undefined;
  // Key by key, in the order class facts are written in: caches and golden files compare them.
  const fact: UnderConstruction<ClassFact> = { name: head.name, bases, keywords, table: keywords.table === 'True' };
  if (read.tableName !== undefined) fact.tableName = read.tableName;
  if (docstring !== undefined) fact.docstring = docstring;
  if (read.modelConfig !== undefined) fact.modelConfig = read.modelConfig;
  if (read.tableArgs !== undefined) fact.tableArgs = read.tableArgs;
  fact.fields = read.fields;
  fact.relationships = read.relationships;
  fact.methods = read.methods;
  if (read.call !== undefined) fact.callMethod = read.call;
  fact.decorators = (decoratorTexts ?? decoratorsOf(definition, decorated).map((decorator) => decorator.text)).map(collapseWhitespace);
  fact.typeCheckingOnly = typeCheckingOnly;
  fact.range = rangeOf(decorated ?? definition);
  fact.nameRange = head.nameRange;
  return fact as ClassFact;
}
