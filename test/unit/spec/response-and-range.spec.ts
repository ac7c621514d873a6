import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { generateFromSpec } from '../../../src/core/generate/spec/index';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { readSpec } from '../../../src/core/spec/read';

type Json = Record<string, unknown>;

async function generatedFile(root: string, path: string): Promise<string> {
  const source = new NodeFileSource(root);
  const facts = await new ProjectIndex({ root, source }).build();
  const changeSet = generateFromSpec(facts, await readSpec(source, 'api/pets.yaml'));
  const change = changeSet.changes.find((candidate) => candidate.path === path);
  assert.ok(change, `${path} is proposed`);
  return change.after;
}

describe('spec engine: what answers stay within the spec', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fbe-spec-range-'));
    cpSync(join('test', 'fixtures', 'new-app'), root, { recursive: true });
    cpSync(join('test', 'fixtures', 'specs', 'pets-crud.yaml'), join(root, 'api', 'pets.yaml'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('guards unbounded integer ids and offsets against the 64-bit range of a SQL column', async () => {
    const owners = await generatedFile(root, 'app/api/routes/owners.py');
    assert.match(owners, /row = session\.get\(OwnerRecord, owner_id\) if abs\(owner_id\) < 2\*\*63 else None/);
    assert.match(owners, /statement\.offset\(min\(offset, 2\*\*63 - 1\)\)\.limit\(limit\)/, 'the offset has no maximum, the limit has one');
  });

  it('looks ids up directly when the spec bounds them within 64 bits', async () => {
    const file = join(root, 'api', 'pets.yaml');
    const spec = parse(readFileSync(file, 'utf8')) as Json;
    const item = (spec['paths'] as Record<string, Json>)['/owners/{ownerId}'] as { parameters: { schema: Json }[] };
    const id = item.parameters[0];
    assert.ok(id);
    id.schema = { type: 'integer', minimum: 1, maximum: 2147483647 };
    writeFileSync(file, stringify(spec));
    const owners = await generatedFile(root, 'app/api/routes/owners.py');
    assert.match(owners, /row = session\.get\(OwnerRecord, owner_id\)\n/);
    assert.doesNotMatch(owners, /abs\(owner_id\)/);
  });

  it('leaves unset optional fields out of responses unless the spec lets them be null', async () => {
    const schemas = await generatedFile(root, 'app/pet_clinic_schemas.py');
    const weight = /weight_kg: float \| None = Field\(([^)]*)\)/s.exec(schemas)?.[1] ?? '';
    assert.match(weight, /exclude_if=lambda value: value is None/, 'weightKg is optional and not nullable');
    assert.match(schemas, /birth_date: datetime\.date \| None = Field\(default=None, alias="birthDate"\)\n/, 'birthDate is nullable: null is a valid answer');
  });
});
