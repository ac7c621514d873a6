import assert from 'node:assert/strict';
import type { PythonFileFacts } from '../../../src/core/python/facts';
import { parsePythonFile } from '../../../src/core/python/parse';
import { ModuleTable } from '../../../src/core/project/module-names';
import { SymbolResolver } from '../../../src/core/project/symbols';

describe('symbol resolution: traced answers', () => {
  it('no longer hold once a file they looked into changed, even when the name is resolved again since', async () => {
    const files = new Map<string, PythonFileFacts>();
    const put = async (path: string, text: string): Promise<void> => {
      files.set(path, await parsePythonFile(path, text));
    };
    await put('app/routes.py', 'from app.crud import create_item\n');
    await put('app/crud.py', 'def create_item():\n    pass\n');
    const resolver = new SymbolResolver(new ModuleTable(['app/routes.py', 'app/crud.py']), files);
    resolver.startTracing();
    assert.equal(resolver.resolve('app/routes.py', 'create_item')?.kind, 'function');
    const trace = resolver.stopTracing();
    assert.ok(resolver.stillHolds(trace));

    await put('app/crud.py', 'class create_item:\n    pass\n');
    resolver.invalidate(['app/crud.py']);
    assert.equal(resolver.stillHolds(trace), false);
    // Another step asks the same question first: the answer is new, the old trace still does not hold.
    assert.equal(resolver.resolve('app/routes.py', 'create_item')?.kind, 'class');
    assert.equal(resolver.stillHolds(trace), false);
  });
});
