import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { applyChangeSetToDisk } from '../../../src/core/changes/apply-to-disk';
import { generateFromSpec, type SpecChangeSet } from '../../../src/core/generate/spec/index';
import { specReviewNotes } from '../../../src/core/generate/spec/review-notes';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { readSpec } from '../../../src/core/spec/read';

const SPEC = 'api/pets.yaml';

describe('the report beside a review of endpoints from a spec', () => {
  let root: string;

  async function generate(): Promise<SpecChangeSet> {
    const source = new NodeFileSource(root);
    return generateFromSpec(await new ProjectIndex({ root, source }).build(), await readSpec(source, SPEC));
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fbe-spec-notes-'));
    cpSync(join('test', 'fixtures', 'new-app'), root, { recursive: true });
    cpSync(join('test', 'fixtures', 'specs', 'pets-crud.yaml'), join(root, SPEC));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists each handler to implement with its file and line, and each state of the conformance check', async () => {
    const changeSet = await generate();
    const running = specReviewNotes(changeSet, SPEC, { kind: 'running', python: '/venv/bin/python' });
    assert.match(running, /^# Endpoints from api\/pets\.yaml\n\n11 of 11 operations added from api\/pets\.yaml\.\n\n## Conformance\n\nChecking the generated app against api\/pets\.yaml with \/venv\/bin\/python…\n/);
    const stub = changeSet.report.toImplement[0] ?? '';
    assert.match(stub, /^app\/api\/routes\/pets\.py:\d+ vaccinatePet$/);
    const line = Number(/:(\d+) /.exec(stub)?.[1]);
    const router = changeSet.changes.find((change) => change.path === 'app/api/routes/pets.py')?.after.split('\n') ?? [];
    assert.match(router[line - 1] ?? '', /^def vaccinate_pet\(/, 'the line named is the handler\'s def');
    assert.match(running, new RegExp(`## To implement \\(they answer 501 until written\\)\\n\\n- ${stub.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n`));

    const differs = specReviewNotes(changeSet, SPEC, { kind: 'checked', app: 'app.main:app', operations: 11, durationMs: 5, differences: [{ operation: 'GET /pets', message: 'the app does not serve this operation' }] });
    assert.match(differs, /1 difference between app\.main:app and api\/pets\.yaml \(11 operations compared\):\n\n- GET \/pets: the app does not serve this operation\n/);
    const conforms = specReviewNotes(changeSet, SPEC, { kind: 'checked', app: 'app.main:app', operations: 11, durationMs: 5, differences: [] });
    assert.match(conforms, /app\.main:app conforms to api\/pets\.yaml: no differences in 11 operations/);
    assert.match(specReviewNotes(changeSet, SPEC, { kind: 'running' }), /## Conformance\n\nFinding the Python interpreter to check with…\n/);
    const unchecked = specReviewNotes(changeSet, SPEC, { kind: 'not-checked', reason: 'No Python interpreter found to verify with.' });
    assert.match(unchecked, /## Conformance\n\nNot checked: No Python interpreter found to verify with\.\n/);
  });

  it('lists operations gone from the spec as kept, apart from the other notes', async () => {
    await applyChangeSetToDisk(root, await generate());
    const spec = parse(readFileSync(join(root, SPEC), 'utf8')) as { paths: Record<string, unknown> };
    delete spec.paths['/pets/{petId}/vaccinate'];
    writeFileSync(join(root, SPEC), stringify(spec));
    const notes = specReviewNotes(await generate(), SPEC, undefined);
    assert.match(notes, /## No longer in the spec \(kept, not deleted\)\n\n- vaccinatePet \(vaccinate_pet in app\/api\/routes\/pets\.py\) is no longer in the spec; it was kept\n/);
    assert.doesNotMatch(notes, /## Notes\n[\s\S]*Removed from the spec/, 'the removal is listed once');
    assert.match(notes, /## Conformance\n\nNot checked yet\./);
  });
});
