import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import type { ChangeSet } from '../../../src/core/changes/change-set';
import { readSpec } from '../../../src/core/spec/read';
import type { SpecDocument } from '../../../src/core/spec/model';
import { checkProposalConformance, conformanceLine } from '../../../src/core/verify/spec-conformance';

/**
 * A stand-in interpreter: prints the file `served.py` of the folder it runs in, so what it
 * "serves" is whatever the proposal wrote there, and records the module:attribute it was asked for.
 */
const FAKE_PYTHON = ['#!/bin/sh', 'printf "%s" "$3" > "$FAKE_TARGET_LOG"', 'if [ -f broken.py ]; then echo "Traceback (most recent call last):" >&2; echo "ModuleNotFoundError: No module named \'nope\'" >&2; exit 1; fi', 'cat served.py', ''].join('\n');

function served(operations: Record<string, unknown>): string {
  return JSON.stringify({ openapi: '3.1.0', info: { title: 'app', version: '1' }, paths: operations });
}

const LIST_PETS = {
  '/pets': {
    get: {
      operationId: 'listPets',
      responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } } },
    },
  },
};

describe('checking a proposal against its spec', () => {
  let root: string;
  let tools: string;
  let python: string;
  let targetLog: string;
  let spec: SpecDocument;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'fbe-conformance-'));
    cpSync(join('test', 'fixtures', 'new-app'), root, { recursive: true });
    writeFileSync(join(root, 'api.yaml'), ['openapi: 3.1.0', 'info: {title: pets, version: "1"}', 'paths:', '  /pets:', '    get:', '      operationId: listPets', '      responses:', '        "200":', '          description: ok', '          content:', '            application/json:', '              schema: {type: array, items: {type: object}}', '  /pets/{petId}:', '    delete:', '      operationId: deletePet', '      parameters: [{name: petId, in: path, required: true, schema: {type: integer}}]', '      responses:', '        "204": {description: gone}', ''].join('\n'));
    spec = await readSpec(new NodeFileSource(root), 'api.yaml');
    tools = mkdtempSync(join(tmpdir(), 'fbe-fake-python-'));
    python = join(tools, 'python');
    targetLog = join(tools, 'target');
    writeFileSync(python, FAKE_PYTHON);
    chmodSync(python, 0o755);
    process.env['FAKE_TARGET_LOG'] = targetLog;
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(tools, { recursive: true, force: true });
    delete process.env['FAKE_TARGET_LOG'];
  });

  function proposal(files: Record<string, string>): ChangeSet {
    return { title: 'Endpoints from api.yaml', summary: '', warnings: [], changes: Object.entries(files).map(([path, after]) => ({ path, kind: 'create', before: null, after })) };
  }

  it('imports the app from a copy with the proposal written over it, and lists what is missing', async () => {
    const result = await checkProposalConformance(spec, { root, changeSet: proposal({ 'served.py': served(LIST_PETS) }), python, app: 'app.main:app' });
    assert.equal(result.kind, 'checked');
    assert.equal(readFileSync(targetLog, 'utf8'), 'app.main:app');
    assert.deepEqual(result.kind === 'checked' ? result.differences : [], [{ operation: 'DELETE /pets/{petId}', message: 'the app does not serve this operation' }]);
    assert.equal(conformanceLine(result, 'api.yaml'), '1 difference between app.main:app and api.yaml (2 operations compared).');
    assert.throws(() => readFileSync(join(root, 'served.py')), 'the proposal reached the workspace');
  });

  it('says the app conforms when every operation matches', async () => {
    const all = { ...LIST_PETS, '/pets/{petId}': { delete: { operationId: 'deletePet', parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '204': { description: 'gone' } } } } };
    const result = await checkProposalConformance(spec, { root, changeSet: proposal({ 'served.py': served(all) }), python, app: 'app.main:app' });
    assert.equal(conformanceLine(result, 'api.yaml'), 'app.main:app conforms to api.yaml (2 operations compared).');
  });

  it('reports why it could not check: an app that does not import, an interpreter that is missing', async () => {
    const broken = await checkProposalConformance(spec, { root, changeSet: proposal({ 'broken.py': '' }), python, app: 'app.main:app' });
    assert.equal(broken.kind, 'not-checked');
    assert.match(broken.kind === 'not-checked' ? broken.reason : '', /app\.main:app\.openapi\(\) could not be read with .*python:\nTraceback[\s\S]*No module named 'nope'/);
    const missing = await checkProposalConformance(spec, { root, changeSet: proposal({}), python: join(root, 'no-such-python'), app: 'app.main:app' });
    assert.equal(missing.kind, 'not-checked');
    assert.match(missing.kind === 'not-checked' ? missing.reason : '', /no-such-python: .*ENOENT/);
  });
});
