/**
 * Decides everything the authentication engine writes before any text is emitted: which pieces
 * the project already has, where each new module goes, and the names it uses.
 */
import type { DependencyRef, ProjectFacts } from '../../project/facts';
import { firstPartyModules } from '../python/imports';
import { scanDefinedNames } from '../python/module-scan';
import { joinPath, moduleForPath, type ReadText } from '../crud/modules';
import { findExistingAuth, isComplete, type ExistingAuth } from './existing-auth';
import { foldersAbove, readLibraryPins, unsupportedPin } from '../../project/library-versions';
import { AuthRefusal } from './refusals';
import { packageDirOf, planSettings, type SettingsTarget } from './settings-target';
import { findUserModel, readUserModel, type UserModelFacts } from './user-model';

export interface ModuleRef {
  readonly file: string;
  readonly module: string;
}

export interface AuthPlan {
  readonly async: boolean;
  readonly firstParty: ReadonlySet<string>;
  readonly settings: SettingsTarget;
  /** The user table model: an existing one (maybe with fields added) or a new `User`. */
  readonly user: UserModelFacts | undefined;
  readonly userName: string;
  readonly userTable: string;
  /** Where a new `User`, `RefreshToken` and the auth schemas go. */
  readonly models: ModuleRef;
  readonly security: ModuleRef;
  readonly deps: ModuleRef;
  readonly router: ModuleRef;
  readonly session: DependencyRef & { readonly sessionType: string };
  readonly apiPrefix: string;
  readonly registration: { readonly file: string; readonly target: string; readonly module: string } | undefined;
  readonly app: { readonly module: string; readonly variable: string };
  readonly tests: ModuleRef | undefined;
  readonly names: {
    readonly token: string;
    readonly refreshRequest: string;
    readonly register: string;
    readonly public: string;
    readonly publicExists: boolean;
    readonly refreshModel: string;
  };
  readonly existing: ExistingAuth;
  /** The variable of the new auth router. */
  readonly routerVariable: string;
  /**
   * A single-module app: the user table, schemas, dependency and routes go into the app's
   * module (which the sibling security and settings modules never import, so no import
   * cycle), the tables after its last model and the dependency before its first route.
   */
  readonly flat?: { readonly modelsAfterLine: number; readonly depsAfterLine: number };
}

export interface PlanOptions {
  readonly userModel?: string;
}

function freeName(wanted: string, taken: ReadonlySet<string>, fallback: string): string {
  return taken.has(wanted) ? fallback : wanted;
}

/**
 * An aggregating router under the API prefix (`api_router`, with no routes of its own, including
 * the others): the auth routes belong under that prefix with the rest of the API.
 */
function apiRouterOf(facts: ProjectFacts): { file: string; target: string; fullPrefix: string } | undefined {
  const aggregator = facts.routers.find(
    (router) =>
      router.routes.length === 0 &&
      router.fullPrefix !== '' &&
      facts.routers.some((other) => other.includedBy.some((include) => include.file === router.file && include.target === router.variable)),
  );
  return aggregator ? { file: aggregator.file, target: aggregator.variable, fullPrefix: aggregator.fullPrefix } : undefined;
}

/**
 * `dir/name.py` for a new module, or `dir/name/inner.py` where `dir/name/__init__.py` makes
 * `name` a package: Python imports the package, never a `name.py` beside it.
 */
function newModuleFile(readText: ReadText, dir: string, name: string, inner: string): string {
  return readText(joinPath(dir, `${name}/__init__.py`)) === undefined ? joinPath(dir, `${name}.py`) : joinPath(dir, `${name}/${inner}.py`);
}

export function planAuth(facts: ProjectFacts, readText: ReadText, options: PlanOptions): AuthPlan {
  const app = facts.apps[0];
  if (app === undefined) {
    throw new AuthRefusal('No FastAPI app (app = FastAPI(...)) was found, so there is nothing to add sign-in to.');
  }
  const existing = findExistingAuth(facts);
  // A sign-in to add or complete is generated code, which a project pinned below what it needs
  // cannot run; a complete one only gets fixes of its weak spots, which need nothing newer.
  const tooOld = isComplete(existing) ? undefined : unsupportedPin(readLibraryPins(readText, foldersAbove(app.file)), 'write the sign-in by hand');
  if (tooOld !== undefined) throw new AuthRefusal(tooOld);
  const session = facts.dependencies.session;
  if (session === undefined) {
    throw new AuthRefusal(
      'No database session dependency (a function yielding a Session) was found; sign-in needs one to read users.',
    );
  }
  const packageDir = packageDirOf(facts);
  const flat = packageDir === '' ? planFlat(facts, app) : undefined;
  const userModel = findUserModel(facts, options.userModel);
  const user = userModel ? readUserModel(userModel) : undefined;
  const firstTable = facts.models.find((model) => model.table && model.file.startsWith(`${packageDir}/`));
  const modelsFile = flat
    ? app.file
    : userModel?.file ??
    (firstTable && !/\/models\/[^/]+\.py$/.test(firstTable.file) ? firstTable.file : newModuleFile(readText, packageDir, 'models', 'user'));
  const coreDir = [...facts.files.keys()].some((path) => path.startsWith(`${packageDir}/core/`))
    ? joinPath(packageDir, 'core')
    : packageDir;
  const securityFile = flat
    ? (['security.py', 'auth_security.py'].find((path) => readText(path) === undefined) ?? 'security.py')
    : joinPath(coreDir, 'security.py');
  if (readText(securityFile) !== undefined && existing.tokenCreator === undefined) {
    throw new AuthRefusal(`${securityFile} exists but creates no tokens; rename it or add sign-in by hand.`);
  }
  const depsFile = flat
    ? app.file
    : [...facts.files.keys()].find((path) => path.startsWith(`${packageDir}/`) && /\/(deps|dependencies)\.py$/.test(path)) ??
    newModuleFile(readText, packageDir, 'deps', 'auth');
  const routersDir = facts.conventions.layout.routersDir.value || packageDir;
  const routerFile = flat
    ? app.file
    : ['auth.py', 'login.py', 'authentication.py']
        .map((name) => joinPath(routersDir, name))
        .find((path) => readText(path) === undefined);
  if (routerFile === undefined) {
    throw new AuthRefusal(`${routersDir} already has auth.py, login.py and authentication.py; there is no free router file.`);
  }
  const modelNames = new Set([
    ...facts.models.map((model) => model.name),
    ...scanDefinedNames(readText(modelsFile) ?? ''),
  ]);
  const family = userModel ? facts.families.find((candidate) => candidate.root === userModel.name) : undefined;
  const includePoint = apiRouterOf(facts) ?? facts.conventions.includePoint.value;
  const testsDir = facts.conventions.layout.testsDir.value;
  const testsFile = ['test_auth.py', 'test_auth_security.py']
    .map((name) => joinPath(testsDir, name))
    .find((path) => readText(path) === undefined);
  const asyncSession = facts.conventions.async.value;
  const userName = userModel?.name ?? 'User';
  const settings = planSettings(facts, packageDir, readText);
  return {
    async: asyncSession,
    // New top-level modules (a single-module app's security.py and config.py) are first-party too.
    firstParty: firstPartyModules([...facts.files.keys(), securityFile, settings.file]),
    settings,
    user,
    userName,
    userTable: userModel?.tableName ?? 'user',
    models: { file: modelsFile, module: moduleForPath(facts, modelsFile) },
    security: { file: securityFile, module: moduleForPath(facts, securityFile) },
    deps: { file: depsFile, module: moduleForPath(facts, depsFile) },
    router: { file: routerFile, module: moduleForPath(facts, routerFile) },
    session: { ...session, sessionType: asyncSession ? 'AsyncSession' : 'Session' },
    apiPrefix: (apiRouterOf(facts)?.fullPrefix ?? facts.conventions.apiPrefix.value).replace(/\/+$/, ''),
    registration: includePoint
      ? { file: includePoint.file, target: includePoint.target, module: moduleForPath(facts, includePoint.file) }
      : { file: app.file, target: app.variable, module: app.module },
    app: { module: app.module, variable: app.variable },
    tests: testsFile === undefined ? undefined : { file: testsFile, module: moduleForPath(facts, testsFile) },
    names: {
      token: freeName('Token', modelNames, 'TokenPair'),
      refreshRequest: freeName('RefreshRequest', modelNames, 'RefreshTokenRequest'),
      register: freeName(`${userName}Register`, modelNames, `${userName}SignUp`),
      public: family?.public ?? `${userName}Public`,
      publicExists: family?.public !== undefined,
      refreshModel: freeName('RefreshToken', modelNames, 'IssuedRefreshToken'),
    },
    existing,
    routerVariable: flat ? 'auth_router' : 'router',
    ...(flat ? { flat } : {}),
  };
}

/**
 * Where the auth definitions go in a single-module app: the tables after its last table model,
 * the current-user dependency after the session dependency and before the first route (route
 * signatures and decorators read it when the module runs).
 */
function planFlat(facts: ProjectFacts, app: ProjectFacts['apps'][number]): { modelsAfterLine: number; depsAfterLine: number } {
  const file = facts.files.get(app.file);
  const models = facts.models.filter((model) => model.file === app.file);
  const modelsEnd = Math.max(-1, ...models.map((model) => model.range.endLine));
  const session = facts.dependencies.session;
  const sessionEnd = Math.max(
    -1,
    ...(file?.functions.filter((fn) => fn.name === session?.function).map((fn) => fn.range.endLine) ?? []),
    ...(file?.aliases.filter((alias) => alias.dependency === session?.function).map((alias) => alias.range.endLine) ?? []),
  );
  const firstRoute = Math.min(...facts.routes.filter((route) => route.file === app.file).map((route) => route.range.startLine));
  if (session === undefined || session.file !== app.file || sessionEnd < 0) {
    throw new AuthRefusal(`The app is a single module (${app.file}) whose session dependency lives elsewhere; move the app into a package first.`);
  }
  if (modelsEnd > sessionEnd || sessionEnd > firstRoute) {
    throw new AuthRefusal(
      `The app is a single module (${app.file}) whose table models, session dependency and routes are not in that order; the sign-in cannot be placed between them.`,
    );
  }
  return { modelsAfterLine: modelsEnd < 0 ? sessionEnd : modelsEnd, depsAfterLine: sessionEnd };
}
