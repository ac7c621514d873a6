/**
 * Route registrations made as statements (add_api_route, mount, include_router in loops) and
 * module-level constructions, read from one file; and what cannot be read, kept with a reason.
 */
import assert from 'node:assert/strict';
import type { PythonFileFacts } from '../../../src/core/python/facts';
import { parsePythonFile } from '../../../src/core/python/parse';

function includes(facts: PythonFileFacts): string[] {
  return facts.includes.map((include) => `${include.target} ← ${include.router} ${include.prefix ?? include.prefixExpression ?? '-'}`);
}

function unresolved(facts: PythonFileFacts): string[] {
  return facts.unresolvedRoutes.map((site) => `${site.range.startLine + 1} ${site.kind}: ${site.reason}`);
}

describe('python facts: route registrations', () => {
  it('expands nested loops, pairs and module-level lists; reports loops it cannot read', async () => {
    const facts = await parsePythonFile(
      'main.py',
      `ROUTERS = (a.router, b.router)
for version in ["/v1", "/v2"]:
    for r in ROUTERS:
        app.include_router(r, prefix=version)
for name, module in [("x", x), ("y", y)]:
    app.include_router(module.router, tags=[name])
for r, p in [(a.router, "/a", "extra")]:
    app.include_router(r, prefix=p)
for r in discover():
    app.include_router(r)
for unused in range(3):
    app.include_router(c.router, prefix=f"/{unused}")
for ignored in range(3):
    print(ignored)
app.include_router(d.router)
`,
    );
    assert.deepEqual(includes(facts), [
      'app ← a.router /v1',
      'app ← b.router /v1',
      'app ← a.router /v2',
      'app ← b.router /v2',
      'app ← x.router -',
      'app ← y.router -',
      'app ← d.router -',
    ]);
    assert.deepEqual(unresolved(facts), [
      '8 include: included in a loop whose item (a.router, "/a", "extra") does not unpack into r, p',
      '10 include: included in a loop over discover(), which is not a literal list or tuple',
      '12 include: included in a loop over range(3), which is not a literal list or tuple',
    ]);
  });

  it('reads add_api_route with positional or keyword arguments, and mounts', async () => {
    const facts = await parsePythonFile(
      'main.py',
      `def ping(q: int) -> str:
    return "pong"

router.add_api_route("/ping", ping, methods=["GET", "get", "HEAD"], status_code=202)
app.add_api_route(path="/other", endpoint=handlers.other, response_model=Other)
router.add_api_route("/computed", ping, methods=ALLOWED)
router.add_api_route("/no-endpoint")
app.mount("/v2", v2.app)
app.mount(path=PREFIX, app=legacy_app, name="legacy")
`,
    );
    assert.deepEqual(
      facts.routes.map((route) => [route.method, route.path, route.owner, route.functionName, route.endpoint, route.parameters.map((p) => p.name), route.range.startLine + 1]),
      [
        ['get', '/ping', 'router', 'ping', 'ping', ['q'], 4],
        ['head', '/ping', 'router', 'ping', 'ping', ['q'], 4],
        ['get', '/other', 'app', 'other', 'handlers.other', [], 5],
      ],
    );
    assert.equal(facts.routes[0]?.statusCode, '202');
    assert.equal(facts.routes[2]?.responseModel, 'Other');
    assert.deepEqual(
      facts.mounts.map((mount) => [mount.target, mount.app, mount.path ?? mount.pathExpression]),
      [
        ['app', 'v2.app', '/v2'],
        ['app', 'legacy_app', 'PREFIX'],
      ],
    );
    assert.deepEqual(unresolved(facts), [
      '6 route: its methods= is not a literal list of HTTP methods',
      '7 route: add_api_route without an endpoint the index can read',
    ]);
  });

  it('keeps module-level calls that may construct a router, read like APIRouter(...)', async () => {
    const facts = await parsePythonFile(
      'main.py',
      `from fastapi import APIRouter as R
router = R(prefix="/r", tags=["r"], dependencies=[Depends(check)])
plain = APIRouter()
app = f.FastAPI()
made = make_router()
value = 3
`,
    );
    assert.deepEqual(
      facts.constructions.map((construction) => [construction.variable, construction.callee, construction.prefix, construction.tags, construction.dependencies]),
      [
        ['router', 'R', '/r', ['r'], ['check']],
        ['made', 'make_router', undefined, [], []],
      ],
    );
    assert.deepEqual(facts.routers.map((router) => router.variable), ['plain']);
    assert.deepEqual(facts.apps.map((app) => app.variable), ['app']);
  });

  it('reports an api_route whose methods are computed instead of dropping it', async () => {
    const facts = await parsePythonFile(
      'main.py',
      `@router.api_route("/any", methods=METHODS)
@router.get("/also")
def handler() -> None: ...
`,
    );
    assert.deepEqual(facts.routes.map((route) => `${route.method} ${route.path}`), ['get /also']);
    assert.deepEqual(unresolved(facts), ["1 route: the methods= of handler's api_route is not a literal list of HTTP methods"]);
  });

  it('reads the same registrations past a syntax error elsewhere in the file', async () => {
    const facts = await parsePythonFile(
      'main.py',
      `def broken(:
    pass

for r in [a.router, b.router]:
    app.include_router(r)
router.add_api_route("/ping", ping)
app.mount("/v2", v2_app)
`,
    );
    assert.equal(facts.hasSyntaxErrors, true);
    assert.deepEqual(includes(facts), ['app ← a.router -', 'app ← b.router -']);
    assert.deepEqual(facts.routes.map((route) => `${route.method} ${route.path} ${route.range.startLine + 1}`), ['get /ping 6']);
    assert.deepEqual(facts.mounts.map((mount) => `${mount.path ?? ''} ${mount.range.startLine + 1}`), ['/v2 7']);
  });
});
