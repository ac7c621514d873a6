import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compactFacts, MIN_FACTS_CHARS } from '../../../src/core/tools/compact-facts';
import { addAuthTool, generateCrudTool, generateFromSpecTool, projectFactsTool } from '../../../src/core/tools/project-tools';
import { ToolInputError, ToolRefusal } from '../../../src/core/tools/tool-definition';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { fixtureRoot, indexFixture } from '../project/fixture-index';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { ProjectIndex } from '../../../src/core/project/project-index';

describe('compact facts for other assistants', () => {
  let facts: ProjectFacts;
  before(async () => {
    facts = await indexFixture('fullstack-template');
  });

  it('lists every route with its full path, handler and access, and the dependencies', () => {
    const text = compactFacts(facts);
    assert.match(text, /^GET \/api\/v1\/users\/ → read_users \[superuser\] -> UsersPublic \(app\/api\/routes\/users\.py:\d+\)$/m);
    assert.match(text, /^GET \/api\/v1\/users\/me → read_user_me \[user\] -> UserPublic/m);
    assert.match(text, /^POST \/api\/v1\/login\/access-token → login_access_token \[public\]/m);
    assert.match(text, /^current user: get_current_user \(alias CurrentUser\) in app\/api\/deps\.py$/m);
    assert.doesNotMatch(text, /Left out/);
  });

  it('cuts at whole lines within the limit and names what it left out', () => {
    for (const limit of [MIN_FACTS_CHARS, 1800, 2500]) {
      const text = compactFacts(facts, limit);
      assert.ok(text.length <= limit, `${text.length} > ${limit}`);
      assert.match(text, new RegExp(`Left out to stay within ${limit} characters: \\d+ `));
      for (const line of text.split('\n').filter((row) => /^(GET|POST|PUT|PATCH|DELETE) /.test(row))) assert.match(line, /\)$/, line);
    }
  });

  it('clamps a limit below the minimum instead of answering nothing', () => {
    assert.ok(compactFacts(facts, 10).length > 500);
  });
});

describe('project tools: input and refusals', () => {
  it('names every problem of bad input', () => {
    assert.throws(() => generateCrudTool.parse({ model: '' }), (error: unknown) => error instanceof ToolInputError && /model: /.test(error.message));
    assert.throws(() => projectFactsTool.parse({ maxChars: 'many' }), (error: unknown) => error instanceof ToolInputError && /maxChars/.test(error.message));
    assert.throws(() => projectFactsTool.parse({ unexpected: true }), ToolInputError);
  });

  it('turns an engine refusal into a ToolRefusal with its reason', async () => {
    const facts = await indexFixture('fullstack-template');
    const input = generateCrudTool.parse({ model: 'ItemCreate' });
    assert.match(input.messages.confirmation.message, /Nothing is written/);
    await assert.rejects(() => input.propose?.(facts, { source: new NodeFileSource(facts.root) }) ?? Promise.resolve(), (error: unknown) => error instanceof ToolRefusal && /ItemCreate/.test(error.message));
  });

  it('proposes authentication for a project without any, and refuses where auth is already complete', async () => {
    const bare = await indexFixture('auth-username');
    const proposal = await addAuthTool.parse({}).propose?.(bare, { source: new NodeFileSource(bare.root) });
    assert.ok(proposal !== undefined && proposal.changes.some((change) => /security|auth/.test(change.path)), 'the proposal adds a security module');
    // The access-token sign-in of layered-backend, once completed, has every piece.
    const root = mkdtempSync(join(tmpdir(), 'auth-tool-'));
    try {
      cpSync(fixtureRoot('layered-backend'), root, { recursive: true });
      const partial = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      const completion = await addAuthTool.parse({}).propose?.(partial, { source: new NodeFileSource(root) });
      for (const change of completion?.changes ?? []) {
        mkdirSync(dirname(join(root, change.path)), { recursive: true });
        writeFileSync(join(root, change.path), change.after);
      }
      const complete = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      await assert.rejects(
        () => addAuthTool.parse({}).propose?.(complete, { source: new NodeFileSource(root) }) ?? Promise.resolve(),
        (error: unknown) => error instanceof ToolRefusal && /already has complete JWT authentication/.test(error.message),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('proposes endpoints from a spec inside the project, and refuses one outside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'spec-tool-'));
    try {
      cpSync(fixtureRoot('new-app'), root, { recursive: true });
      copyFileSync(join(fixtureRoot('specs'), 'pets-crud.yaml'), join(root, 'openapi.yaml'));
      const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      const context = { source: new NodeFileSource(root) };
      const proposal = await generateFromSpecTool.parse({ spec: 'openapi.yaml' }).propose?.(facts, context);
      assert.ok(proposal !== undefined && proposal.changes.some((change) => change.kind === 'create' && change.path.endsWith('.py')), 'the proposal creates Python files');
      await assert.rejects(
        () => generateFromSpecTool.parse({ spec: '../specs/pets-crud.yaml' }).propose?.(facts, context) ?? Promise.resolve(),
        (error: unknown) => error instanceof ToolRefusal && /outside the project folder/.test(error.message),
      );
      await assert.rejects(
        () => generateFromSpecTool.parse({ spec: 'missing.yaml' }).propose?.(facts, context) ?? Promise.resolve(),
        (error: unknown) => error instanceof ToolRefusal,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
