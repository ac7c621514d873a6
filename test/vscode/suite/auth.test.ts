/**
 * "Add JWT Authentication" end to end in the editor: the command opens a review and writes
 * nothing, apply writes the proposed files, and one undo takes the whole change back; a fix
 * of the project's weak spots left out is neither reviewed nor written.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProposeAuthResult } from '../../../src/vscode/auth/propose-auth';
import type { ApplyOutcome } from '../../../src/vscode/review/apply-review';
import { diskText, extensionApi, fileUri, resetWorkspace, tabLabels, waitFor } from './helpers';

const SETTINGS = 'app/config.py';
const SECURITY = 'app/security.py';

describe('Add JWT Authentication', () => {
  let touched: readonly string[] = [];
  before(async () => {
    await extensionApi();
  });
  afterEach(() => resetWorkspace(touched));

  it('reviews, applies, and one undo restores the project', async () => {
    const original = diskText(SETTINGS);
    assert.ok(original !== undefined, `${SETTINGS} is missing from the workspace`);
    const result = await vscode.commands.executeCommand<ProposeAuthResult | undefined>('fastapiBackendEngineer.addJwtAuth', { ifReviewOpen: 'replace' });
    assert.ok(result, 'no review was opened');
    touched = result.paths;
    assert.ok(result.paths.includes(SECURITY) && result.paths.includes(SETTINGS), `unexpected files: ${result.paths.join(', ')}`);
    await waitFor('the multi-file diff tab', () => tabLabels().some((label) => label.startsWith('Proposed: JWT authentication')));
    assert.equal(diskText(SECURITY), undefined, 'written before apply');
    assert.equal(diskText(SETTINGS), original);
    const proposed = (await extensionApi()).services.review.current?.changeSet.changes ?? [];

    const outcome = await vscode.commands.executeCommand<ApplyOutcome>('fastapiBackendEngineer.review.applyAll', { reviewId: result.reviewId });
    assert.equal(outcome.status, 'applied', outcome.message);
    for (const change of proposed) assert.equal(diskText(change.path), change.after, `${change.path} differs from the proposal`);
    assert.match(diskText(SECURITY) ?? '', /PasswordHash\.recommended\(\)/);

    const document = await vscode.workspace.openTextDocument(fileUri(SETTINGS));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await waitFor('the undo', () => document.getText() === original);
    await document.save();
    assert.equal(diskText(SETTINGS), original);
    await waitFor('the created security module to be removed by the same undo', () => diskText(SECURITY) === undefined);
  });

  it('leaves a deselected fix out of the review and of what apply writes', async () => {
    const weakSecret = 'app/legacy_settings.py';
    const weakError = 'app/legacy_errors.py';
    const secretText = 'import os\n\nfrom fastapi import HTTPException\n\nSECRET_KEY = os.environ.get("SECRET_KEY", "dev-only")\n\n\ndef missing_key() -> HTTPException:\n    return HTTPException(status_code=500, detail="no signing key")\n';
    const errorText = 'from fastapi import HTTPException\n\n\ndef expired_token() -> HTTPException:\n    return HTTPException(status_code=401, detail="The token has expired")\n';
    touched = [weakSecret, weakError];
    await vscode.workspace.fs.writeFile(fileUri(weakSecret), Buffer.from(secretText));
    await vscode.workspace.fs.writeFile(fileUri(weakError), Buffer.from(errorText));
    await vscode.commands.executeCommand('fastapiBackendEngineer.reindex');
    const result = await vscode.commands.executeCommand<ProposeAuthResult | undefined>('fastapiBackendEngineer.addJwtAuth', {
      ifReviewOpen: 'replace',
      fixes: ['401-no-www-authenticate'],
    });
    assert.ok(result, 'no review was opened');
    touched = [...result.paths, weakSecret, weakError];
    const changeSet = (await extensionApi()).services.review.current?.changeSet;
    assert.deepEqual(
      changeSet?.fixes?.map((fix) => `${fix.id} ${fix.file} ${String(fix.included)}`).sort(),
      [`401-no-www-authenticate ${weakError} true`, `literal-secret ${weakSecret} false`],
    );
    assert.ok(!result.paths.includes(weakSecret), `the deselected fix's file is in the review: ${result.paths.join(', ')}`);
    assert.ok(changeSet?.warnings.some((warning) => warning.startsWith(`${weakSecret}: SECRET_KEY has a literal default`)));

    const outcome = await vscode.commands.executeCommand<ApplyOutcome>('fastapiBackendEngineer.review.applyAll', { reviewId: result.reviewId });
    assert.equal(outcome.status, 'applied', outcome.message);
    assert.equal(diskText(weakSecret), secretText, 'the deselected fix was written');
    assert.match(diskText(weakError) ?? '', /detail="The token has expired",\n\s+headers=\{"WWW-Authenticate": "Bearer"\},/);
  });

  it('Secure Unprotected Routes refuses a project without a current-user dependency and writes nothing', async () => {
    touched = [];
    const result = await vscode.commands.executeCommand<ProposeAuthResult | undefined>('fastapiBackendEngineer.secureRoutes', { ifReviewOpen: 'replace' });
    assert.equal(result, undefined);
  });
});
