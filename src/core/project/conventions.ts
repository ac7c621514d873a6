/**
 * How this project does things, read from what already exists: each convention either
 * observed (with the file that shows it) or the product's default when the project has not
 * decided yet.
 */
import type { Conventions, DependencyFacts, DependencyRef, ModelFact, Observed, ProjectApp, ProjectRoute, ProjectRouter, ResolvedField } from './facts';
import { pluralSnake, snakeCase } from '../python/naming';
import { envelopeShape } from './families';
import { dirOf } from './module-names';
import { pathFactsOf } from './path-facts';
import type { SymbolResolver } from './symbols';
import { classifyRouters, closestAnalogue, type RouterKinds, type TieredVote } from './route-analogues';
import { constantDict, deleteAnswerOf, statusOf, WITH_RELATIONS, type DeleteAnswer, type ReturnedLiteral } from './route-answers';
import type { PythonFileFacts } from '../python/facts';

/** The parts of a field the conventions read (keys, foreign keys, an envelope's shape). */
export type ConventionField = Pick<ResolvedField, 'name' | 'annotation' | 'baseType' | 'optional' | 'primaryKey' | 'foreignKey'>;

/**
 * The parts of a model the conventions read. A table's other fields, ranges and docstrings
 * cannot change a convention, so an edit of those leaves the conventions as they were.
 */
export interface ConventionModel extends Pick<ModelFact, 'name' | 'file' | 'table' | 'tableName' | 'role' | 'family'> {
  readonly fields: readonly ConventionField[];
}

const conventionModels = new WeakMap<ModelFact, ConventionModel>();

function conventionFieldOf(field: ResolvedField): ConventionField {
  const { name, annotation, baseType, optional, primaryKey, foreignKey } = field;
  return foreignKey === undefined ? { name, annotation, baseType, optional, primaryKey } : { name, annotation, baseType, optional, primaryKey, foreignKey };
}

/**
 * What of `model` the conventions read: a table's key and foreign key fields, every field of a
 * list envelope, no field of other models.
 */
export function conventionModelOf(model: ModelFact): ConventionModel {
  const known = conventionModels.get(model);
  if (known) return known;
  const fields = model.table
    ? model.fields.filter((field) => field.primaryKey || field.foreignKey !== undefined)
    : model.role === 'list'
      ? model.fields
      : [];
  const projected: ConventionModel = {
    name: model.name,
    file: model.file,
    table: model.table,
    tableName: model.tableName,
    role: model.role,
    family: model.family,
    fields: fields.map(conventionFieldOf),
  };
  conventionModels.set(model, projected);
  return projected;
}

/** True when the two lists hold the same projections, in order: the same objects, or equal ones. */
export function sameConventionModels(a: readonly ConventionModel[], b: readonly ConventionModel[]): boolean {
  return a.length === b.length && a.every((model, i) => model === b[i] || JSON.stringify(model) === JSON.stringify(b[i]));
}

export interface ConventionInput {
  readonly pythonPaths: readonly string[];
  /** Root of the Python project the defaults are placed in (`backend`; `''` is the workspace root). */
  readonly projectRoot?: string;
  readonly files: ReadonlyMap<string, PythonFileFacts>;
  readonly models: readonly ConventionModel[];
  readonly apps: readonly ProjectApp[];
  readonly routers: readonly ProjectRouter[];
  readonly routes: readonly ProjectRoute[];
  readonly dependencies: DependencyFacts;
  readonly resolver: SymbolResolver;
}

interface Vote<T> {
  readonly value: T;
  readonly evidence: string;
}

function observed<T>(value: T, evidence: string | undefined): Observed<T> {
  return evidence === undefined ? { value, source: 'observed' } : { value, source: 'observed', evidence };
}

function defaulted<T>(value: T): Observed<T> {
  return { value, source: 'default' };
}

/** The most frequent value (first seen wins a tie), or the default when nobody voted. */
/** `schemas.ItemRead` → `ItemRead`; a generic (`list[schemas.ItemRead]`) stays as written. */
function unqualified(shape: string | undefined): string | undefined {
  return shape !== undefined && /^[\w.]+$/.test(shape) ? shape.slice(shape.lastIndexOf('.') + 1) : shape;
}

function majority<T>(votes: readonly Vote<T>[], fallback: T, key: (value: T) => string = String): Observed<T> {
  const counts = new Map<string, { vote: Vote<T>; count: number }>();
  for (const vote of votes) {
    const entry = counts.get(key(vote.value));
    if (entry) entry.count++;
    else counts.set(key(vote.value), { vote, count: 1 });
  }
  let best: { vote: Vote<T>; count: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best ? observed(best.vote.value, best.vote.evidence) : defaulted(fallback);
}

const VERBS = new Set(['read', 'get', 'list', 'create', 'add', 'update', 'patch', 'put', 'edit', 'delete', 'remove', 'retrieve', 'fetch', 'search']);
const LIST_ANNOTATION = /^(?:list|List|Sequence|typing\.List)\[/;
const SERVICE_PATH = /(?:^|\/)(?:crud|services?|repositor(?:y|ies))(?:\/|\.py$)|_(?:service|crud|repository)\.py$/;
/** Cheap test on the import text before resolving it: could this import name a service module? */
const SERVICE_WORD = /crud|service|repositor/i;
const SERVICE_DIR = /^(.*?(?:^|\/)(?:crud|services?|repositor(?:y|ies)))\//;

/** The closest analogue's value (see route-analogues), or the default when no router voted. */
function tiered<T>(votes: readonly TieredVote<T>[], fallback: T, key: (value: T) => string = String): Observed<T> {
  const choice = closestAnalogue(votes, key);
  return choice ? observed(choice.value, choice.evidence) : defaulted(fallback);
}

function dependencyConvention(ref: DependencyRef | undefined): Observed<DependencyRef | null> {
  return ref ? observed(ref, ref.aliasFile ?? ref.file) : defaulted(null);
}

export function inferConventions(input: ConventionInput): Conventions {
  const { models, routes, routers } = input;
  const paths = pathFactsOf(input.pythonPaths);
  const modelByName = new Map<string, ConventionModel>();
  for (const model of models) if (!modelByName.has(model.name) || model.table) modelByName.set(model.name, model);
  const tables = models.filter((model) => model.table);
  const routerFiles = [...new Set(routers.filter((router) => router.routes.length > 0).map((router) => router.file))];
  // `schemas.ItemRead`: the class by its own name, as the models are known.
  const returned = (route: ProjectRoute): string | undefined => unqualified(route.responseModel ?? route.returnAnnotation);

  const getCollection = routes.filter((route) => route.method === 'get' && !/\}\/?$/.test(route.localPath));
  const listVotes: Vote<'list' | 'envelope'>[] = [];
  let envelopeModel: ConventionModel | undefined;
  for (const route of getCollection) {
    const shape = returned(route);
    if (shape === undefined) continue;
    if (LIST_ANNOTATION.test(shape)) listVotes.push({ value: 'list', evidence: route.file });
    const model = modelByName.get(shape);
    if (model?.role === 'list') {
      listVotes.push({ value: 'envelope', evidence: route.file });
      envelopeModel ??= model;
    }
  }
  const envelope = envelopeModel ? envelopeShape(envelopeModel) : undefined;

  const tableNames = new Set(tables.map((table) => table.name));
  const isFamilyMember = (name: string | undefined): boolean => {
    const model = name === undefined ? undefined : modelByName.get(unqualified(name) ?? name);
    return model !== undefined && model.role !== 'other' && tableNames.has(model.family);
  };
  const creates = routes.filter(
    (route) => route.method === 'post' && (route.functionName.includes('create') || isFamilyMember(returned(route))),
  );
  const deletes = routes.filter((route) => route.method === 'delete');
  const kinds = classifyRouters(routers, routes, models, input.dependencies.currentUser?.userModel ?? (modelByName.has('User') ? 'User' : undefined));
  const vote = <T>(route: ProjectRoute, value: T): TieredVote<T> => ({ value, evidence: route.file, kind: kinds.kindOf(route) });
  const deleteReturns = tiered<DeleteAnswer>(deletes.map((route) => vote(route, deleteAnswerOf(route, isFamilyMember))), 'none');
  const literalDelete = deletes.find((route) => route.file === deleteReturns.evidence?.split(' ')[0] && deleteAnswerOf(route, isFamilyMember) === 'literal');
  const literal: ReturnedLiteral | undefined = literalDelete ? constantDict(literalDelete.returnedValues.at(-1) ?? '') : undefined;

  const projectRoot = input.projectRoot ?? '';
  const inProject = (path: string): string => (projectRoot === '' ? path : `${projectRoot}/${path}`);
  const testsDir = majority(
    paths.testFiles.map((path) => ({ value: dirOf(path), evidence: path })),
    inProject('tests'),
  );
  const includePoint = inferIncludePoint(routers, input.apps, kinds);
  const includeRouter = includePoint.value
    ? routers.find((router) => router.file === includePoint.value?.file && router.variable === includePoint.value.target)
    : undefined;

  return {
    layout: {
      routersDir: majority(
        routerFiles.map((file) => ({ value: dirOf(file), evidence: file })),
        inProject(paths.appPackageRoots.has(projectRoot) ? 'app/api/routes' : 'routers'),
      ),
      schemas: inferSchemas(models, tables, inProject('app/schemas.py')),
      services: inferServices(input, routerFiles),
      testsDir,
      conftest: inferConftest(paths.conftests, testsDir.value),
    },
    idType: majority(
      tables.flatMap((table) => {
        const key = table.fields.find((field) => field.primaryKey);
        const type = key ? idTypeOf(key.baseType) : undefined;
        return type ? [{ value: type, evidence: table.file }] : [];
      }),
      'int',
    ),
    updateMethod: tiered(
      routes.flatMap((route) => (route.method === 'put' || route.method === 'patch' ? [vote(route, route.method)] : [])),
      'patch',
    ),
    listShape: majority(listVotes, 'list'),
    envelope: envelope
      ? observed({ items: envelope.items.name, count: envelope.count?.name ?? 'count' }, envelopeModel?.file)
      : defaulted({ items: 'data', count: 'count' }),
    // A create without `status_code` answers 200: that is what the project does, not undecided.
    createStatus: tiered(creates.map((route) => vote(route, statusOf(route))), 201),
    deleteStatus: tiered(deletes.map((route) => vote(route, statusOf(route))), 204),
    deleteReturns,
    deleteLiteral: literal && deleteReturns.value === 'literal' ? observed(literal, literalDelete?.file) : defaulted(null),
    detailResponse: detailResponse(routes, modelByName),
    sessionDependency: dependencyConvention(input.dependencies.session),
    currentUserDependency: dependencyConvention(input.dependencies.currentUser),
    superuserDependency: dependencyConvention(input.dependencies.superuser),
    async: majority(routes.map((route) => ({ value: route.isAsync, evidence: route.file })), false),
    apiPrefix:
      includePoint.source === 'observed'
        ? observed(includeRouter?.fullPrefix ?? '', includeRouter?.includedBy[0]?.file ?? includePoint.evidence)
        : defaulted(''),
    includePoint,
    routeNaming: majority(
      routeNamingVotes(routes),
      'verb_noun',
    ),
    routerFileNaming: majority(routerFileNamingVotes(routerFiles, tables), 'plural'),
    prefixPlacement: majority(
      routers.flatMap<Vote<'router' | 'include'>>((router) => {
        if (router.routes.length === 0 || router.includedBy.length === 0) return [];
        if (router.prefix !== '') return [{ value: 'router', evidence: router.file }];
        const atInclude = router.includedBy.find((include) => (include.prefix ?? '') !== '');
        return atInclude ? [{ value: 'include', evidence: atInclude.file }] : [];
      }),
      'router',
    ),
  };
}

function routeNamingVotes(routes: readonly ProjectRoute[]): Vote<'verb_noun' | 'noun_verb'>[] {
  const votes: Vote<'verb_noun' | 'noun_verb'>[] = [];
  for (const route of routes) {
    const name = route.functionName;
    const first = name.indexOf('_');
    if (first < 0) continue;
    if (VERBS.has(name.slice(0, first))) votes.push({ value: 'verb_noun', evidence: route.file });
    else if (VERBS.has(name.slice(name.lastIndexOf('_') + 1))) votes.push({ value: 'noun_verb', evidence: route.file });
  }
  return votes;
}

function idTypeOf(baseType: string): 'int' | 'uuid.UUID' | 'str' | undefined {
  if (baseType === 'int') return 'int';
  if (baseType === 'str') return 'str';
  return baseType === 'uuid.UUID' || baseType === 'UUID' ? 'uuid.UUID' : undefined;
}

/** Where Create/Update/Public classes live: one file, or a folder of modules. */
function inferSchemas(
  models: readonly ConventionModel[],
  tables: readonly ConventionModel[],
  defaultPath: string,
): Observed<{ readonly path: string; readonly kind: 'file' | 'dir' }> {
  const tableFile = new Map(tables.map((table) => [table.name, table.file]));
  // Base classes often sit beside their table even where the API schemas live apart.
  const members = models.filter(
    (model) => !model.table && model.role !== 'other' && model.role !== 'base' && tableFile.has(model.family),
  );
  const first = members[0];
  if (!first) {
    const home = tables[0]?.file;
    return defaulted(home ? { path: home, kind: 'file' } : { path: defaultPath, kind: 'file' });
  }
  // Schemas beside their tables: a new entity's schemas go where its table goes.
  const besideTables = members.every((member) => member.file === tableFile.get(member.family));
  const sources = besideTables ? tables : members;
  const files = [...new Set(sources.map((model) => model.file))];
  if (files.length === 1) return observed({ path: files[0] ?? first.file, kind: 'file' }, first.file);
  // A module per entity (`schemas/task.py`, `schemas/user.py`) keeps a new entity's schemas in a
  // module of that folder. Otherwise a file holding most of them is where they are kept, and a
  // lone schema elsewhere (in a routes module) is the exception.
  const familiesIn = new Map<string, Set<string>>();
  for (const model of sources) familiesIn.set(model.file, (familiesIn.get(model.file) ?? new Set()).add(model.family));
  const perEntity = [...familiesIn.values()].every((families) => families.size === 1);
  const mostIn = majority(sources.map((model) => ({ value: model.file, evidence: model.file })), first.file);
  if (!perEntity && sources.filter((model) => model.file === mostIn.value).length * 2 > sources.length) {
    return observed({ path: mostIn.value, kind: 'file' }, mostIn.value);
  }
  const dirs = majority(sources.map((model) => ({ value: dirOf(model.file), evidence: model.file })), dirOf(first.file));
  return observed({ path: dirs.value, kind: 'dir' }, first.file);
}

function inferServices(
  input: ConventionInput,
  routerFiles: readonly string[],
): Observed<{ readonly path: string; readonly kind: 'file' | 'dir' } | null> {
  const describe = (path: string): { path: string; kind: 'file' | 'dir' } => {
    const dir = SERVICE_DIR.exec(path)?.[1];
    return dir ? { path: dir, kind: 'dir' } : { path, kind: 'file' };
  };
  for (const file of routerFiles) {
    for (const imp of input.files.get(file)?.imports ?? []) {
      const bound = imp.kind === 'import' ? [imp.alias ?? imp.module] : imp.names.map((name) => name.alias ?? name.name);
      for (const name of bound) {
        if (!SERVICE_WORD.test(imp.module) && !SERVICE_WORD.test(name)) continue;
        const symbol = input.resolver.resolve(file, name);
        const path = symbol && 'path' in symbol ? symbol.path : undefined;
        if (path !== undefined && SERVICE_PATH.test(path)) return observed(describe(path), file);
      }
    }
  }
  const existing = pathFactsOf(input.pythonPaths).firstServicePath;
  return existing ? observed(describe(existing), existing) : defaulted(null);
}

/** The conftest.py closest above (or in) the tests folder: its fixtures serve the tests there. */
function inferConftest(conftests: readonly string[], testsDir: string): Observed<string | null> {
  let best: string | undefined;
  for (const path of conftests) {
    const dir = dirOf(path);
    const above = dir === '' || testsDir === dir || testsDir.startsWith(`${dir}/`);
    if (above && (best === undefined || dir.length > dirOf(best).length)) best = path;
  }
  return best === undefined ? defaulted(null) : observed(best, best);
}

/**
 * Where the project includes its resource routers (the closest analogue's include, however
 * many routers it holds); an aggregating router with no routes of its own does not vote.
 */
function inferIncludePoint(
  routers: readonly ProjectRouter[],
  apps: readonly ProjectApp[],
  kinds: RouterKinds,
): Observed<{ readonly file: string; readonly target: string } | null> {
  const votes: TieredVote<{ file: string; target: string }>[] = [];
  for (const router of routers) {
    if (router.routes.length === 0) continue;
    const kind = kinds.kindOfRouter(router.file, router.variable);
    for (const include of router.includedBy) {
      votes.push({ value: { file: include.file, target: include.target }, evidence: include.file, kind });
    }
  }
  const describe = (point: { file: string; target: string }): string => `${point.target} in ${point.file}`;
  const choice = closestAnalogue(votes, describe);
  if (choice) return observed(choice.value, choice.evidence);
  const app = apps[0];
  return defaulted(app ? { file: app.file, target: app.variable } : null);
}

/** Detail routes answer with `XPublicWithY` where sibling detail routes do. */
function detailResponse(routes: readonly ProjectRoute[], modelByName: ReadonlyMap<string, ConventionModel>): Observed<'with-relations' | 'public'> {
  const detail = routes.filter((route) => route.method === 'get' && /\}\/?$/.test(route.localPath));
  const withRelations = detail.find((route) => {
    const family = WITH_RELATIONS.exec(route.responseModel ?? route.returnAnnotation ?? '')?.[1];
    return family !== undefined && modelByName.get(family)?.table === true;
  });
  return withRelations ? observed('with-relations', withRelations.file) : defaulted('public');
}

function routerFileNamingVotes(routerFiles: readonly string[], tables: readonly ConventionModel[]): Vote<'plural' | 'singular'>[] {
  const singulars = new Set(tables.map((table) => snakeCase(table.name)));
  const plurals = new Set([...singulars].map(pluralSnake));
  const votes: Vote<'plural' | 'singular'>[] = [];
  for (const file of routerFiles) {
    const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.py$/, '');
    if (singulars.has(base)) votes.push({ value: 'singular', evidence: file });
    else if (plurals.has(base)) votes.push({ value: 'plural', evidence: file });
  }
  return votes;
}
