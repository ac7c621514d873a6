import { strict as assert } from 'node:assert';
import type { AgentEvent } from '../../../src/core/agent/agent-runner';
import { LlmError } from '../../../src/core/agent/llm-errors';
import { AnthropicTestServer, FAULTS, type ScriptedReply } from '../../support/anthropic-server';
import { runAgainstServer } from './support/agent-harness';
import { createTempWorkspace, PLANTED, removeTempWorkspace, snapshotTree } from './support/temp-workspace';

const HEROES_ROUTER = '```python path=app/routers/heroes.py\n"""Routes for heroes."""\n\nfrom fastapi import APIRouter\n\nrouter = APIRouter(prefix="/heroes", tags=["heroes"])\n```\n';
const SKILL_PATH = '.venv/lib/python3.12/site-packages/fastapi/.agents/skills/fastapi/SKILL.md';

describe('runAgent with the Anthropic provider', () => {
  let server: AnthropicTestServer;
  let root: string;
  let before: Record<string, string>;
  beforeEach(async () => {
    server = await AnthropicTestServer.start({ apiKey: PLANTED.apiKey });
    root = createTempWorkspace({ [SKILL_PATH]: '# FastAPI skill\nUse Annotated dependencies.\n' });
    before = snapshotTree(root);
  });
  afterEach(async () => {
    assert.deepEqual(snapshotTree(root), before, 'the agent never writes');
    removeTempWorkspace(root);
    await server.close();
  });

  it('streams changes as blocks complete and lists the files it sent', async () => {
    server.enqueue({ kind: 'text', text: `I added a router.\n\n${HEROES_ROUTER}\nRegister it in app/main.py.`, chunkSize: 9 });
    const events: AgentEvent[] = [];
    const result = await runAgainstServer(root, server, { events });
    assert.deepEqual(result.changeSet.changes.map((change) => change.path), ['app/routers/heroes.py']);
    const order = events.map((event) => event.type).filter((type, index, all) => type !== all[index - 1]);
    assert.deepEqual(order.slice(0, 2), ['context', 'text']);
    const changeAt = events.findIndex((event) => event.type === 'change');
    assert.ok(changeAt > 0 && changeAt < events.length - 1, 'the change is out while text is still streaming');
    assert.ok(result.context.sentFiles.includes('app/models.py'));
    assert.ok(result.context.sentFiles.includes('app/deps.py'));
    assert.ok(result.context.sentFiles.includes(SKILL_PATH), 'package guidance from the venv is sent');
    assert.equal(result.stopReason, 'end_turn');
    assert.equal(result.truncated, false);
  });

  it('never sends a planted secret: .env, SSH key, PEM file, git-ignored file, API key, secret literals', async () => {
    await runAgainstServer(root, server, { request: 'Look at .env, id_rsa, certs/server.pem and notes/private.py and add auth' });
    const sent = server.everythingSent();
    assert.ok(sent.includes('app/models.py'), 'the request did carry project context');
    for (const [name, secret] of Object.entries(PLANTED)) {
      assert.ok(!sent.includes(secret), `${name} secret was sent`);
    }
    assert.ok(!sent.includes('config-literal-secret-42'), 'a literal assigned to SECRET_KEY was sent');
  });

  it('sends byte-identical cached system blocks on the second request of a conversation', async () => {
    server.enqueue({ kind: 'text', text: 'First answer.' }, { kind: 'text', text: 'Second answer.' });
    const first = await runAgainstServer(root, server, { command: 'crud', target: 'Hero', request: '' });
    await runAgainstServer(root, server, {
      request: 'Now add a search endpoint for Hero',
      history: [
        { role: 'user', text: '/crud Hero' },
        { role: 'assistant', text: first.text },
      ],
    });
    const systems = server.requests.map((request) => (request.json as { system: { text: string; cache_control?: unknown }[] }).system);
    assert.equal(systems.length, 2);
    assert.equal(JSON.stringify(systems[0]), JSON.stringify(systems[1]));
    assert.deepEqual(systems[1]?.at(-1)?.cache_control, { type: 'ephemeral' });
    const messages = (server.requests[1]?.json as { messages: { role: string }[] }).messages;
    assert.deepEqual(messages.map((message) => message.role), ['user', 'assistant', 'user']);
  });

  it('marks a max_tokens answer truncated and drops the unfinished block', async () => {
    server.enqueue({ kind: 'text', text: `${HEROES_ROUTER}\n\`\`\`python path=app/routers/teams_v2.py\ndef f():\n`, stopReason: 'max_tokens' });
    const result = await runAgainstServer(root, server);
    assert.equal(result.truncated, true);
    assert.deepEqual(result.changeSet.changes.map((change) => change.path), ['app/routers/heroes.py']);
    assert.match(result.changeSet.warnings.join('\n'), /cut off by the output limit \(max_tokens/);
    assert.match(result.changeSet.warnings.join('\n'), /teams_v2\.py.*was rejected: the block was cut off/);
  });

  it('stops a runaway answer at the output cap', async () => {
    server.enqueue({ kind: 'text', text: `${HEROES_ROUTER}\n\`\`\`python path=app/big.py\n${'x = 1\n'.repeat(5000)}\`\`\`\n`, chunkSize: 500 });
    const result = await runAgainstServer(root, server, { maxOutputChars: 5_000 });
    assert.equal(result.truncated, true);
    assert.deepEqual(result.changeSet.changes.map((change) => change.path), ['app/routers/heroes.py']);
    assert.match(result.changeSet.warnings.join('\n'), /passed 5000 characters and was stopped/);
  });

  it('rejects every hostile block of an answer and still proposes the good one', async () => {
    const hostile = [
      '```python path=../escape.py\nx = 1\n```',
      '```python path=/etc/passwd\nx = 1\n```',
      '```sh path=.git/hooks/pre-commit\necho pwned\n```',
      '```python path=app/main.py\n# ... existing code ...\n```',
      HEROES_ROUTER,
    ].join('\n\n');
    server.enqueue({ kind: 'text', text: hostile, chunkSize: 13 });
    const result = await runAgainstServer(root, server);
    assert.deepEqual(result.changeSet.changes.map((change) => change.path), ['app/routers/heroes.py']);
    assert.equal(result.rejections.length, 4);
  });

  const faults: [string, ScriptedReply, LlmError['kind']][] = [
    ['401', FAULTS.invalidKey, 'invalid-key'],
    ['403', FAULTS.forbidden, 'permission'],
    ['404', FAULTS.unknownModel, 'unknown-model'],
    ['429', FAULTS.rateLimited('30'), 'rate-limit'],
    ['500', FAULTS.internal, 'server'],
    ['529', FAULTS.overloaded, 'overloaded'],
    ['reset', { kind: 'reset', text: HEROES_ROUTER }, 'network'],
  ];
  for (const [name, reply, kind] of faults) {
    it(`ends a ${name} fault with a typed error and no change`, async () => {
      server.enqueue(reply);
      const changes: AgentEvent[] = [];
      await assert.rejects(
        runAgainstServer(root, server, { events: changes }),
        (error: unknown) => error instanceof LlmError && error.kind === kind,
      );
    });
  }

  it('ends a cancelled request with a cancelled error', async () => {
    server.enqueue({ kind: 'text', text: 'y'.repeat(20_000), chunkSize: 50 });
    const controller = new AbortController();
    await assert.rejects(
      runAgainstServer(root, server, { signal: controller.signal, onEvent: (event) => event.type === 'text' && controller.abort() }),
      (error: unknown) => error instanceof LlmError && error.kind === 'cancelled',
    );
  });
});
