/**
 * Route discovery across the shapes of the route graph: dependencies at both ends of an
 * include, mounted sub-applications, includes in loops, and what cannot be resolved statically
 * (reported with reason and place, in the facts and in `context`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import type { ProjectFacts, UnresolvedRoute } from '../../../src/core/project/facts';
import { ProjectIndex } from '../../../src/core/project/project-index';
import { indexFixture, routeTable, unresolvedTable, temporaryProject } from './fixture-index';

function fixture(name: string): () => ProjectFacts {
  let facts: ProjectFacts | undefined;
  before(async () => {
    facts = await indexFixture(name);
  });
  return () => {
    if (!facts) throw new Error(`${name} was not indexed`);
    return facts;
  };
}

describe('route graph shapes', () => {
  describe('routes-dependencies: prefixes and dependencies on routers and includes', () => {
    const facts = fixture('routes-dependencies');
    it('joins the prefixes and merges the dependencies of every level into each route', () => {
      assert.deepEqual(routeTable(facts()), [
        'GET /v1/secure/data → read_data app/secure.py:9',
        'GET /v1/secure/reports/ → list_reports app/secure.py:14',
      ]);
      assert.deepEqual(
        facts().routes.map((route) => route.dependencies),
        [
          ['verify_key', 'verify_token', 'audit_log', 'current_user'],
          ['verify_key', 'verify_token', 'audit_log'],
        ],
      );
      assert.deepEqual(unresolvedTable(facts()), []);
    });

    it('keeps each end of an include on its own: the router\'s and the include call\'s', () => {
      assert.deepEqual(
        facts().routers.map((router) => ({ variable: router.variable, dependencies: router.dependencies, includedBy: router.includedBy })),
        [
          {
            variable: 'router',
            dependencies: ['verify_token'],
            includedBy: [{ file: 'app/main.py', target: 'app', prefix: '/v1', dependencies: ['verify_key'] }],
          },
          {
            variable: 'reports',
            dependencies: ['audit_log'],
            includedBy: [{ file: 'app/secure.py', target: 'router', prefix: '', dependencies: ['verify_token'] }],
          },
        ],
      );
    });
  });

  describe('routes-mounted-app: a sub-application mounted under a path', () => {
    const facts = fixture('routes-mounted-app');
    it('gives the sub-application\'s routes the mount path and marks them mounted', () => {
      assert.deepEqual(routeTable(facts()), [
        'GET /status → status app/main.py:9',
        'GET /v2/ping → ping app/v2/main.py:9 (mounted at /v2)',
        'GET /v2/widgets/ → list_widgets app/v2/widgets.py:6 (mounted at /v2)',
        'POST /v2/widgets/ → create_widget app/v2/widgets.py:11 (mounted at /v2)',
      ]);
      assert.deepEqual(facts().routes[1]?.mount, { path: '/v2', app: 'app', file: 'app/v2/main.py' });
      assert.deepEqual(
        facts().apps.map((app) => [app.file, app.mountedBy]),
        [
          ['app/main.py', undefined],
          ['app/v2/main.py', [{ file: 'app/main.py', target: 'app', path: '/v2' }]],
        ],
      );
    });

    it('passes over static files, which serve no routes', () => {
      assert.deepEqual(unresolvedTable(facts()), []);
    });
  });

  describe('routes-loop-includes: routers included in loops', () => {
    const facts = fixture('routes-loop-includes');
    it('expands loops over literal lists of routers, of modules, of pairs and over a module-level list', () => {
      assert.deepEqual(routeTable(facts()), [
        'GET /letters/alpha/ → read_alpha app/routers/alpha.py:6',
        'GET /v1/alpha/ → read_alpha app/routers/alpha.py:6',
        'GET /letters/beta/ → read_beta app/routers/beta.py:6',
        'GET /delta/ → read_delta app/routers/delta.py:6',
        'GET /gamma/ → read_gamma app/routers/gamma.py:6',
      ]);
      assert.deepEqual(unresolvedTable(facts()), []);
    });
  });

  describe('routes-unresolved: registrations only running the code can tell', () => {
    const facts = fixture('routes-unresolved');
    it('reports each with the reason and the place instead of dropping it', () => {
      assert.deepEqual(unresolvedTable(facts()), [
        'app/main.py:9 prefix: the prefix has no value the index can compute; paths below it show it in braces',
        'app/main.py:12 include: plugin_router comes from getattr(...), which the index does not evaluate',
        'app/main.py:15 include: included in a loop over plugins.all_routers(), which is not a literal list or tuple',
        'app/main.py:20 route: the methods= of echo\'s api_route is not a literal list of HTTP methods',
        'app/main.py:28 route: internal comes from getattr(...), which the index does not evaluate; the route is listed without the prefixes above it',
        'app/main.py:33 mount: legacy.build() is a call the index cannot follow to an app or router',
      ]);
      assert.deepEqual(
        (facts().unresolvedRoutes ?? []).map((entry: UnresolvedRoute) => entry.expression),
        [
          'computed_prefix("settings")',
          'app.include_router(plugin_router)',
          'app.include_router(router, prefix="/plugins")',
          'app.api_route("/echo", methods=METHODS)',
          '@internal.get("/internal") internal_status',
          'app.mount("/legacy", legacy.build())',
        ],
      );
    });

    it('still lists what it can, with the unknown prefix in braces', () => {
      assert.deepEqual(routeTable(facts()), [
        'GET /old → old app/legacy.py:7',
        'GET /internal → internal_status app/main.py:28',
        'GET /hello → hello app/plugins.py:6',
        'GET {computed_prefix("settings")}/current → current_settings app/settings_api.py:6',
      ]);
    });

    it('shows them in `context`, as text and as JSON', function () {
      this.timeout(60_000);
      const run = (...args: string[]): string => {
        const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'context', '--root', 'test/fixtures/routes-unresolved', ...args], {
          cwd: resolve(__dirname, '../../..'),
          encoding: 'utf8',
        });
        assert.equal(result.status, 0, result.stderr);
        return result.stdout;
      };
      const text = run();
      assert.match(text, /^Unresolved routes \(6\): registrations the index cannot follow without running the code$/m);
      assert.match(text, /^ {2}app\/main\.py:12 include: app\.include_router\(plugin_router\)\n {4}plugin_router comes from getattr\(\.\.\.\), which the index does not evaluate$/m);
      assert.match(text, /^ {2}app\/main\.py:33 mount: app\.mount\("\/legacy", legacy\.build\(\)\)$/m);
      const json = JSON.parse(run('--json')) as { unresolvedRoutes: { file: string; line: number; kind: string; reason: string }[] };
      assert.deepEqual(
        json.unresolvedRoutes.map((entry) => `${entry.file}:${entry.line} ${entry.kind}`),
        ['app/main.py:9 prefix', 'app/main.py:12 include', 'app/main.py:15 include', 'app/main.py:20 route', 'app/main.py:28 route', 'app/main.py:33 mount'],
      );
    });
  });

  describe('after a save', () => {
    it('follows a new mount and a loop that became literal, and forgets what they replaced', async () => {
      const root = temporaryProject({
        'pyproject.toml': '[project]\nname = "saved"\n',
        'app/__init__.py': '',
        'app/sub.py': 'from fastapi import FastAPI\n\nsub = FastAPI()\n\n\n@sub.get("/inner")\ndef inner() -> str:\n    return "inner"\n',
        'app/parts.py': 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/part")\ndef part() -> str:\n    return "part"\n',
        'app/main.py': 'from fastapi import FastAPI\n\nfrom app import parts\n\napp = FastAPI()\nfor r in find_routers():\n    app.include_router(r)\n',
      });
      try {
        const index = new ProjectIndex({ root, source: new NodeFileSource(root) });
        const before = await index.build();
        assert.deepEqual(routeTable(before), ['GET /part → part app/parts.py:6', 'GET /inner → inner app/sub.py:6']);
        assert.deepEqual(unresolvedTable(before), ['app/main.py:7 include: included in a loop over find_routers(), which is not a literal list or tuple']);
        writeFileSync(
          join(root, 'app/main.py'),
          'from fastapi import FastAPI\n\nfrom app import parts\nfrom app.sub import sub\n\napp = FastAPI()\nfor r in [parts.router]:\n    app.include_router(r, prefix="/p")\napp.mount("/sub", sub)\n',
        );
        const after = await index.update(['app/main.py']);
        assert.deepEqual(routeTable(after), ['GET /p/part → part app/parts.py:6', 'GET /sub/inner → inner app/sub.py:6 (mounted at /sub)']);
        assert.deepEqual(unresolvedTable(after), []);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  });
});
