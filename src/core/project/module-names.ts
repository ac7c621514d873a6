/**
 * Dotted module names for workspace paths, and the reverse: which file an import names.
 *
 * A module name is relative to its source root (see PythonLayout): the nearest folder holding
 * `pyproject.toml`, `setup.py` or `setup.cfg` (the workspace root otherwise), or that folder's
 * `src/` when the project uses the src layout. A file under `src/` answers to its other name
 * too (`src.apps.blog.models` beside `apps.blog.models`), so imports resolve even where the
 * project's evidence was not enough to decide. Imports that do not match a name exactly are
 * matched by suffix, so `from app.models import User` still finds `backend/app/models.py`.
 *
 * The table is worked out per folder, not per file: a name asked for is split into a folder's
 * dotted name and a file name, and the file looked up in the listing.
 */
import { dirOf, PythonLayout } from './python-projects';
import { listingOf, type PythonListing } from './python-listing';

export { dirOf } from './python-projects';

const INIT = '__init__.py';

function baseNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function lastSegmentOf(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function joinDir(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** `models.py` → `models`; undefined for a file whose name is not a plain module's (`__init__.py`, `a.b.py`, `x.pyi`). */
function plainStemOf(base: string): string | undefined {
  if (!base.endsWith('.py') || base === INIT) return undefined;
  const stem = base.slice(0, -3);
  return stem === '' || stem.includes('.') ? undefined : stem;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A file whose module name the folder's name and file name do not give by rule, named outright. */
interface NamedFile {
  readonly path: string;
  readonly module: string;
  readonly otherName: string | undefined;
}

export class ModuleTable {
  private readonly listing: PythonListing;
  private readonly folderByDir = new Map<string, FolderPackage>();
  /** Listed folders by their dotted name, by their other name, and by the last segment of their name. */
  private readonly dirsByName = new Map<string, string[]>();
  private readonly dirsByOtherName = new Map<string, string[]>();
  private readonly dirsByLastSegment = new Map<string, string[]>();
  /** The `__init__.py` of a source root, and files named `a.b.py` or `x.pyi`: their names are kept as they are. */
  private readonly namedFiles: NamedFile[] = [];
  private readonly packagePrefixes = new Set<string>();
  private readonly moduleByPath = new Map<string, string>();
  /** Files each absolute module name may be, memoised: the same imports recur in every file. */
  private readonly candidatesByModule = new Map<string, readonly string[]>();
  /**
   * The same for `from pkg import name` asked as a submodule, by `pkg` then `name`: both are
   * strings of the parsed facts, so a lookup joins no strings.
   */
  private readonly candidatesBySubmodule = new Map<string, Map<string, readonly string[]>>();
  /** Folders holding each plain file name, for a one-segment name matched by suffix (built when first needed). */
  private dirsByStem: Map<string, string[]> | undefined;
  private pending = true;

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
    this.listing = listingOf(pythonPaths);
  }

  /** Works out the folders' names now rather than at the first lookup. */
  indexNames(): void {
    this.indexed();
  }

  private indexed(): this {
    if (!this.pending) return this;
    this.pending = false;
    for (const { dir, paths } of this.listing.folders) {
      const folder = this.folderOf(dir);
      const name = folder.name;
      for (let dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) this.packagePrefixes.add(name.slice(0, dot));
      if (name !== '') this.packagePrefixes.add(name);
      const otherTop = folder.otherName?.split('.')[0];
      if (otherTop) this.packagePrefixes.add(otherTop);
      pushTo(this.dirsByName, name, dir);
      if (name !== '') pushTo(this.dirsByLastSegment, lastSegmentOf(name), dir);
      // `src/` itself, named without `src`, has no other name.
      if (folder.otherName) pushTo(this.dirsByOtherName, folder.otherName, dir);
      // Names the rule above cannot find from a folder name: kept with the name they have.
      for (const path of paths) {
        const base = path.slice(dir === '' ? 0 : dir.length + 1);
        if (plainStemOf(base) !== undefined || (base === INIT && name !== '')) continue;
        const otherName = folder.otherName ? moduleInFolder(path, { root: folder.root, name: folder.otherName }) : undefined;
        this.namedFiles.push({ path, module: moduleInFolder(path, folder), otherName });
      }
    }
    return this;
  }

  private folderOf(dir: string): FolderPackage {
    let folder = this.folderByDir.get(dir);
    if (!folder) {
      folder = folderPackage(dir, this.layout);
      this.folderByDir.set(dir, folder);
    }
    return folder;
  }

  moduleOf(path: string): string {
    let module = this.moduleByPath.get(path);
    if (module === undefined) {
      module = moduleInFolder(path, this.folderOf(dirOf(path)));
      this.moduleByPath.set(path, module);
    }
    return module;
  }

  has(path: string): boolean {
    return this.listing.has(path);
  }

  /** True when some module of the project lives under the package `module` (with or without `__init__.py`). */
  hasPackagePrefix(module: string): boolean {
    return this.indexed().packagePrefixes.has(module);
  }

  /**
   * The top-level module of every indexed file that is a Python name, by the project root the
   * file is in: the project's first-party packages.
   */
  topLevelModules(): Map<string, Set<string>> {
    const byRoot = new Map<string, Set<string>>();
    const add = (root: string, top: string): void => {
      if (!/^[A-Za-z_]\w*$/.test(top)) return;
      let set = byRoot.get(root);
      if (!set) {
        set = new Set();
        byRoot.set(root, set);
      }
      set.add(top);
    };
    for (const { dir, paths } of this.listing.folders) {
      const folder = this.folderOf(dir);
      // Inside a package every file's module starts with the package's top segment.
      if (folder.name !== '') add(folder.root, topSegmentOf(folder.name));
      else for (const path of paths) add(folder.root, topSegmentOf(moduleInFolder(path, folder)));
    }
    return byRoot;
  }

  /** The file of an absolute module name as seen from `fromPath`, or undefined (outside the project). */
  resolveAbsolute(module: string, fromPath: string): string | undefined {
    return closestTo(this.candidatesOf(module), fromPath);
  }

  private candidatesOf(module: string): readonly string[] {
    let paths = this.indexed().candidatesByModule.get(module);
    if (!paths) {
      paths = this.pathsNamed(module, this.dirsByName, false);
      if (paths.length === 0) paths = this.pathsNamed(module, this.dirsByOtherName, true);
      if (paths.length === 0) paths = this.pathsBySuffix(module);
      this.candidatesByModule.set(module, paths);
    }
    return paths;
  }

  /** The files whose module name (or other name) is `module`, in listing order. */
  private pathsNamed(module: string, dirsByName: ReadonlyMap<string, readonly string[]>, other: boolean): string[] {
    const found: string[] = [];
    const dot = module.lastIndexOf('.');
    const stem = module.slice(dot + 1);
    if (plainStemOf(`${stem}.py`) !== undefined) {
      for (const dir of dirsByName.get(dot < 0 ? '' : module.slice(0, dot)) ?? []) {
        const path = joinDir(dir, `${stem}.py`);
        if (this.listing.has(path)) found.push(path);
      }
    }
    if (module !== '') {
      for (const dir of dirsByName.get(module) ?? []) {
        const path = joinDir(dir, INIT);
        if (this.listing.has(path)) found.push(path);
      }
    }
    for (const file of this.namedFiles) if ((other ? file.otherName : file.module) === module) found.push(file.path);
    return this.listing.sorted([...new Set(found)]);
  }

  /**
   * The files whose module name ends with `.module`: grouped by module name, the modules in the
   * order their first file is listed (the closest file wins; the first listed wins a tie).
   */
  private pathsBySuffix(module: string): string[] {
    const suffix = `.${module}`;
    const found: string[] = [];
    const dot = module.lastIndexOf('.');
    const stem = module.slice(dot + 1);
    if (plainStemOf(`${stem}.py`) !== undefined) {
      // `<package>.<stem>` ends with `.module` when the package's name ends with what precedes the stem.
      const dirs = dot < 0 ? (this.stemIndex().get(stem) ?? []) : this.dirsEndingWith(module.slice(0, dot));
      for (const dir of dirs) {
        const path = joinDir(dir, `${stem}.py`);
        if (this.listing.has(path)) found.push(path);
      }
    }
    for (const dir of this.dirsEndingWith(module)) {
      const path = joinDir(dir, INIT);
      if (this.listing.has(path)) found.push(path);
    }
    for (const file of this.namedFiles) if (file.module.endsWith(suffix)) found.push(file.path);
    const byModule = new Map<string, string[]>();
    for (const path of this.listing.sorted([...new Set(found)])) pushTo(byModule, this.moduleOf(path), path);
    return [...byModule.values()].flat();
  }

  /** Listed folders whose dotted name ends with `.name`. */
  private dirsEndingWith(name: string): string[] {
    const suffix = `.${name}`;
    return (this.dirsByLastSegment.get(lastSegmentOf(name)) ?? []).filter((dir) => this.folderOf(dir).name.endsWith(suffix));
  }

  private stemIndex(): Map<string, string[]> {
    if (this.dirsByStem) return this.dirsByStem;
    const index = new Map<string, string[]>();
    for (const { dir, paths } of this.listing.folders) {
      if (this.folderOf(dir).name === '') continue;
      for (const path of paths) {
        const stem = plainStemOf(baseNameOf(path));
        if (stem !== undefined) pushTo(index, stem, dir);
      }
    }
    this.dirsByStem = index;
    return index;
  }

  /** The file of `from <dots><module> import ...` written in `fromPath`. */
  resolveRelative(level: number, module: string, fromPath: string): string | undefined {
    let dir = dirOf(fromPath);
    for (let up = 1; up < level; up++) {
      if (dir === '') return undefined;
      dir = dirOf(dir);
    }
    const tail = module === '' ? [] : module.split('.');
    const base = [dir, ...tail].filter((part) => part !== '').join('/');
    if (tail.length > 0 && this.listing.has(`${base}.py`)) return `${base}.py`;
    const init = base === '' ? INIT : `${base}/${INIT}`;
    return this.listing.has(init) ? init : undefined;
  }

  /** Resolves the module part of an import fact. */
  resolveImport(imp: { readonly module: string; readonly level: number }, fromPath: string): string | undefined {
    return imp.level > 0 ? this.resolveRelative(imp.level, imp.module, fromPath) : this.resolveAbsolute(imp.module, fromPath);
  }

  /** `from pkg import name` may name a submodule: the file of `pkg.name`, if there is one. */
  resolveSubmodule(imp: { readonly module: string; readonly level: number }, name: string, fromPath: string): string | undefined {
    if (imp.level > 0) return this.resolveRelative(imp.level, imp.module === '' ? name : `${imp.module}.${name}`, fromPath);
    let byName = this.candidatesBySubmodule.get(imp.module);
    if (!byName) {
      byName = new Map();
      this.candidatesBySubmodule.set(imp.module, byName);
    }
    let paths = byName.get(name);
    if (!paths) {
      paths = this.candidatesOf(`${imp.module}.${name}`);
      byName.set(name, paths);
    }
    return closestTo(paths, fromPath);
  }
}

function topSegmentOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

function closestTo(paths: readonly string[], fromPath: string): string | undefined {
  if (paths.length <= 1) return paths[0];
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
