/**
 * Security schemes → dependencies. Bearer, OAuth2 and OpenID Connect use the project's own
 * current-user dependency (the JWT authentication engine's, once generated, is one); without
 * one, bearer and OAuth2 tokens are verified as JWTs signed with a key from the settings, and
 * OpenID Connect tokens (whose keys are the provider's) are refused until verification is
 * written. API keys and HTTP basic get dependencies that compare the credentials with settings
 * read from the environment, in constant time, and answer 401 otherwise. Alternatives (any one
 * requirement suffices) become one dependency that tries each in turn.
 */
import type { ProjectFacts } from '../../project/facts';
import type { SecurityScheme, SpecDocument, SpecOperation } from '../../spec/model';
import { ImportSet } from '../python/imports';
import { bracketed, ifAny, INDENT, pyString, signature } from '../python/text';
import { pythonName } from './names';
import type { SecurityDependency } from './operation-code';

/** A generated setting and its default (an empty key refuses every request). */
export interface SecuritySetting {
  readonly name: string;
  readonly default: string;
}

export interface SecurityPlan {
  /** Dependencies per operation id (all of them required). */
  readonly byOperation: ReadonlyMap<string, readonly SecurityDependency[]>;
  /** The generated module, when any scheme needs one. */
  readonly module?: { readonly path: string; readonly module: string; readonly imports: ImportSet; readonly blocks: readonly string[] };
  /** Settings (environment variables) the generated dependencies read. */
  readonly settings: readonly SecuritySetting[];
  /** Functions in the generated module that still need code, for the review. */
  readonly toImplement: readonly string[];
  readonly notes: readonly string[];
}

interface SchemeCode {
  readonly function: string;
  readonly block: string;
  readonly settings: readonly SecuritySetting[];
  readonly toImplement: boolean;
  /** The credential parameter: its declaration, for a dependency that tries several schemes. */
  readonly parameter: { readonly name: string; readonly declaration: string };
  /** Verifies JWTs with the key in this setting (tests sign one with it). */
  readonly jwtKey?: string;
}

function envName(scheme: string, what: string): string {
  return `${pythonName(scheme).toUpperCase()}_${what}`;
}

function unauthorized(prefix: string, detail: string, challenge: string): string {
  return bracketed(prefix, 'raise HTTPException', ['status_code=401', `detail=${pyString(detail)}`, `headers={"WWW-Authenticate": ${pyString(challenge)}}`]);
}

function schemeCode(scheme: SecurityScheme, imports: ImportSet): SchemeCode | undefined {
  const fn = `require_${pythonName(scheme.name)}`;
  const variable = `${pythonName(scheme.name)}_scheme`;
  imports.from('fastapi', 'Depends', 'HTTPException');
  imports.from('typing', 'Annotated');
  switch (scheme.kind) {
    case 'apiKey': {
      const security = { header: 'APIKeyHeader', query: 'APIKeyQuery', cookie: 'APIKeyCookie' }[scheme.in];
      imports.from('fastapi.security', security);
      imports.module('secrets');
      const setting = envName(scheme.name, 'KEY');
      const declaration = `Annotated[str | None, Depends(${variable})]`;
      const block = [
        `${variable} = ${security}(name=${pyString(scheme.parameter)}, auto_error=False)`,
        '',
        '',
        signature('', `def ${fn}`, [`key: ${declaration}`], ' -> None:'),
        `${INDENT}"""Accept the request only with the API key set in ${setting}."""`,
        `${INDENT}expected = settings.${setting}`,
        `${INDENT}if not key or not expected or not secrets.compare_digest(key, expected):`,
        unauthorized(`${INDENT}${INDENT}`, 'Invalid or missing API key', 'APIKey'),
      ].join('\n');
      return { function: fn, block, settings: [{ name: setting, default: '' }], toImplement: false, parameter: { name: pythonName(scheme.name), declaration } };
    }
    case 'http':
      if (scheme.scheme === 'basic') {
        imports.from('fastapi.security', 'HTTPBasic', 'HTTPBasicCredentials');
        imports.module('secrets');
        const user = envName(scheme.name, 'USERNAME');
        const password = envName(scheme.name, 'PASSWORD');
        const declaration = `Annotated[HTTPBasicCredentials | None, Depends(${variable})]`;
        const block = [
          `${variable} = HTTPBasic(auto_error=False)`,
          '',
          '',
          signature('', `def ${fn}`, [`credentials: ${declaration}`], ' -> None:'),
          `${INDENT}"""Accept only the user and password configured in the settings."""`,
          ifAny(INDENT, ['credentials is None', `not settings.${user}`, `not settings.${password}`]),
          unauthorized(`${INDENT}${INDENT}`, 'Invalid or missing credentials', 'Basic'),
          bracketed(INDENT, 'right_user = secrets.compare_digest', ['credentials.username', `settings.${user}`]),
          bracketed(INDENT, 'right_password = secrets.compare_digest', ['credentials.password', `settings.${password}`]),
          `${INDENT}if not (right_user and right_password):`,
          unauthorized(`${INDENT}${INDENT}`, 'Invalid or missing credentials', 'Basic'),
        ].join('\n');
        return {
          function: fn,
          block,
          settings: [user, password].map((name) => ({ name, default: '' })),
          toImplement: false,
          parameter: { name: pythonName(scheme.name), declaration },
        };
      }
      return tokenCode(scheme, fn, variable, imports);
    case 'oauth2':
    case 'openIdConnect':
      return tokenCode(scheme, fn, variable, imports);
    case 'mutualTLS':
      return undefined;
  }
}

/**
 * A bearer-token dependency for a project without one of its own. Bearer and OAuth2 tokens are
 * verified as JWTs (signature with the configured key, `exp` and `sub` required); an OpenID
 * Connect token is signed by the provider, so it is refused until its verification is written.
 */
function tokenCode(scheme: SecurityScheme, fn: string, variable: string, imports: ImportSet): SchemeCode {
  const oauth = scheme.kind === 'oauth2' && scheme.tokenUrl !== undefined;
  const construction = oauth
    ? (imports.from('fastapi.security', 'OAuth2PasswordBearer'), `${variable} = OAuth2PasswordBearer(tokenUrl=${pyString(scheme.tokenUrl ?? '')}, auto_error=False)`)
    : (imports.from('fastapi.security', 'HTTPBearer', 'HTTPAuthorizationCredentials'), `${variable} = HTTPBearer(auto_error=False)`);
  const declaration = `Annotated[${oauth ? 'str | None' : 'HTTPAuthorizationCredentials | None'}, Depends(${variable})]`;
  const parameter = { name: pythonName(scheme.name), declaration };
  const head = [construction, '', '', signature('', `def ${fn}`, [`token: ${declaration}`], ' -> None:')];
  if (scheme.kind === 'openIdConnect') {
    const block = [
      ...head,
      `${INDENT}"""Refuse requests without a token; verify the token before accepting any."""`,
      `${INDENT}if token is None:`,
      unauthorized(`${INDENT}${INDENT}`, 'Not authenticated', 'Bearer'),
      bracketed(INDENT, 'raise HTTPException', ['status_code=501', `detail=${pyString(`Verifying ${scheme.name} tokens is not implemented yet`)}`]),
    ].join('\n');
    return { function: fn, block, settings: [], toImplement: true, parameter };
  }
  imports.module('jwt');
  const key = envName(scheme.name, 'SECRET_KEY');
  const algorithm = envName(scheme.name, 'ALGORITHM');
  const credentials = oauth ? 'token' : 'token.credentials';
  const block = [
    ...head,
    `${INDENT}"""Accept only unexpired JWTs with a subject, signed with the configured key."""`,
    `${INDENT}if token is None or not settings.${key}:`,
    unauthorized(`${INDENT}${INDENT}`, 'Not authenticated', 'Bearer'),
    `${INDENT}try:`,
    bracketed(`${INDENT}${INDENT}`, 'jwt.decode', [credentials, `settings.${key}`, `algorithms=[settings.${algorithm}]`, 'options={"require": ["exp", "sub"]}']),
    `${INDENT}except jwt.InvalidTokenError:`,
    `${INDENT}${INDENT}raise HTTPException(`,
    `${INDENT}${INDENT}${INDENT}status_code=401,`,
    `${INDENT}${INDENT}${INDENT}detail="Invalid token",`,
    `${INDENT}${INDENT}${INDENT}headers={"WWW-Authenticate": "Bearer"},`,
    `${INDENT}${INDENT}) from None`,
  ].join('\n');
  return {
    function: fn,
    block,
    settings: [
      { name: key, default: '' },
      { name: algorithm, default: 'HS256' },
    ],
    toImplement: false,
    parameter,
    jwtKey: key,
  };
}

/** One dependency for "any one of these requirements": each tried in turn, the last one's refusal answered. */
function alternativesCode(fn: string, alternatives: readonly (readonly SchemeCode[])[], names: readonly string[], imports: ImportSet): string {
  imports.from('collections.abc', 'Callable');
  const parameters = [...new Map(alternatives.flat().map((code) => [code.parameter.name, code.parameter])).values()];
  const call = (code: SchemeCode): string => `lambda: ${code.function}(${code.parameter.name})`;
  const summary = `Accept the request when any one of these passes: ${names.join(', or ')}.`;
  const lines = [
    signature('', `def ${fn}`, parameters.map((parameter) => parameterLine(parameter.name, parameter.declaration)), ' -> None:'),
    `${INDENT}"""${summary.length + 10 <= 88 ? summary : 'Accept the request when any one of the alternatives passes.'}"""`,
  ];
  for (const alternative of alternatives.slice(0, -1)) {
    lines.push(bracketed(INDENT, 'if passes', alternative.map(call), ':'), `${INDENT}${INDENT}return`);
  }
  for (const code of alternatives.at(-1) ?? []) lines.push(`${INDENT}${code.function}(${code.parameter.name})`);
  return lines.join('\n');
}

/** A parameter of a split signature, its annotation split as the formatter splits a long subscript. */
function parameterLine(name: string, declaration: string): string {
  if (`${INDENT}${name}: ${declaration},`.length <= 88) return `${name}: ${declaration}`;
  const inner = /^Annotated\[(.*)\]$/.exec(declaration)?.[1];
  if (inner === undefined) return `${name}: ${declaration}`;
  return `${name}: Annotated[\n${INDENT}${inner}\n]`;
}

function passesBlock(imports: ImportSet): string {
  imports.from('collections.abc', 'Callable');
  return [
    'def passes(*checks: Callable[[], None]) -> bool:',
    `${INDENT}"""Whether every check accepts the request (each raises HTTPException if not)."""`,
    `${INDENT}try:`,
    `${INDENT}${INDENT}for check in checks:`,
    `${INDENT}${INDENT}${INDENT}check()`,
    `${INDENT}except HTTPException:`,
    `${INDENT}${INDENT}return False`,
    `${INDENT}return True`,
  ].join('\n');
}

function settingsBlock(settings: readonly SecuritySetting[], imports: ImportSet): string {
  imports.from('pydantic_settings', 'BaseSettings', 'SettingsConfigDict');
  return [
    'class SecuritySettings(BaseSettings):',
    `${INDENT}"""Credentials the API checks, from the environment; empty refuses all."""`,
    '',
    `${INDENT}model_config = SettingsConfigDict(env_file=".env", extra="ignore")`,
    '',
    ...settings.map((setting) => `${INDENT}${setting.name}: str = ${pyString(setting.default)}`),
    '',
    '',
    'settings = SecuritySettings()',
  ].join('\n');
}

type Part = { readonly kind: 'project'; readonly dependency: SecurityDependency } | { readonly kind: 'code'; readonly code: SchemeCode; readonly scheme: string };

export function planSecurity(
  facts: ProjectFacts,
  spec: SpecDocument,
  operations: readonly SpecOperation[],
  location: { path: string; module: string },
): SecurityPlan {
  const currentUser = facts.conventions.currentUserDependency.value ?? facts.dependencies.currentUser;
  const imports = new ImportSet();
  const codes = new Map<string, SchemeCode | undefined>();
  const combined = new Map<string, string>();
  const notes: string[] = [];
  const byOperation = new Map<string, SecurityDependency[]>();
  const tokenNotes = new Set<string>();
  const partOf = (name: string): Part | undefined => {
    const scheme = spec.securitySchemes.find((candidate) => candidate.name === name);
    if (scheme === undefined) return undefined;
    const tokenBased = scheme.kind === 'oauth2' || scheme.kind === 'openIdConnect' || (scheme.kind === 'http' && scheme.scheme !== 'basic');
    if (tokenBased && currentUser !== undefined && currentUser !== null) {
      tokenNotes.add(`${name} tokens are checked by the project's ${currentUser.function} (${currentUser.module}).`);
      return { kind: 'project', dependency: { function: currentUser.function, module: currentUser.module } };
    }
    if (!codes.has(name)) codes.set(name, schemeCode(scheme, imports));
    const code = codes.get(name);
    if (code === undefined) return undefined;
    if (tokenBased) {
      tokenNotes.add(
        code.jwtKey === undefined
          ? `${name} tokens are refused until their verification is written in ${location.path} (the project has no current-user dependency).`
          : `${name} tokens are verified as JWTs signed with ${code.jwtKey} (the project has no current-user dependency; run the JWT authentication engine to get one with users). It needs PyJWT (pyjwt) among the project's dependencies.`,
      );
    }
    return { kind: 'code', code, scheme: name };
  };
  const asDependency = (part: Part): SecurityDependency =>
    part.kind === 'project' ? part.dependency : { function: part.code.function, module: location.module, ...(part.code.jwtKey === undefined ? {} : { jwtKey: part.code.jwtKey }) };

  for (const operation of operations) {
    const requirements = operation.security
      .map((requirement) => requirement.schemes.map(({ name }) => partOf(name)).filter((part): part is Part => part !== undefined))
      .filter((parts) => parts.length > 0);
    const first = requirements[0];
    if (first === undefined) continue;
    let dependencies: SecurityDependency[];
    if (requirements.length === 1 || requirements.some((parts) => parts.some((part) => part.kind === 'project'))) {
      if (requirements.length > 1) {
        notes.push(
          `${operation.operationId} accepts any of ${requirements.length} security requirements, one of them the project's own current-user dependency, ` +
            `which cannot be tried without answering the request; the first (${operation.security[0]?.schemes.map((scheme) => scheme.name).join(' + ') ?? ''}) is enforced.`,
        );
      }
      dependencies = first.map(asDependency);
    } else {
      const alternatives = requirements.map((parts) => parts.flatMap((part) => (part.kind === 'code' ? [part] : [])));
      const fn = `require_${alternatives.map((parts) => parts.map((part) => pythonName(part.scheme)).join('_and_')).join('_or_')}`;
      if (!combined.has(fn)) {
        const names = alternatives.map((parts) => parts.map((part) => part.scheme).join(' and '));
        combined.set(fn, alternativesCode(fn, alternatives.map((parts) => parts.map((part) => part.code)), names, imports));
      }
      // A valid JWT alone passes where one alternative is that JWT scheme alone.
      const jwtKey = alternatives.find((parts) => parts.length === 1 && parts[0]?.code.jwtKey !== undefined)?.[0]?.code.jwtKey;
      dependencies = [{ function: fn, module: location.module, ...(jwtKey === undefined ? {} : { jwtKey }) }];
    }
    const unique = dependencies.filter((dependency, index) => dependencies.findIndex((other) => other.function === dependency.function) === index);
    byOperation.set(operation.operationId, unique);
  }
  const generated = [...codes.values()].filter((code): code is SchemeCode => code !== undefined);
  const settings = generated.flatMap((code) => code.settings);
  const blocks = [
    ...(settings.length > 0 ? [settingsBlock(settings, imports)] : []),
    ...generated.map((code) => code.block),
    ...(combined.size > 0 ? [passesBlock(imports), ...combined.values()] : []),
  ];
  if ([...codes.keys()].some((name) => spec.securitySchemes.find((scheme) => scheme.name === name)?.kind === 'mutualTLS')) {
    notes.push('Mutual TLS is left to the server\'s TLS configuration.');
  }
  notes.push(...tokenNotes);
  return {
    byOperation,
    ...(blocks.length === 0 ? {} : { module: { ...location, imports, blocks } }),
    settings,
    toImplement: generated.filter((code) => code.toImplement).map((code) => code.function),
    notes,
  };
}
