import assert from 'node:assert/strict';
import { compactFacts, MIN_FACTS_CHARS } from '../../../src/core/tools/compact-facts';
import { generateCrudTool, projectFactsTool } from '../../../src/core/tools/project-tools';
import { ToolInputError, ToolRefusal } from '../../../src/core/tools/tool-definition';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { indexFixture } from '../project/fixture-index';

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
    await assert.rejects(() => input.propose?.(facts) ?? Promise.resolve(), (error: unknown) => error instanceof ToolRefusal && /ItemCreate/.test(error.message));
  });
});
