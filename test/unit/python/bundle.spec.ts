import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { PythonFileFacts } from '../../../src/core/python/facts';

const require = createRequire(__filename);

/**
 * The extension and the CLI run as esbuild bundles with the wasm files beside them and no
 * node_modules: the bundle is built into a temporary folder outside the repository to prove it.
 */
describe('python facts: from an esbuild bundle', function () {
  this.timeout(60_000);
  let folder: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'python-facts-bundle-'));
    const entry = join(folder, 'entry.ts');
    const parseModule = resolve('src/core/python/parse.ts').replace(/\\/g, '/');
    writeFileSync(
      entry,
      [
        `import { parsePythonFile } from '${parseModule}';`,
        "void parsePythonFile('models.py', 'class Hero(SQLModel, table=True):\\n    id: int | None = None\\n')",
        '  .then((facts) => process.stdout.write(JSON.stringify(facts)));',
        '',
      ].join('\n'),
    );
    for (const output of ['bare', 'dist']) {
      const outfile = join(folder, output, 'probe.js');
      await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
    }
    copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), join(folder, 'dist', 'tree-sitter.wasm'));
    copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), join(folder, 'dist', 'tree-sitter-python.wasm'));
  });

  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  function runBundle(output: string): PythonFileFacts {
    const bundle = join(folder, output, 'probe.js');
    return JSON.parse(execFileSync(process.execPath, [bundle], { cwd: folder, encoding: 'utf8' })) as PythonFileFacts;
  }

  it('reports a missing parser as a diagnostic instead of failing', () => {
    const facts = runBundle('bare');
    assert.deepEqual(facts.classes, []);
    assert.match(facts.diagnostics[0]?.message ?? '', /^The Python parser could not read this file: /);
  });

  it('parses with the wasm files placed beside the bundle', () => {
    const facts = runBundle('dist');
    assert.deepEqual(facts.diagnostics, []);
    assert.deepEqual(
      facts.classes.map((fact) => [fact.name, fact.table, fact.fields.map((field) => field.baseType)]),
      [['Hero', true, ['int']]],
    );
  });
});
