import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, UsageError } from '../../../src/cli/cli-command';
import { MODEL_ALIASES } from '../../../src/core/agent/model-aliases';
import { AnthropicTestServer } from '../../support/anthropic-server';
import { runAsk } from '../../support/ask-cli';
import { routerAnswer } from '../../support/model-answers';
import { createTempWorkspace, MAIN_PY, PLANTED, removeTempWorkspace, snapshotTree } from './support/temp-workspace';

const ANSWER = routerAnswer('heroes');

describe('ask command', () => {
  let server: AnthropicTestServer;
  let root: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    server = await AnthropicTestServer.start({ apiKey: PLANTED.apiKey });
    root = createTempWorkspace();
    env = { ANTHROPIC_API_KEY: PLANTED.apiKey, ANTHROPIC_BASE_URL: server.url };
  });
  afterEach(async () => {
    removeTempWorkspace(root);
    await server.close();
  });

  it('prints the proposed change as a diff and writes nothing by default', async () => {
    server.enqueue({ kind: 'text', text: ANSWER, chunkSize: 11 });
    const before = snapshotTree(root);
    const result = await runAsk(['Add a heroes router', '--root', root], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\+\+\+ b\/app\/routers\/heroes\.py/);
    assert.match(result.stdout, /\+app\.include_router\(heroes\.router\)/);
    assert.match(result.stderr, /A heroes router, registered next to the teams router/);
    assert.match(result.stderr, /Context sent \(\d+ files, ~\d+ tokens\): .*app\/models\.py/);
    assert.match(result.stderr, /Model claude-sonnet-5-5: \d+ input tokens/);
    assert.deepEqual(snapshotTree(root), before);
    const body = server.requests[0]?.json as { model: string };
    assert.equal(body.model, MODEL_ALIASES['sonnet']);
  });

  it('writes every proposed file with --write', async () => {
    server.enqueue({ kind: 'text', text: ANSWER });
    const result = await runAsk(['--write', '--root', root, 'Add', 'a', 'heroes', 'router'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'created app/routers/heroes.py\nmodified app/main.py\n');
    assert.match(readFileSync(join(root, 'app/routers/heroes.py'), 'utf8'), /router = APIRouter\(prefix="\/heroes"/);
    assert.equal(readFileSync(join(root, 'app/main.py'), 'utf8'), MAIN_PY.replace('import teams', 'import heroes, teams').replace('app.include_router(teams.router)\n', 'app.include_router(teams.router)\napp.include_router(heroes.router)\n'));
  });

  it('answers /crud offline when no key is set: the engine\'s proposal through the same guards', async () => {
    const result = await runAsk(['/crud Hero', '--root', root], {});
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Asking offline generator/);
    assert.match(result.stdout, /\+\+\+ b\/app\/routers\/heroes\.py/);
    assert.match(result.stdout, /\+\+\+ b\/app\/main\.py/);
    assert.equal(server.requests.length, 0);
  });

  it('refuses /crud for an unknown model with the engine\'s reason', async () => {
    const result = await runAsk(['/crud Villain', '--root', root], {});
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Villain/);
  });

  it('uses a chosen model and a workspace agent', async () => {
    await runAsk(['hello', '--root', root, '--model', 'haiku'], env);
    assert.equal((server.requests[0]?.json as { model: string }).model, MODEL_ALIASES['haiku']);
    await assert.rejects(runAsk(['hello', '--root', root, '--agent', 'nobody'], env), (error: unknown) => error instanceof CliError && /No agent named "nobody"/.test(error.message));
  });

  it('fails clearly without a key, with a rejected key, and on bad usage', async () => {
    const before = snapshotTree(root);
    const noKey = await runAsk(['Add an endpoint', '--root', root], { ANTHROPIC_BASE_URL: server.url });
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /No Anthropic API key is set/);

    const badKey = await runAsk(['Add an endpoint', '--root', root, '--write'], { ANTHROPIC_API_KEY: 'sk-ant-wrong-key-000000', ANTHROPIC_BASE_URL: server.url });
    assert.equal(badKey.code, 1);
    assert.match(badKey.stderr, /API key was rejected \(401\)/);
    assert.deepEqual(snapshotTree(root), before);

    await assert.rejects(runAsk(['--root'], env), UsageError);
    await assert.rejects(runAsk([], env), /Write the request/);
    await assert.rejects(runAsk(['x', '--write', '--dry-run'], env), /Choose one of --dry-run and --write/);
    await assert.rejects(runAsk(['x', '--root', join(root, 'missing')], env), (error: unknown) => error instanceof CliError && /does not exist/.test(error.message));
  });
});
