import assert from 'node:assert/strict';
import { generateCrud } from '../../../src/core/generate/crud/index';
import { indexFixture } from '../project/fixture-index';
import { baseProject, type Files, indexFiles } from './crud-project';

describe('CRUD engine: routes guarded by a current user that is no user model', () => {
  it('requires the token-claims dependency on a new router and stands in for it in the generated tests', async () => {
    const facts = await indexFixture('token-dict-auth');
    assert.equal(facts.dependencies.currentUser?.function, 'get_current_user');
    assert.equal(facts.dependencies.currentUser?.userModel, undefined);
    const changeSet = generateCrud(facts, 'Note');
    // The fixture's guard answers an invalid token with None: requiring it is no protection against one.
    assert.equal(changeSet.warnings.length, 1);
    assert.match(changeSet.warnings[0] ?? '', /^get_current_user \(app\/auth\.py\) returns None for a token it cannot validate instead of raising 401: .*Fix: raise HTTPException\(status_code=401/);
    const router = changeSet.changes.find((change) => change.path === 'app/routes/notes.py')?.after ?? '';
    assert.match(router, /^from app\.auth import get_current_user$/m);
    assert.match(router, /^router = APIRouter\(\n {4}prefix="\/notes", tags=\["notes"\], dependencies=\[Depends\(get_current_user\)\]\n\)$/m);
    // The guard is on the router once, not repeated on each route.
    assert.equal(router.match(/get_current_user/g)?.length, 2);
    const tests = changeSet.changes.find((change) => change.path === 'tests/test_notes.py')?.after ?? '';
    assert.match(tests, /@pytest\.fixture\(autouse=True\)\ndef signed_in\(\) -> Generator\[None, None, None\]:\n.*\n {4}app\.dependency_overrides\[get_current_user\] = lambda: \{"sub": "test-user"\}\n {4}yield\n {4}app\.dependency_overrides\.pop\(get_current_user, None\)/);
    assert.match(tests, /def test_notes_require_sign_in\(client: TestClient\) -> None:\n {4}app\.dependency_overrides\.pop\(get_current_user\)\n {4}response = client\.get\(NOTES_URL\)\n {4}assert response\.status_code in \(401, 403\)/);
    assert.match(changeSet.summary, /require get_current_user \(app\/auth\.py\).*every signed-in caller can reach every Note/);
  });

  it('adds the dependency to each route it appends to a router that is not protected as a whole', async () => {
    const facts = await indexFixture('token-dict-auth');
    const changeSet = generateCrud(facts, 'Project');
    const router = changeSet.changes.find((change) => change.path === 'app/routes/projects.py')?.after ?? '';
    const added = router.split('\n@router.').slice(3);
    assert.deepEqual(
      added.map((route) => /^(\w+)\(/.exec(route)?.[1]),
      ['get', 'patch', 'delete'],
    );
    for (const route of added) assert.match(route, /dependencies=\[Depends\(get_current_user\)\]/, route);
    assert.match(router, /^router = APIRouter\(prefix="\/projects", tags=\["projects"\]\)$/m);
  });

  it('does not warn about a guard that raises for every token it cannot validate', async () => {
    const facts = await indexFixture('token-dict-auth');
    const guarded = new Map(facts.files);
    const auth = facts.files.get('app/auth.py');
    assert.ok(auth);
    guarded.set('app/auth.py', {
      ...auth,
      functions: auth.functions.map((fn) => (fn.name === 'get_current_user' ? { ...fn, returnedValues: ['claims'] } : fn)),
    });
    assert.deepEqual(generateCrud({ ...facts, files: guarded }, 'Note').warnings, []);
  });

  it('keeps an aliased import on its own statement when adding a router module beside it (ruff I001)', async () => {
    const facts = await indexFixture('src-package');
    const router = generateCrud(facts, 'Article').changes.find((change) => change.path === 'src/api/router.py')?.after ?? '';
    assert.match(router, /^from src\.apps\.blog import articles\nfrom src\.apps\.blog import routes as blog_routes\n/m);
  });
  it('warns that new routes are public where the routes are guarded by dependencies written as calls', async () => {
    // `Depends(get_current_user())` and `Depends(RoleChecker(["admin"]))`: the engine sees that they
    // refuse anonymous callers, but has no current-user dependency to give the new routes.
    const facts = await indexFixture('called-dependencies');
    assert.equal(facts.dependencies.currentUser, undefined);
    assert.deepEqual(generateCrud(facts, 'Task').warnings, [
      '2 of 3 existing routes require a signed-in caller through get_current_user(), RoleChecker(["admin"]), which the engine ' +
        'cannot use as the current user of new routes: the generated routes are public. Add the same dependency to them if they must be protected.',
    ]);
  });
  it('warns of an unknown check most routes share, and not of services and forms they depend on', async () => {
    const files = baseProject(false);
    const routes = (dependency: string): string =>
      [
        'from fastapi import APIRouter, Depends',
        '',
        `from app.checks import ${dependency}`,
        '',
        'router = APIRouter()',
        '',
        '',
        `@router.get("/health", dependencies=[Depends(${dependency})])`,
        'def health() -> str:',
        '    return "ok"',
        '',
      ].join('\n');
    const checks = 'from fastapi import Header\n\n\ndef verify_api_key(x_api_key: str = Header()) -> None: ...\n\n\nclass HealthLogic: ...\n';
    const guarded: Files = { ...files, 'app/checks.py': checks, 'app/routers/health.py': routes('verify_api_key') };
    const warned = generateCrud(await indexFiles(guarded), 'Note', { readText: (path) => guarded[path] }).warnings;
    assert.deepEqual(warned, [
      '1 of 1 existing routes depend on verify_api_key, which the engine does not recognise as authentication: the generated routes are public. Add the same guard to them if they must be protected.',
    ]);
    const served: Files = { ...files, 'app/checks.py': checks, 'app/routers/health.py': routes('HealthLogic') };
    assert.deepEqual(generateCrud(await indexFiles(served), 'Note', { readText: (path) => served[path] }).warnings, []);
  });
});
