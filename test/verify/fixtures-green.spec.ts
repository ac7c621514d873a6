import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatVerificationText } from '../../src/core/verify/format-results';
import { verifyChangeSet } from '../../src/core/verify/verify-change-set';
import { copyProject, crudProposal, FIXTURES, leftovers, removeProject, REPOSITORY, TOOL_CACHE, verificationPython } from './support';

describe('a CRUD proposal verifies green with the real tools', () => {
  let scratchParent: string;
  before(() => {
    scratchParent = mkdtempSync(join(tmpdir(), 'verify-scratch-'));
  });
  after(() => rmSync(scratchParent, { recursive: true, force: true }));

  // odd-syntax is a parser fixture (relative imports in top-level modules, a file with syntax errors), not a runnable project.
  for (const project of ['examples/heroes', ...FIXTURES.filter((name) => name !== 'odd-syntax').map((name) => `test/fixtures/${name}`)]) {
    it(project, async () => {
      const root = copyProject(join(REPOSITORY, project));
      try {
        const { facts, changeSet } = await crudProposal(root);
        const result = await verifyChangeSet({ root, changeSet, python: await verificationPython(), appFiles: facts.apps.map((app) => app.file), cacheDir: TOOL_CACHE, scratchParent });
        const report = formatVerificationText(result);
        assert.equal(result.passed, true, report);
        const ran = result.checks.filter((check) => check.status === 'passed').map((check) => check.check);
        // Every project here has ruff, mypy and pytest available and changed Python files to check.
        for (const check of ['import', 'ruff', 'format', 'types'] as const) assert.ok(ran.includes(check), `${check} ran:\n${report}`);
        assert.deepEqual(leftovers(scratchParent), []);
      } finally {
        removeProject(root);
      }
    });
  }
});
