import { strict as assert } from 'node:assert';
import { alternatingTurns } from '../../../src/core/agent/conversation';
import { FallbackProvider } from '../../../src/core/agent/fallback-provider';
import { LlmError } from '../../../src/core/agent/llm-errors';
import type { LlmEvent, LlmProvider, LlmRequest } from '../../../src/core/agent/llm-provider';
import { OfflineProvider } from '../../../src/core/agent/offline-provider';
import { parseSlashRequest, requestForCommand } from '../../../src/core/agent/slash-request';
import type { ChangeSet } from '../../../src/core/changes/change-set';

const REQUEST: LlmRequest = { system: [], messages: [{ role: 'user', text: 'x' }], model: 'sonnet', maxTokens: 10, task: { command: 'crud', target: 'Hero' } };

async function text(provider: LlmProvider, request: LlmRequest = REQUEST): Promise<string> {
  let result = '';
  for await (const event of provider.stream(request)) {
    if (event.type === 'text') result += event.text;
  }
  return result;
}

function scripted(events: readonly LlmEvent[], failure?: LlmError): LlmProvider {
  return {
    label: 'scripted',
    // eslint-disable-next-line @typescript-eslint/require-await
    async *stream() {
      yield* events;
      if (failure !== undefined) throw failure;
    },
  };
}

const CRUD: ChangeSet = {
  title: 'CRUD for Hero',
  summary: 'Router and schemas.',
  warnings: ['Hero has no owner field'],
  changes: [{ path: 'app/routers/heroes.py', kind: 'create', before: null, after: 'doc = """```python\nx = 1\n```"""\n' }],
};

describe('OfflineProvider', () => {
  it('writes the engine\'s change set as file blocks that survive backticks in the content', async () => {
    const answer = await text(new OfflineProvider({ crud: () => CRUD }));
    assert.match(answer, /^CRUD for Hero: Router and schemas\.\n\n- Hero has no owner field\n\n````python path=app\/routers\/heroes\.py\ndoc = """```python\nx = 1\n```"""\n````\n$/);
  });

  it('turns an engine refusal into a typed error and declines other tasks', async () => {
    const refusing = new OfflineProvider({
      crud: () => {
        throw new Error('Villain is not a table model');
      },
    });
    await assert.rejects(text(refusing), (error: unknown) => error instanceof LlmError && error.kind === 'refused' && /Villain/.test(error.message));
    await assert.rejects(text(new OfflineProvider({ crud: () => CRUD }), { ...REQUEST, task: { command: 'endpoint' } }), (error: unknown) => error instanceof LlmError && error.kind === 'unavailable' && /works offline/.test(error.message));
  });

  it('answers /auth with the authentication engine\'s draft, and declines /auth without one', async () => {
    const auth: ChangeSet = { title: 'JWT authentication', summary: 'Sign-in.', warnings: [], changes: [{ path: 'app/security.py', kind: 'create', before: null, after: 'ACCESS = "access"\n' }] };
    const request: LlmRequest = { ...REQUEST, task: { command: 'auth' } };
    assert.match(await text(new OfflineProvider({ crud: () => CRUD, auth: () => auth }), request), /^JWT authentication: Sign-in\.\n\n```python path=app\/security\.py\nACCESS = "access"\n```\n$/);
    await assert.rejects(text(new OfflineProvider({ crud: () => CRUD }), request), (error: unknown) => error instanceof LlmError && error.kind === 'unavailable');
  });

  it('answers /spec with the spec engine\'s draft, and declines a written spec without a model', async () => {
    const spec: ChangeSet = { title: 'Endpoints from api.yaml', summary: '2 of 2 operations added.', warnings: [], changes: [{ path: 'app/routers/pets.py', kind: 'create', before: null, after: 'router = 1\n' }] };
    const request: LlmRequest = { ...REQUEST, task: { command: 'spec' } };
    assert.match(await text(new OfflineProvider({ crud: () => CRUD, spec: () => spec }), request), /^Endpoints from api\.yaml: 2 of 2 operations added\.\n\n```python path=app\/routers\/pets\.py\nrouter = 1\n```\n$/);
    await assert.rejects(text(new OfflineProvider({ crud: () => CRUD, auth: () => spec }), request), (error: unknown) => error instanceof LlmError && error.kind === 'unavailable' && /\/spec with an OpenAPI document/.test(error.message));
    assert.deepEqual([new OfflineProvider({ spec: () => spec }).serves('spec', 'api.yaml'), new OfflineProvider({ auth: () => spec }).serves('spec', 'api.yaml')], [true, false]);
  });
});

describe('FallbackProvider', () => {
  const offline = scripted([{ type: 'text', text: 'offline' }, { type: 'done', stopReason: 'end_turn', model: 'offline' }]);

  it('falls back when the first provider cannot start', async () => {
    const reasons: string[] = [];
    const provider = new FallbackProvider(scripted([], new LlmError('unavailable', 'no model')), offline, (error) => error.kind === 'unavailable', (error) => reasons.push(error.message));
    assert.equal(await text(provider), 'offline');
    assert.deepEqual(reasons, ['no model']);
  });

  it('never mixes sources: a failure after text is the answer\'s failure', async () => {
    const provider = new FallbackProvider(scripted([{ type: 'text', text: 'half' }], new LlmError('unavailable', 'dropped')), offline, () => true);
    await assert.rejects(text(provider), /dropped/);
  });

  it('passes other failures through', async () => {
    const provider = new FallbackProvider(scripted([], new LlmError('invalid-key', 'bad key')), offline, (error) => error.kind === 'unavailable');
    await assert.rejects(text(provider), /bad key/);
  });
});

describe('slash requests', () => {
  it('read the command, the target model and the rest', () => {
    assert.deepEqual(parseSlashRequest('/crud Hero with soft delete'), { command: 'crud', target: 'Hero', request: 'with soft delete' });
    assert.deepEqual(parseSlashRequest('/endpoint GET /heroes/search'), { command: 'endpoint', request: 'GET /heroes/search' });
    assert.deepEqual(parseSlashRequest('  add a health check '), { command: 'ask', request: 'add a health check' });
    assert.deepEqual(parseSlashRequest('/deploy now'), { command: 'ask', request: '/deploy now' });
    assert.deepEqual(requestForCommand('crud', ''), { command: 'crud', request: '' });
  });
});

describe('alternatingTurns', () => {
  it('starts with the user, merges neighbours of one role, and ends with the assistant', () => {
    assert.deepEqual(
      alternatingTurns([
        { role: 'assistant', text: 'orphan' },
        { role: 'user', text: 'a' },
        { role: 'user', text: 'b' },
        { role: 'assistant', text: 'c' },
        { role: 'user', text: 'unanswered' },
      ]),
      [
        { role: 'user', text: 'a\n\nb' },
        { role: 'assistant', text: 'c' },
      ],
    );
    assert.deepEqual(alternatingTurns([]), []);
  });
});
