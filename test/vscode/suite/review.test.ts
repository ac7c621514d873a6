/**
 * The review itself, driven with a hand-made ChangeSet: nothing is written before apply, apply
 * is one undoable edit, conflicts are not written, discard and replacement write nothing.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChangeSet } from '../../../src/core/changes/change-set';
import { parseProposedUri, PROPOSED_SCHEME } from '../../../src/vscode/review/proposed-uri';
import { diskText, extensionApi, fileUri, resetWorkspace, tabLabels, waitFor, workspaceRoot } from './helpers';

const MODIFIED = 'app/config.py';
const CREATED = 'app/review_probe.py';

function proposal(title: string): ChangeSet {
  const before = diskText(MODIFIED);
  assert.ok(before !== undefined, `${MODIFIED} is missing from the workspace`);
  return {
    title,
    summary: 'A probe proposal',
    warnings: [],
    changes: [
      { path: CREATED, kind: 'create', before: null, after: 'PROBE = "created"\n' },
      { path: MODIFIED, kind: 'modify', before, after: `${before}\nPROBE_SETTING = 1\n` },
    ],
  };
}

describe('review', () => {
  let original: string | undefined;
  before(() => {
    original = diskText(MODIFIED);
  });
  afterEach(() => resetWorkspace([CREATED, MODIFIED]));

  it('serves proposed contents without writing anything and lists the files in one diff editor', async () => {
    const { review } = (await extensionApi()).services;
    const opened = await review.open(proposal('Probe A'), { root: workspaceRoot(), ifOpen: 'replace', showChanges: true });
    assert.ok(opened);
    await waitFor('the multi-file diff tab', () => tabLabels().some((label) => label.startsWith('Proposed: Probe A')));
    const after = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${CREATED}`, query: `review=${opened.id}&side=after` });
    assert.equal((await vscode.workspace.openTextDocument(after)).getText(), 'PROBE = "created"\n');
    assert.equal(diskText(CREATED), undefined);
    assert.equal(diskText(MODIFIED), original);
  });

  it('closing the diff tabs neither applies nor discards', async () => {
    const { review } = (await extensionApi()).services;
    const opened = await review.open(proposal('Probe B'), { root: workspaceRoot(), ifOpen: 'replace', showChanges: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(review.current?.id, opened?.id);
    assert.equal(diskText(CREATED), undefined);
  });

  it('applies every file, saves them, and one undo restores the previous state', async () => {
    const { review } = (await extensionApi()).services;
    const opened = await review.open(proposal('Probe C'), { root: workspaceRoot(), ifOpen: 'replace', showChanges: false });
    const outcome = await vscode.commands.executeCommand<{ status: string; written: string[] }>('fastapiBackendEngineer.review.applyAll', { reviewId: opened?.id });
    assert.equal(outcome.status, 'applied');
    assert.deepEqual([...outcome.written].sort(), [CREATED, MODIFIED].sort());
    assert.equal(diskText(CREATED), 'PROBE = "created"\n');
    assert.equal(diskText(MODIFIED), `${original ?? ''}\nPROBE_SETTING = 1\n`);
    assert.equal(review.current, undefined);

    const document = await vscode.workspace.openTextDocument(fileUri(MODIFIED));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await waitFor('the undo', () => document.getText() === original);
    await document.save();
    assert.equal(diskText(MODIFIED), original);
    await waitFor('the created file to be removed by the same undo', () => diskText(CREATED) === undefined);
  });

  it('reports a file changed after the proposal as a conflict and does not overwrite it', async () => {
    const { review } = (await extensionApi()).services;
    const opened = await review.open(proposal('Probe D'), { root: workspaceRoot(), ifOpen: 'replace', showChanges: false });
    const edited = `${original ?? ''}\n# edited by the user meanwhile\n`;
    await vscode.workspace.fs.writeFile(fileUri(MODIFIED), new TextEncoder().encode(edited));
    const outcome = await review.apply({ id: opened?.id });
    assert.deepEqual(outcome?.conflicts.map((conflict) => conflict.path), [MODIFIED]);
    assert.equal(diskText(MODIFIED), edited);
    assert.deepEqual(outcome?.written, [CREATED]);
  });

  it('applies only the chosen files', async () => {
    const { review } = (await extensionApi()).services;
    const opened = await review.open(proposal('Probe E'), { root: workspaceRoot(), ifOpen: 'replace', showChanges: false });
    await vscode.commands.executeCommand('fastapiBackendEngineer.review.applySelected', { reviewId: opened?.id, paths: [CREATED] });
    assert.equal(diskText(CREATED), 'PROBE = "created"\n');
    assert.equal(diskText(MODIFIED), original);
  });

  it('discard writes nothing and closes the review tabs', async () => {
    const { review } = (await extensionApi()).services;
    const opened = await review.open(proposal('Probe F'), { root: workspaceRoot(), ifOpen: 'replace', showChanges: true });
    await waitFor('the multi-file diff tab', () => tabLabels().some((label) => label.startsWith('Proposed: Probe F')));
    await vscode.commands.executeCommand('fastapiBackendEngineer.review.discard', { reviewId: opened?.id });
    assert.equal(review.current, undefined);
    assert.equal(diskText(CREATED), undefined);
    assert.equal(diskText(MODIFIED), original);
    await waitFor('the review tabs to close', () => !tabLabels().some((label) => label.startsWith('Proposed: Probe F')));
  });

  it('a new proposal replaces the open one only when asked to, and old buttons stop working', async () => {
    const { review } = (await extensionApi()).services;
    const first = await review.open(proposal('Probe G'), { root: workspaceRoot(), ifOpen: 'replace', showChanges: false });
    const kept = await review.open(proposal('Probe H'), { root: workspaceRoot(), ifOpen: 'keep', showChanges: false });
    assert.equal(kept, undefined);
    assert.equal(review.current?.id, first?.id);
    const second = await review.open(proposal('Probe H'), { root: workspaceRoot(), ifOpen: 'replace', showChanges: false });
    assert.notEqual(second?.id, first?.id);
    const stale = await review.apply({ id: first?.id });
    assert.equal(stale, undefined);
    assert.equal(diskText(CREATED), undefined);
    const oldUri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${CREATED}`, query: `review=${first?.id ?? ''}&side=after` });
    assert.equal(parseProposedUri(oldUri)?.reviewId, first?.id);
    assert.match((await vscode.workspace.openTextDocument(oldUri)).getText(), /no longer open/);
  });

  it('refuses a path that leaves the workspace and writes nothing for it', async () => {
    const { review } = (await extensionApi()).services;
    const hostile: ChangeSet = {
      title: 'Hostile',
      summary: '',
      warnings: [],
      changes: [
        { path: '../outside.py', kind: 'create', before: null, after: 'x = 1\n' },
        { path: '.git/hooks/pre-commit', kind: 'create', before: null, after: '#!/bin/sh\n' },
      ],
    };
    const opened = await review.open(hostile, { root: workspaceRoot(), ifOpen: 'replace', showChanges: false });
    const outcome = await review.apply({ id: opened?.id });
    assert.equal(outcome?.status, 'nothing');
    assert.equal(outcome?.rejected.length, 2);
    assert.equal(diskText('.git/hooks/pre-commit'), undefined);
  });
});
