/**
 * The assistant's limits on the command line, through the real SDK and the local Messages API
 * server: a proposed frontend file, migration, deployment, infrastructure or CI file is refused
 * with its reason and listed in the JSON output, the rest of the answer is still proposed, and a
 * request for such a file without a key gets the short offline answer instead of an error.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REJECTED_BLOCKS_EXIT_CODE } from '../../../src/cli/ask-command';
import { fileBlock, runAsk } from '../../support/ask-cli';
import { useAskWorkspace } from './support/ask-workspace';
import { snapshotTree } from './support/temp-workspace';

/** Every kind of file the assistant does not write, as a model might propose it. */
const REFUSED: readonly { readonly path: string; readonly body: string; readonly language: string; readonly kind: string; readonly what: RegExp }[] = [
  { path: 'frontend/src/HeroList.tsx', body: 'export const HeroList = () => <ul />;', language: 'tsx', kind: 'frontend', what: /frontend code \(\.tsx\)/ },
  { path: 'web/app.js', body: 'fetch("/heroes");', language: 'javascript', kind: 'frontend', what: /frontend code \(\.js\)/ },
  { path: 'web/api.ts', body: 'export const base = "/api";', language: 'typescript', kind: 'frontend', what: /frontend code \(\.ts\)/ },
  { path: 'web/Hero.jsx', body: 'export default () => null;', language: 'jsx', kind: 'frontend', what: /frontend code \(\.jsx\)/ },
  { path: 'web/Hero.vue', body: '<template><p/></template>', language: 'vue', kind: 'frontend', what: /frontend code \(\.vue\)/ },
  { path: 'web/Hero.svelte', body: '<p>hero</p>', language: 'svelte', kind: 'frontend', what: /frontend code \(\.svelte\)/ },
  { path: 'app/templates/heroes.html', body: '<ul></ul>', language: 'html', kind: 'frontend', what: /frontend code \(\.html\)/ },
  { path: 'static/site.css', body: 'body { margin: 0; }', language: 'css', kind: 'frontend', what: /frontend code \(\.css\)/ },
  { path: 'static/site.scss', body: '$gap: 4px;', language: 'scss', kind: 'frontend', what: /frontend code \(\.scss\)/ },
  { path: 'alembic/versions/0001_add_hero.py', body: 'revision = "0001"', language: 'python', kind: 'migration', what: /a database migration file/ },
  { path: 'migrations/0002_hero_age.py', body: 'revision = "0002"', language: 'python', kind: 'migration', what: /a database migration file/ },
  { path: 'app/migrations/0003_team.sql', body: 'ALTER TABLE team ADD COLUMN motto TEXT;', language: 'sql', kind: 'migration', what: /a database migration file/ },
  { path: 'Dockerfile', body: 'FROM python:3.12-slim', language: 'dockerfile', kind: 'deployment', what: /a Dockerfile/ },
  { path: 'docker-compose.yml', body: 'services:\n  api:\n    build: .', language: 'yaml', kind: 'deployment', what: /a Docker Compose file/ },
  { path: 'compose.yaml', body: 'services:\n  db:\n    image: postgres', language: 'yaml', kind: 'deployment', what: /a Docker Compose file/ },
  { path: 'k8s/deployment.yaml', body: 'replicas: 2', language: 'yaml', kind: 'deployment', what: /a Kubernetes manifest/ },
  { path: 'deploy/api.yaml', body: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api', language: 'yaml', kind: 'deployment', what: /a Kubernetes manifest/ },
  { path: 'helm/api/values.yaml', body: 'image: api', language: 'yaml', kind: 'deployment', what: /a Helm chart/ },
  { path: 'infra/main.tf', body: 'resource "aws_s3_bucket" "b" {}', language: 'hcl', kind: 'deployment', what: /Terraform configuration/ },
  { path: '.github/workflows/ci.yml', body: 'on: push', language: 'yaml', kind: 'deployment', what: /CI workflows/ },
  { path: '.gitlab-ci.yml', body: 'test:\n  script: pytest', language: 'yaml', kind: 'deployment', what: /CI configuration/ },
  { path: 'Jenkinsfile', body: 'pipeline {}', language: 'groovy', kind: 'deployment', what: /CI configuration/ },
  { path: '.circleci/config.yml', body: 'version: 2.1', language: 'yaml', kind: 'deployment', what: /CI configuration/ },
];

const MODEL_EDIT = [
  '```edit path=app/models.py',
  '<<<<<<< SEARCH',
  '    age: int | None = None',
  '=======',
  '    age: int | None = None',
  '    motto: str | None = Field(default=None, max_length=200)',
  '>>>>>>> REPLACE',
  '```',
].join('\n');

const SETTINGS_EDIT = [
  '```edit path=app/config.py',
  '<<<<<<< SEARCH',
  '    PROJECT_NAME: str = "Heroes"',
  '=======',
  '    PROJECT_NAME: str = "Heroes"',
  '    HEROES_PAGE_SIZE: int = 50',
  '>>>>>>> REPLACE',
  '```',
].join('\n');

interface JsonRejection {
  readonly block: number;
  readonly path?: string;
  readonly reason: string;
  readonly outOfScope?: string;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('ask keeps to the backend', () => {
  const ws = useAskWorkspace();

  it('refuses every frontend, migration, deployment, infrastructure and CI file with its reason, and writes the model and settings change', async () => {
    const answer = [
      'The backend part is below; the rest is not mine to write.',
      ...REFUSED.map((file) => fileBlock(file.path, file.body, file.language)),
      MODEL_EDIT,
      SETTINGS_EDIT,
      fileBlock('.env', 'HEROES_PAGE_SIZE=50', 'text'),
    ].join('\n\n');
    ws.server.enqueue({ kind: 'text', text: answer });
    const before = snapshotTree(ws.root);
    const result = await runAsk(['--write', '--json', '--root', ws.root, 'Add a motto to heroes, with a page, a migration and a deployment'], ws.env);
    assert.equal(result.code, REJECTED_BLOCKS_EXIT_CODE, result.stderr);

    const output = JSON.parse(result.stdout) as { written: string[]; rejected: JsonRejection[] };
    assert.deepEqual(output.written.sort(), ['app/config.py', 'app/models.py']);
    assert.match(readFileSync(join(ws.root, 'app/models.py'), 'utf8'), /motto: str \| None = Field\(default=None, max_length=200\)/);
    assert.match(readFileSync(join(ws.root, 'app/config.py'), 'utf8'), /HEROES_PAGE_SIZE: int = 50/);
    const after = snapshotTree(ws.root);
    for (const written of ['app/models.py', 'app/config.py']) {
      delete after[written];
      delete before[written];
    }
    assert.deepEqual(after, before, 'nothing but the model and settings files was written');

    for (const file of REFUSED) {
      const entry = output.rejected.find((rejection) => rejection.path === file.path);
      assert.ok(entry !== undefined, `${file.path} is listed as refused`);
      assert.equal(entry.outOfScope, file.kind, file.path);
      assert.match(entry.reason, file.what, file.path);
      assert.match(result.stderr, new RegExp(`${escape(JSON.stringify(file.path))}\\) was rejected: `), file.path);
      assert.equal(existsSync(join(ws.root, file.path)), false, `${file.path} was written`);
    }
    const env_ = output.rejected.find((rejection) => rejection.path === '.env');
    assert.ok(env_ !== undefined && env_.outOfScope === undefined && /environment file/.test(env_.reason), '.env is refused as a secret file');
    assert.equal(output.rejected.length, REFUSED.length + 1);
    assert.match(result.stderr, /assistant does not write frontend or UI code; ask for the backend part instead/);
    assert.match(result.stderr, new RegExp(`${REFUSED.length + 1} blocks were rejected; the rest was written\\.`));
  });

  it('an answer made only of refused files writes nothing, says so, and exits with the rejection code', async () => {
    ws.server.enqueue({ kind: 'text', text: ['Here is a Dockerfile and a compose file.', fileBlock('Dockerfile', 'FROM python:3.12-slim', 'dockerfile'), fileBlock('docker-compose.yml', 'services: {}', 'yaml')].join('\n\n') });
    const before = snapshotTree(ws.root);
    const result = await runAsk(['--write', '--root', ws.root, 'Containerise the app'], ws.env);
    assert.equal(result.code, REJECTED_BLOCKS_EXIT_CODE, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Nothing was proposed or written: every file block of the answer was refused \(2; reasons above\)/);
    assert.match(result.stderr, /"Dockerfile"\) was rejected: it is a Dockerfile, and the assistant does not write deployment, infrastructure or CI files/);
    assert.deepEqual(snapshotTree(ws.root), before);

    ws.server.enqueue({ kind: 'text', text: fileBlock('alembic/versions/0001.py', 'revision = "0001"') });
    const json = await runAsk(['--json', '--root', ws.root, 'Add a migration'], ws.env);
    assert.equal(json.code, REJECTED_BLOCKS_EXIT_CODE, json.stderr);
    const output = JSON.parse(json.stdout) as { changes: unknown[]; rejected: JsonRejection[] };
    assert.deepEqual(output.changes, []);
    assert.deepEqual(output.rejected.map((entry) => [entry.path, entry.outOfScope]), [['alembic/versions/0001.py', 'migration']]);
  });

  it('keeps YAML that is not a manifest, and Python outside migration folders', async () => {
    const answer = [fileBlock('app/data/heroes.yaml', 'heroes:\n  - name: Deadpond', 'yaml'), fileBlock('app/services/migration_report.py', '"""Counts heroes moved between teams."""\n')].join('\n\n');
    ws.server.enqueue({ kind: 'text', text: answer });
    const result = await runAsk(['--root', ws.root, 'Add seed data and a report'], ws.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\+\+\+ b\/app\/data\/heroes\.yaml/);
    assert.match(result.stdout, /\+\+\+ b\/app\/services\/migration_report\.py/);
  });

  it('the system prompt sent to the model states the limits and the route documentation asked for', async () => {
    ws.server.enqueue({ kind: 'text', text: 'Noted.' });
    await runAsk(['--root', ws.root, 'Write a Dockerfile'], ws.env);
    const body = ws.server.requests[0]?.json as { system: { text: string }[] };
    const system = body.system.map((block) => block.text).join('\n');
    for (const phrase of [/You do not write, create or edit/, /frontend or UI code/, /database migration files/, /Dockerfiles, Docker Compose files, Kubernetes manifests/, /never `\.env` files/, /offer \(or, when the request has a\s+backend part, do\) the backend part/]) {
      assert.match(system, phrase);
    }
    for (const phrase of [/who may call it \(public, any signed-in user, the owner of the row, or a\s+superuser\)/, /`responses=` for every status the handler can answer/, /`detail: str`/]) {
      assert.match(system, phrase);
    }
  });

  it('without a key, answers a request for a Dockerfile, a migration or a React page briefly and offers the backend part', async () => {
    const cases: readonly [string, RegExp, RegExp][] = [
      ['write a Dockerfile for this app', /^I don't write a Dockerfile: I keep to the backend and leave deployment, infrastructure or CI files to you\./m, /a health endpoint the platform can probe/],
      ['add an alembic migration for the hero age column', /^I don't write an Alembic migration: I keep to the backend and leave database migration files to you\./m, /the change to Hero that the migration follows/],
      ['make a React page for heroes', /^I don't write frontend code: I keep to the backend and leave frontend or UI code to you\./m, /`\/crud Hero` proposes list, read, create, update and delete endpoints/],
      ['set up GitHub Actions to run the tests', /^I don't write a CI pipeline:/m, /settings read from the environment/],
    ];
    const before = snapshotTree(ws.root);
    for (const [request, declined, offered] of cases) {
      const result = await runAsk(['--root', ws.root, request], {});
      assert.equal(result.code, 0, `${request}: ${result.stderr}`);
      assert.match(result.stderr, /Asking offline generator/, request);
      assert.match(result.stderr, declined, request);
      assert.match(result.stderr, offered, request);
      assert.match(result.stderr, /No file changes were proposed\./, request);
      assert.match(result.stderr, /Answered offline: nothing was sent to a model\./, request);
      assert.equal(result.stdout, '', request);
    }
    assert.equal(ws.server.requests.length, 0, 'nothing was sent anywhere');
    assert.deepEqual(snapshotTree(ws.root), before);
  });

  it('without a key, /crud with a migration asked for gives the engine\'s proposal and the short note', async () => {
    const result = await runAsk(['/crud Hero and write the alembic migration for it', '--root', ws.root], {});
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /I don't write an Alembic migration/);
    assert.match(result.stdout, /\+\+\+ b\/app\/routers\/heroes\.py/);
    assert.doesNotMatch(result.stdout, /alembic/);
  });

  it('without a key, a backend request or a question about these tools still needs a model', async () => {
    for (const request of ['Add a search endpoint for heroes', 'How do I run alembic upgrade head?']) {
      const result = await runAsk(['--root', ws.root, request], { ANTHROPIC_BASE_URL: ws.server.url });
      assert.equal(result.code, 1, request);
      assert.match(result.stderr, /No Anthropic API key is set/, request);
    }
  });
});
