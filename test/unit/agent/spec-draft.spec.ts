import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { specDraft, specFileInRequest } from '../../../src/core/agent/spec-draft';
import { ProjectIndex } from '../../../src/core/project/project-index';

describe('the /spec draft', () => {
  let root: string;
  let source: NodeFileSource;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'fbe-spec-draft-'));
    cpSync(join('test', 'fixtures', 'new-app'), root, { recursive: true });
    cpSync(join('test', 'fixtures', 'specs', 'pets-crud.yaml'), join(root, 'api', 'pets.yaml'));
    writeFileSync(join(root, 'api', 'notes.yaml'), 'endpoints:\n  - GET /pets lists the pets\n');
    writeFileSync(join(root, 'api', 'old.json'), JSON.stringify({ swagger: '2.0', info: { title: 'old', version: '1' }, paths: {} }));
    source = new NodeFileSource(root);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('is the engine\'s proposal for an OpenAPI document', async () => {
    const facts = await new ProjectIndex({ root, source }).build();
    const draft = await specDraft(facts, source, 'api/pets.yaml');
    assert.equal(draft.kind, 'draft');
    if (draft.kind !== 'draft') return;
    assert.equal(draft.spec.operations.length, 11);
    assert.equal(draft.changeSet.title, 'Endpoints from api/pets.yaml');
    assert.ok(draft.changeSet.changes.some((change) => change.path === 'app/api/routes/pets.py'), draft.changeSet.changes.map((change) => change.path).join(', '));
  });

  it('leaves a written specification to the model, and gives the reason for a Swagger 2.0 document', async () => {
    const facts = await new ProjectIndex({ root, source }).build();
    assert.deepEqual(await specDraft(facts, source, 'api/notes.yaml'), { kind: 'written' });
    const old = await specDraft(facts, source, 'api/old.json');
    assert.equal(old.kind, 'refused');
    assert.match(old.kind === 'refused' ? old.reason : '', /api\/old\.json is a Swagger 2\.0 document/);
    assert.deepEqual(await specDraft(facts, source, 'api/missing.yaml'), { kind: 'refused', reason: 'api/missing.yaml could not be read.' });
  });

  it('finds the document a request names, when it exists inside the project', async () => {
    assert.equal(await specFileInRequest('implement api/pets.yaml please', source), 'api/pets.yaml');
    assert.equal(await specFileInRequest('from `./api/pets.yaml`, with tests', source), 'api/pets.yaml');
    assert.equal(await specFileInRequest('use api/none.yaml or api/old.json', source), 'api/old.json');
    assert.equal(await specFileInRequest('use ../outside/api.yaml', source), undefined);
    assert.equal(await specFileInRequest('an endpoint GET /pets returning a list', source), undefined);
  });
});
