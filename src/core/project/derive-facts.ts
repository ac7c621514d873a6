/**
 * Per-file facts → ProjectFacts: the cross-file work (names, models, families, settings,
 * routes, dependencies, conventions). Pure and cheap, so the index reruns it after every change.
 */
import type { PythonFileFacts } from '../python/facts';
import { ClassGraph } from './class-graph';
import { inferConventions } from './conventions';
import { buildDependencies } from './dependencies';
import type { ProjectFacts, ProjectNote } from './facts';
import { classifyFamilies } from './families';
import type { ModuleTable } from './module-names';
import { buildModelDrafts, compareText } from './resolve-models';
import { buildRouteGraph } from './route-graph';
import { buildSettings, StringEvaluator } from './settings';
import { SymbolResolver } from './symbols';

export interface DeriveInput {
  readonly root: string;
  readonly pythonPaths: readonly string[];
  readonly modules: ModuleTable;
  readonly files: ReadonlyMap<string, PythonFileFacts>;
  /** Notes the reading produced (files skipped for size, unreadable files). */
  readonly readNotes: readonly ProjectNote[];
  /** A resolver kept between derivations (over the same modules and files map) to reuse its answers. */
  readonly resolver?: SymbolResolver;
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
    notes.push({ file: facts.path, message: `Line ${first.range.startLine + 1}: ${first.message}${more}` });
  }
  return notes;
}

export function deriveFacts(input: DeriveInput): Derived {
  const { files, modules } = input;
  const resolver = input.resolver ?? new SymbolResolver(modules, files);
  resolver.beginDerivation();
  const graph = new ClassGraph(files, resolver);
  const { models, families } = classifyFamilies(buildModelDrafts(graph, modules));
  const settings = buildSettings(graph, files, resolver, modules);
  const evaluator = new StringEvaluator(resolver, settings);
  const routeGraph = buildRouteGraph(files, resolver, evaluator, modules);
  const dependencies = buildDependencies(files, routeGraph.routes, models, resolver, modules);
  const conventions = inferConventions({
    pythonPaths: input.pythonPaths,
    files,
    models,
    apps: routeGraph.apps,
    routers: routeGraph.routers,
    routes: routeGraph.routes,
    dependencies,
    resolver,
  });
  const notes = [...input.readNotes, ...syntaxNotes(files), ...routeGraph.notes].sort(
    (a, b) => compareText(a.file, b.file) || compareText(a.message, b.message),
  );
  const facts: ProjectFacts = {
    root: input.root,
    pythonFileCount: input.pythonPaths.length,
    parsedFiles: [...files.keys()].sort(compareText),
    models,
    families,
    apps: routeGraph.apps,
    routers: routeGraph.routers,
    routes: routeGraph.routes,
    dependencies,
    settings,
    conventions,
    notes,
    files: new Map(files),
  };
  return { facts, unparsed: new Set(resolver.unparsedSeen) };
}
