/**
 * Per-file facts → ProjectFacts: the cross-file work (names, models, families, settings,
 * routes, dependencies, conventions). Pure and cheap, so the index reruns it after every change.
 */
import type { PythonFileFacts } from '../python/facts';
import { ClassGraph } from './class-graph';
import { inferConventions } from './conventions';
import { buildDependencies } from './dependencies';
import type { ProjectFacts, ProjectNote, SettingsFact } from './facts';
import type { PhaseClock } from './index-timings';
import { classifyFamilies } from './families';
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
}

/** What one derivation leaves for the next: resolver answers, and the route graph with what it was made from. */
export class DerivationCache {
  routeGraph: { readonly inputs: readonly unknown[]; readonly trace: ResolutionTrace; readonly graph: RouteGraph } | undefined;

  constructor(readonly resolver: SymbolResolver) {}
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
  const previous = cache?.routeGraph;
  if (
    previous &&
    previous.inputs.length === inputs.length &&
    previous.inputs.every((input, i) => input === inputs[i]) &&
    resolver.stillHolds(previous.trace)
  ) {
    return previous.graph;
  }
  resolver.startTracing();
  const graph = buildRouteGraph(files, resolver, new StringEvaluator(resolver, settings), modules);
  const trace = resolver.stopTracing();
  if (cache) cache.routeGraph = { inputs, trace, graph };
  return graph;
}

/** Projects depend only on the module table, rebuilt whenever files come or go. */
const projectsByModules = new WeakMap<ModuleTable, readonly PythonProjectFact[]>();

function projectsOf(modules: ModuleTable, pythonPaths: readonly string[]): readonly PythonProjectFact[] {
  let projects = projectsByModules.get(modules);
  if (!projects) {
    projects = pythonProjects(modules.layout, (path) => modules.moduleOf(path), pythonPaths);
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
  const graph = new ClassGraph(files, resolver);
  const { models, families } = classifyFamilies(buildModelDrafts(graph, modules));
  const settings = buildSettings(graph, files, resolver, modules);
  const routeGraph = routeGraphOf(files, resolver, settings, modules, input.cache);
  const dependencies = buildDependencies(files, routeGraph.routes, models, resolver, modules);
  const projects = projectsOf(modules, input.pythonPaths);
  const anchor = models.find((model) => model.table)?.file ?? routeGraph.apps[0]?.file;
  const conventionsStarted = performance.now();
  const conventions = inferConventions({
    pythonPaths: input.pythonPaths,
    projectRoot: (anchor === undefined ? undefined : projectOf(projects, anchor)?.root) ?? projects[0]?.root ?? '',
    files,
    models,
    apps: routeGraph.apps,
    routers: routeGraph.routers,
    routes: routeGraph.routes,
    dependencies,
    resolver,
  });
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
