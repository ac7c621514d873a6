import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSource } from '../../../src/core/project/node-file-source';
import { changeSetToUnifiedDiff } from '../../../src/core/changes/unified-diff';
import { generateFromSpec } from '../../../src/core/generate/spec/index';
import type { ProjectFacts } from '../../../src/core/project/facts';
import { ProjectIndex } from '../../../src/core/project/project-index';
import type { SpecDocument } from '../../../src/core/spec/model';
import { readSpec } from '../../../src/core/spec/read';

/**
 * Expected output of the spec engine for every corpus document against a new app and a
 * template-like project, reviewed as diffs. `UPDATE_GOLDEN=1 npx mocha test/unit/golden/spec-golden.spec.ts`
 * rewrites them.
 */
export const SPEC_FIXTURES = ['new-app', 'fullstack-template', 'async-app'];
export const CORPUS = ['pets-crud.yaml', 'multi-file/openapi.yaml', 'polymorphic.json', 'secured.yaml', 'forms.yaml'];
const GOLDEN_DIR = join('test', 'unit', 'golden', 'spec');
const update = process.env['UPDATE_GOLDEN'] === '1';

function render(facts: ProjectFacts, spec: SpecDocument): string {
  const changeSet = generateFromSpec(facts, spec);
  const warnings = changeSet.warnings.map((warning) => `# warning: ${warning}\n`).join('');
  const summary = changeSet.summary.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n');
  return `${summary}\n${warnings}${changeSetToUnifiedDiff(changeSet)}`;
}

describe('spec engine golden outputs', () => {
  const specs = new Map<string, SpecDocument>();

  before(async () => {
    const source = new NodeFileSource(join('test', 'fixtures', 'specs'));
    for (const file of CORPUS) specs.set(file, await readSpec(source, file));
  });

  for (const fixture of SPEC_FIXTURES) {
    describe(fixture, () => {
      const root = join('test', 'fixtures', fixture);
      let facts: ProjectFacts;

      before(async () => {
        facts = await new ProjectIndex({ root, source: new NodeFileSource(root) }).build();
      });

      for (const file of CORPUS) {
        it(`matches the expected diff for ${file}`, () => {
          const spec = specs.get(file);
          assert.ok(spec);
          const actual = render(facts, spec);
          const golden = join(GOLDEN_DIR, fixture, `${file.replace(/\//g, '-')}.diff`);
          if (update || !existsSync(golden)) {
            mkdirSync(join(GOLDEN_DIR, fixture), { recursive: true });
            writeFileSync(golden, actual);
          }
          assert.equal(actual, readFileSync(golden, 'utf8'), `${golden} differs`);
        });
      }
    });
  }
});
