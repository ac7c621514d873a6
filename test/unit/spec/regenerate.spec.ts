import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { applyChangeSetToDisk } from '../../../src/core/changes/apply-to-disk';
import { generateFromSpec, type SpecChangeSet } from '../../../src/core/generate/spec/index';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { readSpec } from '../../../src/core/spec/read';

type Json = Record<string, unknown>;

/** The mapping at `key` of a parsed document. */
function at(value: unknown, ...keys: string[]): Json {
  let current = value;
  for (const key of keys) current = (current as Json)[key];
  return current as Json;
}

async function generate(root: string): Promise<SpecChangeSet> {
  const source = new NodeFileSource(root);
  const facts = await new ProjectIndex({ root, source }).build();
  return generateFromSpec(facts, await readSpec(source, 'api/pets.yaml'));
}

const EDITED_BODY = [
  '    """Found by the clinic\'s own lookup."""',
  '    if pet_id < 0:',
  '        raise HTTPException(status_code=404, detail="No such pet")',
  '    return Pet.model_validate({"id": pet_id, "name": "Rex", "species": "dog", "ownerId": 1})',
].join('\n');

describe('regenerating from a changed spec', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fbe-spec-regen-'));
    cpSync(join('test', 'fixtures', 'new-app'), root, { recursive: true });
    cpSync(join('test', 'fixtures', 'specs', 'pets-crud.yaml'), join(root, 'api', 'pets.yaml'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps an edited body byte-identical, updates what changed, adds the new, lists the removed', async () => {
    const first = await generate(root);
    const written = await applyChangeSetToDisk(root, first);
    assert.deepEqual(written.conflicts, []);
    const routerPath = join(root, 'app', 'api', 'routes', 'pets.py');
    const generated = readFileSync(routerPath, 'utf8');
    const stub = /(def get_pet\([^\n]*\n)((?: {4}[^\n]*\n)+)/.exec(generated);
    assert.ok(stub, 'the getPet handler was generated');
    const edited = generated.replace(stub[0], `${stub[1]}${EDITED_BODY}\n`);
    writeFileSync(routerPath, edited);

    const spec = parse(readFileSync(join(root, 'api', 'pets.yaml'), 'utf8')) as Json;
    at(spec, 'paths')['/pets/{petId}/visits'] = {
      get: {
        operationId: 'listPetVisits',
        tags: ['pets'],
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': { description: 'Visits', content: { 'application/json': { schema: { type: 'array', items: { type: 'string', format: 'date' } } } } } },
      },
    };
    (at(spec, 'paths', '/pets', 'get')['parameters'] as unknown[]).push({ name: 'ownerId', in: 'query', required: true, schema: { type: 'integer' } });
    const petCreate = at(spec, 'components', 'schemas', 'PetCreate');
    const properties = at(petCreate, 'properties');
    properties['nickname'] = properties['name'];
    delete properties['name'];
    petCreate['required'] = ['nickname', 'species', 'ownerId'];
    delete at(spec, 'paths', '/pets/{petId}')['delete'];
    // An implemented list and a stub whose parameters change: their tests must send the new ones.
    (at(spec, 'paths', '/owners', 'get')['parameters'] as unknown[]).push({ name: 'email', in: 'query', required: true, schema: { type: 'string', format: 'email' } });
    (at(spec, 'paths', '/pets/{petId}/vaccinate', 'post')['parameters'] as unknown[]).push({ name: 'vaccine', in: 'query', required: true, schema: { type: 'string', enum: ['rabies', 'distemper'] } });
    writeFileSync(join(root, 'api', 'pets.yaml'), stringify(spec));

    const second = await generate(root);
    const router = second.changes.find((change) => change.path === 'app/api/routes/pets.py');
    assert.ok(router, 'the router is modified');
    assert.equal(router.kind, 'modify');
    assert.ok(router.after.includes(`${stub[1]}${EDITED_BODY}\n`), 'the edited body is byte-identical');
    assert.match(router.after, /def list_pets\(\n {4}owner_id: Annotated\[int, Query\(alias="ownerId"\)\],/, 'the new required parameter');
    assert.match(router.after, /operation_id="listPetVisits"[\s\S]*def list_pet_visits\(/, 'the new operation');
    assert.match(router.after, /def delete_pet\(/, 'the removed operation is kept');
    assert.deepEqual(second.report.added, ['listPetVisits']);
    assert.deepEqual(second.report.updated, ['listOwners (app/api/routes/owners.py)', 'listPets (app/api/routes/pets.py)', 'vaccinatePet (app/api/routes/pets.py)']);
    assert.equal(second.report.removed.length, 1);
    assert.match(second.report.removed[0] ?? '', /^deletePet \(delete_pet in app\/api\/routes\/pets\.py\) is no longer in the spec/);
    assert.ok(second.warnings.some((warning) => warning.startsWith('Removed from the spec: deletePet')));

    const schemas = second.changes.find((change) => change.path === 'app/pet_clinic_schemas.py');
    assert.ok(schemas, 'the renamed field is updated in its class');
    assert.match(schemas.after, /class PetCreate\(BaseModel\):[\s\S]*?\n {4}nickname: str = Field\(min_length=1, max_length=50\)/);
    assert.doesNotMatch(schemas.after, /\n {4}name: str = Field\(min_length=1, max_length=50\)/);
    assert.equal(schemas.after.match(/class PetCreate\(/g)?.length, 1, 'replaced in place, not duplicated');

    // Only the difference: the registration is untouched.
    assert.deepEqual(second.changes.map((change) => change.path).sort(), [
      'app/api/routes/owners.py',
      'app/api/routes/pets.py',
      'app/pet_clinic_schemas.py',
      'app/tests/test_owners_api.py',
      'app/tests/test_pets_api.py',
    ]);
    const tests = second.changes.find((change) => change.path === 'app/tests/test_pets_api.py');
    assert.match(tests?.after ?? '', /def test_list_pet_visits_is_not_implemented/);
    assert.equal(tests?.after.match(/def test_get_pet_answers_404_for_a_missing_row/g)?.length, 1, 'existing tests are not repeated');
    // Tests of the operations whose parameters changed are rewritten in place, not left answering 422.
    const ownerTests = second.changes.find((change) => change.path === 'app/tests/test_owners_api.py')?.after ?? '';
    assert.match(ownerTests, /def test_list_owners_includes_a_created_row\(client: TestClient\) -> None:\n[\s\S]*?params=\{"email": created\["email"\]\}/);
    assert.equal(ownerTests.match(/def test_list_owners_includes_a_created_row/g)?.length, 1, 'rewritten, not duplicated');
    assert.match(tests?.after ?? '', /def test_vaccinate_pet_is_not_implemented\(client: TestClient\) -> None:\n[\s\S]*?params=\{"vaccine": "rabies"\}/);
    assert.equal(tests?.after.match(/def test_vaccinate_pet_is_not_implemented/g)?.length, 1, 'rewritten, not duplicated');
    // Tests of unchanged operations stay as they were.
    const before = readFileSync(join(root, 'app', 'tests', 'test_pets_api.py'), 'utf8');
    const untouched = /def test_get_pet_answers_404_for_a_missing_row[\s\S]*?\n\n\n/.exec(before)?.[0];
    assert.ok(untouched !== undefined && (tests?.after ?? '').includes(untouched));
    // The stored table is the user's now: a renamed field is reported, never migrated.
    assert.ok(second.warnings.some((warning) => /^The table PetRecord has no column for nickname/.test(warning)), second.warnings.join('\n'));
  });

  it('proposes nothing when run again on the same spec', async () => {
    await applyChangeSetToDisk(root, await generate(root));
    const again = await generate(root);
    assert.deepEqual(again.changes, []);
    assert.deepEqual(again.report.added, []);
  });
});
