import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatVerificationText } from '../../src/core/verify/format-results';
import { verifyChangeSet } from '../../src/core/verify/verify-change-set';
import { copyProject, crudProposal, leftovers, removeProject, REPOSITORY, TOOL_CACHE, verificationPython } from './support';

/**
 * The fixtures that are runnable projects at their own root with a table model CRUD can serve.
 * The others are parser, route-discovery, spec or auth fixtures, a project below its workspace
 * root, a pin CRUD refuses by design, or names that need `Name@file`.
 */
const RUNNABLE_CRUD_FIXTURES = [
  'flat-app',
  'fullstack-template',
  'layered-backend',
  'split-models',
  'nested-routers',
  'async-app',
  'src-package',
  'scoped-suite',
  'tutorial-package',
];

describe('a CRUD proposal verifies green with the real tools', () => {
  let scratchParent: string;
  before(() => {
    scratchParent = mkdtempSync(join(tmpdir(), 'verify-scratch-'));
  });
  after(() => rmSync(scratchParent, { recursive: true, force: true }));

  for (const project of ['examples/heroes', ...RUNNABLE_CRUD_FIXTURES.map((name) => `test/fixtures/${name}`)]) {
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
