/**
 * Security schemes → dependencies. Bearer, OAuth2 and OpenID Connect use the project's own
 * current-user dependency; without one, a dependency that refuses requests without a token
 * and, holding one, answers 501 until verification is written (it never lets a request
 * through unchecked). API keys and HTTP basic get dependencies that compare the credentials
 * with settings read from the environment, in constant time, and answer 401 otherwise.
 */
import type { ProjectFacts } from '../../project/facts';
import type { SecurityScheme, SpecDocument, SpecOperation } from '../../spec/model';
import { ImportSet } from '../python/imports';
import { bracketed, INDENT, pyString, signature } from '../python/text';
import { pythonName } from './names';
import type { SecurityDependency } from './operation-code';

export interface SecurityPlan {
  /** Dependencies per operation id (all of them required). */
  readonly byOperation: ReadonlyMap<string, readonly SecurityDependency[]>;
  /** The generated module, when any scheme needs one. */
  readonly module?: { readonly path: string; readonly module: string; readonly imports: ImportSet; readonly blocks: readonly string[] };
  /** Settings (environment variables) the generated dependencies read. */
  readonly settings: readonly string[];
  /** Functions in the generated module that still need code, for the review. */
  readonly toImplement: readonly string[];
  readonly notes: readonly string[];
}

interface SchemeCode {
  readonly function: string;
  readonly block: string;
  readonly settings: readonly string[];
  readonly toImplement: boolean;
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
      const block = [
        `${variable} = ${security}(name=${pyString(scheme.parameter)}, auto_error=False)`,
        '',
        '',
        signature('', `def ${fn}`, [`key: Annotated[str | None, Depends(${variable})]`], ' -> None:'),
        `${INDENT}"""Accept the request only with the API key set in ${setting}."""`,
        `${INDENT}expected = settings.${setting}`,
        `${INDENT}if not key or not expected or not secrets.compare_digest(key, expected):`,
        unauthorized(`${INDENT}${INDENT}`, 'Invalid or missing API key', 'APIKey'),
      ].join('\n');
      return { function: fn, block, settings: [setting], toImplement: false };
    }
    case 'http':
      if (scheme.scheme === 'basic') {
        imports.from('fastapi.security', 'HTTPBasic', 'HTTPBasicCredentials');
        imports.module('secrets');
        const user = envName(scheme.name, 'USERNAME');
        const password = envName(scheme.name, 'PASSWORD');
        const block = [
          `${variable} = HTTPBasic(auto_error=False)`,
          '',
          '',
          signature('', `def ${fn}`, [`credentials: Annotated[HTTPBasicCredentials | None, Depends(${variable})]`], ' -> None:'),
          `${INDENT}"""Accept only the user and password configured in the settings."""`,
          `${INDENT}if credentials is None or not settings.${user} or not settings.${password}:`,
          unauthorized(`${INDENT}${INDENT}`, 'Invalid or missing credentials', 'Basic'),
          `${INDENT}right_user = secrets.compare_digest(credentials.username, settings.${user})`,
          `${INDENT}right_password = secrets.compare_digest(credentials.password, settings.${password})`,
          `${INDENT}if not (right_user and right_password):`,
          unauthorized(`${INDENT}${INDENT}`, 'Invalid or missing credentials', 'Basic'),
        ].join('\n');
        return { function: fn, block, settings: [user, password], toImplement: false };
      }
      return tokenCode(scheme, fn, variable, imports);
    case 'oauth2':
    case 'openIdConnect':
      return tokenCode(scheme, fn, variable, imports);
    case 'mutualTLS':
      return undefined;
  }
}

/** A bearer-token dependency for a project without one of its own: fails closed. */
function tokenCode(scheme: SecurityScheme, fn: string, variable: string, imports: ImportSet): SchemeCode {
  const declaration =
    scheme.kind === 'oauth2' && scheme.tokenUrl !== undefined
      ? (imports.from('fastapi.security', 'OAuth2PasswordBearer'), `${variable} = OAuth2PasswordBearer(tokenUrl=${pyString(scheme.tokenUrl)}, auto_error=False)`)
      : (imports.from('fastapi.security', 'HTTPBearer', 'HTTPAuthorizationCredentials'), `${variable} = HTTPBearer(auto_error=False)`);
  const tokenType = declaration.includes('OAuth2PasswordBearer') ? 'str | None' : 'HTTPAuthorizationCredentials | None';
  const block = [
    declaration,
    '',
    '',
    signature('', `def ${fn}`, [`token: Annotated[${tokenType}, Depends(${variable})]`], ' -> None:'),
    `${INDENT}"""Refuse requests without a token; verify the token before accepting any."""`,
    `${INDENT}if token is None:`,
    unauthorized(`${INDENT}${INDENT}`, 'Not authenticated', 'Bearer'),
    bracketed(INDENT, 'raise HTTPException', ['status_code=501', `detail=${pyString(`Verifying ${scheme.name} tokens is not implemented yet`)}`]),
  ].join('\n');
  return { function: fn, block, settings: [], toImplement: true };
}

function settingsBlock(settings: readonly string[], imports: ImportSet): string {
  imports.from('pydantic_settings', 'BaseSettings', 'SettingsConfigDict');
  return [
    'class SecuritySettings(BaseSettings):',
    `${INDENT}"""Credentials the API checks, from the environment; empty refuses all."""`,
    '',
    `${INDENT}model_config = SettingsConfigDict(env_file=".env", extra="ignore")`,
    '',
    ...settings.map((name) => `${INDENT}${name}: str = ""`),
    '',
    '',
    'settings = SecuritySettings()',
  ].join('\n');
}

export function planSecurity(
  facts: ProjectFacts,
  spec: SpecDocument,
  operations: readonly SpecOperation[],
  location: { path: string; module: string },
): SecurityPlan {
  const currentUser = facts.conventions.currentUserDependency.value ?? facts.dependencies.currentUser;
  const imports = new ImportSet();
  const codes = new Map<string, SchemeCode | undefined>();
  const notes: string[] = [];
  const byOperation = new Map<string, SecurityDependency[]>();
  for (const operation of operations) {
    const requirement = operation.security[0];
    if (requirement === undefined) continue;
    if (operation.security.length > 1) {
      notes.push(`${operation.operationId} accepts any of ${operation.security.length} security requirements; the first (${requirement.schemes.map((scheme) => scheme.name).join(' + ')}) is enforced.`);
    }
    const dependencies: SecurityDependency[] = [];
    for (const { name } of requirement.schemes) {
      const scheme = spec.securitySchemes.find((candidate) => candidate.name === name);
      if (scheme === undefined) continue;
      const tokenBased = scheme.kind === 'oauth2' || scheme.kind === 'openIdConnect' || (scheme.kind === 'http' && scheme.scheme !== 'basic');
      if (tokenBased && currentUser !== undefined && currentUser !== null) {
        dependencies.push({ function: currentUser.function, module: currentUser.module });
        continue;
      }
      if (!codes.has(name)) codes.set(name, schemeCode(scheme, imports));
      const code = codes.get(name);
      if (code !== undefined) dependencies.push({ function: code.function, module: location.module });
    }
    const unique = dependencies.filter((dependency, index) => dependencies.findIndex((other) => other.function === dependency.function) === index);
    if (unique.length > 0) byOperation.set(operation.operationId, unique);
  }
  const generated = [...codes.values()].filter((code): code is SchemeCode => code !== undefined);
  const settings = generated.flatMap((code) => code.settings);
  const blocks = [...(settings.length > 0 ? [settingsBlock(settings, imports)] : []), ...generated.map((code) => code.block)];
  if ([...codes.keys()].some((name) => spec.securitySchemes.find((scheme) => scheme.name === name)?.kind === 'mutualTLS')) {
    notes.push('Mutual TLS is left to the server\'s TLS configuration.');
  }
  return {
    byOperation,
    ...(blocks.length === 0 ? {} : { module: { ...location, imports, blocks } }),
    settings,
    toImplement: generated.filter((code) => code.toImplement).map((code) => code.function),
    notes,
  };
}
