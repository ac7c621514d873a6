/**
 * `@fastapi` in a real chat view: a scripted language model (the test-only fake-model extension)
 * drives `/crud Hero` and a free-form request through review and apply; then the Anthropic path
 * runs against a local Messages-API server started inside the extension host.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ApplyOutcome } from '../../src/vscode/review/apply-review';
import { AnthropicTestServer, FAULTS } from '../support/anthropic-server';
import { routerAnswer } from '../support/model-answers';
import { FAKE_MODEL } from './fake-model/fake-model-protocol';
import { ask, currentReview, fakeRequests } from './suite/chat-helpers';
import { diskText, expectedOutputs, extensionApi, fileUri, resetWorkspace, screenshot } from './suite/helpers';

const PLANTED_ENV = 'CHAT-TEST-ENV-SECRET-4d1c';
const PLANTED_KEY = 'sk-ant-chat-test-key-000000000000';
const HEALTH_ROUTER = 'app/routers/health.py';

async function applyAll(reviewId: string): Promise<void> {
  const outcome = await vscode.commands.executeCommand<ApplyOutcome>('fastapiBackendEngineer.review.applyAll', { reviewId });
  assert.equal(outcome.status, 'applied', outcome.message);
}

function healthAnswer(): string {
  assert.match(diskText('app/main.py') ?? '', /app\.include_router\(teams\.router\)\n/);
  return routerAnswer('health', ['', '', '@router.get("/live")', 'def live() -> dict[str, str]:', '    """Report that the process is up."""', '    return {"status": "ok"}']);
}

describe('Chat participant @fastapi', () => {
  const touched = new Set<string>(['app/main.py', HEALTH_ROUTER, '.env']);
  before(async () => {
    await extensionApi();
    for (const file of expectedOutputs('Hero')) touched.add(file.path);
  });
  beforeEach(async () => {
    await vscode.workspace.fs.writeFile(fileUri('.env'), new TextEncoder().encode(`SECRET_KEY=${PLANTED_ENV}\n`));
  });
  afterEach(async () => {
    await vscode.commands.executeCommand(FAKE_MODEL.setReplies, []);
    await resetWorkspace([...touched]);
  });

  it('/crud Hero with the chat model: the offline draft as a starting point → review → apply', async () => {
    const expected = expectedOutputs('Hero');
    await ask('@fastapi /crud Hero');
    const review = await currentReview();
    assert.deepEqual(review.changeSet.changes.map((change) => change.path).sort(), expected.map((file) => file.path).sort());
    for (const file of expected) assert.equal(diskText(file.path), file.before ?? undefined, `${file.path} was written before apply`);

    const prompt = (await fakeRequests()).at(-1) ?? '';
    assert.match(prompt, /### Draft from the offline generator/);
    assert.match(prompt, /class Hero\(SQLModel, table=True\)/, 'the model file is part of the context');
    assert.ok(!prompt.includes(PLANTED_ENV), '.env content reached the model');

    await applyAll(review.id);
    for (const file of expected) assert.equal(diskText(file.path), file.after, `${file.path} differs from the offline engine's output`);
  });

  it('/crud falls back to the offline generator when the chat model is unavailable', async () => {
    const expected = expectedOutputs('Hero');
    await vscode.commands.executeCommand(FAKE_MODEL.setReplies, [FAKE_MODEL.unavailableReply]);
    await ask('@fastapi /crud Hero');
    const review = await currentReview();
    for (const file of expected) {
      assert.equal(review.changeSet.changes.find((change) => change.path === file.path)?.after, file.after, file.path);
    }
  });

  it('a free-form request: file and edit blocks → review → apply', async () => {
    await vscode.commands.executeCommand(FAKE_MODEL.setReplies, [healthAnswer()]);
    await ask('@fastapi add a liveness endpoint under /status/live');
    const review = await currentReview();
    assert.deepEqual(review.changeSet.changes.map((change) => [change.path, change.kind]), [
      [HEALTH_ROUTER, 'create'],
      ['app/main.py', 'modify'],
    ]);
    assert.equal(diskText(HEALTH_ROUTER), undefined);
    await screenshot('chat-proposal-review');
    await applyAll(review.id);
    assert.match(diskText(HEALTH_ROUTER) ?? '', /def live\(\) -> dict\[str, str\]:/);
    assert.match(diskText('app/main.py') ?? '', /from app\.routers import health, teams\n[\s\S]*app\.include_router\(health\.router\)\n/);
  });

  it('rejects hostile blocks from the model and writes nothing', async () => {
    await vscode.commands.executeCommand(FAKE_MODEL.setReplies, ['```python path=../escape.py\nx = 1\n```\n\n```sh path=.git/hooks/pre-commit\necho pwned\n```\n']);
    const api = await extensionApi();
    await ask('@fastapi do something dangerous');
    assert.equal(api.services.review.current, undefined, 'no review for rejected blocks');
    assert.equal(diskText('../escape.py'), undefined);
  });

  it('keeps to the backend: a React page and a migration from the model are refused with the reason, the router proposed', async () => {
    const page = 'frontend/src/HeroList.tsx';
    const migration = 'alembic/versions/0001_add_health.py';
    const answer = [healthAnswer(), '```tsx path=' + page + '\nexport const HeroList = () => <ul />;\n```', '```python path=' + migration + '\nrevision = "0001"\n```'].join('\n\n');
    await vscode.commands.executeCommand(FAKE_MODEL.setReplies, [answer]);
    await ask('@fastapi add a liveness endpoint, a React page for it and the alembic migration');
    assert.match((await fakeRequests()).at(-1) ?? '', /You do not write, create or edit:/, 'the limits are in the prompt the model gets');
    const review = await currentReview();
    assert.deepEqual(review.changeSet.changes.map((change) => change.path), [HEALTH_ROUTER, 'app/main.py']);
    const warnings = review.changeSet.warnings.join('\n');
    assert.match(warnings, new RegExp(`"${page}"\\) was rejected: it is frontend code \\(\\.tsx\\), and the assistant does not write frontend or UI code`));
    assert.match(warnings, new RegExp(`"${migration}"\\) was rejected: it is a database migration file`));
    assert.equal(diskText(page), undefined);
    assert.equal(diskText(migration), undefined);
  });

  it('an answer made only of a Dockerfile: no review, and the chat says every block was refused and why', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand(FAKE_MODEL.setReplies, ['Here it is.\n\n```dockerfile path=Dockerfile\nFROM python:3.12-slim\n```\n']);
    await ask('@fastapi containerise the app');
    assert.equal(api.services.review.current, undefined, 'no review when every block is refused');
    assert.equal(diskText('Dockerfile'), undefined);
    await ask('@fastapi ok');
    const followUp = (await fakeRequests()).at(-1) ?? '';
    assert.match(followUp, /"Dockerfile"\) was rejected: it is a Dockerfile, and the assistant does not write deployment, infrastructure or CI files/);
    assert.match(followUp, /Nothing is proposed: every file block of the answer was refused \(1; see the notes\)/);
  });

  it('asked for a Dockerfile with no usable model: a short answer offering the backend part, nothing proposed', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand(FAKE_MODEL.setReplies, [FAKE_MODEL.unavailableReply]);
    await ask('@fastapi write a Dockerfile for this app');
    assert.equal(api.services.review.current, undefined, 'no review for a declined request');
    assert.equal(diskText('Dockerfile'), undefined);
    // The answer shown in the chat is the history of the next turn.
    await ask('@fastapi thanks');
    const followUp = (await fakeRequests()).at(-1) ?? '';
    assert.match(followUp, /I don't write a Dockerfile: I keep to the backend and leave deployment, infrastructure or CI files to you\./);
    assert.match(followUp, /a health endpoint the platform can probe/);
    assert.match(followUp, /Answered offline: nothing was sent to a model/);
  });

  it('/context answers from the project locally, without asking a model', async () => {
    const asked = (await fakeRequests()).length;
    await ask('@fastapi /context');
    assert.equal((await fakeRequests()).length, asked);
    assert.equal((await extensionApi()).services.review.current, undefined);
  });

  it('offers workspace agents from .claude/agents and answers with the chosen one', async () => {
    const agentFile = '.claude/agents/reviewer.md';
    touched.add(agentFile);
    await vscode.workspace.fs.writeFile(
      fileUri(agentFile),
      new TextEncoder().encode('---\nname: strict-reviewer\ndescription: Reviews FastAPI code strictly\ntools: Read\n---\nYou review FastAPI code strictly and never propose files.\n'),
    );
    try {
      await ask('@fastapi /agent strict-reviewer');
      await ask('@fastapi what do you think of app/routers/teams.py?');
      const prompt = (await fakeRequests()).at(-1) ?? '';
      assert.match(prompt, /^You review FastAPI code strictly and never propose files\./);
      assert.match(prompt, /### app\/routers\/teams\.py/, 'the file the request names is in the context');
    } finally {
      await ask('@fastapi /agent fastapi-backend-engineer');
    }
    await ask('@fastapi hello');
    assert.match((await fakeRequests()).at(-1) ?? '', /^You are a senior backend engineer/);
  });

  describe('with an Anthropic API key', () => {
    let server: AnthropicTestServer;
    const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('fastapiBackendEngineer');
    before(async () => {
      server = await AnthropicTestServer.start({ apiKey: PLANTED_KEY });
      await settings().update('anthropic.baseUrl', server.url, vscode.ConfigurationTarget.Global);
      assert.equal(await vscode.commands.executeCommand('fastapiBackendEngineer.setApiKey', PLANTED_KEY), true);
    });
    after(async () => {
      await vscode.commands.executeCommand('fastapiBackendEngineer.clearApiKey');
      await settings().update('anthropic.baseUrl', undefined, vscode.ConfigurationTarget.Global);
      await server.close();
    });

    it('streams Claude\'s answer into the review, caching the stable prefix', async () => {
      server.enqueue({ kind: 'text', text: healthAnswer(), chunkSize: 25 });
      const chatModelRequests = (await fakeRequests()).length;
      await ask('@fastapi add a liveness endpoint under /status/live');
      const review = await currentReview();
      assert.deepEqual(review.changeSet.changes.map((change) => change.path), [HEALTH_ROUTER, 'app/main.py']);
      assert.equal(server.requests.length, 1);
      const body = server.requests[0]?.json as { model: string; system: { cache_control?: unknown }[] };
      assert.equal(body.model, 'claude-sonnet-5-5');
      assert.deepEqual(body.system.at(-1)?.cache_control, { type: 'ephemeral' });
      const sent = server.everythingSent();
      assert.ok(!sent.includes(PLANTED_ENV), '.env content was sent');
      assert.ok(!sent.includes(PLANTED_KEY), 'the API key appeared outside its header');
      assert.equal((await fakeRequests()).length, chatModelRequests, 'the chat model was asked although a key is set');
    });

    it('carries this participant\'s history into a follow-up and keeps the cached prefix identical', async () => {
      server.enqueue({ kind: 'text', text: 'A readiness check belongs in the same router; say if you want it.' });
      const first = server.requests.length;
      await ask('@fastapi should readiness live in the same router?');
      assert.equal(server.requests.length, first + 1);
      const [previous, latest] = server.requests.slice(-2).map((request) => request.json as { system: unknown; messages: { role: string; content: string }[] });
      assert.equal(JSON.stringify(latest?.system), JSON.stringify(previous?.system), 'the system blocks changed between turns');
      const roles = latest?.messages.map((message) => message.role) ?? [];
      assert.ok(roles.length >= 3, `expected earlier turns, got ${roles.join(',')}`);
      assert.ok(roles.every((role, index) => role === (index % 2 === 0 ? 'user' : 'assistant')), roles.join(','));
      assert.ok(latest?.messages.some((message) => message.role === 'assistant' && message.content.includes('health router')), 'the earlier answer is in the history');
    });

    it('ends a rejected key in an error and no review', async () => {
      server.enqueue(FAULTS.invalidKey);
      const api = await extensionApi();
      const before = server.requests.length;
      await ask('@fastapi add a liveness endpoint under /status/live');
      assert.equal(server.requests.length, before + 1);
      assert.equal(api.services.review.current, undefined);
      assert.equal(diskText(HEALTH_ROUTER), undefined);
    });
  });
});
