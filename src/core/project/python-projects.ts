/**
 * The Python projects inside a workspace and where their module names start.
 *
 * A project lives where its `pyproject.toml`, `setup.py` or `setup.cfg` is (the workspace root
 * when there is none). Whether a `src/` folder of a project is a source root (the "src layout":
 * `src/app/main.py` is `app.main`) or a package named `src` (`src/apps/blog/models.py` is
 * `src.apps.blog.models`) is decided from the project's own evidence, strongest first: its
 * packaging settings, a `src/__init__.py`, then how its imports are written. Without any, `src/`
 * is a source root, as ruff and mypy assume.
 */
import { parse as parseToml } from 'smol-toml';
import { listingOf, type PythonListing } from './python-listing';

export const PROJECT_MARKERS: readonly string[] = ['pyproject.toml', 'setup.py', 'setup.cfg'];

/** How a project's `src/` folder counts, and what showed it. */
export interface SrcDecision {
  readonly srcIsPackage: boolean;
  readonly evidence: string;
  /** Nothing in the project decided it: the default was taken. */
  readonly undecided?: true;
}

export interface PythonProjectFact {
  /** Folder of the project marker, workspace-relative (`''` is the workspace root): `backend`. */
  readonly root: string;
  /** Folders module names start from, deepest first: `backend/src`, `backend`. */
  readonly sourceRoots: readonly string[];
  /** Top-level modules of the project (first party to ruff's isort): `app`. */
  readonly packages: readonly string[];
  /** Why `src/` counts as it does, when the project has one. */
  readonly src?: SrcDecision;
}

export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function baseNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function joinDir(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

type Table = Readonly<Record<string, unknown>>;

function tableAt(value: unknown, ...keys: string[]): Table | undefined {
  let current: unknown = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Table)[key];
  }
  return typeof current === 'object' && current !== null && !Array.isArray(current) ? (current as Table) : undefined;
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function textOf(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function normalisedDir(text: string): string {
  return text.replace(/^\.\/?/, '').replace(/\/+$/, '');
}

/**
 * What a `pyproject.toml` says about `src/`: a package (`packages = [{ include = "src" }]`,
 * hatch's `packages = ["src"]`) or a source root (`where = ["src"]`, `package-dir = {"" = "src"}`,
 * poetry's `from = "src"`, hatch's `packages = ["src/app"]`, uv's default module root).
 */
export function srcDecisionFromPyproject(text: string, file: string): SrcDecision | undefined {
  let document: unknown;
  try {
    document = parseToml(text);
  } catch {
    return undefined;
  }
  const setuptools = tableAt(document, 'tool', 'setuptools');
  if (setuptools) {
    const find = tableAt(setuptools, 'packages', 'find');
    if (find && stringsOf(find['where']).map(normalisedDir).includes('src')) {
      return { srcIsPackage: false, evidence: `${file}: [tool.setuptools.packages.find] where = ["src"]` };
    }
    const packageDir = tableAt(setuptools, 'package-dir');
    if (packageDir && normalisedDir(textOf(packageDir[''])) === 'src') {
      return { srcIsPackage: false, evidence: `${file}: [tool.setuptools] package-dir = {"" = "src"}` };
    }
    const listed = stringsOf(setuptools['packages']);
    if (listed.some((name) => name === 'src' || name.startsWith('src.'))) {
      return { srcIsPackage: true, evidence: `${file}: [tool.setuptools] packages lists "src"` };
    }
    if (find && stringsOf(find['include']).some((pattern) => /^src(?:\*|\.|$)/.test(pattern))) {
      return { srcIsPackage: true, evidence: `${file}: [tool.setuptools.packages.find] include = ["src*"]` };
    }
  }
  const poetryPackages = tableAt(document, 'tool', 'poetry')?.['packages'];
  if (Array.isArray(poetryPackages)) {
    for (const entry of poetryPackages as unknown[]) {
      const table = tableAt({ entry }, 'entry');
      if (!table) continue;
      if (normalisedDir(textOf(table['from'])) === 'src') {
        return { srcIsPackage: false, evidence: `${file}: [tool.poetry] packages from = "src"` };
      }
      if (table['from'] === undefined && normalisedDir(textOf(table['include'])) === 'src') {
        return { srcIsPackage: true, evidence: `${file}: [tool.poetry] packages include = "src"` };
      }
    }
  }
  const hatchPackages = stringsOf(tableAt(document, 'tool', 'hatch', 'build', 'targets', 'wheel')?.['packages']).map(normalisedDir);
  if (hatchPackages.includes('src')) return { srcIsPackage: true, evidence: `${file}: [tool.hatch] packages = ["src"]` };
  if (hatchPackages.some((path) => path.startsWith('src/'))) {
    return { srcIsPackage: false, evidence: `${file}: [tool.hatch] packages = ["src/…"]` };
  }
  const pdmDir = tableAt(document, 'tool', 'pdm', 'build')?.['package-dir'];
  if (typeof pdmDir === 'string' && normalisedDir(pdmDir) === 'src') {
    return { srcIsPackage: false, evidence: `${file}: [tool.pdm.build] package-dir = "src"` };
  }
  const uvBuild = tableAt(document, 'tool', 'uv', 'build-backend');
  const backend = tableAt(document, 'build-system')?.['build-backend'];
  if (uvBuild || backend === 'uv_build') {
    const moduleRoot = normalisedDir(textOf(uvBuild?.['module-root'], 'src'));
    return { srcIsPackage: moduleRoot !== 'src', evidence: `${file}: uv build backend, module-root = "${moduleRoot}"` };
  }
  return undefined;
}

/** The same question for `setup.cfg`: `package_dir = =src` under `[options]`. */
export function srcDecisionFromSetupCfg(text: string, file: string): SrcDecision | undefined {
  return /^\s*package_dir\s*=\s*(?:\n\s+)?=\s*src\s*$/m.test(text)
    ? { srcIsPackage: false, evidence: `${file}: [options] package_dir = =src` }
    : undefined;
}

export interface LayoutInput {
  /** Every indexed `.py` path. */
  readonly pythonPaths: readonly string[];
  /** Project markers found (`backend/pyproject.toml`). */
  readonly markerPaths: Iterable<string>;
  /** What each project's packaging settings say about `src/`, by project root. */
  readonly packaging?: ReadonlyMap<string, SrcDecision>;
  /** Project roots whose code imports `src.…` absolutely, with a file that does. */
  readonly srcImports?: ReadonlyMap<string, string>;
}

/** Project roots and their `src/` decisions: what module names are computed from. */
export class PythonLayout {
  readonly roots: ReadonlySet<string>;
  private readonly srcByRoot = new Map<string, SrcDecision>();

  constructor(input: LayoutInput) {
    const listing = listingOf(input.pythonPaths);
    const roots = new Set<string>();
    for (const path of input.markerPaths) {
      const name = baseNameOf(path);
      if (!PROJECT_MARKERS.includes(name)) continue;
      // A `setup.py` beside an `__init__.py` is a module of a package (`app/setup.py`), not a project.
      if (name === 'setup.py' && listing.has(joinDir(dirOf(path), '__init__.py'))) continue;
      roots.add(dirOf(path));
    }
    this.roots = roots;
    const srcRoots = new Set<string>();
    for (const { dir } of listing.folders) {
      const root = this.rootOf(dir);
      const src = joinDir(root, 'src');
      if (dir === src || dir.startsWith(`${src}/`)) srcRoots.add(root);
    }
    for (const root of srcRoots) {
      const decision = decideSrc(root, input, listing);
      this.srcByRoot.set(root, decision);
    }
  }

  /** The nearest project root holding `dir` (the workspace root when none does). */
  rootOf(dir: string): string {
    for (let candidate = dir; ; candidate = dirOf(candidate)) {
      if (this.roots.has(candidate)) return candidate;
      if (candidate === '') return '';
    }
  }

  srcDecision(root: string): SrcDecision | undefined {
    return this.srcByRoot.get(root);
  }

  /** Project roots with a `src/` that neither packaging settings nor `src/__init__.py` decided. */
  undecidedSrcRoots(): string[] {
    return [...this.srcByRoot].filter(([, decision]) => decision.undecided === true).map(([root]) => root);
  }

  /** True when `<root>/src` is a source root rather than a package. */
  srcIsSourceRoot(root: string): boolean {
    const decision = this.srcByRoot.get(root);
    return decision !== undefined && !decision.srcIsPackage;
  }
}

function decideSrc(root: string, input: LayoutInput, paths: PythonListing): SrcDecision {
  const packaging = input.packaging?.get(root);
  if (packaging) return packaging;
  const init = joinDir(joinDir(root, 'src'), '__init__.py');
  if (paths.has(init)) return { srcIsPackage: true, evidence: init };
  const importer = input.srcImports?.get(root);
  if (importer !== undefined) return { srcIsPackage: true, evidence: `${importer} imports from src.…` };
  return { srcIsPackage: false, evidence: 'no packaging setting, src/__init__.py or src. import: src/ taken as a source root', undecided: true };
}

/**
 * The facts the index reports about each project: roots, source roots and first-party packages
 * (the top-level modules of each project's files, by project root).
 */
export function pythonProjects(layout: PythonLayout, packagesByRoot: ReadonlyMap<string, ReadonlySet<string>>): PythonProjectFact[] {
  const roots = [...new Set([...layout.roots, ...packagesByRoot.keys()])].sort();
  return roots.map((root) => {
    const src = layout.srcDecision(root);
    const sourceRoots = src && !src.srcIsPackage ? [joinDir(root, 'src'), root] : [root];
    return {
      root,
      sourceRoots,
      packages: [...(packagesByRoot.get(root) ?? [])].sort(),
      ...(src ? { src } : {}),
    };
  });
}

/** The project a workspace path belongs to: the one with the longest root that holds it. */
export function projectOf(projects: readonly PythonProjectFact[], path: string): PythonProjectFact | undefined {
  let best: PythonProjectFact | undefined;
  for (const project of projects) {
    const holds = project.root === '' || path === project.root || path.startsWith(`${project.root}/`);
    if (holds && (!best || project.root.length > best.root.length)) best = project;
  }
  return best;
}
