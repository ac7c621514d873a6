/**
 * Route discovery, one fixture project per way of declaring routes: every spec asserts the
 * complete list of (method, full path, handler, file:line), and that nothing was left unresolved.
 * The lists agree with what FastAPI itself serves for each fixture (`npm run test:route-truth`).
 */
import assert from 'node:assert/strict';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { indexFixture, routeTable, unresolvedTable } from './fixture-index';

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

describe('route discovery', () => {
  describe('routes-reachable: modules reached from the app through imports and re-exports', () => {
    const facts = fixture('routes-reachable');
    it('lists every route under the prefixes of the whole include chain', () => {
      assert.deepEqual(routeTable(facts()), [
        'POST /api/customers/ → create_customer app/api/v1/customers.py:6',
        'GET /api/orders/ → list_orders app/api/v1/orders.py:6',
        'GET /api/orders/{order_id} → read_order app/api/v1/orders.py:11',
        'GET /health → health app/health.py:6',
      ]);
      assert.deepEqual(unresolvedTable(facts()), []);
      assert.deepEqual(
        facts().apps.map((app) => `${app.variable} ${app.file}`),
        ['app app/server.py'],
      );
    });
  });

  describe('routes-several-routers: several routers in one module', () => {
    const facts = fixture('routes-several-routers');
    it('tells the routers of one file apart', () => {
      assert.deepEqual(routeTable(facts()), [
        'GET / → index app/main.py:11',
        'GET /users/ → list_users app/routers.py:8',
        'GET /teams/ → list_teams app/routers.py:13',
        'POST /teams/{team_id}/members → add_member app/routers.py:18',
        'DELETE /admin/cache → clear_cache app/routers.py:23',
      ]);
      assert.deepEqual(
        facts().routers.map((router) => `${router.variable} ${router.fullPrefix} ${router.routes.length}`),
        ['users /users 1', 'teams /teams 2', 'admin /admin 1'],
      );
      assert.deepEqual(unresolvedTable(facts()), []);
    });
  });

  describe('routes-stacked-decorators: one handler under several decorators', () => {
    const facts = fixture('routes-stacked-decorators');
    it('lists one route per decorator, on the router each names', () => {
      assert.deepEqual(routeTable(facts()), [
        'GET /public/a → both_paths app/main.py:7',
        'GET /public/b → both_paths app/main.py:7',
        'GET /public/status → status app/main.py:13',
        'GET /internal/status → status app/main.py:13',
        'PUT /internal/config → write_config app/main.py:19',
        'PATCH /internal/config → write_config app/main.py:19',
      ]);
      assert.deepEqual(unresolvedTable(facts()), []);
    });
  });

  describe('routes-api-route: api_route and add_api_route', () => {
    const facts = fixture('routes-api-route');
    it('lists one route per declared method, GET when none is declared', () => {
      assert.deepEqual(routeTable(facts()), [
        'GET /things/ → things app/main.py:8',
        'POST /things/ → things app/main.py:8',
        'GET /things/default → default_method app/main.py:13',
        'GET /things/ping → ping app/main.py:18',
        'HEAD /things/ping → ping app/main.py:18',
        'GET /things/ping-default → ping app/main.py:18',
        'GET /version → version app/handlers.py:1',
      ]);
      assert.deepEqual(unresolvedTable(facts()), []);
    });

    it('places an added route at its handler and remembers where it was registered', () => {
      const version = facts().routes.find((route) => route.functionName === 'version');
      assert.equal(version?.file, 'app/handlers.py');
      assert.equal(version?.router, 'app');
      assert.equal(version?.returnAnnotation, 'dict[str, str]');
      assert.deepEqual(version?.registeredAt && [version.registeredAt.file, version.registeredAt.range.startLine + 1], ['app/main.py', 26]);
      const decorated = facts().routes.find((route) => route.functionName === 'things');
      assert.equal(decorated?.registeredAt, undefined);
    });
  });

  describe('routes-router-subclass: APIRouter subclasses', () => {
    const facts = fixture('routes-router-subclass');
    it('follows subclasses (and their subclasses) into a module that never names FastAPI', () => {
      assert.deepEqual(routeTable(facts()), [
        'GET /v1/reports/daily → daily_report app/reports.py:7',
        'GET /audit/events → audit_events app/reports.py:12',
      ]);
      assert.deepEqual(
        facts().routers.map((router) => `${router.file} ${router.variable} "${router.prefix}" "${router.fullPrefix}"`),
        ['app/reports.py router "/reports" "/v1/reports"', 'app/reports.py audit "/audit" "/audit"'],
      );
      assert.deepEqual(unresolvedTable(facts()), []);
    });
  });

  describe('routes-router-factory: functions that build and return a router', () => {
    const facts = fixture('routes-router-factory');
    it('lists the routes a factory declares once per include of what it returns', () => {
      assert.deepEqual(routeTable(facts()), [
        'GET /books/ → list_all app/factories.py:7',
        'GET /authors/ → list_all app/factories.py:7',
        'GET /books/{key} → read_one app/factories.py:11',
        'GET /authors/{key} → read_one app/factories.py:11',
        'GET /health/live → live app/factories.py:21',
      ]);
      assert.deepEqual(unresolvedTable(facts()), []);
    });

    it('keeps the two factories\' routers of the same name apart', () => {
      assert.deepEqual(
        facts().routers.map((router) => `${router.variable} "${router.prefix}" ${router.routes.length} ${router.includedBy.map((include) => include.prefix).join(',')}`),
        ['router "" 4 /books,/authors', 'router "/health" 1 '],
      );
    });
  });

  describe('routes-aliased-imports: FastAPI and APIRouter under other names', () => {
    const facts = fixture('routes-aliased-imports');
    it('follows `APIRouter as R`, `import fastapi as f` and `fastapi.routing.APIRouter as Router`', () => {
      assert.deepEqual(routeTable(facts()), [
        'GET /extra/ → extra_index app/extra.py:6',
        'GET /plain/one → plain_one app/main.py:11',
        'POST /dotted/two → dotted_two app/main.py:16',
        'GET /root → root app/main.py:21',
      ]);
      assert.deepEqual(facts().apps.map((app) => `${app.variable} ${app.file}`), ['app app/main.py']);
      assert.deepEqual(unresolvedTable(facts()), []);
    });
  });

  describe('routes-bare-router: files holding only a router', () => {
    const facts = fixture('routes-bare-router');
    it('gives a bare router the prefix it is included under, routes declared in another module included', () => {
      assert.deepEqual(routeTable(facts()), [
        'GET /items/ → list_items app/api/items.py:6',
        'DELETE /items/{item_id} → delete_item app/api/items.py:11',
        'GET /notes/latest → latest_note app/api/notes_routes.py:4',
      ]);
      const notes = facts().routers.find((router) => router.file === 'app/api/notes.py');
      assert.deepEqual(notes && [notes.prefix, notes.fullPrefix, notes.routes.map((route) => route.functionName)], ['', '/notes', ['latest_note']]);
      assert.deepEqual(unresolvedTable(facts()), []);
    });
  });
});
