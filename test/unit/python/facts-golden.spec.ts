import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePythonFile } from '../../../src/core/python/parse';

/**
 * Golden facts of Python files written to take every reading path of the extractors: plain
 * parameter and argument lists (read from their text) beside lists with comments, line
 * continuations, lambdas, prefixed strings and non-ASCII text (read node by node), imports of
 * every shape, strings, decorators, nested classes, async definitions, and a file with syntax
 * errors; class bodies, definition heads, docstrings, route decorators, raises and returns
 * written plainly on one line (read from the text) beside the same shapes written out with
 * comments, continuations, escapes, prefixed strings and non-ASCII text (read from the tree). Each is read as written, with CRLF line endings after a byte-order mark, and indented
 * with tabs. `UPDATE_GOLDEN=1 npx mocha test/unit/python/facts-golden.spec.ts` rewrites them:
 * any change in them is a change in what the index reads.
 */
const DIRECTORY = join('test', 'unit', 'python', 'facts-golden');
const update = process.env['UPDATE_GOLDEN'] === '1';

const VARIANTS: Readonly<Record<string, (text: string) => string>> = {
  'as-written': (text) => text,
  'crlf-bom': (text) => `\uFEFF${text.replace(/\n/g, '\r\n')}`,
  tabs: (text) => text.replace(/^(?: {4})+/gm, (indent) => '\t'.repeat(indent.length / 4)),
};

describe('python facts: golden files', () => {
  const sources = readdirSync(DIRECTORY).filter((name) => name.endsWith('.py'));

  it('has the sources it is meant to read', () => {
    assert.deepEqual(sources.sort(), ['broken_lists.py', 'lists_and_calls.py', 'plain_and_written_out.py']);
  });

  it('reads plain_and_written_out.py without syntax errors, so its plain statements are read from the text', async () => {
    const facts = await parsePythonFile('plain_and_written_out.py', readFileSync(join(DIRECTORY, 'plain_and_written_out.py'), 'utf8'));
    assert.equal(facts.hasSyntaxErrors, false);
  });

  for (const source of sources) {
    for (const [variant, transform] of Object.entries(VARIANTS)) {
      it(`${source} (${variant}) reads into its golden facts`, async () => {
        const text = transform(readFileSync(join(DIRECTORY, source), 'utf8'));
        const facts = `${JSON.stringify(await parsePythonFile(source, text), null, 2)}\n`;
        const golden = join(DIRECTORY, `${source.replace(/\.py$/, '')}.${variant}.json`);
        if (update) writeFileSync(golden, facts);
        assert.equal(facts, readFileSync(golden, 'utf8'));
      });
    }
  }
});
