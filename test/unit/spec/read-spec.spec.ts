import assert from 'node:assert/strict';
import { join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import type { FileEntry, FileSource, FileStat } from '../../../src/core/ports';
import { SpecError } from '../../../src/core/spec/errors';
import type { SchemaNode, SpecDocument } from '../../../src/core/spec/model';
import { readSpec } from '../../../src/core/spec/read';

const CORPUS = join('test', 'fixtures', 'specs');

/** An in-memory workspace that records every path it is asked to read. */
class MemorySource implements FileSource {
  readonly reads: string[] = [];
  constructor(private readonly files: Readonly<Record<string, string>>) {}
  listFiles(): Promise<readonly FileEntry[]> {
    return Promise.resolve(Object.entries(this.files).map(([path, text]) => ({ path, size: text.length })));
  }
  readText(path: string): Promise<string> {
    this.reads.push(path);
    const text = this.files[path];
    return text === undefined ? Promise.reject(new Error(`ENOENT ${path}`)) : Promise.resolve(text);
  }
  stat(path: string): Promise<FileStat | undefined> {
    const text = this.files[path];
    return Promise.resolve(text === undefined ? undefined : { size: text.length, mtimeMs: 0 });
  }
}

async function refusal(files: Record<string, string>, file = 'api.yaml'): Promise<string> {
  try {
    await readSpec(new MemorySource(files), file);
  } catch (error) {
    assert.ok(error instanceof SpecError, `expected a SpecError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('the document was accepted');
}

const MINIMAL_PATHS = 'paths:\n  /x:\n    get:\n      responses:\n        "200": {description: ok}\n';

function schemaOf(spec: SpecDocument, name: string): SchemaNode {
  const found = spec.schemas.find((schema) => schema.name === name);
  assert.ok(found, `schema ${name}`);
  return found.schema;
}

describe('reading OpenAPI documents', () => {
  it('reads the CRUD-shaped spec: operations, path-level parameters, base path, allOf bases', async () => {
    const spec = await readSpec(new NodeFileSource(CORPUS), 'pets-crud.yaml');
    assert.equal(spec.version, '3.0');
    assert.equal(spec.basePath, '/api/v3');
    assert.deepEqual(
      spec.operations.map((operation) => `${operation.method} ${operation.path} ${operation.operationId}`).slice(0, 3),
      ['get /owners listOwners', 'post /owners createOwner', 'get /owners/{ownerId} getOwner'],
    );
    const getOwner = spec.operations.find((operation) => operation.operationId === 'getOwner');
    assert.deepEqual(getOwner?.parameters.map((parameter) => [parameter.name, parameter.location, parameter.required]), [['ownerId', 'path', true]]);
    const owner = schemaOf(spec, 'Owner');
    assert.equal(owner.kind, 'object');
    assert.ok(owner.kind === 'object');
    assert.deepEqual(owner.bases, ['OwnerCreate']);
    assert.deepEqual(owner.properties.map((property) => [property.name, property.required, property.schema.readOnly]), [['id', true, true]]);
    const weight = schemaOf(spec, 'PetCreate');
    assert.ok(weight.kind === 'object');
    // 3.0's boolean exclusiveMinimum turns the minimum exclusive.
    assert.deepEqual(weight.properties.find((property) => property.name === 'weightKg')?.schema.constraints, { exclusiveMinimum: 0, maximum: 500 });
    const phone = schemaOf(spec, 'OwnerCreate');
    assert.ok(phone.kind === 'object');
    assert.equal(phone.properties.find((property) => property.name === 'phone')?.schema.nullable, true);
    const vaccinate = spec.operations.find((operation) => operation.operationId === 'vaccinatePet');
    assert.equal(vaccinate?.deprecated, true);
    assert.deepEqual(vaccinate?.parameters.map((parameter) => parameter.location), ['path', 'header']);
  });

  it('resolves $refs to other files relative to the file that holds them', async () => {
    const source = new NodeFileSource(CORPUS);
    const spec = await readSpec(source, 'multi-file/openapi.yaml');
    const listBooks = spec.operations.find((operation) => operation.operationId === 'listBooks');
    assert.deepEqual(listBooks?.parameters.map((parameter) => [parameter.name, parameter.schema.default]), [['limit', 10]]);
    const items = listBooks?.responses[0]?.schema;
    assert.ok(items?.kind === 'array');
    assert.deepEqual(items.items.kind === 'ref' ? items.items.name : items.items.kind, 'Book');
    const book = schemaOf(spec, 'Book');
    assert.ok(book.kind === 'object');
    const authors = book.properties.find((property) => property.name === 'authors')?.schema;
    assert.ok(authors?.kind === 'array' && authors.items.kind === 'ref' && authors.items.name === 'Author');
    assert.equal(book.properties.find((property) => property.name === 'publishedOn')?.schema.nullable, true);
    const notFound = spec.operations.find((operation) => operation.operationId === 'getBook')?.responses.find((response) => response.status === '404');
    assert.equal(notFound?.description, 'Not found');
    assert.equal(notFound?.schema?.kind, 'object');
  });

  it('reads oneOf with a discriminator, allOf, 3.1 type arrays, const, server variables, and notes what it ignores', async () => {
    const spec = await readSpec(new NodeFileSource(CORPUS), 'polymorphic.json');
    assert.equal(spec.version, '3.1');
    assert.equal(spec.basePath, '/v1');
    const animal = schemaOf(spec, 'Animal');
    assert.ok(animal.kind === 'union');
    assert.deepEqual(animal.variants.map((variant) => (variant.kind === 'ref' ? variant.name : variant.kind)), ['Cat', 'Dog']);
    assert.deepEqual(animal.discriminator, { property: 'kind', mapping: { cat: 'Cat', dog: 'Dog' } });
    const base = schemaOf(spec, 'AnimalBase');
    assert.ok(base.kind === 'object');
    const chip = base.properties.find((property) => property.name === 'chipId')?.schema;
    assert.deepEqual([chip?.kind, chip?.nullable, chip?.constraints.maxLength], ['primitive', true, 15]);
    assert.deepEqual(base.properties.find((property) => property.name === 'weight')?.schema.constraints, { exclusiveMinimum: 0, maximum: 500, multipleOf: 0.1 });
    assert.equal(base.properties.find((property) => property.name === 'status')?.schema.default, 'admitted');
    const history = schemaOf(spec, 'HistoryEntry');
    assert.ok(history.kind === 'object');
    const previous = history.properties.find((property) => property.name === 'previous')?.schema;
    assert.ok(previous?.kind === 'ref' && previous.name === 'HistoryEntry', 'a circular schema stays a named reference');
    const notes = history.properties.find((property) => property.name === 'notes')?.schema;
    assert.ok(notes?.kind === 'object' && notes.additional?.kind === 'primitive');
    const health = spec.operations.find((operation) => operation.operationId === 'health')?.responses[0]?.schema;
    assert.ok(health?.kind === 'object');
    const ok = health.properties[0]?.schema;
    assert.ok(ok?.kind === 'primitive' && ok.const === true);
    assert.equal(spec.notes.length, 2);
    assert.match(spec.notes.join('\n'), /Callbacks of getAnimalHistory are ignored/);
    assert.match(spec.notes.join('\n'), /Webhooks \(animalAdopted\) are ignored/);
  });

  it('reads security schemes and requirements that name two schemes at once', async () => {
    const spec = await readSpec(new NodeFileSource(CORPUS), 'secured.yaml');
    assert.deepEqual(spec.securitySchemes.map((scheme) => scheme.kind), ['http', 'oauth2', 'apiKey']);
    const apiKey = spec.securitySchemes.find((scheme) => scheme.kind === 'apiKey');
    assert.ok(apiKey?.kind === 'apiKey' && apiKey.parameter === 'X_Api_Key' && apiKey.in === 'header');
    const byId = (id: string) => spec.operations.find((operation) => operation.operationId === id);
    assert.deepEqual(byId('listNotes')?.security, [{ schemes: [{ name: 'bearerAuth', scopes: [] }] }], 'global security applies');
    assert.deepEqual(byId('issueToken')?.security, [], 'security: [] makes an operation public');
    assert.deepEqual(byId('usageReport')?.security[0]?.schemes.map((scheme) => scheme.name), ['apiKeyHeader', 'oauth']);
    assert.equal(byId('issueToken')?.body?.encoding, 'form');
  });

  it('reads form, multipart and binary bodies and responses', async () => {
    const spec = await readSpec(new NodeFileSource(CORPUS), 'forms.yaml');
    const byId = (id: string) => spec.operations.find((operation) => operation.operationId === id);
    assert.equal(byId('sendFeedback')?.body?.encoding, 'form');
    assert.equal(byId('uploadDocument')?.body?.encoding, 'multipart');
    const download = byId('downloadDocument')?.responses[0];
    assert.equal(download?.encoding, 'binary');
  });

  describe('bad input: a clear message, nothing read beyond what it takes', () => {
    it('invalid YAML, with line and column', async () => {
      assert.match(await refusal({ 'api.yaml': 'openapi: 3.0.0\npaths:\n  /x: [unclosed\n' }), /^api\.yaml:\d+:\d+: invalid YAML: /);
    });

    it('invalid JSON, with line and column', async () => {
      assert.match(await refusal({ 'api.json': '{\n  "openapi": "3.0.0",\n  "paths": {,}\n}\n' }, 'api.json'), /^api\.json:3:\d+: invalid JSON: /);
    });

    it('a document that is not OpenAPI', async () => {
      assert.match(await refusal({ 'api.yaml': 'name: my-service\nreplicas: 3\n' }), /not an OpenAPI document: it has no "openapi" version field/);
      assert.match(await refusal({ 'api.yaml': '- a\n- b\n' }), /not an OpenAPI document/);
    });

    it('Swagger 2.0, with a suggestion to convert', async () => {
      const message = await refusal({ 'api.yaml': `swagger: "2.0"\ninfo: {title: t, version: "1"}\n${MINIMAL_PATHS}` });
      assert.match(message, /Swagger 2\.0 document; only OpenAPI 3\.0 and 3\.1 are supported\. Convert it first/);
    });

    it('an unresolvable $ref, named', async () => {
      const missingInternal = `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /x:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n`;
      assert.match(await refusal({ 'api.yaml': missingInternal }), /unresolvable \$ref: .*#\/components\/schemas\/Nope/);
      const missingFile = missingInternal.replace("'#/components/schemas/Nope'", "'./schemas/gone.yaml'");
      assert.match(await refusal({ 'api.yaml': missingFile }), /unresolvable \$ref: schemas\/gone\.yaml does not exist/);
    });

    it('an unresolvable $ref in a component nothing uses, in a JSON document', async () => {
      const document = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { Unused: { $ref: '#/components/schemas/Gone' } } } };
      assert.match(await refusal({ 'api.json': JSON.stringify(document) }, 'api.json'), /^api\.json: unresolvable \$ref: #\/components\/schemas\/Gone/);
    });

    it('a $ref that leaves the workspace is refused without reading it', async () => {
      const files = {
        'specs/api.yaml': `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /x:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '../../outside.yaml'}\n`,
      };
      const source = new MemorySource(files);
      await assert.rejects(readSpec(source, 'specs/api.yaml'), (error: unknown) => {
        assert.ok(error instanceof SpecError);
        assert.match(error.message, /\$ref to outside\.yaml is outside the workspace/);
        return true;
      });
      assert.deepEqual(source.reads, ['specs/api.yaml']);
      const remote = files['specs/api.yaml'].replace("'../../outside.yaml'", "'https://example.com/schema.yaml'");
      assert.match(await refusal({ 'specs/api.yaml': remote }, 'specs/api.yaml'), /is not a file in the workspace/);
    });

    it('an invalid YAML file reached through a $ref names that file', async () => {
      const files = {
        'api.yaml': `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /x:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: './broken.yaml'}\n`,
        'broken.yaml': 'type: object\nproperties: {a: [\n',
      };
      assert.match(await refusal(files), /^broken\.yaml:\d+:\d+: invalid YAML/);
    });

    it('a path template without its parameter, and security naming an undefined scheme', async () => {
      const base = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\n';
      assert.match(
        await refusal({ 'api.yaml': `${base}paths:\n  /x/{id}:\n    get:\n      responses:\n        "200": {description: ok}\n` }),
        /uses \{id\} but declares no path parameter "id"/,
      );
      assert.match(
        await refusal({ 'api.yaml': `${base}security: [{nope: []}]\n${MINIMAL_PATHS}` }),
        /requires security scheme "nope", which components.securitySchemes does not define/,
      );
    });
  });
});
