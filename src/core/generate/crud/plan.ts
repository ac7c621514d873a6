/**
 * Facts + model name → the CRUD plan: every decision taken once, before any text is written.
 */
import type { ModelFact, ProjectFacts, ResolvedField } from '../../project/facts';
import type { FunctionFact, ParameterFact } from '../../python/facts';
import { projectDocstringStyle } from '../../project/docstring-style';
import { projectOf } from '../../project/python-projects';
import { dependencyAccessOf } from '../../project/route-access';
import { ERROR_DETAIL_CLASS, projectErrorModel } from '../python/route-docs';
import { annotationStyleOf } from '../python/annotation-style';
import { firstPartyModules } from '../python/imports';
import { pluralSnake, snakeCase, urlSegment } from '../../python/naming';
import { planAuth, planSession, planSignInGuard } from './dependencies';
import { findExistingResource } from './existing-routes';
import { planAppendRouter, planAppRoutes, planNewRouter, planService } from './locations';
import { foldersAbove, readLibraryPins, unsupportedPin } from '../../project/library-versions';
import { dataFields, findOwnerField, findOwnerPath, findParents, findPasswordHasher, idTypeOf, isPasswordHash } from './model-analysis';
import { fileExists as fileExistsIn, joinPath, moduleForPath, type ReadText } from './modules';
import { crudNames } from './names';
import { ALL_OPERATIONS, type CrudPlan, type ClassRef, type TestPlan } from './plan-types';
import { CrudRefusal, findTableModel } from './refusals';
import { findReexport } from './reexport';
import { planSchemas } from './schema-plan';
import { conftestFor, planFixtures, readConftestFixtures } from './test-fixtures';

export function planCrud(facts: ProjectFacts, modelName: string, readText: ReadText): CrudPlan {
  const model = findTableModel(facts, modelName);
  const conventions = facts.conventions;
  const primaryKey = model.fields.find((field) => field.name === model.primaryKey[0]);
  if (primaryKey === undefined) {
    throw new CrudRefusal(`The primary key "${model.primaryKey[0] ?? ''}" of "${model.name}" is not among its fields.`);
  }
  const snake = snakeCase(model.name);
  const existing = findExistingResource(facts, model, [pluralSnake(snake), snake, urlSegment(pluralSnake(snake))]);
  const names = crudNames(facts, model, existing?.idParam);
  const existingOperations = ALL_OPERATIONS.filter((operation) => existing?.operations.has(operation));
  const operations = ALL_OPERATIONS.filter((operation) => !existingOperations.includes(operation));
  if (operations.length === 0 && existing !== undefined) {
    throw new CrudRefusal(
      `"${model.name}" already has every CRUD route (list, read, create, update, delete) in ${existing.file}; nothing to add.`,
    );
  }

  const tooOld = unsupportedPin(readLibraryPins(readText, foldersAbove(model.file)));
  if (tooOld !== undefined) {
    throw new CrudRefusal(tooOld);
  }

  const session = planSession(facts);
  const warnings: string[] = [];
  const hashField = dataFields(model).find((field) => isPasswordHash(field) && !field.optional && !field.hasDefault);
  const hasher = hashField ? findPasswordHasher(facts) : undefined;
  if (hashField !== undefined && hasher === undefined) {
    throw new CrudRefusal(
      `"${model.name}" stores ${hashField.name}, but no password hashing function (get_password_hash, hash_password) ` +
        'was found to fill it from a plain password; add one first.',
    );
  }
  const auth = planAuth(facts, model);
  const signInGuard = auth === undefined ? planSignInGuard(facts) : undefined;
  const unguarded = auth === undefined && signInGuard === undefined ? unusableGuard(facts, session.function) : undefined;
  if (unguarded !== undefined) warnings.push(unguarded);
  const ownerField = findOwnerField(model, auth?.userModel);
  const owned = ownerField === undefined && auth !== undefined && !auth.superuserOnly ? findOwnerPath(facts, model, auth.userModel) : {};
  const notes: string[] = [];
  if (signInGuard?.returnsNone === true) {
    const file = facts.dependencies.currentUser?.file ?? signInGuard.module;
    warnings.push(
      `${signInGuard.function} (${file}) returns None for a token it cannot validate instead of raising 401: the routes that ` +
        'require it (the new ones included) serve any request that sends some bearer token. Fix: raise ' +
        'HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"}) where it returns None.',
    );
  }
  if (signInGuard !== undefined) {
    notes.push(
      `The routes require ${signInGuard.function} (${facts.dependencies.currentUser?.file ?? signInGuard.module}), as the existing ones do; ` +
        `it returns no user model, so every signed-in caller can reach every ${model.name}.`,
    );
  }
  if (owned.unclear !== undefined) {
    const note = `${model.name} rows are not scoped to their owner: the ownership path could not be determined (${owned.unclear}); every signed-in user can reach every ${model.name}.`;
    notes.push(note);
    warnings.push(note);
  }
  const envelope = conventions.listShape.value === 'envelope';
  const schemas = planSchemas(facts, model, ownerField, envelope, readText);
  notes.push(...analogueNotes(facts));
  const updateExcluded = [primaryKey.name, ...(ownerField ? [ownerField.name] : []), ...(owned.path ? [owned.path.field.name] : [])];
  const modelReexport = findReexport(model.file, model.module, readText);
  const modelFields = new Set(dataFields(model).map((field) => field.name));
  const fileExists = (path: string): boolean => fileExistsIn(facts, path, readText);

  let router = existing ? planAppendRouter(facts, existing, names, modelFields) : planAppRoutes(facts, names);
  let registration;
  if (router === undefined) {
    const planned = planNewRouter(facts, names, fileExists);
    router = planned.router;
    registration = planned.registration;
    const imported = [model.module, schemas.targetModule, session.aliasModule, auth?.currentUser.aliasModule];
    const appRoutes = planAppRoutes({ ...facts, routers: [] }, names);
    if (registration && imported.includes(moduleForPath(facts, registration.file)) && appRoutes) {
      // The include file defines what the router imports: a new module would import in a circle.
      router = appRoutes;
      registration = undefined;
    }
  }

  if (router.mode === 'new' && registration === undefined) {
    warnings.push(`${router.file} is not registered: no FastAPI app or include_router call was found to add it to.`);
  }
  const parents = findParents(facts, model, ownerField).filter(
    (parent) => !router.parentParams.some((param) => param.field === parent.field.name),
  );
  const service = existing === undefined || router.mode === 'new' ? planService(facts, names, readText) : undefined;
  const message = messageClass(facts);
  // A message response needs the project's Message class; without one, 204 with no body.
  const observedDelete = conventions.deleteReturns.value;
  const literal = conventions.deleteLiteral.value;
  const deleteReturns =
    (message === undefined && observedDelete === 'message') || (literal === null && observedDelete === 'literal') ? 'none' : observedDelete;
  const deleteStatus = deleteReturns !== 'none' ? 200 : observedDelete === 'none' ? conventions.deleteStatus.value : 204;
  // `status.HTTP_201_CREATED` unless the project writes bare numbers.
  const writtenCodes = [...facts.files.values()].flatMap((file) => file.routes.map((route) => route.statusCode ?? ''));
  const statusConstants = !writtenCodes.some((code) => /^\d+$/.test(code)) || writtenCodes.some((code) => code.startsWith('status.'));

  return {
    model,
    modelModule: modelReexport?.exported.has(model.name) ? modelReexport.packageModule : model.module,
    names,
    primaryKey,
    idType: idTypeOf(primaryKey),
    operations,
    existingOperations,
    schemas,
    session,
    ...(auth === undefined ? {} : { auth }),
    ...(signInGuard === undefined ? {} : { signInGuard }),
    ...(ownerField === undefined ? {} : { ownerField }),
    ...(owned.path === undefined ? {} : { ownerPath: owned.path }),
    updateExcluded,
    notNullUpdates: notNullUpdates(model, schemas.updateFields, updateExcluded),
    notes,
    parents,
    router,
    ...(registration === undefined ? {} : { registration }),
    ...(service === undefined ? {} : { service }),
    ...testsOrNothing(facts, names.plural, auth, readText, fileExists, warnings, /AsyncSession/.test(session.type)),
    updateMethod: conventions.updateMethod.value,
    createStatus: conventions.createStatus.value,
    deleteStatus,
    deleteReturns,
    ...(deleteReturns === 'literal' && literal !== null ? { deleteLiteral: literal } : {}),
    ...(message === undefined ? {} : { messageClass: message }),
    envelope: conventions.envelope.value,
    isAsync: conventions.async.value,
    asyncSession: /AsyncSession/.test(session.type),
    statusConstants,
    firstParty: firstPartyOf(facts, model.file),
    annotationStyle: annotationStyleOf(readText, foldersAbove(model.file)),
    warnings,
    uniqueFields: uniqueFields(model, primaryKey, ownerField),
    errorModel: projectErrorModel(facts) ?? { name: ERROR_DETAIL_CLASS, module: schemas.reexport?.packageModule ?? schemas.targetModule, isNew: true },
    docstringStyle: projectDocstringStyle(facts),
    ...(hashField && hasher ? { passwordHash: { field: hashField.name, ...hasher } } : {}),
  };
}

/**
 * The top-level modules ruff counts as first party for files of the model's Python project
 * (its `src` setting defaults to the project root and its `src/`), wherever that project sits
 * in the workspace.
 */
function firstPartyOf(facts: ProjectFacts, file: string): ReadonlySet<string> {
  const project = projectOf(facts.pythonProjects, file);
  return project ? new Set(project.packages) : firstPartyModules(facts.files.keys());
}

/**
 * When existing routes are protected by guards the index does not recognise as authentication,
 * the generated routes would be public: say so rather than hide it.
 */
const GUARD_NAME = /user|auth|token|login|permission|role|guard|verif|secur|api_?key|admin|account|principal|claims|jwt|bearer|signed/i;
const NOT_A_GUARD = /(?:service|logic|repo|repository|crud|dao|manager|form|params?|pagination|settings|config)(?:\(\))?$/i;

function unusableGuard(facts: ProjectFacts, sessionFunction: string): string | undefined {
  // Dependencies known to refuse anonymous callers, though none is a current user the routes can take.
  const accessOf = dependencyAccessOf(facts);
  const signedIn = facts.routes.filter((route) => route.dependencies.some((name) => accessOf(name) !== 'public'));
  if (signedIn.length > 0) {
    const checks = [...new Set(signedIn.flatMap((route) => route.dependencies.filter((name) => accessOf(name) !== 'public')))];
    return (
      `${signedIn.length} of ${facts.routes.length} existing routes require a signed-in caller through ${checks.join(', ')}, which ` +
      'the engine cannot use as the current user of new routes: the generated routes are public. Add the same dependency to them if they must be protected.'
    );
  }
  // Else dependencies named like a check of the caller that most routes share: a guard of some
  // kind the engine does not know. Services, forms and pagination are no guards.
  const mayGuard = (name: string): boolean => {
    const last = name.slice(name.lastIndexOf('.') + 1);
    return name !== sessionFunction && GUARD_NAME.test(last) && !NOT_A_GUARD.test(last);
  };
  const guarded = facts.routes.filter((route) => route.dependencies.some(mayGuard));
  if (guarded.length === 0 || guarded.length * 2 < facts.routes.length) return undefined;
  const guards = [...new Set(guarded.flatMap((route) => route.dependencies.filter(mayGuard)))];
  return (
    `${guarded.length} of ${facts.routes.length} existing routes depend on ${guards.join(', ')}, which the engine ` +
    'does not recognise as authentication: the generated routes are public. Add the same guard to them if they must be protected.'
  );
}

/** Non-nullable columns a client may name in an update: sending null for them is a 422. */
function notNullUpdates(model: ModelFact, updateFields: readonly ResolvedField[], excluded: readonly string[]): string[] {
  const columns = new Map(dataFields(model).map((field) => [field.name, field]));
  return updateFields
    .filter((field) => !excluded.includes(field.name) && columns.get(field.name)?.optional === false && field.name !== 'password')
    .map((field) => field.name);
}

/** Conventions followed from the closest analogue where routers disagree, for the review summary. */
function analogueNotes(facts: ProjectFacts): string[] {
  const { conventions } = facts;
  const decisions: [string, { value: unknown; evidence?: string }][] = [
    ['update method', conventions.updateMethod],
    ['create status', conventions.createStatus],
    ['delete status', conventions.deleteStatus],
    ['delete answer', conventions.deleteReturns],
    ['include point', conventions.includePoint],
  ];
  return decisions.flatMap(([label, convention]) =>
    convention.evidence?.includes('closest analogue') ? [`${label} follows ${convention.evidence}`] : [],
  );
}

/**
 * Columns declared unique one by one (`Field(unique=True)`, `sa_column=Column(..., unique=True)`,
 * a one-column `UniqueConstraint` in `__table_args__`), the key and the owner left out.
 */
function uniqueFields(model: ModelFact, primaryKey: ResolvedField, ownerField: ResolvedField | undefined): ResolvedField[] {
  const constrained = new Set(
    [...(model.tableArgs ?? '').matchAll(/UniqueConstraint\(\s*["'](\w+)["']\s*(?:,\s*name\s*=[^,)]*)?\)/g)].map((match) => match[1] ?? ''),
  );
  return dataFields(model).filter((field) => {
    if (field.name === primaryKey.name || field.name === ownerField?.name) return false;
    const column = field.fieldArgs['sa_column'] ?? '';
    return field.fieldArgs['unique'] === 'True' || /\bunique\s*=\s*True\b/.test(column) || constrained.has(field.name);
  });
}

function messageClass(facts: ProjectFacts): ClassRef | undefined {
  const message = facts.models.find(
    (model) => !model.table && model.name === 'Message' && model.fields.some((field) => field.name === 'message'),
  );
  return message === undefined ? undefined : { name: message.name, module: message.module, isNew: false };
}

function testsOrNothing(
  facts: ProjectFacts,
  plural: string,
  auth: CrudPlan['auth'],
  readText: ReadText,
  fileExists: (path: string) => boolean,
  warnings: string[],
  asyncSession: boolean,
): { tests?: TestPlan } {
  const testsDir = facts.conventions.layout.testsDir.value;
  // Test folders without __init__.py need basenames unique across the project (pytest, mypy).
  const basenames = new Set([...facts.files.keys()].map((path) => path.slice(path.lastIndexOf('/') + 1)));
  const free = (name: string): boolean => !fileExists(joinPath(testsDir, name)) && !basenames.has(name);
  const name = [`test_${plural}.py`, `test_${plural}_crud.py`, `test_${plural}_routes.py`].find(free);
  if (name === undefined) {
    warnings.push(`Tests were not generated: ${testsDir} already has test_${plural}.py and test_${plural}_crud.py.`);
    return {};
  }
  const file = joinPath(testsDir, name);
  const conftest = conftestFor(facts, testsDir, readText);
  const fixtures = planFixtures(conftest ? readConftestFixtures(conftest.text) : [], auth, asyncSession, plural);
  if (asyncSession && !fixtures.asyncClient) {
    // Rows stored through an AsyncSession must be awaited on the loop that serves the requests;
    // a TestClient serves them on a loop of its own.
    warnings.push(
      'Tests were not generated: the project uses an AsyncSession, but its conftest client is a TestClient, ' +
        'not an httpx AsyncClient that runs the app on the tests\' event loop.',
    );
    return {};
  }
  const app = facts.apps[0];
  const token = fixtures.local.has('headers') ? tokenFunction(facts, auth, readText) : undefined;
  if (fixtures.local.has('headers') && token === undefined) {
    warnings.push('Tests were not generated: no token function (create_access_token) was found to sign test requests.');
    return {};
  }
  const relativeImports = testsImportRelatively(facts);
  return {
    tests: {
      file,
      module: moduleForPath(facts, file),
      relativeImports,
      fixtures,
      ...(app === undefined ? {} : { appRef: { module: app.module, variable: app.variable } }),
      ...(token === undefined ? {} : { token }),
    },
  };
}

/**
 * The current-user dependency's own source lines, and those of the functions of its file it
 * depends on (a `get_current_active_user` wrapping the function that reads `sub`); its whole file
 * when it cannot be found. In a single-module app the file also holds the login, whose form
 * fields say nothing about `sub`.
 */
function currentUserSource(facts: ProjectFacts, readText: ReadText): string {
  const currentUser = facts.dependencies.currentUser;
  const text = readText(currentUser?.file ?? '') ?? '';
  const functions = facts.files.get(currentUser?.file ?? '')?.functions ?? [];
  const start = functions.find((candidate) => candidate.name === currentUser?.function);
  if (start === undefined) return text;
  const chain: FunctionFact[] = [];
  const wrapped = (fn: FunctionFact): FunctionFact | undefined => {
    const names = new Set<string>(fn.parameters.flatMap((parameter) => (parameter.dependency === undefined ? [] : [parameter.dependency])));
    return functions.find((candidate) => names.has(candidate.name) && !candidate.yieldsSession);
  };
  for (let fn: FunctionFact | undefined = start; fn !== undefined && !chain.includes(fn) && chain.length < 4; fn = wrapped(fn)) chain.push(fn);
  return chain.map((fn) => functionText(text, fn)).join('\n');
}

const TEST_MODULE = /(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest)\.py$/;
const TEST_SIDE = /(?:^|\/)tests?\/|(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest)(?:\/|$)/;

/**
 * Whether the tests import the project's code relatively (`from .main import app` in a test
 * beside the package's modules) rather than by its absolute name. A relative import of a helper
 * of the tests' own (`from .helper import login` in `tests/`) says nothing of that.
 */
function testsImportRelatively(facts: ProjectFacts): boolean {
  const firstParty = new Set([...facts.files.keys()].map((path) => path.split('/')[0] ?? ''));
  let relative = 0;
  let absolute = 0;
  for (const [path, file] of facts.files) {
    if (!TEST_MODULE.test(path)) continue;
    for (const fact of file.imports) {
      if (fact.kind === 'from' && fact.level > 0) {
        const base = path.split('/').slice(0, -fact.level);
        const target = [...base, ...fact.module.split('.').filter((part) => part !== '')].join('/');
        if (!TEST_SIDE.test(target)) relative++;
      } else if (firstParty.has(fact.module.split('.')[0] ?? '') && !TEST_SIDE.test(fact.module.replace(/\./g, '/'))) absolute++;
    }
  }
  return relative > absolute;
}

/** The lines of `fn` in its file's text. */
function functionText(text: string, fn: FunctionFact): string {
  return text.split(/\r?\n/).slice(fn.range.startLine, fn.range.endLine + 1).join('\n');
}

/**
 * Whether the token maker's first parameter takes the claims (`data: dict`, the FastAPI docs'
 * `data` copied into the payload) rather than the subject itself (`{"sub": str(data)}`).
 */
function takesClaims(parameter: ParameterFact, source: string): boolean {
  if (/\b(?:dict|Dict|Mapping)\b/.test(parameter.annotation ?? '')) return true;
  const name = parameter.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`["']sub["']\\s*:\\s*(?:str\\(\\s*)?${name}\\b`).test(source)) return false;
  if (new RegExp(`\\b${name}\\.(?:copy|update|items)\\(|\\*\\*${name}\\b|\\bdict\\(${name}\\)`).test(source)) return true;
  return parameter.name === 'data';
}

/** The project's own token maker, and what the current-user dependency reads back from `sub`. */
function tokenFunction(
  facts: ProjectFacts,
  auth: CrudPlan['auth'],
  readText: ReadText,
): TestPlan['token'] {
  if (auth === undefined) {
    return undefined;
  }
  for (const [path, file] of facts.files) {
    const fn = file.functions.find((candidate) => /^create_(access_)?token$/.test(candidate.name));
    if (fn === undefined) {
      continue;
    }
    const module = moduleForPath(facts, path);
    const currentUserText = currentUserSource(facts, readText);
    const claim = /\busername\b/.test(currentUserText)
      ? 'username'
      : /\bemail\b/.test(currentUserText) && !/uuid\.UUID\(/.test(currentUserText)
        ? 'email'
        : 'id';
    const required = fn.parameters.filter((parameter) => parameter.default === undefined && parameter.variadic === undefined);
    const first = required[0];
    const claimsFirst = first !== undefined && takesClaims(first, functionText(readText(path) ?? '', fn));
    return {
      function: fn.name,
      module,
      call: (user: string): string => {
        const subject = claim === 'id' ? `str(${user}.id)` : `${user}.${claim}`;
        const args = required.map((parameter) => {
          if (parameter === first) {
            return claimsFirst ? `{"sub": ${subject}}` : subject;
          }
          return /timedelta/.test(parameter.annotation ?? '') ? 'timedelta(minutes=5)' : 'None';
        });
        return `${fn.name}(${args.join(', ')})`;
      },
    };
  }
  return undefined;
}

