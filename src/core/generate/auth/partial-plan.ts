/**
 * What completing a project's own access-token sign-in edits: its security module (where
 * tokens are signed), its token check (the current-user dependency), its login route and token
 * response model — each located in the index and read from the file's text, or refused with
 * the piece that could not be read.
 */
import type { ModelFact, ProjectFacts, ProjectRoute } from '../../project/facts';
import type { FunctionFact } from '../../python/facts';
import { splitLines } from '../python/line-edits';
import { moduleForPath, type ReadText } from '../crud/modules';
import { describeExisting, type ExistingAuth } from './existing-auth';
import type { AuthPlan } from './plan';
import { callArguments, enclosingHandler, indentOf, statementEnd } from './python-source';
import { AuthRefusal } from './refusals';

export interface FunctionSource {
  readonly file: string;
  readonly fn: FunctionFact;
  /** Every line of the file; the function spans `fn.range.startLine..endLine`. */
  readonly lines: readonly string[];
}

export interface PartialPlan {
  /** The project's module that signs access tokens, and how it signs them. */
  readonly signing: { readonly file: string; readonly module: string; readonly key: string; readonly algorithm: string };
  /** The statement decoding the token in the current-user dependency, and what its `try` catches. */
  readonly tokenCheck: { readonly file: string; readonly decodeEnd: number; readonly indent: string; readonly payload: string; readonly handler: string };
  readonly login: {
    readonly route: ProjectRoute;
    readonly source: FunctionSource;
    /** Zero-based lines of the `return` statement that answers the tokens. */
    readonly returnStart: number;
    readonly returnEnd: number;
    /** The returned expression as written, and the single-line locals it uses. */
    readonly expression: readonly string[];
    readonly locals: readonly string[];
    readonly userVariable: string;
    readonly sessionParameter: { readonly name: string; readonly annotation: string };
    readonly responseIsDict: boolean;
  };
  /** The response model of the login (`Token`), when it is a class of the project. */
  readonly tokenModel: ModelFact | undefined;
  readonly currentUser: { readonly alias: string; readonly module: string } | { readonly function: string; readonly module: string };
  /** The project answers 403 for an inactive user: the refresh route follows it. */
  readonly inactiveStatus: 401 | 403;
  readonly paths: { readonly refresh: string; readonly logout: string; readonly refreshFull: string; readonly logoutFull: string };
  /** The session the project's routes get: awaited on an AsyncSession, SQLModel's (`exec`) or SQLAlchemy's (`execute`). */
  readonly session: SessionKind;
}

export interface SessionKind {
  readonly async: boolean;
  /** Where `Session` / `AsyncSession` is imported from. */
  readonly module: string;
  readonly typeName: 'Session' | 'AsyncSession';
  /** SQLModel's sessions run `select` with `exec` (rows); SQLAlchemy's with `execute` (then `scalars`). */
  readonly query: 'exec' | 'execute';
}

/** An AsyncSession in the session dependency's module (or the login's own) makes every new query awaited. */
function sessionKind(facts: ProjectFacts, readText: ReadText, loginFile: string): SessionKind {
  const sessionFile = facts.dependencies.session?.file;
  const texts = [sessionFile, facts.dependencies.session?.aliasFile, loginFile].flatMap((file) => (file === undefined ? [] : [readText(file) ?? '']));
  const imported = texts.join('\n');
  if (!/\bAsyncSession\b/.test(imported)) return { async: false, module: 'sqlmodel', typeName: 'Session', query: 'exec' };
  const sqlalchemy = /^from sqlalchemy\.ext\.asyncio import [^\n]*\bAsyncSession\b/m.test(imported) && !/^from sqlmodel\.ext\.asyncio\.session import/m.test(imported);
  return sqlalchemy
    ? { async: true, module: 'sqlalchemy.ext.asyncio', typeName: 'AsyncSession', query: 'execute' }
    : { async: true, module: 'sqlmodel.ext.asyncio.session', typeName: 'AsyncSession', query: 'exec' };
}

function functionSource(facts: ProjectFacts, readText: ReadText, file: string, name: string): FunctionSource {
  const fn = facts.files.get(file)?.functions.find((candidate) => candidate.name === name);
  const text = readText(file);
  if (fn === undefined || text === undefined) throw new AuthRefusal(`${name} in ${file} could not be read.`);
  return { file, fn, lines: splitLines(text).lines };
}

function bodyLines(source: FunctionSource): { start: number; end: number } {
  return { start: source.fn.range.startLine, end: source.fn.range.endLine };
}

/** `jwt.encode(payload, KEY, algorithm=ALG)` (or `ALG` third) in the module that creates access tokens. */
function readSigning(facts: ProjectFacts, readText: ReadText, existing: ExistingAuth): PartialPlan['signing'] {
  const creator = existing.tokenCreator;
  if (creator === undefined) throw new AuthRefusal('No function creating access tokens was found to complete.');
  const text = readText(creator.file) ?? '';
  const call = /\bjwt\.encode\(/.exec(text);
  const args = call ? callArguments(text, call.index + call[0].length - 1) : [];
  const key = args[1];
  // By keyword, or third as PyJWT's and python-jose's encode(payload, key, algorithm) take it.
  const third = args[2] !== undefined && !/^\w+\s*=(?!=)/.test(args[2]) ? args[2].trim() : undefined;
  const algorithm = args.find((arg) => /^algorithm\s*=/.test(arg))?.replace(/^algorithm\s*=/, '').trim() ?? third;
  if (key === undefined || algorithm === undefined || key.includes('=')) {
    throw new AuthRefusal(
      `${creator.name} in ${creator.file} does not sign with jwt.encode(payload, key, algorithm=...); completing it offline needs PyJWT signing.`,
    );
  }
  return { file: creator.file, module: moduleForPath(facts, creator.file), key, algorithm };
}

function readTokenCheck(facts: ProjectFacts, readText: ReadText): PartialPlan['tokenCheck'] {
  const currentUser = facts.dependencies.currentUser;
  if (currentUser === undefined) throw new AuthRefusal('The project signs tokens but has no current-user dependency checking them.');
  const source = functionSource(facts, readText, currentUser.file, currentUser.function);
  const { start, end } = bodyLines(source);
  for (let index = start; index <= end; index++) {
    const decode = /^(\s*)(\w+)(?:\s*:\s*[^=]+)?\s*=\s*jwt\.decode\(/.exec(source.lines[index] ?? '');
    if (decode === null) continue;
    const handler = enclosingHandler(source.lines, index, start);
    if (handler === undefined) {
      throw new AuthRefusal(
        `${currentUser.function} (${currentUser.file}) decodes the token outside a try block; wrap the decode in try/except jwt.InvalidTokenError first.`,
      );
    }
    return { file: currentUser.file, decodeEnd: statementEnd(source.lines, index), indent: decode[1] ?? '', payload: decode[2] ?? 'payload', handler };
  }
  throw new AuthRefusal(
    `${currentUser.function} (${currentUser.file}) does not call jwt.decode itself; completing its token check offline needs that call.`,
  );
}

function readLogin(facts: ProjectFacts, readText: ReadText, existing: ExistingAuth): PartialPlan['login'] {
  const route = existing.loginRoute;
  const creator = existing.tokenCreator;
  if (route === undefined || creator === undefined) throw new AuthRefusal('The project creates tokens but has no login route to complete.');
  const source = functionSource(facts, readText, route.file, route.functionName);
  const { start, end } = bodyLines(source);
  const bodyIndent = indentOf(source.lines.slice(start).find((line) => /^\s+\S/.test(line)) ?? '    ');
  const returns: number[] = [];
  for (let index = start; index <= end; index++) {
    const line = source.lines[index] ?? '';
    if (/^\s+return\b/.test(line)) returns.push(index);
  }
  const returnStart = returns.at(-1);
  // An early return elsewhere would answer tokens without the refresh token.
  if (returnStart === undefined || returns.length > 1 || !(source.lines[returnStart] ?? '').startsWith(`${bodyIndent}return `)) {
    throw new AuthRefusal(`The login route ${route.functionName} (${route.file}) must end in one return of its tokens to be completed in place.`);
  }
  const returnEnd = statementEnd(source.lines, returnStart);
  const expression = source.lines.slice(returnStart, returnEnd + 1);
  const flat = expression.join(' ').replace(/\s+/g, ' ').trim().slice('return '.length);
  const call = new RegExp(`\\b${creator.name}\\(`).exec(flat);
  const subject = call ? callArguments(flat, call.index + call[0].length - 1)[0] : undefined;
  const userVariable = subject === undefined ? undefined : /\b([a-z_]\w*)\./.exec(subject)?.[1];
  if (userVariable === undefined) {
    throw new AuthRefusal(`The login route ${route.functionName} (${route.file}) does not return ${creator.name}(<user>...) in its response.`);
  }
  const sessionAlias = facts.dependencies.session?.alias;
  const sessionParameter = route.parameters.find(
    (parameter) =>
      (sessionAlias !== undefined && parameter.annotation === sessionAlias) ||
      /\b(Async)?Session\b/.test(parameter.annotation ?? ''),
  );
  if (sessionParameter === undefined) {
    throw new AuthRefusal(`The login route ${route.functionName} (${route.file}) takes no database session to store refresh tokens with.`);
  }
  const identifiers = new Set(flat.match(/\b[a-z_]\w*\b/g) ?? []);
  const locals: string[] = [];
  for (let index = start; index < returnStart; index++) {
    const assignment = /^\s+([a-z_]\w*)\s*=\s*(.+)$/.exec(source.lines[index] ?? '');
    const name = assignment?.[1];
    if (name === undefined || name === userVariable || !identifiers.has(name)) continue;
    if (statementEnd(source.lines, index) !== index) {
      throw new AuthRefusal(`The login route ${route.functionName} (${route.file}) builds ${name} over several lines; completing it offline needs one line.`);
    }
    locals.push((source.lines[index] ?? '').slice(bodyIndent.length));
  }
  const otherParameters = route.parameters.filter((parameter) => parameter.name !== sessionParameter.name && identifiers.has(parameter.name));
  if (otherParameters.length > 0) {
    throw new AuthRefusal(`The tokens of ${route.functionName} (${route.file}) depend on ${otherParameters.map((parameter) => parameter.name).join(', ')}; the refresh route cannot rebuild them.`);
  }
  return {
    route,
    source,
    returnStart,
    returnEnd,
    expression: expression.map((line, index) => (index === 0 ? line.slice(bodyIndent.length + 'return '.length) : line.slice(bodyIndent.length))),
    locals,
    userVariable,
    sessionParameter: { name: sessionParameter.name, annotation: sessionParameter.annotation ?? 'Session' },
    responseIsDict: flat.startsWith('{'),
  };
}

/** Sibling paths of the login (`/auth/token` → `/auth/refresh`); `/login/access-token` → `/login/refresh`, `/logout`. */
function siblingPaths(route: ProjectRoute): PartialPlan['paths'] {
  const dir = route.localPath.replace(/\/[^/]*\/?$/, '');
  const prefix = route.path.slice(0, route.path.length - route.localPath.length);
  const refresh = `${dir}/refresh`;
  const logout = /\/login$/.test(dir) ? `${dir.replace(/\/login$/, '')}/logout` : `${dir}/logout`;
  return { refresh, logout, refreshFull: `${prefix}${refresh}`, logoutFull: `${prefix}${logout}` };
}

export function planPartial(facts: ProjectFacts, readText: ReadText, plan: AuthPlan): PartialPlan {
  const existing = plan.existing;
  if (existing.refreshRoute !== undefined || existing.logoutRoute !== undefined || existing.refreshTable !== undefined) {
    throw new AuthRefusal(
      `The project already has part of its authentication, refresh or logout among it (${describeExisting(existing)}); ` +
        'completing sign-in offline covers projects with access tokens only — ask @fastapi /auth in the chat.',
    );
  }
  const signing = readSigning(facts, readText, existing);
  const tokenCheck = readTokenCheck(facts, readText);
  const login = readLogin(facts, readText, existing);
  const responseName = /^(\w+)\(/.exec(login.expression.join(' ').trim())?.[1];
  const tokenModel = facts.models.find((model) => model.name === responseName && !model.table);
  if (!login.responseIsDict && tokenModel === undefined) {
    throw new AuthRefusal(`The login route ${login.route.functionName} (${login.route.file}) answers neither a dict nor a model of the project.`);
  }
  const currentUser = facts.dependencies.currentUser;
  if (currentUser === undefined) throw new AuthRefusal('The project has no current-user dependency.');
  const checker = facts.files.get(currentUser.file)?.functions.find((fn) => fn.name === currentUser.function);
  const session = sessionKind(facts, readText, login.route.file);
  if (session.async && !login.route.isAsync) {
    throw new AuthRefusal(`The login route ${login.route.functionName} (${login.route.file}) takes an AsyncSession but is no async def; it cannot await its queries.`);
  }
  const answers403 = checker?.raisedStatusCodes.some((code) => /^(403|status\.HTTP_403_FORBIDDEN)$/.test(code)) ?? false;
  return {
    signing,
    tokenCheck,
    login,
    tokenModel,
    currentUser:
      currentUser.alias !== undefined
        ? { alias: currentUser.alias, module: currentUser.aliasModule ?? currentUser.module }
        : { function: currentUser.function, module: currentUser.module },
    inactiveStatus: answers403 ? 403 : 401,
    paths: siblingPaths(login.route),
    session,
  };
}

