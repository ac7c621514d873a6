import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { applyChangeSetToDisk } from '../../../src/core/changes/apply-to-disk';
import { generateAuth } from '../../../src/core/generate/auth/index';
import { generateFromSpec } from '../../../src/core/generate/spec/index';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { compareWithSpec } from '../../../src/core/spec/compare';
import { readSpec } from '../../../src/core/spec/read';

/** A small spec: a read-only id in a body schema, an unmapped discriminator, alternative credentials. */
const SPEC = {
  openapi: '3.1.0',
  info: { title: 'Depot', version: '1' },
  paths: {
    '/parcels': {
      post: {
        operationId: 'sendParcel',
        security: [{ key: [] }, { token: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Parcel' } } } },
        responses: { '201': { description: 'Sent', content: { 'application/json': { schema: { $ref: '#/components/schemas/Parcel' } } } } },
      },
    },
  },
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' }, token: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    schemas: {
      Parcel: {
        type: 'object',
        required: ['id', 'label', 'content'],
        properties: { id: { type: 'integer', readOnly: true }, label: { type: 'string' }, pin: { type: 'string', writeOnly: true }, content: { $ref: '#/components/schemas/Content' } },
      },
      Content: { oneOf: [{ $ref: '#/components/schemas/Letter' }, { $ref: '#/components/schemas/Box' }], discriminator: { propertyName: 'type' } },
      Letter: { type: 'object', required: ['type'], properties: { type: { type: 'string' }, pages: { type: 'integer' } } },
      Box: { type: 'object', required: ['type', 'weight'], properties: { type: { type: 'string' }, weight: { type: 'number' } } },
    },
  },
};

describe('spec engine: request variants, tagged unions and alternative credentials', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fbe-spec-schemas-'));
    cpSync(join('test', 'fixtures', 'new-app'), root, { recursive: true });
    writeFileSync(join(root, 'depot.json'), JSON.stringify(SPEC));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function generate(): Promise<ReturnType<typeof generateFromSpec>> {
    const source = new NodeFileSource(root);
    const facts = await new ProjectIndex({ root, source }).build();
    return generateFromSpec(facts, await readSpec(source, 'depot.json'));
  }

  it('leaves read-only fields out of the request model only, and tags union members by schema name', async () => {
    const changeSet = await generate();
    const schemas = changeSet.changes.find((change) => change.path === 'app/depot_schemas.py')?.after ?? '';
    const router = changeSet.changes.find((change) => change.path === 'app/api/routes/parcels.py')?.after ?? '';
    assert.match(router, /def send_parcel\(body: ParcelCreate\) -> Parcel:/);
    const response = /class Parcel\(BaseModel\):\n([\s\S]*?)\n\n\n/.exec(schemas)?.[1] ?? '';
    const request = /class ParcelCreate\(BaseModel\):\n([\s\S]*?)(\n\n\n|$)/.exec(schemas)?.[1] ?? '';
    assert.match(response, /^ {4}id: int\n/, 'responses keep the read-only id');
    assert.match(response, /pin: str \| None = Field\(default=None, exclude=True\)/, 'responses never carry the write-only pin');
    assert.doesNotMatch(request, /\bid:/, 'requests do not send the read-only id');
    assert.match(request, /\n {4}pin: str \| None = Field\(default=None, exclude=True\)/);
    // pydantic names the tag by its field name; JSON by its alias.
    assert.match(request, /content: Annotated\[Letter \| Box, Field\(discriminator="type_"\)\]/);
    assert.match(schemas, /class Letter\(BaseModel\):\n[\s\S]*?\n {4}type_: Literal\["Letter"\] = Field\(alias="type"\)/, 'implicit mapping: the tag is the schema name');
    assert.match(schemas, /class Box\(BaseModel\):\n[\s\S]*?\n {4}type_: Literal\["Box"\] = Field\(alias="type"\)/);
  });

  it('enforces alternative requirements as one dependency that accepts either', async () => {
    const changeSet = await generate();
    const security = changeSet.changes.find((change) => change.path === 'app/depot_security.py')?.after ?? '';
    const router = changeSet.changes.find((change) => change.path === 'app/api/routes/parcels.py')?.after ?? '';
    assert.match(router, /dependencies=\[Depends\(require_key_or_token\)\]/);
    assert.match(security, /def require_key_or_token\(\n {4}key: Annotated\[str \| None, Depends\(key_scheme\)\],\n {4}token: [^\n]+\n\) -> None:/);
    assert.match(security, /if passes\(lambda: require_key\(key\)\):\n {8}return\n {4}require_token\(token\)/);
    assert.match(security, /jwt\.decode\(/, 'the bearer token is verified, not refused with 501');
    assert.ok(changeSet.warnings.some((warning) => /^token tokens are verified as JWTs signed with TOKEN_SECRET_KEY/.test(warning)), changeSet.warnings.join('\n'));
    assert.ok(!changeSet.warnings.some((warning) => /first .* is enforced/.test(warning)));
  });

  it("uses the JWT authentication engine's current-user dependency once the project has it", async () => {
    const source = new NodeFileSource(root);
    const written = await applyChangeSetToDisk(root, generateAuth(await new ProjectIndex({ root, source }).build()));
    assert.deepEqual(written.conflicts, []);
    const changeSet = await generate();
    const security = changeSet.changes.find((change) => change.path === 'app/depot_security.py')?.after ?? '';
    assert.doesNotMatch(security, /def require_token\b/, 'no token verification of its own');
    assert.ok(changeSet.warnings.some((warning) => /^token tokens are checked by the project's get_current_user/.test(warning)), changeSet.warnings.join('\n'));
  });

  it('compares request bodies without read-only properties and responses without write-only ones', async () => {
    const spec = await readSpec(new NodeFileSource(root), 'depot.json');
    const parcel = spec.schemas.find((named) => named.name === 'Parcel')?.schema;
    assert.ok(parcel?.kind === 'object');
    const without = (flag: 'readOnly' | 'writeOnly') => ({ ...parcel, properties: parcel.properties.filter((property) => !property.schema[flag]) });
    // The app's own models: a request model without the id, a response model without the pin.
    const app = {
      ...spec,
      schemas: [...spec.schemas, { name: 'ParcelCreate', schema: without('readOnly') }, { name: 'ParcelPublic', schema: without('writeOnly') }],
      operations: spec.operations.map((operation) => ({
        ...operation,
        ...(operation.body === undefined ? {} : { body: { ...operation.body, schema: { ...operation.body.schema, kind: 'ref' as const, name: 'ParcelCreate' } } }),
        responses: operation.responses.map((response) => ({ ...response, ...(response.schema === undefined ? {} : { schema: { ...response.schema, kind: 'ref' as const, name: 'ParcelPublic' } }) })),
      })),
    };
    assert.deepEqual(compareWithSpec(spec, app), []);
    // A request model that still asks for the read-only id is a difference.
    const asking = { ...app, schemas: app.schemas.map((named) => (named.name === 'ParcelCreate' ? { ...named, schema: { ...parcel, properties: parcel.properties.map((property) => ({ ...property, schema: { ...property.schema, readOnly: false } })) } } : named)) };
    assert.deepEqual(compareWithSpec(spec, asking).map((difference) => difference.message), ['request body: property "id" is not in the spec']);
  });
});
