import assert from 'node:assert/strict';
import { join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { compareWithSpec } from '../../../src/core/spec/compare';
import type { SpecDocument, SpecOperation } from '../../../src/core/spec/model';
import { readSpec } from '../../../src/core/spec/read';

function withOperation(spec: SpecDocument, operationId: string, change: (operation: SpecOperation) => SpecOperation | undefined): SpecDocument {
  const operations = spec.operations.flatMap((operation) => {
    if (operation.operationId !== operationId) return [operation];
    const changed = change(operation);
    return changed === undefined ? [] : [changed];
  });
  return { ...spec, operations };
}

describe('comparing an app with its spec', () => {
  let spec: SpecDocument;

  before(async () => {
    spec = await readSpec(new NodeFileSource(join('test', 'fixtures', 'specs')), 'pets-crud.yaml');
  });

  it('finds no difference between a spec and itself', () => {
    assert.deepEqual(compareWithSpec(spec, spec), []);
  });

  it('reports a missing operation, parameter, body property, status and security, by operation', () => {
    let app = withOperation(spec, 'deletePet', () => undefined);
    app = withOperation(app, 'vaccinatePet', (operation) => ({ ...operation, parameters: operation.parameters.filter((parameter) => parameter.location !== 'header') }));
    app = withOperation(app, 'createOwner', (operation) => ({
      ...operation,
      responses: operation.responses.map((response) => ({ ...response, status: '200' })),
      security: [{ schemes: [{ name: 'bearer', scopes: [] }] }],
    }));
    const messages = compareWithSpec(spec, app).map((difference) => `${difference.operation}: ${difference.message}`);
    assert.deepEqual(messages, [
      'POST /api/v3/owners: the success status is 201 in the spec but 200 in the app',
      'POST /api/v3/owners: the app requires credentials, the spec does not',
      'DELETE /api/v3/pets/{petId}: the app does not serve this operation',
      'POST /api/v3/pets/{petId}/vaccinate: header parameter "X-Clinic-Id" is missing',
    ]);
  });

  it('reports a parameter of another type and a body property the spec does not have', () => {
    const app = withOperation(spec, 'getOwner', (operation) => ({
      ...operation,
      parameters: operation.parameters.map((parameter) => ({ ...parameter, schema: { ...parameter.schema, kind: 'primitive', type: 'string' } })),
    }));
    assert.deepEqual(compareWithSpec(spec, app).map((difference) => difference.message), ['path parameter "ownerId" is integer in the spec but string in the app']);
    const withExtra = {
      ...spec,
      schemas: spec.schemas.map((schema) =>
        schema.name === 'OwnerCreate' && schema.schema.kind === 'object'
          ? { ...schema, schema: { ...schema.schema, properties: [...schema.schema.properties, { name: 'nickname', required: false, schema: { kind: 'any' as const, nullable: false, readOnly: false, writeOnly: false, deprecated: false, constraints: {} } }] } }
          : schema,
      ),
    };
    const extra = compareWithSpec(spec, withExtra).map((difference) => difference.message);
    assert.ok(extra.includes('request body: property "nickname" is not in the spec'), extra.join('\n'));
  });
});
