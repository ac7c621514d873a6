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

/**
 * Where nothing else decided whether `src/` is a package, the imports do: `from src.apps…`
 * in the project's own files makes it one. Returns the roots so decided (empty: none).
 */
function srcImportsOf(modules: ModuleTable, parsed: Iterable<PythonFileFacts>): Map<string, string> {
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

/**
 * The markers of a workspace and what they and the imports say: the module table is built from
 * these and the Python paths. Kept by the index between builds and updated marker by marker.
 */
export class ProjectMarkers {
  readonly paths = new Set<string>();
  /** What each project marker's packaging settings say about `src/`, by marker path. */
  private readonly packagingByMarker = new Map<string, SrcDecision>();
  /** Project roots whose code imports `src.…`, with a file that does: evidence that `src` is a package. */
  private srcImports = new Map<string, string>();

  constructor(private readonly source: FileSource) {}

  /** Forgets what the markers said (their paths are listed again by the caller). */
  clear(): void {
    this.paths.clear();
    this.packagingByMarker.clear();
    this.srcImports = new Map();
  }

  async readAll(): Promise<void> {
    await Promise.all([...this.paths].map((path) => this.read(path)));
  }

  /** A marker saved, created or deleted. */
  async changed(path: string, exists: boolean): Promise<void> {
    if (exists) this.paths.add(path);
    else this.paths.delete(path);
    this.packagingByMarker.delete(path);
    if (exists) await this.read(path);
  }

  private async read(marker: string): Promise<void> {
    const decision = await readPackaging(this.source, marker);
    if (decision) this.packagingByMarker.set(marker, decision);
  }

  moduleTable(pythonPaths: readonly string[]): ModuleTable {
    const packaging = new Map<string, SrcDecision>();
    for (const [marker, decision] of this.packagingByMarker) packaging.set(dirOf(marker), decision);
    const layout = new PythonLayout({ pythonPaths, markerPaths: this.paths, packaging, srcImports: this.srcImports });
    return new ModuleTable(pythonPaths, layout);
  }

  /** Where nothing else decided whether `src/` is a package, the imports do: true when they did (module names change). */
  decideSrcFromImports(modules: ModuleTable, parsed: Iterable<PythonFileFacts>): boolean {
    const found = srcImportsOf(modules, parsed);
    if (found.size === 0) return false;
    this.srcImports = found;
    return true;
  }

  /**
   * What besides the files' own facts the derivation reads: the markers, what they say about
   * `src/`, the size limit. Stored project facts stand only under the same signature.
   */
  signature(maxFileBytes: number): string {
    const byPath = (a: readonly [string, unknown], b: readonly [string, unknown]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    return JSON.stringify([maxFileBytes, [...this.paths].sort(), [...this.packagingByMarker].sort(byPath), [...this.srcImports].sort(byPath)]);
  }
}
