/**
 * Walks the statements of a module (including those under `if`, `try` and `with` blocks, and
 * what error recovery wrapped in ERROR nodes) and collects the facts of each.
 */
import type { Node } from 'web-tree-sitter';
import type {
  AppFact,
  AssignmentFact,
  CallFact,
  ClassFact,
  ConstructionFact,
  DependencyAliasFact,
  Diagnostic,
  FunctionFact,
  ImportFact,
  MountFact,
  RouteFact,
  RouterFact,
  UnderConstruction,
  UnresolvedRouteSite,
} from './facts';
import { classFact } from './class-facts';
import { readFunction } from './function-facts';
import { IMPORT_STATEMENTS, importFacts } from './import-facts';
import { aliasFact, appFact, assignmentFact, assignmentSides, constructionFact, routerFact } from './module-facts';
import { routeFacts } from './route-facts';
import { callArguments } from './argument-table';
import { decoratorTextsFromSource, routeFactsFromText } from './route-text';
import { decoratorsOf, fieldChild, fieldChildren, inCleanTree, namedChildrenOf, rangeOf, sourceOf } from './syntax-nodes';

export interface ModuleCollector {
  readonly imports: ImportFact[];
  readonly classes: ClassFact[];
  readonly functions: FunctionFact[];
  readonly routes: RouteFact[];
  readonly apps: AppFact[];
  readonly routers: RouterFact[];
  readonly mounts: MountFact[];
  readonly constructions: ConstructionFact[];
  readonly unresolvedRoutes: UnresolvedRouteSite[];
  readonly aliases: DependencyAliasFact[];
  readonly assignments: AssignmentFact[];
  readonly calls: CallFact[];
  readonly diagnostics: Diagnostic[];
}

export function emptyCollector(): ModuleCollector {
  return {
    imports: [],
    classes: [],
    functions: [],
    routes: [],
    apps: [],
    routers: [],
    mounts: [],
    constructions: [],
    unresolvedRoutes: [],
    aliases: [],
    assignments: [],
    calls: [],
    diagnostics: [],
  };
}

function isTypeCheckingCondition(condition: Node | null): boolean {
  return condition !== null && /^(?:[A-Za-z_]\w*\.)?TYPE_CHECKING$/.test(condition.text.trim());
}

function collectAssignment(assignment: Node, into: ModuleCollector): void {
  const sides = assignmentSides(assignment);
  const { left, value } = sides;
  if (left?.type === 'identifier' && value) collectCall(value, into, left.text);
  const assigned = assignmentFact(assignment, sides);
  if (assigned) into.assignments.push(assigned);
  const app = appFact(assignment, sides);
  if (app) into.apps.push(app);
  const router = routerFact(assignment, sides);
  if (router) into.routers.push(router);
  else if (!app) {
    const construction = constructionFact(assignment, sides);
    if (construction) into.constructions.push(construction);
  }
  const alias = aliasFact(assignment, sides);
  if (alias) into.aliases.push(alias);
}

/** A call with arguments, as a CallFact: what a factory or a registration function is given. */
function collectCall(node: Node, into: ModuleCollector, assignedTo?: string): void {
  if (node.type !== 'call') return;
  const callee = fieldChild(node, 'function');
  if (callee?.type !== 'identifier' && callee?.type !== 'attribute') return;
  const args = callArguments(fieldChild(node, 'arguments'));
  // A bare call without arguments passes nothing; assigned, it may still name a factory's app.
  if (assignedTo === undefined && args.positional.length === 0 && Object.keys(args.keywords).length === 0) return;
  const call: UnderConstruction<CallFact> = { callee: callee.text.replace(/\s+/g, ''), args };
  if (assignedTo !== undefined) call.assignedTo = assignedTo;
  call.range = rangeOf(node);
  into.calls.push(call as CallFact);
}

/**
 * Apps, routers and routes declared inside a function body (an app factory such as
 * `create_app`); `text` is the body's text.
 */
function collectFromFunctionBody(body: Node | null, text: string, inFunction: string, into: ModuleCollector): void {
  if (!body) return;
  if (text.includes('FastAPI') || text.includes('APIRouter')) {
    for (const assignment of body.descendantsOfType('assignment')) {
      if (!assignment) continue;
      const app = appFact(assignment);
      if (app) into.apps.push({ ...app, inFunction });
      const router = routerFact(assignment);
      if (router) into.routers.push({ ...router, inFunction });
    }
  }
  if (!text.includes('@')) return;
  for (const decorated of body.descendantsOfType('decorated_definition')) {
    const nested = decorated ? fieldChild(decorated, 'definition') : undefined;
    if (nested?.type !== 'function_definition') continue;
    const decorators = decoratorsOf(nested, decorated);
    const reading = readFunction(nested, decorated, decorators.map((decorator) => decorator.text));
    if (reading) into.routes.push(...routeFacts(nested, reading.fact, decorators, into.unresolvedRoutes));
  }
}

/** `decorated`: the `decorated_definition` statement around the definition, or null. */
function collectDefinition(definition: Node, decorated: Node | null, typeChecking: boolean, into: ModuleCollector): void {
  const type = definition.type;
  if (type === 'class_definition') {
    const fact = classFact(definition, typeChecking, decorated);
    if (fact) into.classes.push(fact);
    return;
  }
  if (type !== 'function_definition') return;
  const source = decorated && inCleanTree(definition) ? sourceOf(definition) : undefined;
  const texts = decorated && source !== undefined ? decoratorTextsFromSource(source, decorated, definition) : undefined;
  let decorators: Node[] | undefined;
  const decoratorNodes = (): Node[] => (decorators ??= decoratorsOf(definition, decorated));
  const reading = readFunction(definition, decorated, texts ?? decoratorNodes().map((decorator) => decorator.text));
  if (!reading) return;
  const { fact } = reading;
  const routes = (texts && routeFactsFromText(texts, fact)) ?? routeFacts(definition, fact, decoratorNodes(), into.unresolvedRoutes);
  into.functions.push(routes.length > 0 && fact.checksSuperuser ? { ...fact, checksSuperuser: false } : fact);
  into.routes.push(...routes);
  collectFromFunctionBody(reading.body, reading.bodyText, fact.name, into);
}

function collectStatement(statement: Node, typeChecking: boolean, into: ModuleCollector): void {
  // Each `type` read asks the parser again: read it once.
  const type = statement.type;
  if (IMPORT_STATEMENTS.has(type)) {
    into.imports.push(...importFacts(statement, typeChecking, type));
    return;
  }
  switch (type) {
    case 'class_definition':
    case 'function_definition':
      collectDefinition(statement, null, typeChecking, into);
      return;
    case 'decorated_definition': {
      const definition = fieldChild(statement, 'definition');
      if (definition) collectDefinition(definition, statement, typeChecking, into);
      return;
    }
    case 'expression_statement': {
      const expression = statement.firstNamedChild;
      if (expression?.type === 'assignment') collectAssignment(expression, into);
      else if (expression?.type === 'call') collectCall(expression, into);
      return;
    }
    case 'type_alias_statement': {
      const alias = aliasFact(statement);
      if (alias) into.aliases.push(alias);
      return;
    }
    case 'if_statement':
      walkBlock(fieldChild(statement, 'consequence'), typeChecking || isTypeCheckingCondition(fieldChild(statement, 'condition')), into);
      for (const alternative of fieldChildren(statement, 'alternative')) {
        walkBlock(alternative ? (fieldChild(alternative, 'consequence') ?? fieldChild(alternative, 'body')) : null, typeChecking, into);
      }
      return;
    case 'try_statement':
    case 'with_statement':
    case 'block':
    case 'ERROR':
      for (const child of namedChildrenOf(statement)) collectNested(child, typeChecking, into);
      return;
    default:
      return;
  }
}

/** Children of compound statements: bodies and clauses are walked, statements collected. */
function collectNested(node: Node, typeChecking: boolean, into: ModuleCollector): void {
  const type = node.type;
  if (type === 'block') walkBlock(node, typeChecking, into);
  else if (type.endsWith('_clause')) {
    for (const child of namedChildrenOf(node)) if (child.type === 'block') walkBlock(child, typeChecking, into);
  } else collectStatement(node, typeChecking, into);
}

/** Collects each statement; one statement's failure becomes a diagnostic, not a loss. */
export function walkStatements(statements: readonly Node[], typeChecking: boolean, into: ModuleCollector): void {
  for (const statement of statements) {
    try {
      collectStatement(statement, typeChecking, into);
    } catch (error) {
      into.diagnostics.push({
        message: `Could not read this statement: ${error instanceof Error ? error.message : String(error)}`,
        range: rangeOf(statement),
        severity: 'warning',
      });
    }
  }
}

export function walkBlock(block: Node | null, typeChecking: boolean, into: ModuleCollector): void {
  if (block) walkStatements(namedChildrenOf(block), typeChecking, into);
}
