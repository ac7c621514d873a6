/**
 * Per-file facts → ProjectFacts: the cross-file work (names, models, families, settings,
 * routes, dependencies, conventions). Pure and cheap, so the index reruns it after every change.
 */
import type { PythonFileFacts } from '../python/facts';
import { ClassGraph } from './class-graph';
import { type ConventionModel, conventionModelOf, inferConventions, sameConventionModels } from './conventions';
import { buildDependencies } from './dependencies';
import type { Conventions, DependencyFacts, ModelFact, ProjectApp, ProjectFacts, ProjectNote, ProjectRoute, ProjectRouter, SettingsFact } from './facts';
import type { PhaseClock } from './index-timings';
import { classifyFamilies, FamilyMemo } from './families';
import type { ModuleTable } from './module-names';
import { projectOf, type PythonProjectFact, pythonProjects } from './python-projects';
import { buildModelDrafts, compareText } from './resolve-models';
import { buildRouteGraph, mayCallFactory, type RouteGraph } from './route-graph';
import { buildSettings, StringEvaluator } from './settings';
import { type ResolutionTrace, SymbolResolver } from './symbols';

export interface DeriveInput {
  readonly root: string;
  readonly pythonPaths: readonly string[];
  readonly modules: ModuleTable;
  readonly files: ReadonlyMap<string, PythonFileFacts>;
  /** Notes the reading produced (files skipped for size, unreadable files). */
  readonly readNotes: readonly ProjectNote[];
  /** Kept by the index between derivations over the same modules and files map, to reuse work. */
  readonly cache?: DerivationCache;
  /** Receives the time the conventions took (the caller times the whole derivation). */
  readonly clock?: PhaseClock;
  /** A class graph built over these very files since the last derivation, with the resolver of `cache`. */
  readonly classGraph?: ClassGraph;
}

/** A derived piece with the inputs it was made from and the names it resolved. */
interface Memo<T> {
  readonly inputs: readonly unknown[];
  readonly trace: ResolutionTrace;
  /** Unparsed project files its resolution led into (the next derivation needs them as well). */
  readonly unparsed: readonly string[];
  readonly value: T;
}

/**
 * What one derivation leaves for the next: resolver answers, and each derived piece with what
 * it was made from, so an update derives again only the pieces whose inputs changed.
 */
export class DerivationCache {
  classGraph: ClassGraph | undefined;
  routeGraph: Memo<RouteGraph> | undefined;
  dependencies: Memo<DependencyFacts> | undefined;
  conventions: Memo<Conventions> | undefined;
  readonly families = new FamilyMemo();

  constructor(readonly resolver: SymbolResolver) {}
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** The memo's value when its inputs are the very same and every name it resolved still resolves so; else made afresh. */
function memoised<T>(
  previous: Memo<T> | undefined,
  inputs: readonly unknown[],
  resolver: SymbolResolver,
  make: () => T,
  keep: (memo: Memo<T>) => void,
  same: (before: readonly unknown[], now: readonly unknown[]) => boolean = sameInputs,
): T {
  if (previous && same(previous.inputs, inputs) && resolver.stillHolds(previous.trace)) {
    for (const path of previous.unparsed) resolver.unparsedSeen.add(path);
    return previous.value;
  }
  const unparsedBefore = new Set(resolver.unparsedSeen);
  resolver.startTracing();
  const value = make();
  const trace = resolver.stopTracing();
  keep({ inputs, trace, unparsed: [...resolver.unparsedSeen].filter((path) => !unparsedBefore.has(path)), value });
  return value;
}

/**
 * The route graph reads the files that hold apps, routers, includes or routes, the settings
 * literals and names resolved from those files: when none of that changed, it is reused.
 */
function routeGraphOf(
  files: ReadonlyMap<string, PythonFileFacts>,
  resolver: SymbolResolver,
  settings: readonly SettingsFact[],
  modules: ModuleTable,
  cache: DerivationCache | undefined,
): RouteGraph {
  const inputs: unknown[] = [modules, JSON.stringify(settings)];
  for (const facts of files.values()) {
    const routeStatements = facts.apps.length + facts.routers.length + facts.includes.length + facts.routes.length;
    const parts = routeStatements + facts.mounts.length + facts.constructions.length + facts.unresolvedRoutes.length;
    // A module-level call may hand a router to a factory: the graph depends on those files too.
    if (parts > 0 || facts.calls.some(mayCallFactory)) inputs.push(facts);
  }
  return memoised(
    cache?.routeGraph,
    inputs,
    resolver,
    () => buildRouteGraph(files, resolver, new StringEvaluator(resolver, settings), modules),
    (memo) => {
      if (cache) cache.routeGraph = memo;
    },
  );
}

/**
 * The dependencies read each file's functions and aliases (files without either add nothing),
 * the routes' dependency names and the table names, and resolve names from there.
 */
function dependenciesOf(
  files: ReadonlyMap<string, PythonFileFacts>,
  routes: readonly ProjectRoute[],
  models: readonly ModelFact[],
  resolver: SymbolResolver,
  modules: ModuleTable,
  cache: DerivationCache | undefined,
): DependencyFacts {
  const inputs: unknown[] = [modules, routes, models.filter((model) => model.table).map((model) => model.name).join(',')];
  for (const facts of files.values()) {
    if (facts.functions.length > 0 || facts.aliases.length > 0) inputs.push(facts.path, facts.functions, facts.aliases);
  }
  return memoised(
    cache?.dependencies,
    inputs,
    resolver,
    () => buildDependencies(files, routes, models, resolver, modules),
    (memo) => {
      if (cache) cache.dependencies = memo;
    },
  );
}

interface ConventionSources {
  readonly pythonPaths: readonly string[];
  readonly projectRoot: string;
  readonly files: ReadonlyMap<string, PythonFileFacts>;
  readonly models: readonly ModelFact[];
  readonly apps: readonly ProjectApp[];
  readonly routers: readonly ProjectRouter[];
  readonly routes: readonly ProjectRoute[];
  readonly dependencies: DependencyFacts;
}

/**
 * The conventions read the parts of models `conventionModelOf` keeps, the routes, routers and
 * apps, the dependencies, the router files' imports and names resolved from them.
 */
function conventionsOf(sources: ConventionSources, resolver: SymbolResolver, cache: DerivationCache | undefined): Conventions {
  const projected = sources.models.map(conventionModelOf);
  const inputs: unknown[] = [
    projected,
    sources.pythonPaths,
    sources.projectRoot,
    sources.apps,
    sources.routers,
    sources.routes,
    JSON.stringify(sources.dependencies),
  ];
  for (const file of new Set(sources.routers.map((router) => router.file))) inputs.push(sources.files.get(file));
  return memoised(
    cache?.conventions,
    inputs,
    resolver,
    () => inferConventions({ ...sources, models: projected, resolver }),
    (memo) => {
      if (cache) cache.conventions = memo;
    },
    // The models' projections first: compared by what they hold (a model rebuilt with equal keys still counts the same).
    (before, now) =>
      sameInputs(before.slice(1), now.slice(1)) && sameConventionModels(before[0] as readonly ConventionModel[], now[0] as readonly ConventionModel[]),
  );
}

/** Projects depend only on the module table, rebuilt whenever files come or go. */
const projectsByModules = new WeakMap<ModuleTable, readonly PythonProjectFact[]>();

export function projectsOf(modules: ModuleTable): readonly PythonProjectFact[] {
  let projects = projectsByModules.get(modules);
  if (!projects) {
    projects = pythonProjects(modules.layout, modules.topLevelModules());
    projectsByModules.set(modules, projects);
  }
  return projects;
}

export interface Derived {
  readonly facts: ProjectFacts;
  /** Project files that resolution needed but were not parsed. */
  readonly unparsed: ReadonlySet<string>;
}

function syntaxNotes(files: ReadonlyMap<string, PythonFileFacts>): ProjectNote[] {
  const notes: ProjectNote[] = [];
  for (const facts of files.values()) {
    const first = facts.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
    if (!first) continue;
    const more = facts.diagnostics.length > 1 ? ` (and ${facts.diagnostics.length - 1} more)` : '';
    notes.push({ file: facts.path, message: `Line ${first.range.startLine + 1}: ${first.message}${more}`, line: first.range.startLine });
  }
  return notes;
}

export function deriveFacts(input: DeriveInput): Derived {
  const { files, modules } = input;
  const resolver = input.cache?.resolver ?? new SymbolResolver(modules, files);
  resolver.beginDerivation();
  const graph = input.classGraph ?? new ClassGraph(files, resolver, input.cache?.classGraph);
  const { models, families } = classifyFamilies(buildModelDrafts(graph, modules), input.cache?.families);
  const settings = buildSettings(graph, files, resolver, modules);
  graph.forgetPrevious();
  if (input.cache) input.cache.classGraph = graph;
  const routeGraph = routeGraphOf(files, resolver, settings, modules, input.cache);
  const dependencies = dependenciesOf(files, routeGraph.routes, models, resolver, modules, input.cache);
  const projects = projectsOf(modules);
  const anchor = models.find((model) => model.table)?.file ?? routeGraph.apps[0]?.file;
  const conventionsStarted = performance.now();
  const conventions = conventionsOf(
    {
      pythonPaths: input.pythonPaths,
      projectRoot: (anchor === undefined ? undefined : projectOf(projects, anchor)?.root) ?? projects[0]?.root ?? '',
      files,
      models,
      apps: routeGraph.apps,
      routers: routeGraph.routers,
      routes: routeGraph.routes,
      dependencies,
    },
    resolver,
    input.cache,
  );
  input.clock?.add('conventions', conventionsStarted);
  const notes = [...input.readNotes, ...syntaxNotes(files), ...routeGraph.notes].sort(
    (a, b) => compareText(a.file, b.file) || compareText(a.message, b.message),
  );
  const facts: ProjectFacts = {
    root: input.root,
    pythonFileCount: input.pythonPaths.length,
    pythonProjects: projects,
    parsedFiles: [...files.keys()].sort(compareText),
    models,
    families,
    apps: routeGraph.apps,
    routers: routeGraph.routers,
    routes: routeGraph.routes,
    unresolvedRoutes: routeGraph.unresolved,
    dependencies,
    settings,
    conventions,
    notes,
    files: new Map(files),
  };
  return { facts, unparsed: new Set(resolver.unparsedSeen) };
}

/**
 * A save that changed nothing the facts hold (a comment after the code) keeps the old facts
 * object in `parsed`, so every derived piece that read it is reused as it stands.
 */
export function keepEqualFacts(
  parsed: Map<string, PythonFileFacts>,
  before: ReadonlyMap<string, { readonly facts: PythonFileFacts | undefined }>,
): void {
  for (const [path, { facts: old }] of before) {
    const now = parsed.get(path);
    if (old && now && now !== old && JSON.stringify(now) === JSON.stringify(old)) parsed.set(path, old);
  }
}
