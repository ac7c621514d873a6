import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { changeSetToUnifiedDiff } from '../../../src/core/changes/unified-diff';
import { AuthRefusal, generateAuth } from '../../../src/core/generate/auth/index';
import { ProjectIndex } from '../../../src/core/project/project-index';

/**
 * Expected output of the authentication engine for every auth fixture project, reviewed as
 * diffs: `auth.diff` without the fixes of the project's weak spots, `auth-fixes.diff` with all
 * of them. `UPDATE_GOLDEN=1 npx mocha test/unit/golden/auth-golden.spec.ts` rewrites them.
 */
const AUTH_FIXTURES = ['auth-username', 'auth-plain-settings', 'auth-async', 'layered-backend', 'fullstack-template', 'flat-app', 'weak-auth', 'auth-async-partial', 'auth-async-sqlalchemy'];
const WEAK_FIXTURES = ['layered-backend', 'fullstack-template', 'weak-auth'];
const update = process.env['UPDATE_GOLDEN'] === '1';

const RUNS = [
  ...AUTH_FIXTURES.map((fixture) => ({ fixture, fixes: 'none' as const, golden: 'auth.diff' })),
  ...WEAK_FIXTURES.map((fixture) => ({ fixture, fixes: 'all' as const, golden: 'auth-fixes.diff' })),
];

describe('auth golden outputs', () => {
  for (const { fixture, fixes, golden } of RUNS) {
    it(`${fixture} matches the expected ${golden}`, async () => {
      const root = join('test', 'fixtures', fixture);
      const facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      let actual: string;
      try {
        const changeSet = generateAuth(facts, { fixes });
        const header = [
          changeSet.summary,
          ...changeSet.warnings.map((warning) => `warning: ${warning}`),
          // auth.diff leaves every fix out; auth-fixes.diff lists the ones it applies.
          ...(fixes === 'none' ? [] : (changeSet.fixes ?? [])).map((fix) => `fix ${fix.id} ${fix.included ? 'applied' : 'left out'}: ${fix.file}: ${fix.title}`),
        ]
          .map((line) => `# ${line}\n`)
          .join('');
        actual = `${header}${changeSetToUnifiedDiff(changeSet)}`;
      } catch (error) {
        if (!(error instanceof AuthRefusal)) throw error;
        actual = `# refused: ${error.message}\n`;
      }
      const file = join('test', 'unit', 'golden', fixture, golden);
      if (update || !existsSync(file)) {
        mkdirSync(join('test', 'unit', 'golden', fixture), { recursive: true });
        writeFileSync(file, actual);
      }
      assert.equal(actual, readFileSync(file, 'utf8'), `${fixture}/${golden} differs`);
    });
  }
});
