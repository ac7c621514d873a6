import { strict as assert } from 'node:assert';
import Anthropic from '@anthropic-ai/sdk';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AnthropicProvider } from '../../../src/core/agent/anthropic-provider';
import { LlmError } from '../../../src/core/agent/llm-errors';
import type { LlmEvent, LlmRequest } from '../../../src/core/agent/llm-provider';
import { MODEL_ALIASES, resolveModelId } from '../../../src/core/agent/model-aliases';
import { AnthropicTestServer, FAULTS, type ScriptedReply } from '../../support/anthropic-server';

const REQUEST: LlmRequest = {
  system: [{ text: 'You are a backend engineer.' }, { text: '# Project context\n...', cache: true }],
  messages: [{ role: 'user', text: 'Add an endpoint.' }],
  model: 'sonnet',
  maxTokens: 1000,
};

async function collect(provider: AnthropicProvider, signal?: AbortSignal): Promise<LlmEvent[]> {
  const events: LlmEvent[] = [];
  for await (const event of provider.stream(REQUEST, signal)) {
    events.push(event);
  }
  return events;
}

async function failure(provider: AnthropicProvider, signal?: AbortSignal): Promise<LlmError> {
  try {
    await collect(provider, signal);
  } catch (error) {
    assert.ok(error instanceof LlmError, `expected an LlmError, got ${String(error)}`);
    return error;
  }
  assert.fail('the request should have failed');
}

describe('AnthropicProvider against a local Messages API', () => {
  let server: AnthropicTestServer;
  let provider: AnthropicProvider;
  beforeEach(async () => {
    server = await AnthropicTestServer.start();
    provider = new AnthropicProvider({ apiKey: 'sk-ant-test-key-123456', baseURL: server.url, retry: { maxRetries: 0 } });
  });
  afterEach(() => server.close());

  it('streams text, resolves the alias, and reports usage with cache figures', async () => {
    server.enqueue({ kind: 'text', text: 'Hello from the model. '.repeat(5), chunkSize: 7 });
    const events = await collect(provider);
    const text = events.flatMap((event) => (event.type === 'text' ? [event.text] : [])).join('');
    assert.equal(text, 'Hello from the model. '.repeat(5));
    assert.ok(events.filter((event) => event.type === 'text').length > 5, 'the answer arrives in pieces');
    const done = events.at(-1);
    assert.ok(done?.type === 'done');
    assert.equal(done.stopReason, 'end_turn');
    assert.equal(done.model, MODEL_ALIASES['sonnet']);
    assert.ok((done.usage?.cacheCreationInputTokens ?? 0) > 0, 'the first request writes the cache');

    const body = server.requests[0]?.json as { model: string; stream: boolean; system: { cache_control?: unknown }[] };
    assert.equal(body.model, MODEL_ALIASES['sonnet']);
    assert.equal(body.stream, true);
    assert.deepEqual(body.system.map((block) => block.cache_control), [undefined, { type: 'ephemeral' }]);
  });

  it('reads the cache on a second request with the same prefix', async () => {
    await collect(provider);
    const second = (await collect(provider)).at(-1);
    assert.ok(second?.type === 'done');
    assert.equal(second.usage?.cacheCreationInputTokens, 0);
    assert.ok((second.usage?.cacheReadInputTokens ?? 0) > 0);
  });

  it('reports a max_tokens stop so the caller can mark the answer truncated', async () => {
    server.enqueue({ kind: 'text', text: '```python path=a.py\nx = 1\n', stopReason: 'max_tokens' });
    const done = (await collect(provider)).at(-1);
    assert.ok(done?.type === 'done');
    assert.equal(done.stopReason, 'max_tokens');
  });

  const faults: [string, ScriptedReply, LlmError['kind'], RegExp][] = [
    ['401 invalid key', FAULTS.invalidKey, 'invalid-key', /API key was rejected \(401\).*Set Anthropic API Key/],
    ['403 permission', FAULTS.forbidden, 'permission', /\(403\)/],
    ['404 unknown model', FAULTS.unknownModel, 'unknown-model', /model "claude-sonnet-5-5" does not exist.*\(404\)/],
    ['429 rate limit with retry-after', FAULTS.rateLimited('17'), 'rate-limit', /Rate limit reached \(429\)\. Try again in 17 s/],
    ['500 internal error', FAULTS.internal, 'server', /internal error \(500\)/],
    ['529 overloaded', FAULTS.overloaded, 'overloaded', /overloaded \(529\)/],
    ['overload inside the stream', { kind: 'stream-error', text: 'partial', type: 'overloaded_error', message: 'Overloaded' }, 'overloaded', /overloaded/],
    ['connection reset mid-stream', { kind: 'reset', text: '```python path=a.py\nx = 1\n' }, 'network', /connection|terminated|network/i],
    ['400 bad request', { kind: 'error', status: 400, type: 'invalid_request_error', message: 'max_tokens: too large' }, 'bad-request', /refused the request \(400\) \(max_tokens: too large\)/],
  ];
  for (const [name, reply, kind, message] of faults) {
    it(`maps ${name} to a typed, actionable error`, async () => {
      server.enqueue(reply);
      const error = await failure(provider);
      assert.equal(error.kind, kind);
      assert.match(error.message, message);
    });
  }

  it('carries retry-after and the request id on a rate limit', async () => {
    server.enqueue(FAULTS.rateLimited('3'));
    const error = await failure(provider);
    assert.equal(error.details.retryAfterSeconds, 3);
    assert.match(error.details.requestId ?? '', /^req_/);
  });

  it('retries a rate-limited request after the time the server asked for', async () => {
    const retrying = new AnthropicProvider({ apiKey: 'sk-ant-test-key-123456', baseURL: server.url, retry: { maxRetries: 1, backoffMs: 10 } });
    server.enqueue({ ...FAULTS.rateLimited('0'), headers: { 'retry-after': '0', 'retry-after-ms': '10' } }, { kind: 'text', text: 'second time lucky' });
    const events = await collect(retrying);
    assert.equal(server.requests.length, 2);
    assert.deepEqual(events[0], { type: 'waiting', seconds: 1, reason: 'rate limit' });
    assert.equal(events.flatMap((event) => (event.type === 'text' ? [event.text] : [])).join(''), 'second time lucky');
  });

  it('serves non-streaming requests as the API does (the test server itself)', async () => {
    server.enqueue({ kind: 'text', text: 'plain answer', stopReason: 'max_tokens' });
    const client = new Anthropic({ apiKey: 'sk-ant-test-key-123456', baseURL: server.url, maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-haiku-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual(message.content, [{ type: 'text', text: 'plain answer' }]);
    assert.equal(message.stop_reason, 'max_tokens');
    assert.equal(message.model, 'claude-haiku-5-5');
    assert.equal(typeof message.usage.cache_read_input_tokens, 'number');
  });

  it('says so when no key is set, without any request', async () => {
    const error = await failure(new AnthropicProvider({ apiKey: undefined, baseURL: server.url }));
    assert.equal(error.kind, 'no-key');
    assert.match(error.message, /Set Anthropic API Key/);
    assert.equal(server.requests.length, 0);
  });

  it('turns cancellation into a cancelled error', async () => {
    server.enqueue({ kind: 'text', text: 'x'.repeat(4000), chunkSize: 10 });
    const controller = new AbortController();
    const stream = provider.stream(REQUEST, controller.signal);
    const error = await (async () => {
      try {
        for await (const event of stream) {
          if (event.type === 'text') {
            controller.abort();
          }
        }
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    assert.ok(error instanceof LlmError);
    assert.equal(error.kind, 'cancelled');
  });

  it('reports an unreachable server as a network problem', async () => {
    const unreachable = new AnthropicProvider({ apiKey: 'sk-ant-test-key-123456', baseURL: 'http://127.0.0.1:9', retry: { maxRetries: 0 } });
    const error = await failure(unreachable);
    assert.equal(error.kind, 'network');
    assert.match(error.message, /Could not reach the Anthropic API/);
  });
});

describe('model aliases', () => {
  it('map to ids the SDK does not list as deprecated', () => {
    const sdkRoot = join(__dirname, '../../../node_modules/@anthropic-ai/sdk');
    const { DEPRECATED_MODELS } = createRequire(join(sdkRoot, 'package.json'))(join(sdkRoot, 'internal/data/deprecated-models.js')) as {
      DEPRECATED_MODELS: Record<string, string>;
    };
    assert.ok(Object.keys(DEPRECATED_MODELS).includes('claude-sonnet-4-5'), 'the list is the one we think it is');
    for (const id of Object.values(MODEL_ALIASES)) {
      assert.ok(!(id in DEPRECATED_MODELS), `${id} is deprecated`);
    }
  });

  it('let a user choice win over the agent file and pass full ids through', () => {
    assert.equal(resolveModelId('opus'), MODEL_ALIASES['opus']);
    assert.equal(resolveModelId('opus', 'haiku'), MODEL_ALIASES['haiku']);
    assert.equal(resolveModelId('inherit'), MODEL_ALIASES['sonnet']);
    assert.equal(resolveModelId(undefined, 'claude-custom-1'), 'claude-custom-1');
    assert.equal(resolveModelId('Sonnet'), MODEL_ALIASES['sonnet']);
  });
});
