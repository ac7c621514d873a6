/**
 * What authentication the project already has, read from the index: token code, password
 * hashing, the login, refresh and logout routes, the current-user dependency, the superuser
 * guard, an `OAuth2PasswordBearer` and a table of issued refresh tokens.
 */
import type { ProjectFacts, ProjectRoute } from '../../project/facts';

export interface Located {
  readonly name: string;
  readonly file: string;
}

export interface ExistingAuth {
  readonly tokenCreator?: Located;
  readonly passwordHasher?: Located;
  readonly bearerScheme?: Located;
  readonly loginRoute?: ProjectRoute;
  readonly refreshRoute?: ProjectRoute;
  readonly logoutRoute?: ProjectRoute;
  readonly meRoute?: ProjectRoute;
  readonly signupRoute?: ProjectRoute;
  readonly currentUser?: Located;
  readonly superuser?: Located;
  readonly refreshTable?: Located;
}

function findFunction(facts: ProjectFacts, pattern: RegExp): Located | undefined {
  for (const [path, file] of facts.files) {
    const fn = file.functions.find((candidate) => pattern.test(candidate.name));
    if (fn !== undefined) return { name: fn.name, file: path };
  }
  return undefined;
}

function findRoute(facts: ProjectFacts, method: string, pattern: RegExp): ProjectRoute | undefined {
  return facts.routes.find((route) => route.method === method && pattern.test(route.path));
}

export function findExistingAuth(facts: ProjectFacts): ExistingAuth {
  const bearer = [...facts.files].flatMap(([path, file]) =>
    file.assignments.filter((assignment) => /OAuth2PasswordBearer\(/.test(assignment.value)).map((assignment) => ({ name: assignment.name, file: path })),
  )[0];
  const login =
    facts.routes.find(
      (route) => route.method === 'post' && route.parameters.some((parameter) => /OAuth2PasswordRequestForm/.test(parameter.annotation ?? '')),
    ) ?? findRoute(facts, 'post', /\/(login|token)(\/access-token)?\/?$/);
  const refreshTable = facts.models.find((model) => model.table && /refresh/i.test(model.name));
  const currentUser = facts.dependencies.currentUser;
  const superuser = facts.dependencies.superuser;
  const found: Record<string, unknown> = {
    tokenCreator: findFunction(facts, /^create_(access_)?token$/),
    passwordHasher: findFunction(facts, /^(get_password_hash|hash_password)$/),
    bearerScheme: bearer,
    loginRoute: login,
    refreshRoute: findRoute(facts, 'post', /refresh/),
    logoutRoute: findRoute(facts, 'post', /logout|sign-?out/),
    meRoute: findRoute(facts, 'get', /\/me\/?$/),
    signupRoute: findRoute(facts, 'post', /signup|sign-up|register/),
    currentUser: currentUser ? { name: currentUser.function, file: currentUser.file } : undefined,
    superuser: superuser ? { name: superuser.function, file: superuser.file } : undefined,
    refreshTable: refreshTable ? { name: refreshTable.name, file: refreshTable.file } : undefined,
  };
  return Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined));
}

/** True when the project has any piece of token authentication. */
export function hasAnyAuth(existing: ExistingAuth): boolean {
  return existing.tokenCreator !== undefined || existing.currentUser !== undefined || existing.loginRoute !== undefined;
}

/** Every piece of a complete sign-in, so the engine refuses with what it found. */
export function isComplete(existing: ExistingAuth): boolean {
  return (
    existing.tokenCreator !== undefined &&
    existing.loginRoute !== undefined &&
    existing.refreshRoute !== undefined &&
    existing.logoutRoute !== undefined &&
    existing.currentUser !== undefined &&
    existing.refreshTable !== undefined
  );
}

export function describeExisting(existing: ExistingAuth): string {
  const parts: string[] = [];
  const at = (label: string, item: Located | undefined): void => {
    if (item) parts.push(`${label} ${item.name} (${item.file})`);
  };
  const route = (label: string, item: ProjectRoute | undefined): void => {
    if (item) parts.push(`${label} ${item.method.toUpperCase()} ${item.path} (${item.file})`);
  };
  at('token creation', existing.tokenCreator);
  at('password hashing', existing.passwordHasher);
  route('login', existing.loginRoute);
  route('refresh', existing.refreshRoute);
  route('logout', existing.logoutRoute);
  at('current user', existing.currentUser);
  at('superuser guard', existing.superuser);
  at('refresh token table', existing.refreshTable);
  return parts.join(', ');
}
