import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSpecFileName, specKindOf } from '../../../src/core/spec/sniff';

const CORPUS = join('test', 'fixtures', 'specs');

describe('telling OpenAPI documents from other YAML and JSON', () => {
  it('recognises every document of the corpus, YAML and JSON', () => {
    for (const file of ['pets-crud.yaml', 'secured.yaml', 'forms.yaml', 'polymorphic.json', 'multi-file/openapi.yaml']) {
      assert.equal(specKindOf(readFileSync(join(CORPUS, file), 'utf8')), 'openapi', file);
    }
  });

  it('finds the version key wherever a JSON object puts it, and quoted YAML keys', () => {
    assert.equal(specKindOf('{\n  "info": {"title": "x"},\n  "paths": {},\n  "openapi": "3.1.0"\n}'), 'openapi');
    assert.equal(specKindOf('\uFEFF"openapi": 3.0.3\npaths: {}\n'), 'openapi');
    assert.equal(specKindOf("# comment\n'swagger': '2.0'\n"), 'swagger');
    assert.equal(specKindOf('{"swagger": "2.0", "paths": {}}'), 'swagger');
  });

  it('does not take other files for specs: compose files, nested keys, package.json', () => {
    assert.equal(specKindOf('services:\n  api:\n    image: x\n'), undefined);
    assert.equal(specKindOf('docs:\n  openapi: 3.0.0\n'), undefined, 'an indented key is not the top level');
    assert.equal(specKindOf(readFileSync('package.json', 'utf8')), undefined);
    assert.equal(specKindOf(''), undefined);
  });

  it('offers the command on .yaml, .yml and .json only', () => {
    assert.deepEqual(['a.yaml', 'b.YML', 'c.json', 'd.py', 'e.yaml.txt'].map(isSpecFileName), [true, true, true, false, false]);
  });
});
