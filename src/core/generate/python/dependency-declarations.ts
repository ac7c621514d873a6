/**
 * The packages a change set's new imports need, declared where the project declares its
 * dependencies — `pyproject.toml` (PEP 621 or Poetry), else a requirements file — so the
 * generated code installs with the project. A project that declares none is left alone.
 */
import type { FileChange } from '../../changes/change-set';
import { scanImports } from './module-scan';
import { addToPep621, addToPoetry, addToRequirementsFile, declaresAny, type DeclarationEdit } from './declaration-formats';
import { normalisedName, parseRequirement, type PythonRequirement } from './requirement-entries';

type ReadText = (path: string) => string | undefined;

/** Third-party modules generated code imports, and the distribution each comes from. */
const BY_MODULE: ReadonlyMap<string, Omit<PythonRequirement, 'neededBy'>> = new Map([
  ['jwt', { name: 'pyjwt', extras: [], minimum: '2.8', tested: '2.15.1' }],
  // PasswordHash.recommended() hashes with Argon2, which comes with the extra.
  ['pwdlib', { name: 'pwdlib', extras: ['argon2'], minimum: '0.2', tested: '0.3.1' }],
  ['pydantic_settings', { name: 'pydantic-settings', extras: [], minimum: '2.0', tested: '2.16.3' }],
]);

/** Names whose import needs a distribution besides their own module's. */
const BY_NAME: ReadonlyMap<string, Omit<PythonRequirement, 'neededBy'>> = new Map([
  // FastAPI reads form bodies (the OAuth2 password form) with python-multipart.
  ['OAuth2PasswordRequestForm', { name: 'python-multipart', extras: [], minimum: '0.0.9', tested: '0.0.34' }],
  ['Form', { name: 'python-multipart', extras: [], minimum: '0.0.9', tested: '0.0.34' }],
  ['UploadFile', { name: 'python-multipart', extras: [], minimum: '0.0.9', tested: '0.0.34' }],
  ['EmailStr', { name: 'email-validator', extras: [], minimum: '2.0', tested: '2.4.0' }],
]);

function importedKeys(text: string | null): { modules: Set<string>; names: Set<string> } {
  const modules = new Set<string>();
  const names = new Set<string>();
  for (const fact of text === null ? [] : scanImports(text)) {
    if (fact.level > 0) continue;
    modules.add(fact.module.split('.')[0] ?? '');
    for (const name of fact.names) names.add(name.name);
  }
  return { modules, names };
}

/** Tests run with the project's development tools, which are not its declared dependencies. */
function isTestFile(path: string): boolean {
  const parts = path.split('/');
  const name = parts.at(-1) ?? '';
  return parts.slice(0, -1).some((part) => part === 'tests' || part === 'test') || name.startsWith('test_') || name.endsWith('_test.py') || name === 'conftest.py';
}

/** The distributions the changed Python files import that they did not import before. */
export function requirementsOfNewImports(changes: readonly FileChange[]): PythonRequirement[] {
  const found = new Map<string, PythonRequirement>();
  for (const change of changes) {
    if (!change.path.endsWith('.py') || isTestFile(change.path)) continue;
    const before = importedKeys(change.before);
    const after = importedKeys(change.after);
    const add = (requirement: Omit<PythonRequirement, 'neededBy'> | undefined, neededBy: string): void => {
      if (requirement !== undefined && !found.has(requirement.name)) found.set(requirement.name, { ...requirement, neededBy: `${neededBy} in ${change.path}` });
    };
    for (const module of after.modules) if (!before.modules.has(module)) add(BY_MODULE.get(module), `import ${module}`);
    for (const name of after.names) if (!before.names.has(name)) add(BY_NAME.get(name), name);
  }
  return [...found.values()];
}

/** Folders from the app's own up to its project's root: the nearest declaration wins. */
function foldersUpward(anchorDir: string, projectRoots: readonly string[]): string[] {
  const inside = (root: string): boolean => root === '' || anchorDir === root || anchorDir.startsWith(`${root}/`);
  const root = projectRoots.filter(inside).sort((a, b) => b.length - a.length)[0] ?? '';
  const folders: string[] = [];
  for (let dir = anchorDir; ; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '') {
    folders.push(dir);
    if (dir === root || dir === '') return folders;
  }
}

const REQUIREMENT_FILES = ['requirements.in', 'requirements.txt', 'requirements/base.in', 'requirements/base.txt', 'requirements/main.txt', 'requirements/common.txt', 'requirements/prod.txt', 'requirements/production.txt'];

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** Names declared in the files a requirements file includes (`-r base.txt`), one level deep. */
function includedNames(path: string, text: string, readText: ReadText): Set<string> {
  const names = new Set<string>();
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  for (const match of text.matchAll(/^\s*(?:-r|--requirement)[\s=]+(\S+)/gm)) {
    const included = readText(join(dir, (match[1] ?? '').replace(/^\.\//, '')));
    for (const line of included?.split('\n') ?? []) {
      const entry = /^\s*[-#]/.test(line) ? undefined : parseRequirement(line);
      if (entry !== undefined) names.add(normalisedName(entry.name));
    }
  }
  return names;
}

interface EditedFile {
  readonly path: string;
  readonly before: string;
  readonly edit: DeclarationEdit;
}

function editRequirementsFile(dir: string, readText: ReadText, requirements: readonly PythonRequirement[]): EditedFile | undefined {
  for (const name of REQUIREMENT_FILES) {
    const path = join(dir, name);
    const text = readText(path);
    if (text !== undefined && declaresAny(text)) {
      const included = includedNames(path, text, readText);
      const wanted = requirements.filter((requirement) => !included.has(normalisedName(requirement.name)));
      return { path, before: text, edit: addToRequirementsFile(text, wanted, path) };
    }
  }
  return undefined;
}

/**
 * The nearest folder's declarations, edited: its pyproject list and its first requirements file
 * (a project may install from either); empty when no folder declares any.
 */
function editDeclaringFiles(folders: readonly string[], readText: ReadText, requirements: readonly PythonRequirement[]): EditedFile[] {
  for (const dir of folders) {
    const edited: EditedFile[] = [];
    const pyprojectPath = join(dir, 'pyproject.toml');
    const pyproject = readText(pyprojectPath);
    const pyprojectEdit = pyproject === undefined ? undefined : (addToPep621(pyproject, requirements) ?? addToPoetry(pyproject, requirements));
    if (pyproject !== undefined && pyprojectEdit !== undefined) edited.push({ path: pyprojectPath, before: pyproject, edit: pyprojectEdit });
    const requirementsFile = editRequirementsFile(dir, readText, requirements);
    if (requirementsFile !== undefined) edited.push(requirementsFile);
    if (edited.length > 0) return edited;
  }
  return [];
}

export interface DependencyDeclaration {
  /** One change per declaring file that gains an entry. */
  readonly changes: readonly FileChange[];
  readonly warnings: readonly string[];
}

export interface DeclarationContext {
  /** A file of the app the change set is for: the search for a declaration starts in its folder. */
  readonly anchorFile: string;
  /** Workspace-relative folders of the workspace's Python projects (`''`, `backend`). */
  readonly projectRoots: readonly string[];
  readonly readText: ReadText;
}

/** Declares what the change set's new imports need, in the project's own declaration files. */
export function declareNewImports(changes: readonly FileChange[], context: DeclarationContext): DependencyDeclaration {
  const requirements = requirementsOfNewImports(changes);
  if (requirements.length === 0) return { changes: [], warnings: [] };
  const anchorDir = context.anchorFile.includes('/') ? context.anchorFile.slice(0, context.anchorFile.lastIndexOf('/')) : '';
  const edited = editDeclaringFiles(foldersUpward(anchorDir, context.projectRoots), context.readText, requirements);
  return {
    changes: edited
      .filter((file) => file.edit.text !== file.before)
      .map((file) => ({
        path: file.path,
        kind: 'modify' as const,
        before: file.before,
        after: file.edit.text,
        description: `Declares ${file.edit.added.join(', ')}: the new code imports ${file.edit.added.length === 1 ? 'it' : 'them'}`,
      })),
    warnings: edited.flatMap((file) => file.edit.warnings),
  };
}
