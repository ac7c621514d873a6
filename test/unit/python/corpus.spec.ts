import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PythonFileFacts } from '../../../src/core/python/facts';
import { normalisePythonText, parsePythonFile } from '../../../src/core/python/parse';
import { assertWellFormed } from './facts-shape';

/** Folders that hold no Python of interest: bytecode caches, and the agent guides FastAPI and SQLModel ship. */
const SKIPPED_DIRECTORIES = new Set(['__pycache__', 'site-packages', '.agents']);

function pythonFiles(directory: string, into: string[] = []): string[] {
  const entries = readdirSync(directory, { withFileTypes: true }).sort((left, right) => (left.name < right.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && !entry.isSymbolicLink() && !SKIPPED_DIRECTORIES.has(entry.name)) pythonFiles(path, into);
    else if (entry.isFile() && entry.name.endsWith('.py')) into.push(path);
  }
  return into;
}

function standardLibrary(): string {
  return execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
}

function venvPackages(): string[] {
  const lib = join('.cache', 'venv', 'lib');
  if (!existsSync(lib)) return [];
  return readdirSync(lib)
    .map((python) => join(lib, python, 'site-packages'))
    .flatMap((sitePackages) => ['fastapi', 'sqlmodel', 'pydantic', 'pydantic_settings', 'starlette'].map((name) => join(sitePackages, name)))
    .filter((directory) => existsSync(directory));
}

interface CorpusResult {
  readonly files: number;
  readonly withSyntaxErrors: string[];
  readonly byPath: Map<string, PythonFileFacts>;
}

async function parseAll(files: readonly string[]): Promise<CorpusResult> {
  const withSyntaxErrors: string[] = [];
  const byPath = new Map<string, PythonFileFacts>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const facts = await parsePythonFile(file, text);
    assertWellFormed(facts, file, normalisePythonText(text).length);
    assert.deepEqual(
      facts.diagnostics.filter((diagnostic) => !diagnostic.message.startsWith('Syntax error')),
      [],
      `${file}: only syntax errors are reported`,
    );
    if (facts.hasSyntaxErrors) withSyntaxErrors.push(file);
    byPath.set(file, facts);
  }
  return { files: files.length, withSyntaxErrors, byPath };
}

describe('python facts: real-world corpus', function () {
  this.timeout(180_000);

  it('reads every file of the standard library without failing', async () => {
    const root = standardLibrary();
    const result = await parseAll(pythonFiles(root));
    assert.ok(result.files > 500, `found ${result.files} standard library files`);
    // The standard library ships a handful of deliberately invalid files (test/badsyntax_*).
    assert.ok(result.withSyntaxErrors.length <= result.files * 0.02, `syntax errors in: ${result.withSyntaxErrors.join(', ')}`);

    const decoder = result.byPath.get(join(root, 'json', 'decoder.py'));
    assert.deepEqual(
      decoder?.classes.map((fact) => [fact.name, fact.bases]),
      [
        ['JSONDecodeError', ['ValueError']],
        ['JSONDecoder', ['object']],
      ],
    );
    assert.ok(decoder?.functions.some((fn) => fn.name === 'py_scanstring'));
    const dataclasses = result.byPath.get(join(root, 'dataclasses.py'));
    assert.ok(dataclasses?.classes.some((fact) => fact.name === 'Field' && fact.methods.includes('__init__')));
    assert.ok(dataclasses?.imports.some((fact) => fact.kind === 'import' && fact.module === 're'));
  });

  it('reads the FastAPI, SQLModel, pydantic and Starlette sources of the verification environment', async function () {
    const packages = venvPackages();
    if (packages.length === 0) {
      // Without `npm run setup:python` there is no environment; the standard library spec still runs.
      assert.equal(existsSync(join('.cache', 'venv')), false);
      return;
    }
    const files = packages.flatMap((directory) => pythonFiles(directory));
    const result = await parseAll(files);
    assert.deepEqual(result.withSyntaxErrors, []);
    const routing = [...result.byPath.entries()].find(([path]) => path.endsWith(join('fastapi', 'routing.py')))?.[1];
    const router = routing?.classes.find((fact) => fact.name === 'APIRouter');
    assert.ok(router, 'fastapi/routing.py defines APIRouter');
    assert.ok(router.methods.includes('include_router') && router.methods.includes('get'));
    const sqlmodelMain = [...result.byPath.entries()].find(([path]) => path.endsWith(join('sqlmodel', 'main.py')))?.[1];
    assert.ok(sqlmodelMain?.classes.some((fact) => fact.name === 'SQLModel' && fact.keywords.metaclass === 'SQLModelMetaclass'));
    assert.ok(sqlmodelMain?.functions.some((fn) => fn.name === 'Field'));
  });
});
