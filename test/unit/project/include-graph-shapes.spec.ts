import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { describeProject, factsForJson } from '../../../src/core/project/describe';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { evaluateArithmetic } from '../../../src/core/project/constant-arithmetic';
import { indexFixture, routeLines, temporaryProject } from './fixture-index';

describe('project index: app factories, conditional includes and test apps (src-package)', () => {
  let facts: ProjectFacts;
  before(async () => {
    facts = await indexFixture('src-package');
  });

  it('follows the router passed to the app factory, so every route has the /api/v1 prefix', () => {
    assert.deepEqual(routeLines(facts), [
      'GET /api/v1/tags/ → read_tags',
      'GET /api/v1/tags/{tag_id} → read_tag',
      'POST /api/v1/tags/ → create_tag',
      'GET /api/v1/debug/ping → ping',
    ]);
    const api = facts.routers.find((router) => router.variable === 'api_router');
    assert.deepEqual(api?.includedBy, [{ file: 'src/main.py', target: 'application', prefix: '/api/v1' }]);
  });

  it('names the app by the variable the factory call assigns, where tests can import it', () => {
    assert.deepEqual(facts.apps, [{ file: 'src/main.py', module: 'src.main', variable: 'app' }]);
  });

  it('marks the include under an if, and its routes, as conditional', () => {
    const debug = facts.routers.find((router) => router.file === 'src/apps/debug/routes.py');
    assert.deepEqual(debug?.includedBy[0]?.conditions, ['settings.ENVIRONMENT == "local"']);
    const ping = facts.routes.find((route) => route.functionName === 'ping');
    assert.deepEqual(ping?.conditions, ['settings.ENVIRONMENT == "local"']);
    assert.equal(facts.routes.find((route) => route.functionName === 'read_tags')?.conditions, undefined);
    assert.match(describeProject(facts), /GET +\/api\/v1\/debug\/ping +public +→ ping .* only if settings\.ENVIRONMENT == "local"/);
  });

  it('keeps the apps and routers the tests build out of the project\'s', () => {
    assert.equal(facts.routes.some((route) => route.file.startsWith('tests/')), false);
    assert.equal(facts.routers.some((router) => router.file.startsWith('tests/')), false);
    assert.equal(facts.conventions.includePoint.value?.file.startsWith('tests/'), false);
  });
});

describe('project index: a project below the workspace root (fullstack-monorepo)', () => {
  let facts: ProjectFacts;
  before(async () => {
    facts = await indexFixture('fullstack-monorepo');
  });

  it('finds the project in backend/ and places defaults there', () => {
    assert.deepEqual(facts.pythonProjects.map((project) => [project.root, project.packages]), [['backend', ['app', 'tests']]]);
    assert.equal(facts.conventions.layout.testsDir.value, 'backend/tests');
    assert.equal(facts.models.find((model) => model.name === 'Warehouse')?.module, 'app.models');
  });

  it('keeps settings that are expressions, None and required, with 1-based lines in JSON', () => {
    const settings = facts.settings[0];
    const field = (name: string): unknown => {
      const found = settings?.fields.find((candidate) => candidate.name === name);
      return found && { default: found.default, value: found.value, required: found.required };
    };
    assert.deepEqual(field('ACCESS_TOKEN_EXPIRE_MINUTES'), { default: '60 * 24 * 8', value: 11520, required: false });
    assert.deepEqual(field('SENTRY_DSN'), { default: 'None', value: null, required: false });
    assert.equal(settings?.literals['SENTRY_DSN'], undefined);
    assert.equal(settings?.literals['ACCESS_TOKEN_EXPIRE_MINUTES'], '11520');
    const json = factsForJson(facts) as { settings: { fields: { name: string; range: { line: number } }[] }[] };
    const expire = json.settings[0]?.fields.find((candidate) => candidate.name === 'ACCESS_TOKEN_EXPIRE_MINUTES');
    assert.equal(expire?.range.line, 14);
    assert.match(describeProject(facts), /ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 \* 24 \* 8 {2}\(= 11520\)/);
  });
});

describe('constant arithmetic in settings', () => {
  it('computes what Python computes, and nothing that is not constant', () => {
    assert.equal(evaluateArithmetic('60 * 24 * 8'), 11520);
    assert.equal(evaluateArithmetic('2 ** 10 - 1'), 1023);
    assert.equal(evaluateArithmetic('-2 ** 2'), -4);
    assert.equal(evaluateArithmetic('(1 + 2) / 4'), 0.75);
    assert.equal(evaluateArithmetic('7 // 2 + 7 % 3'), 4);
    assert.equal(evaluateArithmetic('1_000 * 60'), 60000);
    assert.equal(evaluateArithmetic('60 * MINUTES'), undefined);
    assert.equal(evaluateArithmetic('1 / 0'), undefined);
    assert.equal(evaluateArithmetic('"a" * 3'), undefined);
    assert.equal(evaluateArithmetic('(1 + 2'), undefined);
  });
});

describe('project index: apps and routers passed to registration functions', () => {
  it('follows an app passed to a function that includes the routers, and a router passed by keyword', async () => {
    const root = temporaryProject({
      'app/routers/items.py': [
        'from fastapi import APIRouter',
        '',
        'router = APIRouter(prefix="/items")',
        '',
        '',
        '@router.get("/")',
        'def list_items() -> list[str]:',
        '    return []',
        '',
      ].join('\n'),
      'app/routers/admin.py': [
        'from fastapi import APIRouter',
        '',
        'admin_router = APIRouter(prefix="/admin")',
        '',
        '',
        '@admin_router.get("/stats")',
        'def stats() -> dict[str, int]:',
        '    return {}',
        '',
      ].join('\n'),
      'app/registration.py': [
        'from fastapi import APIRouter, FastAPI',
        '',
        'from app.routers import items',
        '',
        '',
        'def register_routers(application: FastAPI, extra: APIRouter) -> None:',
        '    application.include_router(items.router, prefix="/api")',
        '    application.include_router(extra, prefix="/api")',
        '',
      ].join('\n'),
      'app/main.py': [
        'from fastapi import FastAPI',
        '',
        'from app.routers.admin import admin_router',
        'from app.registration import register_routers',
        '',
        'app = FastAPI()',
        'register_routers(app, extra=admin_router)',
        '',
      ].join('\n'),
    });
    try {
      const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      assert.deepEqual(routeLines(facts), ['GET /api/admin/stats → stats', 'GET /api/items/ → list_items']);
      assert.deepEqual(facts.apps.map((app) => `${app.file}#${app.variable}`), ['app/main.py#app']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('project index: an app factory without arguments', () => {
  it('names the app by the module variable the factory result is assigned to', async () => {
    const root = temporaryProject({
      'app/api.py': ['from fastapi import APIRouter', '', 'api_router = APIRouter(prefix="/api")', '', '', '@api_router.get("/ping")', 'def ping() -> str:', '    return "pong"', ''].join('\n'),
      'app/main.py': [
        'from fastapi import FastAPI',
        '',
        'from app.api import api_router',
        '',
        '',
        'def get_application() -> FastAPI:',
        '    application = FastAPI()',
        '    application.include_router(api_router)',
        '    return application',
        '',
        '',
        'app = get_application()',
        '',
      ].join('\n'),
    });
    try {
      const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      assert.deepEqual(facts.apps.map((app) => `${app.file}#${app.variable}`), ['app/main.py#app']);
      assert.deepEqual(routeLines(facts), ['GET /api/ping → ping']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
