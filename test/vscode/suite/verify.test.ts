/**
 * Verification in the editor with the real tools of the verification environment (.cache/venv,
 * named through the python.interpreter setting): a CRUD proposal verifies green; a chat proposal
 * whose test fails is red, with diagnostics on the proposed document, an apply that says what
 * failed, and a repair round into the same review; cancelling during pytest ends its processes.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ChangeSet } from '../../../src/core/changes/change-set';
import type { VerificationResult } from '../../../src/core/verify/verify-types';
import type { GenerateCrudResult } from '../../../src/vscode/crud/generate-crud-flow';
import type { ApplyOutcome } from '../../../src/vscode/review/apply-review';
import { proposedUri } from '../../../src/vscode/review/proposed-uri';
import { routerAnswer } from '../../support/model-answers';
import { FAKE_MODEL } from '../fake-model/fake-model-protocol';
import { ask, currentReview, fakeRequests } from './chat-helpers';
import { EXTENSION_ID, diskText, expectedOutputs, extensionApi, resetWorkspace, waitFor, workspaceRoot } from './helpers';

const ARMY_TEST = 'tests/test_armies.py';

function armiesAnswer(expectedStatus: number): string {
  return [
    routerAnswer('armies'),
    '',
    `\`\`\`python path=${ARMY_TEST}`,
    'from fastapi.testclient import TestClient',
    '',
    '',
    'def test_armies_are_listed(client: TestClient) -> None:',
    '    response = client.get("/armies/")',
    `    assert response.status_code == ${expectedStatus}`,
    '```',
  ].join('\n');
}

function hangingProcesses(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('time.sleep(300)');
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('Verify proposed changes', () => {
  const touched = new Set<string>(['app/main.py', 'app/routers/armies.py', ARMY_TEST]);
  const configuration = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('fastapiBackendEngineer');

  before(async () => {
    await extensionApi();
    for (const file of expectedOutputs('Hero')) touched.add(file.path);
    const repository = vscode.extensions.getExtension(EXTENSION_ID)?.extensionUri.fsPath ?? '';
    await configuration().update('python.interpreter', join(repository, '.cache', 'venv', 'bin', 'python'), vscode.ConfigurationTarget.Workspace);
  });
  after(async () => {
    await configuration().update('python.interpreter', undefined, vscode.ConfigurationTarget.Workspace);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand(FAKE_MODEL.setReplies, []);
    await resetWorkspace([...touched]);
  });

  it('CRUD → Verify → every check green', async () => {
    const crud = await vscode.commands.executeCommand<GenerateCrudResult | undefined>('fastapiBackendEngineer.generateCrud', { model: 'Hero', ifReviewOpen: 'replace' });
    assert.ok(crud);
    const result = await vscode.commands.executeCommand<VerificationResult | undefined>('fastapiBackendEngineer.review.verify', { reviewId: crud.reviewId, notify: 'none' });
    assert.ok(result, 'verification ran');
    assert.equal(result.passed, true, JSON.stringify(result.checks, null, 2));
    assert.deepEqual(result.checks.map((check) => [check.check, check.status]), [
      ['import', 'passed'],
      ['ruff', 'passed'],
      ['format', 'passed'],
      ['types', 'passed'],
      ['pytest', 'passed'],
    ]);
    assert.match(result.interpreter.source, /fastapiBackendEngineer\.python\.interpreter/);
    const api = await extensionApi();
    assert.equal(api.services.verification.stateOf(crud.reviewId)?.kind, 'done');
    for (const path of crud.paths) assert.deepEqual(vscode.languages.getDiagnostics(proposedUri({ reviewId: crud.reviewId, path, side: 'after' })), [], path);
    await vscode.commands.executeCommand('fastapiBackendEngineer.review.discard', { reviewId: crud.reviewId });
  });

  it('a chat proposal whose test fails: red, diagnostics on the proposed test, apply says what failed; "Fix with the model" revises the same review', async () => {
    await vscode.commands.executeCommand(FAKE_MODEL.setReplies, [armiesAnswer(200)]);
    await ask('@fastapi add an armies router');
    const review = await currentReview();
    const api = await extensionApi();
    const state = api.services.verification.stateOf(review.id);
    assert.equal(state?.kind, 'done', JSON.stringify(state));
    assert.equal(state.result.passed, false);
    assert.equal(state.result.checks.find((check) => check.check === 'pytest')?.status, 'failed');

    const testUri = proposedUri({ reviewId: review.id, path: ARMY_TEST, side: 'after' });
    const diagnostics = vscode.languages.getDiagnostics(testUri);
    const assertion = armiesAnswer(200).split('```python path=tests/test_armies.py\n')[1]?.split('\n').findIndex((line) => line.includes('assert response')) ?? -1;
    assert.ok(
      diagnostics.some((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error && diagnostic.range.start.line === assertion && diagnostic.source === 'pytest'),
      `pytest diagnostic on line ${assertion + 1}: ${JSON.stringify(diagnostics)}`,
    );

    // The repair round: the failing output goes to the model, the revision lands in the same review.
    await vscode.commands.executeCommand(FAKE_MODEL.setReplies, [armiesAnswer(404)]);
    await ask(`@fastapi Fix the failed verification of proposal ${review.id}`);
    const sent = (await fakeRequests()).at(-1) ?? '';
    assert.match(sent, /test_armies_are_listed failed/);
    assert.match(sent, /```python path=tests\/test_armies\.py/);
    const revised = api.services.review.current;
    assert.equal(revised?.id, review.id, 'the same review');
    assert.match(revised.changeSet.changes.find((change) => change.path === ARMY_TEST)?.after ?? '', /== 404/);
    const after = api.services.verification.stateOf(review.id);
    assert.equal(after?.kind === 'done' && after.result.passed, true, JSON.stringify(after));
  });

  it('applying after a failed verification is possible and says what failed', async () => {
    await vscode.commands.executeCommand(FAKE_MODEL.setReplies, [armiesAnswer(200)]);
    await ask('@fastapi add an armies router');
    const review = await currentReview();
    const outcome = await vscode.commands.executeCommand<ApplyOutcome>('fastapiBackendEngineer.review.applyAll', { reviewId: review.id });
    assert.equal(outcome.status, 'applied', outcome.message);
    assert.match(outcome.message, /Applied although verification failed: pytest/);
    assert.match(diskText(ARMY_TEST) ?? '', /test_armies_are_listed/);
  });

  it('cancelling while pytest runs ends its processes', async () => {
    const api = await extensionApi();
    const hanging = ['import subprocess', 'import sys', 'import time', '', '', 'def test_hangs() -> None:', '    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])', '    time.sleep(300)', ''].join('\n');
    const changeSet: ChangeSet = { title: 'A test that hangs', summary: '', warnings: [], changes: [{ path: 'tests/test_hangs.py', kind: 'create', before: null, after: hanging }] };
    const review = await api.services.review.open(changeSet, { root: workspaceRoot(), ifOpen: 'replace', showChanges: false });
    assert.ok(review);
    const cancel = new vscode.CancellationTokenSource();
    const running = api.services.verification.verify({ reviewId: review.id, showProgress: false, token: cancel.token });
    await waitFor('the hanging test to start', () => hangingProcesses().length > 0, 60_000);
    cancel.cancel();
    const result = await running;
    assert.equal(result?.cancelled, true);
    await waitFor('the test processes to end', () => hangingProcesses().length === 0, 5_000, () => `still running: ${hangingProcesses().join(', ')}`);
    await vscode.commands.executeCommand('fastapiBackendEngineer.review.discard', { reviewId: review.id });
  });
});
