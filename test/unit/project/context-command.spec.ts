import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fixtureRoot, temporaryProject } from './fixture-index';

const repoRoot = resolve(__dirname, '../../..');

/**
 * Runs the built CLI (`npm test` builds before the unit specs): loading the sources through a
 * TypeScript loader costs seconds per start on a busy machine, which made this file flaky.
 */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cli: context', () => {
  it('prints models, routes with full paths, dependencies and conventions as text', () => {
    const result = cli('context', '--root', 'test/fixtures/fullstack-template');
    assert.equal(result.status, 0, result.stderr);
    const text = result.stdout;
    assert.ok(text.startsWith(`Project ${fixtureRoot('fullstack-template')}\n22 Python files, 15 read in detail\n`));
    assert.match(text, /^ {2}Item \(table "item"\) — app\/models\.py:61$/m);
    assert.match(text, /^ {4}title: str {2}\[min_length=1, max_length=255\] {2}\(from ItemBase, app\/models\.py\)$/m);
    assert.match(text, /^ {4}owner_id: uuid\.UUID {2}\[→ user\.id, nullable=False, ondelete="CASCADE"\]$/m);
    assert.match(text, /^ {2}Project: table Project, base ProjectBase {2}\(missing: create, update, public\)$/m);
    assert.match(text, /^ {2}PUT {4}\/api\/v1\/items\/\{id\} +user +→ update_item -> ItemPublic \(app\/api\/routes\/items\.py\) {2}\[get_db, get_current_user\]$/m);
    assert.match(text, /^ {2}current user: get_current_user → User \(app\/api\/deps\.py\), alias CurrentUser \(app\/api\/deps\.py\)$/m);
    assert.match(text, /^ {2}API prefix +\/api\/v1 +observed {2}app\/main\.py$/m);
    assert.match(text, /^ {2}delete status +200 +observed {2}app\/api\/routes\/items\.py$/m);
  });

  it('marks defaults as defaults', () => {
    const result = cli('context', '--root', 'test/fixtures/flat-app');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^ {2}routers folder +routers +default$/m);
    assert.match(result.stdout, /^ {2}current user: none found$/m);
  });

  it('prints the facts as JSON without the per-file map', () => {
    const result = cli('context', '--root', 'test/fixtures/nested-routers', '--json');
    assert.equal(result.status, 0, result.stderr);
    const facts = JSON.parse(result.stdout) as {
      root: string;
      files?: unknown;
      routes: { method: string; path: string }[];
      conventions: { apiPrefix: { value: string; source: string } };
    };
    assert.equal(facts.root, fixtureRoot('nested-routers'));
    assert.equal(facts.files, undefined);
    assert.deepEqual(facts.routes[0], { ...facts.routes[0], method: 'get', path: '/api/v2/shops/{shop_id}/products/' });
    assert.deepEqual(facts.conventions.apiPrefix, { value: '/api/v2', source: 'observed', evidence: 'app/api/router.py' });
  });

  it('fails clearly for a missing folder, a project without FastAPI code, and bad arguments', () => {
    const missing = cli('context', '--root', 'test/fixtures/no-such-project');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^The project folder .*no-such-project does not exist\.\n$/);

    const empty = temporaryProject({ 'tool.py': 'print("hello")\n', 'README.md': '# nothing\n' });
    try {
      const result = cli('context', '--root', empty);
      assert.equal(result.status, 1);
      assert.match(result.stderr, /^No FastAPI or SQLModel code found in .* \(1 Python files looked at/);
      assert.equal(result.stdout, '');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }

    const bad = cli('context', '--frobnicate');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Unknown option '--frobnicate'/);
    assert.match(bad.stderr, /Usage: fastapi-engineer context \[--root DIR\] \[--json\]/);

    const unknown = cli('nonsense');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^Unknown command "nonsense"\./);
  });
});
