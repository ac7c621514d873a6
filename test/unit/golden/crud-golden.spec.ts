import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { changeSetToUnifiedDiff } from '../../../src/core/changes/unified-diff';
import { CrudRefusal, generateCrud } from '../../../src/core/generate/crud/index';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { ProjectIndex } from '../../../src/core/project/project-index';

/**
 * Expected output of the CRUD engine for every table model of every fixture project, reviewed as
 * diffs. `UPDATE_GOLDEN=1 npx mocha test/unit/golden/crud-golden.spec.ts` rewrites them.
 */
const FIXTURES = [
  'flat-app',
  'fullstack-template',
  'layered-backend',
  'split-models',
  'nested-routers',
  'odd-syntax',
  'async-app',
  'scoped-suite',
  'tutorial-package',
  'pinned-sqlmodel-08',
  'token-dict-auth',
];
const GOLDEN_DIR = join('test', 'unit', 'golden');
const update = process.env['UPDATE_GOLDEN'] === '1';

function render(facts: ProjectFacts, model: string): string {
  try {
    const changeSet = generateCrud(facts, model);
    const warnings = changeSet.warnings.map((warning) => `# warning: ${warning}\n`).join('');
    return `${warnings}${changeSetToUnifiedDiff(changeSet)}`;
  } catch (error) {
    if (error instanceof CrudRefusal) {
      return `# refused: ${error.message}\n`;
    }
    throw error;
  }
}

describe('CRUD golden outputs', () => {
  for (const fixture of FIXTURES) {
    describe(fixture, () => {
      const root = join('test', 'fixtures', fixture);
      let facts: ProjectFacts;

      before(async () => {
        facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      });

      it('matches the expected diff for every table model', () => {
        const tables = facts.models.filter((model) => model.table).map((model) => model.name);
        assert.ok(tables.length > 0, `${fixture} has table models`);
        const dir = join(GOLDEN_DIR, fixture);
        for (const model of tables) {
          const actual = render(facts, model);
          const file = join(dir, `${model}.diff`);
          if (update || !existsSync(file)) {
            mkdirSync(dir, { recursive: true });
            writeFileSync(file, actual);
          }
          assert.equal(actual, readFileSync(file, 'utf8'), `${fixture}/${model}.diff differs`);
        }
      });

      it('is deterministic', () => {
        const model = facts.models.find((candidate) => candidate.table)?.name ?? '';
        assert.equal(render(facts, model), render(facts, model));
      });
    });
  }
});
