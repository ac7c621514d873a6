/**
 * Restricted Mode, for real: this pass runs with Workspace Trust on and the folder untrusted.
 * Proposals can be reviewed; applying is refused and nothing is written.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diskText, extensionApi, tabLabels, waitFor, workspaceRoot } from './helpers';

describe('restricted mode', () => {
  it('runs in an untrusted workspace', async () => {
    await extensionApi();
    assert.equal(vscode.workspace.isTrusted, false);
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
});
