/**
 * The parts of a derivation that need only the listing or one file's facts: worked out while
 * reader threads parse the other files (the main thread would wait on them meanwhile), so the
 * derivation after the reading finds them kept.
 */
import type { PythonFileFacts } from '../python/facts';
import { projectsOf } from './derive-facts';
import type { ModuleTable } from './module-names';
import { pathFactsOf } from './path-facts';
import { importedModulesOf } from './route-sites';
import type { SymbolResolver } from './symbols';

/** What the module table and the paths tell before any file is parsed: module names, projects, test and service paths. */
export function prepareListing(modules: ModuleTable, pythonPaths: readonly string[]): void {
  modules.indexNames();
  projectsOf(modules);
  pathFactsOf(pythonPaths);
}

/** What one parsed file tells on its own: its definitions, and the modules it imports if it takes part in the route graph. */
export function prepareFile(facts: PythonFileFacts, modules: ModuleTable, resolver: SymbolResolver): void {
  resolver.prepareLocals(facts);
  importedModulesOf(facts, modules);
}
