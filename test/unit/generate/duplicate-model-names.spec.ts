import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { CliIo } from '../../../src/cli/cli-command';
import { crudCommand, REFUSED_EXIT_CODE } from '../../../src/cli/crud-command';
import { generateCrud } from '../../../src/core/generate/crud/index';
import { CrudRefusal } from '../../../src/core/generate/crud/refusals';
import { indexFixture } from '../project/fixture-index';

const ROOT = resolve('test', 'fixtures', 'duplicate-models');

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (text) => out.push(text), stderr: (text) => err.push(text), cwd: process.cwd() };
}

describe('CRUD for a class name two modules define', () => {
  it('refuses a bare name, listing each candidate as Name@file', async () => {
    const io = captureIo();
    assert.equal(await crudCommand.run(['Hero', '--root', ROOT], io), REFUSED_EXIT_CODE);
    assert.match(io.err.join(''), /"Hero" names 2 table models: Hero@app\/legacy\/models\.py, Hero@app\/models\/hero\.py/);
    assert.equal(io.out.join(''), '');
  });

  it('generates for the class named with its file, and says which one in the summary', async () => {
    const io = captureIo();
    assert.equal(await crudCommand.run(['Hero@app/models/hero.py', '--root', ROOT, '--json'], io), 0);
    const changeSet = JSON.parse(io.out.join('')) as { summary: string; changes: { path: string; after: string }[] };
    assert.match(changeSet.summary, /Hero \(the class in app\/models\/hero\.py\)/);
    const routes = changeSet.changes.find((change) => change.path === 'app/main.py');
    assert.match(routes?.after ?? '', /^from app\.models\.hero import ErrorDetail, Hero\b/m);
    assert.doesNotMatch(routes?.after ?? '', /app\.legacy/);
  });

  it('accepts the dotted module, and refuses a module that defines no such class', async () => {
    const facts = await indexFixture('duplicate-models');
    assert.match(generateCrud(facts, 'Hero@app.legacy.models').summary, /the class in app\/legacy\/models\.py/);
    assert.throws(
      () => generateCrud(facts, 'Hero@app/db.py'),
      (error: unknown) => error instanceof CrudRefusal && /app\/db\.py defines no class "Hero"; "Hero" is defined as Hero@/.test(error.message),
    );
  });
});
