import { strict as assert } from 'node:assert';
import { outOfScopeFile } from '../../../src/core/agent/assistant-scope';
import { outOfScopeRequest, scopeReply } from '../../../src/core/agent/scope-request';

describe('outOfScopeFile', () => {
  it('names the kind of every file the assistant does not write', () => {
    const refused: readonly [string, string][] = [
      ['ui/index.HTML', 'frontend'],
      ['src/pages/heroes.mjs', 'frontend'],
      ['frontend/package.json', 'frontend'],
      ['backend/app/alembic/versions/1a2b_add_motto.py', 'migration'],
      ['backend/app/alembic/env.py', 'migration'],
      ['alembic.ini', 'migration'],
      ['services/api/migrations/0001_initial.py', 'migration'],
      ['backend/Dockerfile', 'deployment'],
      ['Dockerfile.prod', 'deployment'],
      ['api.dockerfile', 'deployment'],
      ['.dockerignore', 'deployment'],
      ['docker-compose.override.yml', 'deployment'],
      ['compose.prod.yaml', 'deployment'],
      ['kubernetes/service.yml', 'deployment'],
      ['charts/api/Chart.yaml', 'deployment'],
      ['kustomization.yaml', 'deployment'],
      ['terraform/variables.tfvars', 'deployment'],
      ['ops/network.tf', 'deployment'],
      ['.github/workflows/release.yaml', 'deployment'],
      ['.github/actions/setup/action.yml', 'deployment'],
      ['Procfile', 'deployment'],
      ['fly.toml', 'deployment'],
    ];
    for (const [path, kind] of refused) {
      assert.equal(outOfScopeFile(path)?.kind, kind, path);
    }
  });

  it('tells a Kubernetes manifest by its content, in a folder of any name', () => {
    const manifest = '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\n';
    assert.equal(outOfScopeFile('ops/service.yaml', manifest)?.what, 'a Kubernetes manifest');
    assert.equal(outOfScopeFile('ops/service.yaml', 'name: api\nkind: fruit\n'), undefined, 'kind alone is not a manifest');
    assert.equal(outOfScopeFile('docs/openapi.yaml', 'openapi: 3.1.0\ninfo:\n  title: Heroes\n  version: "1"\n'), undefined);
  });

  it('keeps the backend: models, routers, settings, tests, project configuration and data', () => {
    for (const path of [
      'app/models.py',
      'app/models/hero.py',
      'app/core/config.py',
      'app/routers/deployments.py',
      'app/services/migration_report.py',
      'tests/test_heroes.py',
      'pyproject.toml',
      'requirements.txt',
      'app/data/heroes.yaml',
      'openapi.json',
      'README.md',
    ]) {
      assert.equal(outOfScopeFile(path), undefined, path);
    }
  });
});

describe('outOfScopeRequest', () => {
  it('recognises requests to write what the assistant does not', () => {
    const asked: readonly [string, string][] = [
      ['Write a Dockerfile', 'deployment'],
      ['can you create a docker-compose file with postgres', 'deployment'],
      ['add k8s manifests for the api', 'deployment'],
      ['generate terraform for an RDS database', 'deployment'],
      ['set up a CI pipeline that runs pytest', 'deployment'],
      ['add an alembic migration for the new column', 'migration'],
      ['write the database migration for Hero.age', 'migration'],
      ['make a React page for heroes', 'frontend'],
      ['build a login page', 'frontend'],
      ['create an HTML template listing teams', 'frontend'],
    ];
    for (const [request, kind] of asked) {
      assert.equal(outOfScopeRequest(request)?.kind, kind, request);
    }
  });

  it('leaves backend requests and questions to the model', () => {
    for (const request of [
      'Add a search endpoint for heroes by name',
      'add a health endpoint for the load balancer',
      'add a readiness route for the Kubernetes probes',
      'How do I run alembic upgrade head?',
      'What does the Dockerfile do?',
      'Add a motto field to Hero',
      'explain the React integration',
      '',
    ]) {
      assert.equal(outOfScopeRequest(request), undefined, request);
    }
  });

  it('offers the API a page needs for a table model the request names', () => {
    const asked = outOfScopeRequest('make a React page listing heroes and teams');
    assert.ok(asked !== undefined);
    const reply = scopeReply(asked, 'make a React page listing heroes and teams', ['Hero', 'Team', 'Mission']);
    assert.match(reply, /^I don't write frontend code: I keep to the backend and leave frontend or UI code to you\./);
    assert.match(reply, /`\/crud Hero` or `\/crud Team` proposes/);
    assert.doesNotMatch(reply, /Mission/);
    const general = scopeReply(asked, 'make a React page', []);
    assert.match(general, /`\/endpoint <what it does>`/);
  });
});
