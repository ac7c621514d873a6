/**
 * The secret corpus against everything that is sent: workspace files (named in the request and
 * picked as context), the /crud draft, earlier turns and the request itself, through `ask` and
 * `runAgent` with the real SDK and the local Messages API server.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AnthropicTestServer } from '../../support/anthropic-server';
import { runAsk } from '../../support/ask-cli';
import { runAgainstServer } from './support/agent-harness';
import { FILE_SECRETS, MUST_STILL_BE_SENT, OUTSIDE_FILE, SECRET_FILES, TYPED_SECRETS } from './support/secret-corpus';
import { useAskWorkspace } from './support/ask-workspace';
import { PLANTED } from './support/temp-workspace';

const NAMED_FILES = 'app/config.py tests/test_auth.py docker-compose.yml alembic.ini local_settings.py app/linked.py';

describe('secret corpus against everything sent', () => {
  const ws = useAskWorkspace();
  let outside: string;
  beforeEach(() => {
    for (const [path, text] of Object.entries(SECRET_FILES)) {
      mkdirSync(dirname(join(ws.root, path)), { recursive: true });
      writeFileSync(join(ws.root, path), text);
    }
    outside = mkdtempSync(join(tmpdir(), 'secret-outside-'));
    writeFileSync(join(outside, 'secret.py'), OUTSIDE_FILE);
    symlinkSync(join(outside, 'secret.py'), join(ws.root, 'app/linked.py'));
  });
  afterEach(() => {
    rmSync(outside, { recursive: true, force: true });
  });

  /** Every string in the request bodies, unescaped: what the model reads. */
function textsSent(server: AnthropicTestServer): string {
  const strings: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  server.requests.forEach((request) => walk(request.json));
  return strings.join('\n');
}

function leaked(sent: string, secrets: readonly { name: string; value: string }[]): string[] {
    return secrets.filter((secret) => sent.includes(secret.value)).map((secret) => secret.name);
  }

  it(`sends none of the ${FILE_SECRETS.length + TYPED_SECRETS.length + 5} planted secrets through /crud with its draft and named files`, async () => {
    const typed = TYPED_SECRETS[0]?.value ?? '';
    ws.server.enqueue({ kind: 'text', text: 'Nothing to change.' });
    const result = await runAsk(['--root', ws.root, `/crud Hero also read ${NAMED_FILES}; my key is ${PLANTED.apiKey} and my token ${typed}`], ws.env);
    assert.equal(result.code, 0, result.stderr);
    const sent = ws.server.everythingSent();
    assert.match(sent, /Draft from the offline generator/, 'the draft was part of the request');
    assert.ok(sent.includes('app.include_router(teams.router)'), 'the draft carried app/main.py');
    assert.deepEqual(leaked(sent, [...FILE_SECRETS, ...TYPED_SECRETS.slice(0, 1), ...Object.entries(PLANTED).map(([name, value]) => ({ name, value }))]), []);
    const read = textsSent(ws.server);
    assert.deepEqual(leaked(read, FILE_SECRETS), []);
    for (const text of MUST_STILL_BE_SENT) assert.ok(read.includes(text), `scrubbing removed ${text}`);
  });

  it('keeps the list of files sent and withheld true', async () => {
    ws.server.enqueue({ kind: 'text', text: 'Nothing to change.' });
    const result = await runAsk(['--root', ws.root, `Explain ${NAMED_FILES}`], ws.env);
    assert.equal(result.code, 0, result.stderr);
    const sentLine = /Context sent \(\d+ files[^)]*\): (.*)\n/.exec(result.stderr)?.[1] ?? '';
    const sentFiles = sentLine.split(', ');
    for (const path of ['app/config.py', 'tests/test_auth.py', 'docker-compose.yml', 'alembic.ini']) assert.ok(sentFiles.includes(path), `${path} listed as sent`);
    for (const path of ['local_settings.py', 'app/linked.py']) assert.ok(!sentFiles.includes(path), `${path} not listed as sent`);
    assert.match(result.stderr, /Never sent: .*local_settings\.py \(ignored by git\)/);
    assert.match(result.stderr, /Never sent: .*app\/linked\.py \(a symlink to a file outside the workspace\)/);
    const body = ws.server.everythingSent();
    for (const path of sentFiles) assert.ok(body.includes(`### ${path}`), `${path} is in the request`);
    assert.ok(!body.includes('### local_settings.py') && !body.includes('### app/linked.py'));
  });

  it('scrubs earlier turns of the conversation', async () => {
    const secret = TYPED_SECRETS[1]?.value ?? '';
    await runAgainstServer(ws.root, ws.server, {
      request: 'Now add a search endpoint',
      history: [
        { role: 'user', text: `Connect with DB_PASSWORD="${secret}" and ${PLANTED.apiKey}` },
        { role: 'assistant', text: 'Noted.' },
      ],
    });
    const sent = ws.server.everythingSent();
    assert.ok(sent.includes('Connect with DB_PASSWORD='), 'the turn was sent');
    assert.ok(!sent.includes(secret) && !sent.includes(PLANTED.apiKey));
  });

  it('puts a redacted value back only into the file that held it', async () => {
    ws.server.enqueue({ kind: 'text', text: 'Nothing to change.' });
    await runAsk(['--root', ws.root, '/crud Hero'], ws.env);
    const marker = /SECRET_KEY = "(\[redacted-\d+\])"/.exec(textsSent(ws.server))?.[1];
    assert.ok(marker !== undefined, 'the draft showed a marker in place of the secret');
    const mainPy = SECRET_FILES['app/main.py'] ?? '';
    const answer = [
      '```python path=app/main.py',
      mainPy.replace(FILE_SECRETS[0]?.value ?? '', marker).replace('app = FastAPI()', 'app = FastAPI(title="Heroes")').trimEnd(),
      '```',
      '',
      '```python path=app/leak.py',
      `COPY = "${marker}"`,
      '```',
    ].join('\n');
    ws.server.enqueue({ kind: 'text', text: answer });
    const result = await runAsk(['--write', '--root', ws.root, '/crud Hero'], ws.env);
    assert.match(result.stdout, /modified app\/main\.py/, result.stderr);
    assert.match(result.stderr, /"app\/leak\.py"\) was rejected: it contains \[redacted-\d+\], a value withheld from the model/);
    assert.equal(readFileSync(join(ws.root, 'app/main.py'), 'utf8'), mainPy.replace('app = FastAPI()', 'app = FastAPI(title="Heroes")'));
  });
});
