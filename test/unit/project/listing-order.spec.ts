import assert from 'node:assert/strict';
import { inferConventions } from '../../../src/core/project/conventions';
import { ModuleTable } from '../../../src/core/project/module-names';
import { SymbolResolver } from '../../../src/core/project/symbols';
import type { Conventions } from '../../../src/core/project/facts';

/** Conventions read from the paths alone: nothing is parsed, so only the listing decides. */
function conventionsOfPaths(pythonPaths: readonly string[]): Conventions {
  const files = new Map();
  return inferConventions({
    pythonPaths,
    files,
    models: [],
    apps: [],
    routers: [],
    routes: [],
    dependencies: {},
    resolver: new SymbolResolver(new ModuleTable(pythonPaths), files),
  });
}

describe('conventions from the listing: the first listed path wins a tie, however the folders come', () => {
  it('folder by folder', () => {
    const conventions = conventionsOfPaths(['tests/b/test_y.py', 'tests/a/test_x.py', 'lib/user_service.py', 'lib/crud.py', 'tests/b/conftest.py', 'tests/conftest.py']);
    assert.equal(conventions.layout.testsDir.value, 'tests/b');
    assert.deepEqual(conventions.layout.services.value, { path: 'lib/user_service.py', kind: 'file' });
    assert.equal(conventions.layout.conftest.value, 'tests/b/conftest.py');
  });

  it('with the folders interleaved: a folder listed first whose matching file comes later does not win', () => {
    const conventions = conventionsOfPaths(['tests/a/helpers.py', 'lib/a.py', 'tests/b/test_y.py', 'app/user_service.py', 'tests/a/test_x.py', 'lib/crud.py']);
    assert.equal(conventions.layout.testsDir.value, 'tests/b');
    assert.deepEqual(conventions.layout.services.value, { path: 'app/user_service.py', kind: 'file' });
  });

  it('a file name that only ends like a test or service file does not count', () => {
    const conventions = conventionsOfPaths(['app/mytest_x.py', 'app/latest.py', 'app/xcrud.py', 'app/services_old.py', 'app/not_conftest.py']);
    assert.equal(conventions.layout.testsDir.source, 'default');
    assert.equal(conventions.layout.services.source, 'default');
    assert.equal(conventions.layout.conftest.source, 'default');
  });
});
