/**
 * "Generate Endpoints from OpenAPI Spec" end to end in the editor: from the palette's picker on a
 * corpus spec to the review with its report (handlers to implement, the conformance check run
 * with the verification environment's Python), apply, and one undo; non-OpenAPI and Swagger 2.0
 * documents refused with their reason; `@fastapi /spec` answered with the engine's draft when
 * no model is available.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ApplyOutcome } from '../../../src/vscode/review/apply-review';
import type { GenerateFromSpecResult, SpecRefusal } from '../../../src/vscode/spec/propose-from-spec';
import { FAKE_MODEL } from '../fake-model/fake-model-protocol';
import { ask, currentReview } from './chat-helpers';
import { metrics } from './metrics';
import { EXTENSION_ID, diskText, extensionApi, fileUri, resetWorkspace, tabLabels, waitFor } from './helpers';

const COMMAND = 'fastapiBackendEngineer.generateFromSpec';
const SPEC = 'specs/pets-crud.yaml';
// Sorted before the spec: the picker would offer it first if it took it for an OpenAPI document.
const COMPOSE = 'specs/a-compose.yaml';
const SWAGGER = 'specs/legacy-swagger.json';
const MAIN = 'app/main.py';

type CommandResult = GenerateFromSpecResult | SpecRefusal | undefined;

async function write(path: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(fileUri(path), new TextEncoder().encode(text));
}

function proposal(result: CommandResult): GenerateFromSpecResult {
  assert.ok(result !== undefined, 'no review was opened and nothing was said');
  if ('refused' in result) assert.fail(`no review was opened: ${result.refused}`);
  return result;
}

/** The 1-based line of `text` in the open review's proposed content of `path`. */
async function proposedLineOf(path: string, text: string): Promise<number> {
  const changes = (await extensionApi()).services.review.current?.changeSet.changes ?? [];
  const lines = (changes.find((change) => change.path === path)?.after ?? '').split('\n');
  const index = lines.findIndex((line) => line.startsWith(text));
  assert.ok(index >= 0, `${path} proposes no "${text}"`);
  return index + 1;
}

async function reportText(uri: string): Promise<string> {
  return (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText();
}

describe('Generate Endpoints from OpenAPI Spec', () => {
  const configuration = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('fastapiBackendEngineer');
  let touched: string[] = [];

  const repository = (): string => vscode.extensions.getExtension(EXTENSION_ID)?.extensionUri.fsPath ?? '';

  before(async () => {
    await extensionApi();
    await write(SPEC, readFileSync(join(repository(), 'test', 'fixtures', 'specs', 'pets-crud.yaml'), 'utf8'));
    await write(COMPOSE, 'services:\n  api:\n    image: heroes\n    ports: ["8000:8000"]\n');
    await write(SWAGGER, JSON.stringify({ swagger: '2.0', info: { title: 'old', version: '1' }, paths: {} }));
  });
  afterEach(async () => {
    // Only the first test checks with the verification environment; the chat would otherwise verify its proposal in full.
    await configuration().update('python.interpreter', undefined, vscode.ConfigurationTarget.Workspace);
    await resetWorkspace(touched);
  });
  after(() => resetWorkspace([SPEC, COMPOSE, SWAGGER]));

  it('from the palette: picks the spec, reviews with a report and a conformance check, applies, one undo restores', async function () {
    this.timeout(180_000);
    await configuration().update('python.interpreter', join(repository(), '.cache', 'venv', 'bin', 'python'), vscode.ConfigurationTarget.Workspace);
    const original = diskText(MAIN);
    assert.ok(original !== undefined);
    // No argument: the command asks with a QuickPick of the workspace's OpenAPI documents.
    const running = vscode.commands.executeCommand<CommandResult>(COMMAND);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const accepted = performance.now();
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const result = proposal(await running);
    const proposed = performance.now();
    // First run: the spec pipeline's own bundle loads, the project is read, the engine runs, the review opens.
    metrics['specProposalMs pets-crud'] = proposed - accepted;
    touched = [...result.paths];
    assert.ok(result.paths.includes('app/routers/pets.py') && result.paths.includes(MAIN), result.paths.join(', '));
    const stubLine = await proposedLineOf('app/routers/pets.py', 'def vaccinate_pet(');
    assert.deepEqual(result.toImplement, [`app/routers/pets.py:${stubLine} vaccinatePet`]);
    await waitFor('the multi-file diff tab', () => tabLabels().some((label) => label.startsWith('Proposed: Endpoints from specs/pets-crud.yaml')));
    assert.equal(diskText('app/routers/pets.py'), undefined, 'written before apply');
    assert.equal(diskText(MAIN), original);

    const report = await reportText(result.reportUri);
    assert.ok(report.includes(`## To implement (they answer 501 until written)\n\n- app/routers/pets.py:${stubLine} vaccinatePet`), report);
    await waitFor(
      'the conformance check in the report',
      async () => /conforms to|\d+ differences? between|Not checked:/.test(await reportText(result.reportUri)),
      90_000,
      () => 'report has no conformance outcome yet',
    );
    metrics['specConformanceMs pets-crud'] = performance.now() - proposed;
    assert.match(await reportText(result.reportUri), /app\.main:app conforms to specs\/pets-crud\.yaml: no differences in 11 operations/);

    const changes = (await extensionApi()).services.review.current?.changeSet.changes ?? [];
    const outcome = await vscode.commands.executeCommand<ApplyOutcome>('fastapiBackendEngineer.review.applyAll', { reviewId: result.reviewId });
    assert.equal(outcome.status, 'applied', outcome.message);
    for (const change of changes) assert.equal(diskText(change.path), change.after, `${change.path} differs from the proposal`);

    const document = await vscode.workspace.openTextDocument(fileUri(MAIN));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await waitFor('the undo', () => document.getText() === original);
    await document.save();
    assert.equal(diskText(MAIN), original);
    await waitFor('the created router to be removed by the same undo', () => diskText('app/routers/pets.py') === undefined);
  });

  it('refuses a YAML file that is not OpenAPI, and a Swagger 2.0 document, saying why; nothing is proposed', async () => {
    touched = [];
    const compose = await vscode.commands.executeCommand<CommandResult>(COMMAND, fileUri(COMPOSE));
    assert.match(compose !== undefined && 'refused' in compose ? compose.refused : '', /specs\/a-compose\.yaml is not an OpenAPI document: it has no "openapi" version field/);
    const swagger = await vscode.commands.executeCommand<CommandResult>(COMMAND, { uri: fileUri(SWAGGER).toString() });
    assert.match(swagger !== undefined && 'refused' in swagger ? swagger.refused : '', /is a Swagger 2\.0 document; only OpenAPI 3\.0 and 3\.1 are supported\. Convert it first/);
    assert.equal((await extensionApi()).services.review.current, undefined, 'a review was opened');
  });

  it('reads the spec as the editor shows it, unsaved edits included', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri(SPEC));
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    const offset = document.getText().indexOf('operationId: vaccinatePet');
    edit.replace(document.uri, new vscode.Range(document.positionAt(offset), document.positionAt(offset + 'operationId: vaccinatePet'.length)), 'operationId: vaccinateAnimal');
    assert.ok(offset > 0 && (await vscode.workspace.applyEdit(edit)) && document.isDirty);
    try {
      const result = proposal(await vscode.commands.executeCommand<CommandResult>(COMMAND, { uri: document.uri.toString(), ifReviewOpen: 'replace' }));
      touched = [...result.paths];
      const stubLine = await proposedLineOf('app/routers/pets.py', 'def vaccinate_animal(');
      assert.deepEqual(result.toImplement, [`app/routers/pets.py:${stubLine} vaccinateAnimal`]);
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(document.isDirty, false);
  });

  it('@fastapi /spec without a model: the engine draft is the answer, in the review', async () => {
    const expected = proposal(await vscode.commands.executeCommand<CommandResult>(COMMAND, { specFile: SPEC, ifReviewOpen: 'replace' }));
    const engine = (await extensionApi()).services.review.current?.changeSet.changes ?? [];
    touched = [...expected.paths];
    await (await extensionApi()).services.review.discard();
    await vscode.commands.executeCommand(FAKE_MODEL.setReplies, [FAKE_MODEL.unavailableReply]);
    try {
      await ask(`@fastapi /spec implement ${SPEC}`);
      const review = await currentReview();
      assert.deepEqual(review.changeSet.changes.map((change) => change.path).sort(), [...expected.paths].sort());
      for (const change of engine) assert.equal(review.changeSet.changes.find((candidate) => candidate.path === change.path)?.after, change.after, change.path);
      assert.equal(diskText('app/routers/pets.py'), undefined, 'written before apply');
    } finally {
      await vscode.commands.executeCommand(FAKE_MODEL.setReplies, []);
    }
  });
});
