import assert from 'node:assert/strict';
import { dirOf, ModuleTable, moduleNameFor } from '../../../src/core/project/module-names';
import { PythonLayout, type SrcDecision } from '../../../src/core/project/python-projects';

/**
 * The module table answers per folder; these specs hold it to the answers a scan of every
 * path gives, over generated workspaces with several projects, src layouts decided both ways,
 * `__init__` files at source roots, modules found twice, odd file names and listings that do
 * not come folder by folder.
 */

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROOTS = ['', 'backend', 'svc/api', 'my.proj'];
const SEGMENTS = ['app', 'api', 'models', 'src', 'core', 'x.y', 'routes', 'crud', 'backend'];
const FILES = ['models.py', 'main.py', '__init__.py', 'routes.py', 'app.py', 'a.b.py', 'stub.pyi', '__init__.pyi', 'core.py', 'src.py', 'deps.py'];

interface Workspace {
  readonly paths: string[];
  readonly markers: string[];
  readonly packaging: Map<string, SrcDecision>;
  readonly srcImports: Map<string, string>;
}

function joinDir(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

function workspace(seed: number): Workspace {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const roots = ROOTS.filter((root) => root === '' || next() < 0.6);
  const markers = roots.filter((root) => root !== '' || next() < 0.5).map((root) => joinDir(root, pick(['pyproject.toml', 'setup.py', 'setup.cfg'])));
  const packaging = new Map<string, SrcDecision>();
  const srcImports = new Map<string, string>();
  for (const root of roots) {
    const choice = next();
    if (choice < 0.3) packaging.set(root, { srcIsPackage: next() < 0.5, evidence: 'settings' });
    else if (choice < 0.45) srcImports.set(root, joinDir(root, 'src/main.py'));
  }
  const paths = new Set<string>();
  const count = 30 + Math.floor(next() * 60);
  for (let i = 0; i < count; i++) {
    const depth = Math.floor(next() * 4);
    const segments = Array.from({ length: depth }, () => pick(SEGMENTS));
    if (next() < 0.35) segments.unshift('src');
    paths.add(joinDir(joinDir(pick(roots), segments.join('/')), pick(FILES)).replace(/\/\//g, '/'));
  }
  const listed = [...paths];
  // Folder by folder in most listings; interleaved in the others.
  if (next() < 0.5) listed.sort();
  else listed.sort(() => next() - 0.5);
  return { paths: listed, markers, packaging, srcImports };
}

function layoutOf(ws: Workspace, packaging: ReadonlyMap<string, SrcDecision> = ws.packaging): PythonLayout {
  return new PythonLayout({ pythonPaths: ws.paths, markerPaths: ws.markers, packaging, srcImports: ws.srcImports });
}

/** The dotted name of a folder: that of a module in it, without the module's own name. */
function folderName(layout: PythonLayout, dir: string): string {
  return moduleNameFor(joinDir(dir, 'zz_probe.py'), layout).replace(/\.?zz_probe$/, '');
}

/** What the table should answer, found by scanning every path. */
class ScanningTable {
  private readonly flipped: PythonLayout;

  constructor(
    private readonly paths: readonly string[],
    private readonly layout: PythonLayout,
    ws: Workspace,
  ) {
    // The other name of a file under `src/` is its name had `src/` been decided the other way.
    const opposite = new Map<string, SrcDecision>();
    for (const root of new Set(paths.map((path) => layout.rootOf(dirOf(path))))) {
      if (layout.srcDecision(root)) opposite.set(root, { srcIsPackage: layout.srcIsSourceRoot(root), evidence: 'opposite' });
    }
    this.flipped = layoutOf(ws, opposite);
  }

  module(path: string): string {
    return moduleNameFor(path, this.layout);
  }

  private underSrc(dir: string): boolean {
    const src = joinDir(this.layout.rootOf(dir), 'src');
    return dir === src || dir.startsWith(`${src}/`);
  }

  /** A folder whose other name is none (`src/` itself, its name dropped) gives its files none. */
  otherName(path: string): string | undefined {
    const dir = dirOf(path);
    return this.underSrc(dir) && folderName(this.flipped, dir) !== '' ? moduleNameFor(path, this.flipped) : undefined;
  }

  resolveAbsolute(module: string, fromPath: string): string | undefined {
    let found = this.paths.filter((path) => this.module(path) === module);
    if (found.length === 0) found = this.paths.filter((path) => this.otherName(path) === module);
    if (found.length === 0) {
      const byModule = new Map<string, string[]>();
      for (const path of this.paths) {
        const name = this.module(path);
        if (name.endsWith(`.${module}`)) byModule.set(name, [...(byModule.get(name) ?? []), path]);
      }
      found = [...byModule.values()].flat();
    }
    let best: string | undefined;
    let bestScore = -1;
    for (const path of found) {
      let score = 0;
      while (score < path.length && path[score] === fromPath[score]) score++;
      if (score > bestScore) [best, bestScore] = [path, score];
    }
    return best;
  }

  packagePrefixes(): Set<string> {
    const prefixes = new Set<string>();
    for (const dir of new Set(this.paths.map(dirOf))) {
      const name = folderName(this.layout, dir);
      const parts = name.split('.');
      for (let i = 1; i <= parts.length; i++) if (name !== '') prefixes.add(parts.slice(0, i).join('.'));
      const otherTop = this.underSrc(dir) ? folderName(this.flipped, dir).split('.')[0] : undefined;
      if (otherTop) prefixes.add(otherTop);
    }
    return prefixes;
  }

  topLevelModules(): Map<string, Set<string>> {
    const byRoot = new Map<string, Set<string>>();
    for (const path of this.paths) {
      const top = this.module(path).split('.')[0] ?? '';
      if (!/^[A-Za-z_]\w*$/.test(top)) continue;
      const root = this.layout.rootOf(dirOf(path));
      byRoot.set(root, new Set([...(byRoot.get(root) ?? []), top]));
    }
    return byRoot;
  }
}

/** Every module name and other name of the workspace, each tail of them, and names of no file. */
function questions(scan: ScanningTable, paths: readonly string[]): string[] {
  const names = new Set<string>(['fastapi', 'zz', 'models.zz', 'x', 'y', 'x.y', '__init__', 'src', 'proj', 'my.proj', 'stub', 'a.b']);
  for (const path of paths) {
    for (const name of [scan.module(path), scan.otherName(path)]) {
      if (name === undefined) continue;
      const parts = name.split('.');
      for (let i = 0; i < parts.length; i++) names.add(parts.slice(i).join('.'));
    }
  }
  return [...names];
}

describe('module table: answers as a scan of every path does', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`generated workspace ${seed}`, () => {
      const ws = workspace(seed);
      const layout = layoutOf(ws);
      const table = new ModuleTable(ws.paths, layout);
      const scan = new ScanningTable(ws.paths, layout, ws);
      for (const path of [...ws.paths, 'elsewhere/new.py', 'src/zz/__init__.py']) {
        assert.equal(table.moduleOf(path), scan.module(path), `module of ${path}`);
      }
      const asked = questions(scan, ws.paths);
      const fromPaths = [...ws.paths.slice(0, 6), 'backend/app/zz.py', 'zz.py'];
      for (const module of asked) {
        for (const from of fromPaths) {
          assert.equal(table.resolveAbsolute(module, from), scan.resolveAbsolute(module, from), `${module} from ${from} in ${ws.paths.join(' ')}`);
        }
      }
      const prefixes = scan.packagePrefixes();
      for (const module of [...asked, ...prefixes]) assert.equal(table.hasPackagePrefix(module), prefixes.has(module), `package prefix ${module}`);
      assert.deepEqual(table.topLevelModules(), scan.topLevelModules());
      for (const path of ws.paths) assert.ok(table.has(path));
      assert.equal(table.has('elsewhere/new.py'), false);
    });
  }

  it('finds a file by the name it has outside its folder rule: a source root\'s __init__, a dotted file name, a stub', () => {
    const paths = ['backend/__init__.py', 'backend/app/a.b.py', 'backend/app/stub.pyi', 'backend/app/models.py', 'app/models.py'];
    const table = new ModuleTable(paths, new PythonLayout({ pythonPaths: paths, markerPaths: ['backend/pyproject.toml'] }));
    assert.equal(table.resolveAbsolute('backend', 'app/models.py'), 'backend/__init__.py');
    assert.equal(table.resolveAbsolute('app.a.b', 'app/models.py'), 'backend/app/a.b.py');
    assert.equal(table.resolveAbsolute('app.stub', 'app/models.py'), 'backend/app/stub.pyi');
    // Found twice: the file closest to the importer.
    assert.equal(table.resolveAbsolute('app.models', 'backend/app/main.py'), 'backend/app/models.py');
    assert.equal(table.resolveAbsolute('app.models', 'app/main.py'), 'app/models.py');
    // Equally close: the first listed.
    assert.equal(table.resolveAbsolute('app.models', 'main.py'), 'backend/app/models.py');
  });
});
