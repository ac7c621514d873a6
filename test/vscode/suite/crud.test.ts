/**
 * Generate CRUD end to end in the editor: the palette command and the class command propose the
 * same files the CLI proposes for the same project; applying writes exactly those contents.
 */
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { GenerateCrudResult } from '../../../src/vscode/crud/generate-crud-flow';
import type { ApplyOutcome } from '../../../src/vscode/review/apply-review';
import type { ExpectedFile } from '../test-protocol';
import { diskText, expectedOutputs, extensionApi, fileUri, resetWorkspace, screenshot, tabLabels, waitFor } from './helpers';

const MODEL = 'Hero';
const MODELS_FILE = 'app/models.py';

function routerOf(expected: readonly ExpectedFile[]): ExpectedFile {
  const router = expected.find((file) => file.kind === 'create' && file.after.includes('APIRouter('));
  assert.ok(router, 'the CLI proposal has no new router');
  return router;
}

function assertNothingWritten(expected: readonly ExpectedFile[]): void {
  for (const file of expected) assert.equal(diskText(file.path), file.before ?? undefined, `${file.path} changed before apply`);
}

async function applyAndCompare(result: GenerateCrudResult | undefined, expected: readonly ExpectedFile[]): Promise<void> {
  assert.ok(result, 'no review was opened');
  const outcome = await vscode.commands.executeCommand<ApplyOutcome>('fastapiBackendEngineer.review.applyAll', { reviewId: result.reviewId });
  assert.equal(outcome.status, 'applied', outcome.message);
  for (const file of expected) assert.equal(diskText(file.path), file.after, `${file.path} differs from the CLI's output`);
  const router = routerOf(expected);
  await waitFor('the new router in an editor', () => vscode.window.activeTextEditor?.document.uri.path.endsWith(`/${router.path}`) === true);
}

describe('Generate CRUD', () => {
  let expected: readonly ExpectedFile[] = [];
  before(async () => {
    expected = expectedOutputs(MODEL);
    await extensionApi();
  });
  afterEach(() => resetWorkspace(expected.map((file) => file.path)));

  it('from the palette command with an argument: review, then apply writes what the CLI proposes', async () => {
    const result = await vscode.commands.executeCommand<GenerateCrudResult | undefined>('fastapiBackendEngineer.generateCrud', { model: MODEL, ifReviewOpen: 'replace' });
    assert.ok(result);
    assert.deepEqual([...result.paths].sort(), expected.map((file) => file.path).sort());
    assertNothingWritten(expected);

    await waitFor('the multi-file diff tab', () => tabLabels().some((label) => label.startsWith('Proposed: ')));
    await screenshot('review-multi-file-diff');
    const router = routerOf(expected);
    await vscode.commands.executeCommand('fastapiBackendEngineer.review.openFileDiff', { reviewId: result.reviewId, path: router.path });
    await waitFor('the router diff tab', () => tabLabels().some((label) => label.startsWith(router.path)));
    await screenshot('review-file-diff');
    assertNothingWritten(expected);

    await applyAndCompare(result, expected);
  });

  it('from the class command at a cursor position inside the model', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri(MODELS_FILE));
    const editor = await vscode.window.showTextDocument(document);
    const classLine = document.getText().split(/\r?\n/).findIndex((line) => line.startsWith(`class ${MODEL}(`));
    assert.ok(classLine >= 0, `class ${MODEL} not found in ${MODELS_FILE}`);
    editor.selection = new vscode.Selection(classLine + 3, 4, classLine + 3, 4);
    const result = await vscode.commands.executeCommand<GenerateCrudResult | undefined>('fastapiBackendEngineer.generateCrudForClass', { ifReviewOpen: 'replace' });
    assertNothingWritten(expected);
    await applyAndCompare(result, expected);
  });

  it('the class command does nothing when the cursor is outside every table class', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri(MODELS_FILE));
    const editor = await vscode.window.showTextDocument(document);
    const baseLine = document.getText().split(/\r?\n/).findIndex((line) => line.startsWith('class TeamBase('));
    editor.selection = new vscode.Selection(baseLine + 1, 4, baseLine + 1, 4);
    const result = await vscode.commands.executeCommand<GenerateCrudResult | undefined>('fastapiBackendEngineer.generateCrudForClass', { ifReviewOpen: 'replace' });
    assert.equal(result, undefined);
    assert.equal((await extensionApi()).services.review.current, undefined);
  });

  it('from the explorer, offers only the models of the chosen file', async () => {
    const none = await vscode.commands.executeCommand<GenerateCrudResult | undefined>('fastapiBackendEngineer.generateCrud', fileUri('app/config.py'));
    assert.equal(none, undefined, 'a file without table models proposed something');
    assert.equal((await extensionApi()).services.review.current, undefined);
  });

  it('one undo after applying restores every file of the project', async () => {
    const result = await vscode.commands.executeCommand<GenerateCrudResult | undefined>('fastapiBackendEngineer.generateCrud', { model: MODEL, ifReviewOpen: 'replace' });
    await applyAndCompare(result, expected);
    await vscode.commands.executeCommand('undo');
    const documents = expected.filter((file) => file.before !== null).map((file) => ({ file, document: vscode.workspace.textDocuments.find((doc) => doc.uri.path.endsWith(`/${file.path}`)) }));
    await waitFor('the modified files to be restored', () => documents.every(({ file, document }) => document?.getText() === file.before));
    for (const { document } of documents) await document?.save();
    for (const file of expected) assert.equal(diskText(file.path), file.before ?? undefined, file.path);
  });

  it('offers a CodeLens above every table class', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fileUri(MODELS_FILE));
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    assert.ok(titles.some((title) => title.includes(`Generate CRUD for ${MODEL}`)), titles.join(', '));
    assert.ok(titles.some((title) => title.includes('Generate CRUD for Team')), titles.join(', '));
    assert.ok(!titles.some((title) => title.includes('TeamPublic')), 'a non-table class got a lens');
  });

  it('refuses a model that is not a table and opens no review', async () => {
    const result = await vscode.commands.executeCommand<GenerateCrudResult | undefined>('fastapiBackendEngineer.generateCrud', { model: 'TeamPublic', ifReviewOpen: 'replace' });
    assert.equal(result, undefined);
    assert.equal((await extensionApi()).services.review.current, undefined);
  });

  it('shows what the assistant sees: models, routes with full paths, conventions', async () => {
    const uri = await vscode.commands.executeCommand<string | undefined>('fastapiBackendEngineer.showFacts');
    assert.ok(uri);
    const text = (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText();
    assert.match(text, new RegExp(`\\b${MODEL}\\b`));
    assert.match(text, /\/teams/);
    assert.equal(posix.extname(vscode.Uri.parse(uri).path), '.md');
  });
});
