import assert from 'node:assert/strict';
import { AuthRefusal } from '../../../src/core/generate/auth/index';
import { auth, type Files, indexFiles, readFixture } from './auth-project';

async function generated(files: Files): Promise<{ after: Map<string, string>; warnings: readonly string[] }> {
  const changeSet = auth(await indexFiles(files), files);
  return { after: new Map(changeSet.changes.map((change) => [change.path, change.after])), warnings: changeSet.warnings };
}

/** Top-level module names a file imports from (`from x import` / `import x`). */
function importedModules(text: string): string[] {
  return [...text.matchAll(/^(?:from|import) ([\w.]+)/gm)].map((match) => match[1] ?? '');
}

describe('authentication for a single-module app (flat-app)', () => {
  it('adds the security and settings modules beside main.py, neither importing main, and main never imports itself', async () => {
    const { after } = await generated(readFixture('flat-app'));
    assert.deepEqual([...after.keys()].sort(), ['config.py', 'main.py', 'pyproject.toml', 'security.py', 'test_auth.py']);
    assert.ok(!importedModules(after.get('security.py') ?? '').includes('main'), 'security.py must not import main');
    assert.ok(!importedModules(after.get('config.py') ?? '').includes('main'), 'config.py must not import main');
    assert.ok(importedModules(after.get('security.py') ?? '').includes('config'));
    const main = after.get('main.py') ?? '';
    assert.ok(!importedModules(main).includes('main'), 'main.py must not import itself');
    assert.match(main, /^from security import \($/m);
  });

  it('defines the user table before the session dependency and the current user before the first route', async () => {
    const main = (await generated(readFixture('flat-app'))).after.get('main.py') ?? '';
    const at = (pattern: string): number => main.indexOf(pattern);
    assert.ok(at('class User(SQLModel, table=True):') > at('class Team(SQLModel, table=True):'));
    assert.ok(at('class User(SQLModel, table=True):') < at('def get_session()'));
    assert.ok(at('def get_current_user(') > at('SessionDep = Annotated'));
    assert.ok(at('CurrentUser = Annotated[User, Depends(get_current_user)]') < at('@app.get("/heroes/"'));
    assert.ok(at('app.include_router(auth_router)') > at('def read_users_me('), 'the router is included after its routes');
  });

  it('leaves the app\'s own routes as they are and says how to protect them', async () => {
    const { after, warnings } = await generated(readFixture('flat-app'));
    assert.match(after.get('main.py') ?? '', /@app\.get\("\/heroes\/", response_model=list\[HeroPublic\]\)\n/);
    assert.ok(warnings.some((warning) => /run "Secure Unprotected Routes" \(secure\)/.test(warning)));
  });

  it('refuses a single module whose routes come before its session dependency', async () => {
    const files = readFixture('flat-app');
    const main = files['main.py'] ?? '';
    const session = main.slice(main.indexOf('def get_session()'), main.indexOf('@asynccontextmanager'));
    files['main.py'] = `${main.replace(session, '')}\n\n${session}`;
    const facts = await indexFiles(files);
    assert.throws(
      () => auth(facts, files),
      (error: unknown) => error instanceof AuthRefusal && /single module \(main\.py\) whose table models, session dependency and routes are not in that order/.test(error.message),
    );
  });
});
