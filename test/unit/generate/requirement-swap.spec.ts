import assert from 'node:assert/strict';
import { declaredRequirements, replaceRequirement, requirementName } from '../../../src/core/generate/python/requirement-swap';

describe('swapping a declared requirement', () => {
  it('normalises requirement names as pip does', () => {
    assert.equal(requirementName('Python_Jose[cryptography]>=3.3'), 'python-jose');
    assert.equal(requirementName('passlib.bcrypt ; python_version > "3"'), 'passlib-bcrypt');
  });

  it('swaps one entry of [project].dependencies and leaves every other byte', () => {
    const text = '[project]\nname = "x"\ndependencies = ["fastapi", "python-jose[cryptography]>=3", "sqlmodel"]\n\n[tool.ruff]\nline-length = 88\n';
    assert.equal(
      replaceRequirement('pyproject.toml', text, 'python-jose', 'pyjwt'),
      '[project]\nname = "x"\ndependencies = ["fastapi", "pyjwt", "sqlmodel"]\n\n[tool.ruff]\nline-length = 88\n',
    );
  });

  it('drops the old entry when the new package is already declared', () => {
    const text = '[project]\ndependencies = [\n    "pyjwt",\n    "python-jose",\n    "sqlmodel",\n]\n';
    const after = replaceRequirement('pyproject.toml', text, 'python-jose', 'pyjwt') ?? '';
    assert.equal(after, '[project]\ndependencies = [\n    "pyjwt",\n    "sqlmodel",\n]\n');
    assert.deepEqual(declaredRequirements('pyproject.toml', after), ['pyjwt', 'sqlmodel']);
  });

  it('swaps a requirements.txt line and ignores comments and options', () => {
    const text = '-r base.txt\n# passlib for hashing\npasslib[bcrypt]==1.7.4\nfastapi\n';
    assert.equal(replaceRequirement('requirements.txt', text, 'passlib', 'pwdlib[argon2,bcrypt]'), '-r base.txt\n# passlib for hashing\npwdlib[argon2,bcrypt]\nfastapi\n');
    assert.equal(replaceRequirement('requirements.txt', text, 'python-jose', 'pyjwt'), undefined);
  });

  it('reads nothing from a pyproject that does not parse', () => {
    assert.equal(replaceRequirement('pyproject.toml', '[project\ndependencies = ["passlib"]', 'passlib', 'pwdlib'), undefined);
  });
});
