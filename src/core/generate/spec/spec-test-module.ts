/**
 * The spec engine's tests module: tests for new and implemented operations in the project's
 * test layout (its conftest client when it has one), and tests rewritten in place for operations
 * whose parameters changed.
 */
import type { ProjectFacts } from '../../project/facts';
import type { SpecOperation } from '../../spec/model';
import { ImportSet } from '../python/imports';
import { splitLines } from '../python/line-edits';
import { moduleForPath, type ReadText } from '../crud/modules';
import { type ChangeWorkspace, type FileDraft } from '../crud/workspace';
import { type SpecLayout } from './layout';
import { NameSpace } from './names';
import { type SecurityDependency } from './operation-code';
import { type SchemaCatalog } from './python-types';
import { authorizedFixture, clientFixture, renderOperationTests, type OperationTest, type TestModuleContext } from './spec-tests';
import { renderCollectionTests } from './collection-tests';
import { asAsyncTest, asyncClientFixtures } from './async-tests';
import type { Collection, CollectionAction } from './collections';
import type { DependencyUse } from '../crud/plan-types';
import type { ChangedOperation, ImplementedOperation, RouterGroup } from './index';

export function emitTests(
  workspace: ChangeWorkspace,
  facts: ProjectFacts,
  layout: SpecLayout,
  catalog: SchemaCatalog,
  wanted: ReadonlyMap<RouterGroup, OperationTest[]>,
  implemented: readonly ImplementedOperation[],
  session: DependencyUse | undefined,
  basePath: string,
  warnings: string[],
  readText: ReadText,
  asyncTests: boolean,
  regenerated: ChangedTests,
): void {
  const app = facts.apps[0];
  if (app === undefined) return;
  const found = conftestClientName(facts, layout.testsDir, readText);
  // A conftest client of the other kind is shadowed by the module's own fixture.
  const conftestClient = found !== undefined && found.async === asyncTests ? found.name : undefined;
  for (const [group, tests] of wanted) {
    const mine = implemented.filter((operation) => operation.group.file === group.file);
    const again = regenerated.changed.filter((operation) => operation.group.file === group.file);
    if (tests.length === 0 && mine.length === 0 && again.length === 0) continue;
    const stem = group.file.slice(group.file.lastIndexOf('/') + 1).replace(/\.py$/, '');
    const path = `${layout.testsDir.replace(/\/+$/, '')}/test_${stem}_api.py`.replace(/^\//, '');
    const draft: FileDraft = workspace.file(path, moduleForPath(facts, path));
    const names = new NameSpace(draft.before === null ? [] : [...(draft.before.match(/^def (\w+)/gm) ?? [])].map((line) => line.slice(4)));
    // Async tests are rendered as the sync ones and rewritten: their imports are sorted out after.
    const imports = asyncTests ? new ImportSet() : draft.imports;
    const context = { catalog, imports, basePath, awaits: asyncTests, client: conftestClient ?? 'client', appModule: app.module, appVariable: app.variable, names };
    const rendered = renderOperationTests(tests, context);
    const { skipped } = rendered;
    const blocks = rendered.blocks;
    for (const reason of skipped) warnings.push(`No test for ${reason}.`);
    const byCollection = new Map<Collection, ImplementedOperation[]>();
    for (const operation of mine) byCollection.set(operation.implementation.collection, [...(byCollection.get(operation.implementation.collection) ?? []), operation]);
    const security = [...new Map(mine.flatMap((operation) => operation.security).map((dependency) => [dependency.function, dependency])).values()];
    const fixtureParameters = security.length > 0 ? ['authorized: None'] : [];
    for (const [collection, operations] of byCollection) {
      const actions = new Map(operations.map((operation) => [operation.implementation.action, operation]));
      blocks.push(...renderCollectionTests({ collection, operations: actions, security }, context, fixtureParameters));
    }
    if (draft.before !== null && again.length > 0) {
      const rewritten = rewriteTests(draft, again, regenerated, { ...context, names: new NameSpace() }, asyncTests);
      if (rewritten > 0) draft.descriptions.push(`rewrites ${rewritten} test${rewritten === 1 ? '' : 's'} of changed operations`);
    }
    if (blocks.length === 0) {
      mergeImports(imports, draft);
      continue;
    }
    if (asyncTests) {
      blocks.splice(0, blocks.length, ...blocks.map((block) => asAsyncTest(block, context.client)));
      imports.module('pytest');
      imports.from('httpx', 'AsyncClient');
    }
    if (draft.before === null) {
      const ownClient = (): string[] =>
        asyncTests && session !== undefined ? asyncClientFixtures(context, session) : [clientFixture(context, mine.length > 0 ? session : undefined)];
      const fixtures = conftestClient === undefined ? ownClient() : [];
      if (security.length > 0) fixtures.push(authorizedFixture(context, security));
      blocks.unshift(...fixtures);
    }
    mergeImports(imports, draft);
    draft.blocks.push(...blocks);
    draft.descriptions.push(`tests for ${tests.length + mine.length} ${group.key} operation${tests.length + mine.length === 1 ? '' : 's'}`);
  }
}

export interface ChangedTests {
  readonly changed: readonly ChangedOperation[];
  readonly functionOf: ReadonlyMap<string, string>;
  readonly operations: readonly SpecOperation[];
  readonly securityOf: (operationId: string) => readonly SecurityDependency[];
}

/** Imports of separately rendered (async) tests, without the sync client they no longer use. */
function mergeImports(imports: ImportSet, draft: FileDraft): void {
  if (imports === draft.imports) return;
  for (const statement of imports.list()) {
    const names = statement.names.filter((name) => !(statement.module === 'fastapi.testclient' && name.name === 'TestClient'));
    if (statement.kind === 'import' || names.length > 0) draft.imports.add({ ...statement, names });
  }
}

/**
 * Tests of operations whose signature changed, rendered again and put in place of the tests of
 * the same name (a 501 test only while its handler is still the stub). Tests the module no
 * longer has are not brought back.
 */
function rewriteTests(draft: FileDraft, again: readonly ChangedOperation[], regenerated: ChangedTests, context: TestModuleContext, asyncTests: boolean): number {
  const blocks = renderOperationTests(again.filter((operation) => operation.stub), context).blocks;
  const collections = new Set(again.flatMap((operation) => (operation.implementation === undefined ? [] : [operation.implementation.collection])));
  for (const collection of collections) {
    const operations = new Map<CollectionAction, { operation: SpecOperation; functionName: string }>();
    for (const [id, action] of collection.actions) {
      const operation = regenerated.operations.find((candidate) => candidate.operationId === id);
      const functionName = regenerated.functionOf.get(id);
      if (operation !== undefined && functionName !== undefined) operations.set(action, { operation, functionName });
    }
    const security = [...new Map([...collection.actions.keys()].flatMap((id) => regenerated.securityOf(id)).map((dependency) => [dependency.function, dependency])).values()];
    blocks.push(...renderCollectionTests({ collection, operations, security }, context, security.length > 0 ? ['authorized: None'] : []));
  }
  const lines = splitLines(draft.before ?? '').lines;
  let rewritten = 0;
  for (const block of blocks.map((text) => (asyncTests ? asAsyncTest(text, context.client) : text))) {
    const name = /^(?:async )?def (test_\w+)/m.exec(block)?.[1];
    const at = name === undefined ? -1 : lines.findIndex((line) => new RegExp(`^(async )?def ${name}\\(`).test(line));
    if (at < 0) continue;
    let start = at;
    while (start > 0 && /^@/.test(lines[start - 1] ?? '')) start--;
    let end = at + 1;
    while (end < lines.length && !/^\S/.test(lines[end] ?? '')) end++;
    while (end > at + 1 && (lines[end - 1] ?? '').trim() === '') end--;
    if (lines.slice(start, end).join('\n') === block) continue;
    draft.edits.push({ start, end, lines: block.split('\n') });
    rewritten++;
  }
  return rewritten;
}

/** The conftest's client fixture: its name, and whether it is an httpx `AsyncClient`. */
function conftestClientName(facts: ProjectFacts, testsDir: string, readText: ReadText): { name: string; async: boolean } | undefined {
  let dir = testsDir.replace(/\/+$/, '');
  for (;;) {
    const text = readText(dir === '' ? 'conftest.py' : `${dir}/conftest.py`);
    const match = text === undefined ? null : /@pytest\.fixture[^\n]*\n(?:@[^\n]*\n)*def (\w+)\([^)]*\)\s*->\s*(?:Generator|Iterator)\[TestClient/.exec(text);
    if (match?.[1] !== undefined) return { name: match[1], async: false };
    const asyncMatch = text === undefined ? null : /@pytest\.fixture(?:\(name="(\w+)"\))?[^\n]*\n(?:@[^\n]*\n)*async def (\w+)\([^)]*\)\s*->\s*(?:AsyncGenerator|AsyncIterator)\[AsyncClient/.exec(text);
    const asyncName = asyncMatch?.[1] ?? asyncMatch?.[2];
    if (asyncName !== undefined) return { name: asyncName, async: true };
    if (dir === '') return facts.conventions.layout.conftest.value === null ? undefined : undefined;
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
}
