import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, UsageError } from '../../../src/cli/cli-command';
import { MODEL_ALIASES } from '../../../src/core/agent/model-aliases';
import { runAsk } from '../../support/ask-cli';
import { routerAnswer } from '../../support/model-answers';
import { useAskWorkspace } from './support/ask-workspace';
import { MAIN_PY, snapshotTree } from './support/temp-workspace';

const ANSWER = routerAnswer('heroes');

describe('ask command', () => {
  const ws = useAskWorkspace();

  it('prints the proposed change as a diff and writes nothing by default', async () => {
    ws.server.enqueue({ kind: 'text', text: ANSWER, chunkSize: 11 });
    const before = snapshotTree(ws.root);
    const result = await runAsk(['Add a heroes router', '--root', ws.root], ws.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\+\+\+ b\/app\/routers\/heroes\.py/);
    assert.match(result.stdout, /\+app\.include_router\(heroes\.router\)/);
    assert.match(result.stderr, /A heroes router, registered next to the teams router/);
    assert.match(result.stderr, /Context sent \(\d+ files, ~\d+ tokens\): .*app\/models\.py/);
    assert.match(result.stderr, /Model claude-sonnet-5-5: \d+ input tokens/);
    assert.deepEqual(snapshotTree(ws.root), before);
    const body = ws.server.requests[0]?.json as { model: string };
    assert.equal(body.model, MODEL_ALIASES['sonnet']);
  });

  it('writes every proposed file with --write', async () => {
    ws.server.enqueue({ kind: 'text', text: ANSWER });
    const result = await runAsk(['--write', '--root', ws.root, 'Add', 'a', 'heroes', 'router'], ws.env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'created app/routers/heroes.py\nmodified app/main.py\n');
    assert.match(readFileSync(join(ws.root, 'app/routers/heroes.py'), 'utf8'), /router = APIRouter\(prefix="\/heroes"/);
    assert.equal(readFileSync(join(ws.root, 'app/main.py'), 'utf8'), MAIN_PY.replace('import teams', 'import heroes, teams').replace('app.include_router(teams.router)\n', 'app.include_router(teams.router)\napp.include_router(heroes.router)\n'));
  });

  it('answers /crud offline when no key is set: the engine\'s proposal through the same guards', async () => {
    const result = await runAsk(['/crud Hero', '--root', ws.root], {});
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Asking offline generator/);
    assert.match(result.stdout, /\+\+\+ b\/app\/routers\/heroes\.py/);
    assert.match(result.stdout, /\+\+\+ b\/app\/main\.py/);
    assert.equal(ws.server.requests.length, 0);
  });

  it('refuses /crud for an unknown model with the engine\'s reason', async () => {
    const result = await runAsk(['/crud Villain', '--root', ws.root], {});
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Villain/);
  });

  it('uses a chosen model and a workspace agent', async () => {
    await runAsk(['hello', '--root', ws.root, '--model', 'haiku'], ws.env);
    assert.equal((ws.server.requests[0]?.json as { model: string }).model, MODEL_ALIASES['haiku']);
    await assert.rejects(runAsk(['hello', '--root', ws.root, '--agent', 'nobody'], ws.env), (error: unknown) => error instanceof CliError && /No agent named "nobody"/.test(error.message));
  });

  it('fails clearly without a key, with a rejected key, and on bad usage', async () => {
    const before = snapshotTree(ws.root);
    const noKey = await runAsk(['Add an endpoint', '--root', ws.root], { ANTHROPIC_BASE_URL: ws.server.url });
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /No Anthropic API key is set/);

    const badKey = await runAsk(['Add an endpoint', '--root', ws.root, '--write'], { ANTHROPIC_API_KEY: 'sk-ant-wrong-key-000000', ANTHROPIC_BASE_URL: ws.server.url });
    assert.equal(badKey.code, 1);
    assert.match(badKey.stderr, /API key was rejected \(401\)/);
    assert.deepEqual(snapshotTree(ws.root), before);

    await assert.rejects(runAsk(['--root'], ws.env), UsageError);
    await assert.rejects(runAsk([], ws.env), /Write the request/);
    await assert.rejects(runAsk(['x', '--write', '--dry-run'], ws.env), /Choose one of --dry-run and --write/);
    await assert.rejects(runAsk(['x', '--root', join(ws.root, 'missing')], ws.env), (error: unknown) => error instanceof CliError && /does not exist/.test(error.message));
  });
});
