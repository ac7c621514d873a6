/**
 * Dotted module names for workspace paths, and the reverse: which file an import names.
 *
 * A module name is relative to its source root (see PythonLayout): the nearest folder holding
 * `pyproject.toml`, `setup.py` or `setup.cfg` (the workspace root otherwise), or that folder's
 * `src/` when the project uses the src layout. A file under `src/` answers to its other name
 * too (`src.apps.blog.models` beside `apps.blog.models`), so imports resolve even where the
 * project's evidence was not enough to decide. Imports that do not match a name exactly are
 * matched by suffix, so `from app.models import User` still finds `backend/app/models.py`.
 */
import { dirOf, PythonLayout } from './python-projects';

export { dirOf } from './python-projects';

function baseNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export class ModuleTable {
  private readonly moduleByPath = new Map<string, string>();
  private readonly pathsByModule = new Map<string, string[]>();
  /** The other name of each file under a `src/` folder: with `src.` when it was dropped, and the reverse. */
  private readonly pathsByOtherName = new Map<string, string[]>();
  private readonly modulesByLastSegment = new Map<string, string[]>();
  private readonly packagePrefixes = new Set<string>();
  private readonly pathSet = new Set<string>();
  /** Files each absolute module name may be, memoised: the same imports recur in every file. */
  private readonly candidatesByModule = new Map<string, readonly string[]>();
  private pending: readonly string[] | undefined;

  /**
   * The names are worked out when first asked for: a re-open that takes stored project facts
   * asks none until the first save.
   * @param pythonPaths every indexed `.py` path
   * @param layout the project roots and their `src/` decisions
   */
  constructor(
    pythonPaths: readonly string[],
    readonly layout: PythonLayout = new PythonLayout({ pythonPaths, markerPaths: [] }),
  ) {
    this.pending = pythonPaths;
  }

  private indexed(): this {
    const pythonPaths = this.pending;
    if (pythonPaths === undefined) return this;
    this.pending = undefined;
    const layout = this.layout;
    for (const path of pythonPaths) this.pathSet.add(path);
    // Thousands of files share a few hundred folders: work out each folder's package once.
    const packageByDir = new Map<string, FolderPackage>();
    for (const path of pythonPaths) {
      const dir = dirOf(path);
      let folder = packageByDir.get(dir);
      if (!folder) {
        folder = folderPackage(dir, layout);
        packageByDir.set(dir, folder);
        const name = folder.name;
        for (let dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) this.packagePrefixes.add(name.slice(0, dot));
        if (name !== '') this.packagePrefixes.add(name);
        const otherTop = folder.otherName?.split('.')[0];
        if (otherTop) this.packagePrefixes.add(otherTop);
      }
      const module = moduleInFolder(path, folder);
      this.moduleByPath.set(path, module);
      pushTo(this.pathsByModule, module, path);
      const last = module.slice(module.lastIndexOf('.') + 1);
      pushTo(this.modulesByLastSegment, last, module);
      if (folder.otherName) {
        pushTo(this.pathsByOtherName, moduleInFolder(path, { root: folder.root, name: folder.otherName }), path);
      }
    }
    return this;
  }

  moduleOf(path: string): string {
    return this.indexed().moduleByPath.get(path) ?? moduleNameFor(path, this.layout);
  }

  has(path: string): boolean {
    return this.indexed().pathSet.has(path);
  }

  /** True when some module of the project lives under the package `module` (with or without `__init__.py`). */
  hasPackagePrefix(module: string): boolean {
    return this.indexed().packagePrefixes.has(module);
  }

  /** The file of an absolute module name as seen from `fromPath`, or undefined (outside the project). */
  resolveAbsolute(module: string, fromPath: string): string | undefined {
    let paths = this.indexed().candidatesByModule.get(module);
    if (!paths) {
      paths = this.pathsByModule.get(module) ?? this.pathsByOtherName.get(module) ?? this.pathsBySuffix(module);
      this.candidatesByModule.set(module, paths);
    }
    if (paths.length <= 1) return paths[0];
    return closestTo(paths, fromPath);
  }

  private pathsBySuffix(module: string): string[] {
    const last = module.slice(module.lastIndexOf('.') + 1);
    const suffix = `.${module}`;
    const candidates = (this.modulesByLastSegment.get(last) ?? []).filter((name) => name.endsWith(suffix));
    return candidates.flatMap((name) => this.pathsByModule.get(name) ?? []);
  }

  /** The file of `from <dots><module> import ...` written in `fromPath`. */
  resolveRelative(level: number, module: string, fromPath: string): string | undefined {
    this.indexed();
    let dir = dirOf(fromPath);
    for (let up = 1; up < level; up++) {
      if (dir === '') return undefined;
      dir = dirOf(dir);
    }
    const tail = module === '' ? [] : module.split('.');
    const base = [dir, ...tail].filter((part) => part !== '').join('/');
    if (tail.length > 0 && this.pathSet.has(`${base}.py`)) return `${base}.py`;
    const init = base === '' ? '__init__.py' : `${base}/__init__.py`;
    return this.pathSet.has(init) ? init : undefined;
  }

  /** Resolves the module part of an import fact. */
  resolveImport(imp: { readonly module: string; readonly level: number }, fromPath: string): string | undefined {
    return imp.level > 0 ? this.resolveRelative(imp.level, imp.module, fromPath) : this.resolveAbsolute(imp.module, fromPath);
  }

  /** `from pkg import name` may name a submodule: the file of `pkg.name`, if there is one. */
  resolveSubmodule(imp: { readonly module: string; readonly level: number }, name: string, fromPath: string): string | undefined {
    if (imp.level > 0) return this.resolveRelative(imp.level, imp.module === '' ? name : `${imp.module}.${name}`, fromPath);
    return this.resolveAbsolute(`${imp.module}.${name}`, fromPath);
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function closestTo(paths: readonly string[], fromPath: string): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const path of paths) {
    const score = commonPrefixLength(path, fromPath);
    if (score > bestScore) {
      best = path;
      bestScore = score;
    }
  }
  return best;
}

/** `app/api/routes/items.py` → `app.api.routes.items`; `pkg/__init__.py` → `pkg`. */
export function moduleNameFor(path: string, layout: PythonLayout): string {
  return moduleInFolder(path, folderPackage(dirOf(path), layout));
}

interface FolderPackage {
  readonly root: string;
  /** The dotted package the folder is. */
  readonly name: string;
  /** Its name had `src/` been decided the other way (only for folders under a project's `src/`). */
  readonly otherName?: string;
}

/** The dotted package a folder is, relative to its source root. */
function folderPackage(dir: string, layout: PythonLayout): FolderPackage {
  const root = layout.rootOf(dir);
  const relative = dir === root ? '' : root === '' ? dir : dir.slice(root.length + 1);
  const dotted = relative.split('/').join('.');
  if (relative !== 'src' && !relative.startsWith('src/')) return { root, name: dotted };
  const withoutSrc = relative === 'src' ? '' : relative.slice(4).split('/').join('.');
  return layout.srcIsSourceRoot(root) ? { root, name: withoutSrc, otherName: dotted } : { root, name: dotted, otherName: withoutSrc };
}

function moduleInFolder(path: string, folder: { root: string; name: string }): string {
  const base = baseNameOf(path).replace(/\.pyi?$/, '');
  if (base === '__init__') return folder.name || baseNameOf(folder.root) || '__init__';
  return folder.name === '' ? base : `${folder.name}.${base}`;
}
