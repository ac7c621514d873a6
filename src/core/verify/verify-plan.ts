/**
 * What to check for a proposal: the changed Python files, the modules to import (changed ones
 * and the app), the tests to run (by the chosen selection) and the type checker the project uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileChange } from '../changes/change-set';
import { dirOf, moduleNameFor } from '../project/module-names';
import { PythonLayout } from '../project/python-projects';
import type { PythonTools } from './interpreter';
import type { TestSelection } from './verify-types';

const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg'];

export interface ImportTarget {
  readonly module: string;
  readonly path: string;
}

export interface VerifyPlan {
  /** Changed `.py` / `.pyi` files (ruff, format, type checker). */
  readonly changedPython: readonly string[];
  readonly imports: readonly ImportTarget[];
  /** Folders (relative to the copy) put first on `sys.path` for the import check. */
  readonly importRoots: readonly string[];
  /** Test files to give pytest; `all` runs pytest without file arguments. */
  readonly tests: readonly string[] | 'all';
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function isPythonPath(path: string): boolean {
  return path.endsWith('.py') || path.endsWith('.pyi');
}

export function isTestFile(path: string): boolean {
  const name = baseName(path);
  return name.endsWith('.py') && (name.startsWith('test_') || name.endsWith('_test.py'));
}

export function projectRootsOf(paths: Iterable<string>): Set<string> {
  const roots = new Set<string>();
  for (const path of paths) if (PROJECT_MARKERS.includes(baseName(path))) roots.add(dirOf(path));
  return roots;
}

/**
 * Modules a Python text imports: `import a.b` → a.b; `from a import b, c` → a, a.b, a.c.
 * Relative imports are resolved against `module` (the importing file's own module name).
 */
export function importedModules(text: string, module: string, isPackage: boolean): Set<string> {
  const found = new Set<string>();
  const pkg = isPackage ? module : module.slice(0, Math.max(0, module.lastIndexOf('.')));
  const absolute = (name: string): string => {
    const dots = /^\.*/.exec(name)?.[0].length ?? 0;
    if (dots === 0) return name;
    const parts = pkg === '' ? [] : pkg.split('.');
    const base = parts.slice(0, Math.max(0, parts.length - (dots - 1))).join('.');
    const rest = name.slice(dots);
    return [base, rest].filter((part) => part !== '').join('.');
  };
  for (const match of text.matchAll(/^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^#\n]*)/gm)) {
    const from = absolute(match[1] ?? '');
    if (from !== '') found.add(from);
    for (const name of (match[2] ?? '').replace(/[()]/g, '').split(',')) {
      const imported = name.trim().split(/\s+/)[0] ?? '';
      if (/^\w+$/.test(imported)) found.add(from === '' ? imported : `${from}.${imported}`);
    }
  }
  for (const match of text.matchAll(/^[ \t]*import[ \t]+([\w., \t]+)/gm)) {
    for (const name of (match[1] ?? '').split(',')) {
      const imported = name.trim().split(/\s+/)[0] ?? '';
      if (imported !== '') found.add(imported);
    }
  }
  return found;
}

export interface PlanInput {
  /** Every file of the scratch copy (workspace-relative), the proposal's included. */
  readonly files: readonly string[];
  readonly changes: readonly FileChange[];
  /** Files defining the FastAPI app (imported too). */
  readonly appFiles: readonly string[];
  readonly selection: TestSelection;
  /** Reads a file of the copy (for the `affected` selection). */
  readonly read: (path: string) => string;
}

export function planVerification(input: PlanInput): VerifyPlan {
  const roots = projectRootsOf(input.files);
  const layout = new PythonLayout({ pythonPaths: input.files.filter(isPythonPath), markerPaths: input.files });
  const moduleOf = (path: string): string => moduleNameFor(path, layout);
  const changedPython = input.changes.map((change) => change.path).filter(isPythonPath);
  const importable = (path: string): boolean => path.endsWith('.py') && !isTestFile(path) && baseName(path) !== 'conftest.py' && baseName(path) !== 'setup.py';
  const importPaths = [...new Set([...changedPython.filter(importable), ...input.appFiles.filter(importable)])];
  const imports = importPaths.map((path) => ({ module: moduleOf(path), path })).filter((target) => target.module !== '');
  const importRoots = [...new Set([...roots].flatMap((root) => [root === '' ? '.' : root, root === '' ? 'src' : `${root}/src`]))];
  if (importRoots.length === 0) importRoots.push('.', 'src');
  return { changedPython, imports, importRoots, tests: selectTests(input, moduleOf) };
}

function selectTests(input: PlanInput, moduleOf: (path: string) => string): readonly string[] | 'all' {
  if (input.selection === 'all') return 'all';
  const changedTests = input.changes.map((change) => change.path).filter(isTestFile);
  if (input.selection === 'generated') return changedTests;
  const changedModules = new Set(input.changes.map((change) => change.path).filter((path) => path.endsWith('.py')).map(moduleOf));
  const importsChanged = (path: string): boolean => {
    let text: string;
    try {
      text = input.read(path);
    } catch {
      return false;
    }
    const module = moduleOf(path);
    for (const imported of importedModules(text, module, baseName(path) === '__init__.py')) {
      if (changedModules.has(imported)) return true;
    }
    return false;
  };
  const selected = new Set(changedTests);
  const conftestDirs = input.files.filter((path) => baseName(path) === 'conftest.py' && importsChanged(path)).map(dirOf);
  for (const path of input.files) {
    if (!isTestFile(path) || selected.has(path)) continue;
    const underConftest = conftestDirs.some((dir) => dir === '' || path.startsWith(`${dir}/`));
    if (underConftest || importsChanged(path)) selected.add(path);
  }
  return [...selected].sort();
}

export type TypeCheckerChoice =
  | { readonly tool: 'mypy' | 'pyright'; readonly why: string }
  | { readonly tool: 'none'; readonly why: string };

/** The type checker the project is configured for, else the one installed; mypy first when both. */
export function chooseTypeChecker(projectDir: string, files: readonly string[], tools: PythonTools): TypeCheckerChoice {
  const roots = [...projectRootsOf(files), ''];
  const text = (path: string): string => {
    try {
      return readFileSync(join(projectDir, path), 'utf8');
    } catch {
      return '';
    }
  };
  const has = new Set(files);
  let configured: 'mypy' | 'pyright' | undefined;
  let where = '';
  for (const root of roots) {
    const at = (name: string): string => (root === '' ? name : `${root}/${name}`);
    const pyproject = has.has(at('pyproject.toml')) ? text(at('pyproject.toml')) : '';
    if (has.has(at('mypy.ini')) || has.has(at('.mypy.ini')) || /^\[tool\.mypy[\].]/m.test(pyproject) || (has.has(at('setup.cfg')) && /^\[mypy[\]-]/m.test(text(at('setup.cfg'))))) {
      configured = 'mypy';
      where = root === '' ? 'the project root' : root;
      break;
    }
    if (has.has(at('pyrightconfig.json')) || /^\[tool\.(?:based)?pyright[\].]/m.test(pyproject)) {
      configured = 'pyright';
      where = root === '' ? 'the project root' : root;
      break;
    }
  }
  if (configured !== undefined) {
    return tools[configured]
      ? { tool: configured, why: `configured in ${where}` }
      : { tool: 'none', why: `the project is configured for ${configured}, but ${configured} is not installed in this environment` };
  }
  if (tools.mypy) return { tool: 'mypy', why: 'installed (no type checker configured)' };
  if (tools.pyright) return { tool: 'pyright', why: 'installed (no type checker configured)' };
  return { tool: 'none', why: 'neither mypy nor pyright is installed in this environment' };
}
