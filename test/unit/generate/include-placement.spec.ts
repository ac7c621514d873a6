import assert from 'node:assert/strict';
import { includePlacement } from '../../../src/core/generate/python/include-placement';
import { parsePythonFile } from '../../../src/core/python/parse';

/** The file with `app.include_router(new.router)` put where the placement says. */
async function registered(text: string, target = 'app'): Promise<string> {
  const facts = await parsePythonFile('app/main.py', text);
  const { line, indent } = includePlacement(facts, text, target);
  const lines = text.split('\n');
  lines.splice(line, 0, `${indent}${target}.include_router(new.router)`);
  return lines.join('\n');
}

describe('where a new include_router line goes', () => {
  it('after the last include on the object at module level', async () => {
    const text = ['app = FastAPI()', 'app.include_router(items.router)', 'app.include_router(users.router)', '', 'print("ready")', ''].join('\n');
    assert.equal(await registered(text), text.replace('users.router)\n', 'users.router)\napp.include_router(new.router)\n'));
  });

  it('never beside an include under an if or in a helper that registers the router it is given', async () => {
    // A dynamic registration, as some projects load every module of a routers folder.
    const text = [
      'app = FastAPI(title="x")',
      'app.include_router(health.router)',
      '',
      '',
      'def register_controller(page, prefix="/v1"):',
      '    if hasattr(page, "router"):',
      '        app.include_router(page.router, prefix=prefix)',
      '    return page.router',
      '',
      '',
      'if settings.DEBUG:',
      '    app.include_router(debug.router)',
      '',
    ].join('\n');
    assert.equal(await registered(text), text.replace('health.router)\n', 'health.router)\napp.include_router(new.router)\n'));
  });

  it('right after the app is made when no include runs once', async () => {
    const text = ['app = FastAPI(', '    title="x",', ')', 'for router in ROUTERS:', '    app.include_router(router)', ''].join('\n');
    assert.equal(await registered(text), text.replace('    title="x",\n)\n', '    title="x",\n)\napp.include_router(new.router)\n'));
  });

  it('inside an app factory, indented like the includes there', async () => {
    const text = [
      'def create_app() -> FastAPI:',
      '    app = FastAPI()',
      '    app.include_router(items.router)',
      '    return app',
      '',
    ].join('\n');
    assert.equal(await registered(text), text.replace('items.router)\n', 'items.router)\n    app.include_router(new.router)\n'));
    const empty = ['def create_app() -> FastAPI:', '    app = FastAPI()', '    return app', ''].join('\n');
    assert.equal(await registered(empty), empty.replace('FastAPI()\n', 'FastAPI()\n    app.include_router(new.router)\n'));
  });
});
