/**
 * The project markers (`pyproject.toml`, `setup.py`, `setup.cfg`) and what they and the
 * imports say about module names: the module table of a workspace is built from these.
 */
import type { PythonFileFacts } from '../python/facts';
import type { FileSource } from '../ports';
import { ModuleTable } from './module-names';
import { dirOf, PythonLayout, type SrcDecision, srcDecisionFromPyproject, srcDecisionFromSetupCfg } from './python-projects';

export const PROJECT_MARKER = /(?:^|\/)(?:pyproject\.toml|setup\.py|setup\.cfg)$/;

/** What a `pyproject.toml` or `setup.cfg` says about its project's `src/` folder. */
export async function readPackaging(source: FileSource, marker: string): Promise<SrcDecision | undefined> {
  const isPyproject = marker.endsWith('pyproject.toml');
  if (!isPyproject && !marker.endsWith('setup.cfg')) return undefined;
  let text: string;
  try {
    text = await source.readText(marker);
  } catch {
    return undefined;
  }
  return isPyproject ? srcDecisionFromPyproject(text, marker) : srcDecisionFromSetupCfg(text, marker);
}

export interface ModuleLayoutInput {
  readonly pythonPaths: readonly string[];
  readonly markerPaths: ReadonlySet<string>;
  /** What each project marker's packaging settings say about `src/`, by marker path. */
  readonly packagingByMarker: ReadonlyMap<string, SrcDecision>;
  /** Project roots whose code imports `src.…`, with a file that does. */
  readonly srcImports: ReadonlyMap<string, string>;
}

export function buildModuleTable(input: ModuleLayoutInput): ModuleTable {
  const packaging = new Map<string, SrcDecision>();
  for (const [marker, decision] of input.packagingByMarker) packaging.set(dirOf(marker), decision);
  const layout = new PythonLayout({
    pythonPaths: input.pythonPaths,
    markerPaths: input.markerPaths,
    packaging,
    srcImports: input.srcImports,
  });
  return new ModuleTable(input.pythonPaths, layout);
}

/**
 * Where nothing else decided whether `src/` is a package, the imports do: `from src.apps…`
 * in the project's own files makes it one. Returns the roots so decided (empty: none).
 */
export function srcImportsOf(modules: ModuleTable, parsed: Iterable<PythonFileFacts>): Map<string, string> {
  const found = new Map<string, string>();
  const undecided = modules.layout.undecidedSrcRoots();
  if (undecided.length === 0) return found;
  for (const facts of parsed) {
    const root = modules.layout.rootOf(dirOf(facts.path));
    if (!undecided.includes(root) || found.has(root)) continue;
    if (facts.imports.some((imp) => imp.level === 0 && (imp.module === 'src' || imp.module.startsWith('src.')))) found.set(root, facts.path);
  }
  return found;
}
