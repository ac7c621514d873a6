/**
 * Restricted Mode, for real: this pass runs with Workspace Trust on and the folder untrusted.
 * Proposals can be reviewed; applying is refused and nothing is written. The scripted chat model
 * is installed here too (it declares Restricted Mode support), so a request that reached it would
 * be counted.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ask, currentReview, fakeRequests } from './chat-helpers';
import { mcpServerDefinitions } from '../../../src/vscode/tools/mcp-server-definitions';
import { diskText, expectedOutputs, extensionApi, tabLabels, waitFor, workspaceRoot } from './helpers';

describe('restricted mode', () => {
  it('runs in an untrusted workspace', async () => {
    await extensionApi();
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('offers no MCP server, which could write files', async () => {
    assert.deepEqual(mcpServerDefinitions((await extensionApi()).services), []);
  });

  it('reviews a proposal but refuses to apply it', async () => {
    const { review } = (await extensionApi()).services;
    const before = diskText('app/config.py');
    assert.ok(before !== undefined);
    const opened = await review.open(
      {
        title: 'Restricted probe',
        summary: '',
        warnings: [],
        changes: [
          { path: 'app/restricted_probe.py', kind: 'create', before: null, after: 'X = 1\n' },
          { path: 'app/config.py', kind: 'modify', before, after: `${before}\nY = 2\n` },
        ],
      },
      { root: workspaceRoot(), ifOpen: 'replace', showChanges: true },
    );
    await waitFor('the multi-file diff tab', () => tabLabels().some((label) => label.startsWith('Proposed: Restricted probe')));
    const outcome = await vscode.commands.executeCommand<{ status: string } | undefined>('fastapiBackendEngineer.review.applyAll', { reviewId: opened?.id });
    assert.equal(outcome?.status, 'refused');
    assert.equal(diskText('app/restricted_probe.py'), undefined);
    assert.equal(diskText('app/config.py'), before);
    assert.equal(review.current?.id, opened?.id, 'the proposal stays open for reading');
  });

  it('@fastapi /crud Hero proposes with the offline engine, sends nothing, and cannot be applied', async () => {
    const expected = expectedOutputs('Hero');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await (await extensionApi()).services.review.discard();
    await ask('@fastapi /crud Hero');
    const review = await currentReview();
    assert.deepEqual(review.changeSet.changes.map((change) => change.path).sort(), expected.map((file) => file.path).sort());
    for (const file of expected) {
      assert.equal(review.changeSet.changes.find((change) => change.path === file.path)?.after, file.after, `${file.path} differs from the offline engine's output`);
    }
    assert.deepEqual(await fakeRequests(), [], 'a model was asked in Restricted Mode');

    const outcome = await vscode.commands.executeCommand<{ status: string } | undefined>('fastapiBackendEngineer.review.applyAll', { reviewId: review.id });
    assert.equal(outcome?.status, 'refused');
    for (const file of expected) assert.equal(diskText(file.path), file.before ?? undefined, `${file.path} was written in Restricted Mode`);
  });
});
