/**
 * How long the Anthropic provider may keep a user waiting, with the real SDK against the local
 * Messages API server: capped and announced retries, cancel during a wait, idle timeouts.
 */
import { strict as assert } from 'node:assert';
import { AnthropicProvider } from '../../../src/core/agent/anthropic-provider';
import { LlmError } from '../../../src/core/agent/llm-errors';
import type { LlmEvent, LlmRequest } from '../../../src/core/agent/llm-provider';
import { AnthropicTestServer, FAULTS } from '../../support/anthropic-server';
import { type AskRun, runAsk } from '../../support/ask-cli';
import { createTempWorkspace, PLANTED, removeTempWorkspace, snapshotTree } from './support/temp-workspace';

const REQUEST: LlmRequest = { system: [{ text: 'You help.' }], messages: [{ role: 'user', text: 'Hi' }], model: 'sonnet', maxTokens: 100 };

async function run(provider: AnthropicProvider, signal?: AbortSignal): Promise<{ events: LlmEvent[]; error?: LlmError; ms: number }> {
  const events: LlmEvent[] = [];
  const started = Date.now();
  try {
    for await (const event of provider.stream(REQUEST, signal)) events.push(event);
    return { events, ms: Date.now() - started };
  } catch (error) {
    assert.ok(error instanceof LlmError, String(error));
    return { events, error, ms: Date.now() - started };
  }
}

describe('Anthropic provider waits', () => {
  let server: AnthropicTestServer;
  beforeEach(async () => {
    server = await AnthropicTestServer.start();
  });
  afterEach(async () => {
    await server.close();
  });
  const provider = (options: Partial<ConstructorParameters<typeof AnthropicProvider>[0]> = {}): AnthropicProvider =>
    new AnthropicProvider({ apiKey: 'sk-ant-test-key-123456', baseURL: server.url, ...options });

  it('reports a retry-after longer than the cap at once instead of waiting it out', async () => {
    server.enqueue(FAULTS.rateLimited('3600'));
    const result = await run(provider());
    assert.equal(result.error?.kind, 'rate-limit');
    assert.match(result.error?.message ?? '', /asks to wait 3600 s, longer than the 60 s this waits/);
    assert.equal(server.requests.length, 1);
    assert.ok(result.ms < 5_000, `answered in ${result.ms} ms`);
  });

  it('announces each wait, then tries again', async () => {
    server.enqueue(FAULTS.rateLimited('1'), FAULTS.overloaded, { kind: 'text', text: 'third time' });
    const result = await run(provider({ retry: { backoffMs: 50 } }));
    assert.equal(result.error, undefined);
    assert.deepEqual(result.events.slice(0, 2), [
      { type: 'waiting', seconds: 1, reason: 'rate limit' },
      { type: 'waiting', seconds: 1, reason: 'overloaded' },
    ]);
    assert.equal(server.requests.length, 3);
  });

  it('ends a wait as soon as the request is cancelled', async () => {
    server.enqueue(FAULTS.rateLimited('30'));
    const controller = new AbortController();
    const pending = run(provider(), controller.signal);
    setTimeout(() => controller.abort(), 200);
    const result = await pending;
    assert.equal(result.error?.kind, 'cancelled');
    assert.deepEqual(result.events, [{ type: 'waiting', seconds: 30, reason: 'rate limit' }]);
    assert.ok(result.ms < 3_000, `cancelled after ${result.ms} ms`);
  });

  it('stops a stream that goes silent after the idle timeout, with a clear message', async () => {
    server.enqueue({ kind: 'stall', text: 'The answer starts and then' });
    const result = await run(provider({ idleTimeoutMs: 400 }));
    assert.equal(result.error?.kind, 'network');
    assert.match(result.error?.message ?? '', /sent nothing for 0\.4 s, so the answer was stopped/);
    assert.ok(result.ms < 5_000, `stopped after ${result.ms} ms`);
    assert.equal(server.requests.length, 1, 'a stream that had started is not retried');
  });

  it('stops a request whose response never starts after the idle timeout', async () => {
    server.enqueue({ kind: 'no-answer' }, { kind: 'no-answer' }, { kind: 'no-answer' });
    const result = await run(provider({ idleTimeoutMs: 300, retry: { maxRetries: 0 } }));
    assert.equal(result.error?.kind, 'network');
    assert.match(result.error?.message ?? '', /did not answer in time/);
    assert.ok(result.ms < 5_000, `stopped after ${result.ms} ms`);
  });
});

describe('ask while the model service makes it wait', () => {
  let server: AnthropicTestServer;
  let root: string;
  beforeEach(async () => {
    server = await AnthropicTestServer.start({ apiKey: PLANTED.apiKey });
    root = createTempWorkspace();
  });
  afterEach(async () => {
    removeTempWorkspace(root);
    await server.close();
  });

  const ask = (args: string[]): Promise<AskRun> => runAsk(args, { ANTHROPIC_API_KEY: PLANTED.apiKey, ANTHROPIC_BASE_URL: server.url });

  it('prints "waiting N s (rate limit)…" while it waits', async () => {
    server.enqueue(FAULTS.rateLimited('1'), { kind: 'text', text: 'Nothing to change.' });
    const result = await ask(['--root', root, 'What is here?']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /\nwaiting 1 s \(rate limit\)…\n/);
  });

  it('ends a stalled answer after --idle-timeout with a message and writes nothing', async () => {
    server.enqueue({ kind: 'stall', text: '```python path=app/x.py\nx = 1\n```\nand then' });
    const before = snapshotTree(root);
    const result = await ask(['--write', '--root', root, '--idle-timeout', '0.5', 'Add x']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error: The Anthropic API sent nothing for 0\.5 s, so the answer was stopped\. Nothing was written/);
    assert.deepEqual(snapshotTree(root), before);
  });
});
