/**
 * `def` / `async def` → FunctionFact: signature, and the behaviour the project layer uses to
 * recognise session providers, current-user dependencies and superuser guards.
 */
import type { Node } from 'web-tree-sitter';
import type { FunctionFact, ParameterFact, UnderConstruction } from './facts';
import { annotatedDependency, collapseWhitespace, dependencyOfCall, lastSegment, normaliseAnnotation } from './annotation-text';
import { parametersFromText, type ParameterParts } from './parameter-text';
import { argumentNode, plainArgumentText, plainArguments } from './argument-table';
import { functionHeadFromText } from './definition-head-text';
import { isCompleteLine, wholeCall } from './plain-text';
import { calleeOf, decoratedParent, decoratorsOf, docstringOf, fieldChild, inCleanTree, isCallTo, namedChildrenOf, rangeOf, sourceOf } from './syntax-nodes';

const NAME_PATTERNS = new Set(['identifier', 'list_splat_pattern', 'dictionary_splat_pattern']);

/** The parts of one parameter node; undefined for markers (`*`, `/`), comments and patterns. */
function parameterPartsOf(node: Node): ParameterParts | undefined {
  // `type` is read once per node: each read asks the parser again.
  const type = node.type;
  const hasDefault = type === 'default_parameter' || type === 'typed_default_parameter';
  let nameNode: Node | null = node;
  let nameType = type;
  let variadic: '*' | '**' | undefined;
  if (type === 'typed_parameter') nameNode = namedChildrenOf(node).find((child) => NAME_PATTERNS.has(child.type)) ?? null;
  else if (hasDefault) nameNode = fieldChild(node, 'name');
  if (nameNode !== node) nameType = nameNode?.type ?? '';
  if (nameType === 'list_splat_pattern' || nameType === 'dictionary_splat_pattern') {
    variadic = nameType === 'list_splat_pattern' ? '*' : '**';
    nameNode = nameNode?.firstNamedChild ?? null;
    nameType = nameNode?.type ?? '';
  }
  if (!nameNode || nameType !== 'identifier') return undefined;
  const typeNode = type === 'identifier' ? null : fieldChild(node, 'type');
  const valueNode = hasDefault ? fieldChild(node, 'value') : null;
  const annotation = typeNode?.text;
  const defaultText = valueNode?.text;
  const parts: UnderConstruction<ParameterParts> = { name: nameNode.text };
  if (annotation !== undefined) parts.annotation = annotation;
  if (defaultText !== undefined) parts.default = defaultText;
  if (variadic) parts.variadic = variadic;
  return parts as ParameterParts;
}

/** How a parameter receives its value: plainly, or from a dependency (annotated or as its default). */
function parameterFact(parts: ParameterParts): ParameterFact {
  const annotation = parts.annotation !== undefined ? normaliseAnnotation(parts.annotation) : undefined;
  const defaultText = parts.default;
  // Key by key, in the order parameter facts are written in: caches and golden files compare them.
  const fact: UnderConstruction<ParameterFact> = { name: parts.name };
  if (annotation !== undefined) fact.annotation = annotation;
  if (defaultText !== undefined) fact.default = defaultText;
  if (parts.variadic) fact.variadic = parts.variadic;
  const annotated = annotation !== undefined ? annotatedDependency(annotation) : undefined;
  const inline = !annotated && defaultText !== undefined ? dependencyOfCall(defaultText) : undefined;
  if (annotated) {
    fact.style = 'annotated-depends';
    fact.dependency = annotated.dependency;
  } else if (inline !== undefined) {
    fact.style = 'default-depends';
    const dependency = inline === '' ? annotation : inline;
    if (dependency) fact.dependency = dependency;
  } else fact.style = 'plain';
  return fact as ParameterFact;
}

/** `parametersText`: the parameter list's text read from the source, when the caller has it. */
function parameterFacts(definition: Node, parametersText?: string): ParameterFact[] {
  const fromHead = parametersText === undefined ? undefined : parametersFromText(parametersText);
  if (fromHead) return fromHead.map(parameterFact);
  const parameters = fieldChild(definition, 'parameters');
  if (!parameters) return [];
  const fromText = inCleanTree(parameters) ? parametersFromText(parameters.text) : undefined;
  const parts = fromText ?? namedChildrenOf(parameters).map(parameterPartsOf);
  return parts.filter((part): part is ParameterParts => part !== undefined).map(parameterFact);
}

const SESSION_GENERATOR = /^(?:[\w.]*\.)?(?:Async)?(?:Generator|Iterator|Iterable)\[\s*(?:[\w.]*\.)?\w*Session\b/;
const DECODE_RECEIVER = /jwt|jws|jose|token/i;
const DECODE_FUNCTION = /^(?:decode|verify)_?\w*(?:token|jwt)\w*$/i;
const SUPERUSER_CHECK = /\b(?:is_superuser|is_admin|is_staff|role|roles)\b/;
const HTTP_EXCEPTIONS = ['HTTPException', 'StarletteHTTPException'];

/** True for `jwt.decode(...)`, `decode(...)`, `decode_access_token(...)`, `verify_token(...)`. */
function isTokenDecoding(callee: string): boolean {
  const name = lastSegment(callee);
  if (DECODE_FUNCTION.test(name)) return true;
  if (name !== 'decode') return false;
  const receiver = callee.slice(0, -name.length).replace(/\.$/, '');
  return receiver === '' || DECODE_RECEIVER.test(lastSegment(receiver));
}

const SESSION_NAME = /session|^db$/i;
/** A session itself, as a return annotation: `Session`, `AsyncSession`, `sqlmodel.Session`. */
const SESSION_TYPE = /^(?:[\w.]*\.)?(?:Async)?Session$/;
const SESSION_CONSTRUCTOR = /\b\w*[Ss]ession\w*\s*\(|[Ss]ession_?maker/;

/** `s` in `with Session(engine) as s:` or `s = SessionLocal()`. */
function boundToSession(name: string, bodyText: string): boolean {
  if (!/^\w+$/.test(name) || !SESSION_CONSTRUCTOR.test(bodyText)) return false;
  return new RegExp(`\\bas\\s+${name}\\b|\\b${name}\\s*=\\s*[\\w.]*[Ss]ession`).test(bodyText);
}

function yieldsSession(body: Node, bodyText: string, returnAnnotation: string | undefined, returned: readonly string[]): boolean {
  if (returnAnnotation !== undefined && SESSION_GENERATOR.test(returnAnnotation)) return true;
  // `def get_session() -> Session: return make_session()`: FastAPI hands the returned one over.
  if (returnAnnotation !== undefined && SESSION_TYPE.test(returnAnnotation) && returned.length > 0 && !bodyText.includes('yield')) return true;
  if (!bodyText.includes('yield') || !/session/i.test(bodyText)) return false;
  // A bare `yield` (a lifespan handler) provides nothing, and a fixture yielding a test client
  // is no session provider even when its body mentions one.
  return body.descendantsOfType('yield').some((node) => {
    const yielded = node?.firstNamedChild?.text;
    return yielded !== undefined && (SESSION_NAME.test(yielded) || boundToSession(yielded, bodyText));
  });
}

function decodesToken(body: Node, bodyText: string): boolean {
  if (!/decode|verify_/i.test(bodyText)) return false;
  return body.descendantsOfType('call').some((call) => {
    const callee = calleeOf(call);
    return callee !== undefined && isTokenDecoding(callee);
  });
}

function checksSuperuser(body: Node, bodyText: string, raises: readonly Node[]): boolean {
  if (raises.length === 0 || !SUPERUSER_CHECK.test(bodyText)) return false;
  return body.descendantsOfType(['if_statement', 'elif_clause']).some((branch) => {
    const condition = branch ? fieldChild(branch, 'condition') : undefined;
    return condition !== null && condition !== undefined && SUPERUSER_CHECK.test(condition.text);
  });
}

/**
 * The `raise` statements under `body` (nested ones included, in source order), found through
 * its text rather than a walk of every node: each starts with a `raise` keyword token.
 */
function raiseStatements(body: Node, bodyText: string): Node[] {
  const statements: Node[] = [];
  for (let index = bodyText.indexOf('raise'); index >= 0; index = bodyText.indexOf('raise', index + 1)) {
    const start = body.startIndex + index;
    const keyword = body.descendantForIndex(start, start + 'raise'.length);
    const statement = keyword?.parent;
    if (keyword?.type === 'raise' && statement?.type === 'raise_statement') statements.push(statement);
  }
  return statements;
}

/**
 * The expressions of the `return` statements under `body` (in source order, collapsed to one
 * line; bare `return` left out), found through the text like the raises: what a route answers.
 */
function returnedValues(body: Node, bodyText: string, source: string | undefined): string[] {
  const values: string[] = [];
  for (let index = bodyText.indexOf('return'); index >= 0; index = bodyText.indexOf('return', index + 1)) {
    const start = body.startIndex + index;
    const keyword = body.descendantForIndex(start, start + 'return'.length);
    const statement = keyword?.parent;
    if (statement?.type !== 'return_statement' || keyword?.type !== 'return') continue;
    const rest = source === undefined ? undefined : restOfStatement(source, statement, start + 'return'.length);
    if (rest !== undefined) {
      if (rest !== '') values.push(collapseWhitespace(rest));
      continue;
    }
    const value = statement.firstNamedChild;
    if (value) values.push(collapseWhitespace(value.text));
  }
  return values;
}

/**
 * The rest of `statement` after its keyword, which ends `from`: the rest of the line, trimmed,
 * when that is plain and complete (see isCompleteLine) and the statement ends with it. The
 * parser carries a statement over a line break where the line cannot end (`return a if b`),
 * so its end is asked for: one question instead of the value's node and its text.
 */
function restOfStatement(source: string, statement: Node, from: number): string | undefined {
  const lineEnd = source.indexOf('\n', from);
  const rest = source.slice(from, lineEnd < 0 ? source.length : lineEnd).trimEnd();
  return isCompleteLine(rest) && statement.endIndex === from + rest.length ? rest.trim() : undefined;
}

/** The status code of `raise HTTPException(status_code, ...)` read from its text; null for another raise; undefined when the text cannot tell. */
function raisedCodeFromText(source: string, statement: Node): string | null | undefined {
  const raised = restOfStatement(source, statement, statement.startIndex + 'raise'.length);
  if (raised === undefined) return undefined;
  const call = wholeCall(raised);
  if (!call) return HTTP_EXCEPTIONS.some((name) => raised.includes(name)) ? undefined : null;
  if (!HTTP_EXCEPTIONS.includes(lastSegment(call.callee))) return null;
  const args = plainArguments(call.argumentsText);
  return args ? (plainArgumentText(args, 'status_code', 0) ?? null) : undefined;
}

function raisedStatusCodes(raises: readonly Node[], source: string | undefined): string[] {
  const codes: string[] = [];
  for (const statement of raises) {
    const fromText = source === undefined ? undefined : raisedCodeFromText(source, statement);
    const code = fromText !== undefined ? (fromText ?? undefined) : raisedCodeFromNodes(statement);
    if (code !== undefined && !codes.includes(code)) codes.push(code);
  }
  return codes;
}

function raisedCodeFromNodes(statement: Node): string | undefined {
  const raised = statement.firstNamedChild;
  if (!isCallTo(raised, HTTP_EXCEPTIONS)) return undefined;
  return argumentNode(fieldChild(raised, 'arguments'), 'status_code', 0)?.text;
}

/** The facts of a function defined directly in `body` and returned there by name (`return checker`). */
function returnedFunction(body: Node, bodyText: string, returned: readonly string[]): FunctionFact | undefined {
  const names = returned.filter((value) => IDENTIFIER.test(value));
  if (names.length === 0 || !bodyText.includes('def ')) return undefined;
  for (const statement of namedChildrenOf(body)) {
    const definition = statement.type === 'decorated_definition' ? fieldChild(statement, 'definition') : statement;
    if (definition?.type !== 'function_definition' || !names.includes(fieldChild(definition, 'name')?.text ?? '')) continue;
    return readFunction(definition)?.fact;
  }
  return undefined;
}

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** A function's facts, with the body they were read from for callers that read it further. */
export interface FunctionReading {
  readonly fact: FunctionFact;
  readonly body: Node | null;
  readonly bodyText: string;
}

/**
 * `decorated`: the `decorated_definition` around the definition (null for none) and
 * `decorators` the texts of its decorator expressions, when the caller has them already.
 */
export function readFunction(
  definition: Node,
  decorated: Node | null = decoratedParent(definition),
  decorators: readonly string[] = decoratorsOf(definition, decorated).map((decorator) => decorator.text),
): FunctionReading | undefined {
  const clean = inCleanTree(definition);
  const source = clean ? sourceOf(definition) : undefined;
  const head = source === undefined ? undefined : functionHeadFromText(source, definition.startIndex);
  const nameNode = head ? undefined : fieldChild(definition, 'name');
  const body = fieldChild(definition, 'body');
  // A tree without errors has no MISSING node, and its definitions start with `async` or `def`.
  if (!head && (!nameNode || (!clean && nameNode.isMissing))) return undefined;
  const returnNode = head ? null : fieldChild(definition, 'return_type');
  const returnAnnotation = head ? head.returnAnnotation : returnNode ? normaliseAnnotation(returnNode.text) : undefined;
  const bodyText = body?.text ?? '';
  const raises = body ? raiseStatements(body, bodyText) : [];
  const docstring = docstringOf(body, undefined, clean && body ? bodyText : undefined);
  // Key by key, in the order function facts are written in: caches and golden files compare them.
  const fact: UnderConstruction<FunctionFact> = {
    name: head ? head.name : (nameNode?.text ?? ''),
    isAsync: head ? head.isAsync : clean ? definition.text.startsWith('async') : definition.firstChild?.type === 'async',
    parameters: parameterFacts(definition, head?.parametersText),
  };
  if (returnAnnotation !== undefined) fact.returnAnnotation = returnAnnotation;
  if (docstring !== undefined) fact.docstring = docstring;
  fact.decorators = decorators.map(collapseWhitespace);
  const returned = body ? returnedValues(body, bodyText, source) : [];
  fact.yieldsSession = body ? yieldsSession(body, bodyText, returnAnnotation, returned) : false;
  fact.decodesToken = body ? decodesToken(body, bodyText) : false;
  fact.checksSuperuser = body ? checksSuperuser(body, bodyText, raises) : false;
  fact.raisedStatusCodes = raisedStatusCodes(raises, source);
  fact.returnedValues = returned;
  fact.range = rangeOf(decorated ?? definition);
  const inner = body ? returnedFunction(body, bodyText, returned) : undefined;
  if (inner !== undefined) fact.returnedFunction = inner;
  return { fact: fact as FunctionFact, body, bodyText };
}
