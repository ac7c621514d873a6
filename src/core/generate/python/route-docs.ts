/**
 * What a generated operation tells its readers: the docstring (what it does, who may call it,
 * when it answers each error) in the project's docstring style, and the decorator's
 * `responses=` entries, so `/docs` shows the 404 / 401 / 403 / 409 answers next to the 200.
 * Shared by every engine; the engines say what an operation does, this module words it.
 */
import { type DocstringStyle, projectDocstringStyle } from '../../project/docstring-style';
import type { ProjectFacts } from '../../project/facts';
import { bracketed, collection, fits, INDENT, pyString, signature } from './text';

/** Who may call an operation. */
export type Access = 'public' | 'user' | 'owner' | 'superuser';

/** One error answer: its status and when the handler gives it (a clause: "no team has this id"). */
export interface ErrorAnswer {
  readonly status: number;
  readonly when: string;
}

export interface OperationDoc {
  /** One sentence: what the operation does. */
  readonly summary: string;
  /** Further sentences about what it does, each a paragraph. */
  readonly details?: readonly string[];
  readonly access: Access;
  /** The rows an owner-scoped operation reaches, in the plural: "teams". */
  readonly owned?: string;
  /** Whether superusers reach every row of an owner-scoped operation. */
  readonly superuserSeesAll?: boolean;
  readonly errors: readonly ErrorAnswer[];
}

/** A docstring of a function that is not a route: what it returns and what it raises. */
export interface FunctionDoc {
  readonly summary: string;
  readonly returns?: string;
  /** Exception type and when: `{ type: 'HTTPException', when: '401 when the token is invalid' }`. */
  readonly raises?: readonly { readonly type: string; readonly when: string }[];
}

/** Where the docstring goes (the body's indentation) and how the project writes them. */
export interface DocstringLayout {
  readonly prefix: string;
  readonly style: DocstringStyle;
}

export function accessSentence(doc: Pick<OperationDoc, 'access' | 'owned' | 'superuserSeesAll'>): string {
  switch (doc.access) {
    case 'public':
      return 'Anyone may call it; no sign-in is needed.';
    case 'user':
      return 'Any signed-in user may call it.';
    case 'owner':
      return doc.superuserSeesAll
        ? `Any signed-in user may call it; it reaches only the ${doc.owned ?? 'rows'} they own, a superuser reaches all.`
        : `Any signed-in user may call it; it reaches only the ${doc.owned ?? 'rows'} they own.`;
    case 'superuser':
      return 'Only a superuser may call it.';
  }
}

/** The statuses an operation's access adds: 401 when sign-in is needed, 403 for a superuser-only one. */
export function accessErrors(access: Access): ErrorAnswer[] {
  const errors: ErrorAnswer[] = [];
  if (access !== 'public') errors.push({ status: 401, when: 'the token is missing or invalid' });
  if (access === 'superuser') errors.push({ status: 403, when: 'the user is not a superuser' });
  return errors;
}

/** Errors sorted by status, one entry per status (the first reason given wins). */
export function distinctErrors(errors: readonly ErrorAnswer[]): ErrorAnswer[] {
  const byStatus = new Map<number, ErrorAnswer>();
  for (const error of errors) {
    const known = byStatus.get(error.status);
    byStatus.set(error.status, known === undefined ? error : { status: error.status, when: `${known.when}, or ${error.when}` });
  }
  return [...byStatus.values()].sort((a, b) => a.status - b.status);
}

/** The route's docstring, with its quotes, every line at `layout.prefix`. */
export function routeDocstring(doc: OperationDoc, layout: DocstringLayout): string {
  const errors = distinctErrors(doc.errors);
  const paragraphs = [...(doc.details ?? []), accessSentence(doc)];
  const raises = errors.map((error) => ({ type: 'HTTPException', when: `${error.status} when ${error.when}.` }));
  if (layout.style === 'plain' && errors.length > 0) {
    const answers = errors.map((error) => `${error.status} when ${error.when}`).join('; ');
    paragraphs.push(`Answers ${answers}.`);
    return renderDocstring(doc.summary, paragraphs, [], layout);
  }
  return renderDocstring(doc.summary, paragraphs, raises.length === 0 ? [] : [section('Raises', raises.map((raise) => [raise.type, raise.when]), layout.style)], layout);
}

/** The docstring of a service or security function, with its quotes, at `layout.prefix`. */
export function functionDocstring(doc: FunctionDoc, layout: DocstringLayout): string {
  const raises = doc.raises ?? [];
  if (layout.style === 'plain') {
    const paragraphs = [
      ...(doc.returns === undefined ? [] : [`Returns ${lowerFirst(doc.returns)}`]),
      ...raises.map((raise) => `Raises ${raise.type}: ${raise.when}`),
    ];
    return renderDocstring(doc.summary, paragraphs, [], layout);
  }
  const sections = [
    ...(doc.returns === undefined ? [] : [section('Returns', [[undefined, doc.returns]], layout.style)]),
    ...(raises.length === 0 ? [] : [section('Raises', raises.map((raise) => [raise.type, raise.when]), layout.style)]),
  ];
  return renderDocstring(doc.summary, [], sections, layout);
}

/** Lines of one Google or NumPy section, without indentation. */
function section(title: string, entries: readonly (readonly [string | undefined, string])[], style: DocstringStyle): string[] {
  if (style === 'numpy') {
    return [title, '-'.repeat(title.length), ...entries.flatMap(([name, text]) => (name === undefined ? wrapWords(text, 0, `${INDENT}`) : [name, ...wrapWords(text, 0, INDENT)]))];
  }
  return [`${title}:`, ...entries.flatMap(([name, text]) => wrapWords(name === undefined ? text : `${name}: ${text}`, 0, INDENT, `${INDENT}${INDENT}`))];
}

/**
 * `"""Summary.` then paragraphs and sections, wrapped to the line length, the closing quotes on
 * a line of their own; a lone summary that fits stays on one line.
 */
function renderDocstring(summary: string, paragraphs: readonly string[], sections: readonly string[][], layout: DocstringLayout): string {
  const { prefix } = layout;
  const summaryText = escape(summary);
  if (paragraphs.length === 0 && sections.length === 0 && fits(`${prefix}"""${summaryText}"""`)) {
    return `${prefix}"""${summaryText}"""`;
  }
  const lines = wrapWords(summaryText, prefix.length + 3, '');
  const first = `${prefix}"""${lines[0] ?? ''}`;
  const rest = lines.slice(1).map((line) => `${prefix}${line}`);
  const blocks = [
    ...paragraphs.map((paragraph) => wrapWords(escape(paragraph), prefix.length, '').map((line) => `${prefix}${line}`)),
    ...sections.map((lines) => lines.map((line) => (line === '' ? '' : `${prefix}${line}`))),
  ];
  return [first, ...rest, ...blocks.flatMap((block) => ['', ...block]), `${prefix}"""`].join('\n');
}

/**
 * Words of `text` in lines that fit at `indentWidth` columns: the first line starts with
 * `firstIndent`, the others with `nextIndent` (a hanging indent under a section entry).
 */
function wrapWords(text: string, indentWidth: number, firstIndent: string, nextIndent = firstIndent): string[] {
  const lines: string[] = [];
  let current = firstIndent;
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    const start = lines.length === 0 ? firstIndent : nextIndent;
    const candidate = current === start ? `${current}${word}` : `${current} ${word}`;
    if (current !== start && !fits(`${' '.repeat(indentWidth)}${candidate}`)) {
      lines.push(current);
      current = `${nextIndent}${word}`;
    } else {
      current = candidate;
    }
  }
  lines.push(current);
  return lines;
}

function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
}

function lowerFirst(text: string): string {
  return text.length > 0 ? `${text[0]?.toLowerCase() ?? ''}${text.slice(1)}` : text;
}

/** The class an error answer's body is documented with: the project's own or a generated one. */
export interface ErrorModelRef {
  readonly name: string;
  readonly module: string;
  /** The engine adds this class (once, in the schemas module it writes to). */
  readonly isNew: boolean;
}

/** Name of the detail schema generated where the project has no error model. */
export const ERROR_DETAIL_CLASS = 'ErrorDetail';

/** The generated detail schema: the body FastAPI's `HTTPException` answers with. */
export function errorDetailClass(base: 'SQLModel' | 'BaseModel'): string {
  return [`class ${ERROR_DETAIL_CLASS}(${base}):`, `${INDENT}"""The body of an error answer."""`, '', `${INDENT}detail: str`].join('\n');
}

/**
 * `responses={404: {"model": ErrorDetail, "description": "..."}, ...}` as a decorator argument
 * whose continuation lines sit under a decorator at `prefix`; undefined when there is no error.
 * The dict always spans lines (with trailing commas the formatter keeps it so).
 */
export function responsesArgument(errors: readonly ErrorAnswer[], model: string | undefined, prefix = ''): string | undefined {
  // FastAPI documents 422 itself, with the validation error schema; declaring it would replace that.
  const distinct = distinctErrors(errors).filter((error) => error.status !== 422);
  if (distinct.length === 0) return undefined;
  // Continuation lines are written one indent short: `bracketed` indents an argument's lines once more.
  const entryWidth = `${prefix}${INDENT}${INDENT}`;
  const lines = distinct.flatMap((error) => {
    const description = capitalise(error.when);
    const fields = [...(model === undefined ? [] : [`"model": ${model}`]), `"description": ${pyString(description)}`];
    const flat = `${error.status}: {${fields.join(', ')}},`;
    if (fits(`${entryWidth}${flat}`)) return [`${prefix}${INDENT}${flat}`];
    const fieldLines = fields.map((field) => `${prefix}${INDENT}${INDENT}${field},`);
    if (!fits(`${entryWidth}${INDENT}"description": ${pyString(description)},`)) {
      // Too long for one line: implicitly joined pieces in parentheses, as the formatter keeps them.
      const pieces = splitText(description, 88 - entryWidth.length - 2 * INDENT.length - 3);
      fieldLines.splice(-1, 1, `${prefix}${INDENT}${INDENT}"description": (`, ...pieces.map((piece) => `${prefix}${INDENT}${INDENT}${INDENT}${pyString(piece)}`), `${prefix}${INDENT}${INDENT}),`);
    }
    return [`${prefix}${INDENT}${error.status}: {`, ...fieldLines, `${prefix}${INDENT}},`];
  });
  return `responses={\n${lines.join('\n')}\n${prefix}}`;
}

/** `text` in pieces of at most `width` characters, split after spaces (each piece keeps its trailing space). */
function splitText(text: string, width: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current === '' ? word : `${current} ${word}`;
    if (current !== '' && next.length > width) {
      pieces.push(`${current} `);
      current = word;
    } else {
      current = next;
    }
  }
  pieces.push(current);
  return pieces;
}

function capitalise(text: string): string {
  return text.length > 0 ? `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}` : text;
}

/** The project's own error body: a class holding nothing but a `detail` string. */
export function projectErrorModel(facts: Pick<ProjectFacts, 'models'>): ErrorModelRef | undefined {
  const model = facts.models.find(
    (candidate) =>
      !candidate.table && candidate.fields.length === 1 && candidate.fields[0]?.name === 'detail' && /\bstr\b/.test(candidate.fields[0].annotation),
  );
  return model === undefined ? undefined : { name: model.name, module: model.module, isNew: false };
}

/** How an engine documents its routes in this project: the docstring style and the error model. */
export interface RouteDocsContext {
  readonly style: DocstringStyle;
  /** The project's error model, or undefined when the engine must add `ErrorDetail`. */
  readonly errorModel?: ErrorModelRef;
}

export function routeDocsContext(facts: Pick<ProjectFacts, 'models' | 'files'>): RouteDocsContext {
  const errorModel = projectErrorModel(facts);
  return { style: projectDocstringStyle(facts), ...(errorModel === undefined ? {} : { errorModel }) };
}

/** `@router.post("/path", ..., responses={...})` laid out like the formatter. */
export function documentedDecorator(head: string, args: readonly string[], errors: readonly ErrorAnswer[], model: string | undefined): string {
  const responses = responsesArgument(errors, model);
  return bracketed('', head, [...args, ...(responses === undefined ? [] : [responses])]);
}

/** An operation of the OpenAPI document and the error statuses it must declare. */
export interface DeclaredOperation {
  readonly method: string;
  readonly path: string;
  readonly statuses: readonly number[];
}

/**
 * A pytest function reading `app.openapi()`: every operation listed has a description and
 * declares each status given (the errors the module's other tests observe).
 */
export function openApiDocumentsTest(name: string, app: string, operations: readonly DeclaredOperation[], options: { readonly async: boolean; readonly parameters: readonly string[] }): string {
  const entries = operations.map((operation) => {
    const statuses = [...new Set(operation.statuses.filter((status) => status !== 422))].sort((a, b) => a - b);
    const set = statuses.length === 0 ? 'set()' : `{${statuses.map((status) => pyString(String(status))).join(', ')}}`;
    return `(${pyString(operation.method)}, ${pyString(operation.path)}): ${set}`;
  });
  return [
    signature('', `${options.async ? 'async def' : 'def'} ${name}`, options.parameters, ' -> None:'),
    `${INDENT}paths = ${app}.openapi()["paths"]`,
    collection(INDENT, 'declared: dict[tuple[str, str], set[str]] = ', entries),
    `${INDENT}for (method, path), statuses in declared.items():`,
    `${INDENT}${INDENT}operation = paths[path][method]`,
    `${INDENT}${INDENT}assert operation.get("description"), f"{method} {path} has no description"`,
    `${INDENT}${INDENT}missing = statuses - set(operation["responses"])`,
    `${INDENT}${INDENT}assert not missing, f"{method} {path} does not declare {missing}"`,
  ].join('\n');
}
