import assert from 'node:assert/strict';
import { readLibraryPins, unsupportedPin } from '../../../src/core/project/library-versions';
import { annotationStyleOf, toPep604, toTyping } from '../../../src/core/generate/python/annotation-style';

function reader(files: Record<string, string>): (path: string) => string | undefined {
  return (path) => files[path];
}

function verdict(files: Record<string, string>, dirs: readonly string[] = ['']): string | undefined {
  return unsupportedPin(readLibraryPins(reader(files), dirs));
}

describe('library versions the generated code must run on', () => {
  it('refuses pins held below SQLModel 0.0.16, pydantic 2 or FastAPI 0.95, naming the file', () => {
    assert.match(verdict({ 'requirements.txt': 'sqlmodel==0.0.8\n' }) ?? '', /^requirements\.txt holds sqlmodel at ==0\.0\.8; generated code needs sqlmodel 0\.0\.16/);
    assert.match(verdict({ 'pyproject.toml': '[tool.poetry.dependencies]\nsqlmodel = "^0.0.8"\n' }) ?? '', /pyproject\.toml holds sqlmodel at \^0\.0\.8/);
    assert.match(verdict({ 'requirements-dev.txt': 'pydantic<2\n' }) ?? '', /pydantic 2\.0 or newer/);
    assert.match(verdict({ 'backend/requirements.txt': 'fastapi[all]==0.88.0\n' }, ['', 'backend']) ?? '', /backend\/requirements\.txt holds fastapi/);
    assert.match(verdict({ 'uv.lock': '[[package]]\nname = "sqlmodel"\nversion = "0.0.11"\n' }) ?? '', /uv\.lock holds sqlmodel at 0\.0\.11/);
  });

  it('accepts floors, current pins, and a lock that installs a supported version', () => {
    assert.equal(verdict({ 'requirements.txt': 'sqlmodel>=0.0.8\nfastapi\n' }), undefined);
    assert.equal(verdict({ 'pyproject.toml': 'dependencies = ["sqlmodel==0.0.24", "fastapi[standard]>=0.115"]\n' }), undefined);
    assert.equal(verdict({ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.9"\nsqlmodel = "^0.0.22"\n' }), undefined);
    // What the lock installs is what runs, whatever an old requirements file says.
    assert.equal(
      verdict({ 'requirements.txt': 'sqlmodel==0.0.8\n', 'poetry.lock': '[[package]]\nname = "sqlmodel"\nversion = "0.0.24"\n' }),
      undefined,
    );
  });
});

describe('annotation style of generated classes', () => {
  it('follows the ruff target, else requires-python, else Python 3.10+', () => {
    assert.equal(annotationStyleOf(reader({ 'pyproject.toml': '[tool.ruff]\ntarget-version = "py39"\n' }), ['']), 'typing');
    assert.equal(annotationStyleOf(reader({ 'pyproject.toml': '[project]\nrequires-python = ">=3.12"\n' }), ['']), 'pep604');
    assert.equal(annotationStyleOf(reader({ 'app/pyproject.toml': 'requires-python = ">=3.8"\n' }), ['', 'app']), 'typing');
    assert.equal(annotationStyleOf(reader({}), ['']), 'pep604');
  });

  it('rewrites copied annotations into one style', () => {
    assert.equal(toPep604('Optional[int]'), 'int | None');
    assert.equal(toPep604('Union[int, str]'), 'int | str');
    assert.equal(toPep604('list[Optional[int]] | None'), 'list[int | None] | None');
    const needs = new Set<'Optional' | 'Union'>();
    assert.equal(toTyping('str | None', needs), 'Optional[str]');
    assert.equal(toTyping('int | str | None', needs), 'Optional[Union[int, str]]');
    assert.equal(toTyping('Optional[int]', needs), 'Optional[int]');
    assert.deepEqual([...needs].sort(), ['Optional', 'Union']);
  });
});
