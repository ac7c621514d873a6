/**
 * Reading a large project through the editor's file system, with the progress notification open
 * for the screenshot `index-progress.png`, and cancelling that first read. Runs last in the main
 * pass: it fills the workspace with generated modules, then removes them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_EXCLUDED_DIRS } from '../../../src/core/project/ignore-rules';
import { RELEVANT_WORDS } from '../../../src/core/project/read-python';
import { bundledRipgrep, RipgrepSearch } from '../../../src/core/project/text-search';
import { extensionApi, screenshot, waitFor, workspaceRoot } from './helpers';

const GENERATED = 'generated_models';
const MODULES = 20_000;

function moduleText(index: number): string {
  return [
    'from sqlmodel import Field, SQLModel',
    '',
    '',
    `class Thing${index}(SQLModel, table=True):`,
    '    id: int | None = Field(default=None, primary_key=True)',
    '    name: str = Field(index=True)',
    '',
  ].join('\n');
}

describe('reading a large project', () => {
  const folder = (): string => join(workspaceRoot().fsPath, GENERATED);

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    mkdirSync(folder(), { recursive: true });
    for (let index = 0; index < MODULES; index++) writeFileSync(join(folder(), `thing_${index}.py`), moduleText(index));
  });

  after(async () => {
    rmSync(folder(), { recursive: true, force: true });
    await vscode.commands.executeCommand('fastapiBackendEngineer.reindex');
  });

  it('reads every module of a project with thousands of files', async () => {
    const reading = vscode.commands.executeCommand<{ models: number } | undefined>('fastapiBackendEngineer.reindex');
    // Toasts are not shown in the test workbench; the notification centre lists the progress.
    await vscode.commands.executeCommand('notifications.showList');
    await screenshot('index-progress');
    const counts = await reading;
    assert.ok(counts !== undefined && counts.models >= MODULES, `models read: ${String(counts?.models)}`);
  });

  it("finds the editor's own ripgrep, which the index of a folder on disk prefilters with", async () => {
    const ripgrep = bundledRipgrep(vscode.env.appRoot);
    assert.ok(ripgrep, `no ripgrep under ${vscode.env.appRoot}`);
    const query = { words: RELEVANT_WORDS, extension: '.py', excludedDirs: DEFAULT_EXCLUDED_DIRS, maxFileBytes: 1024 * 1024 };
    const answer = await new RipgrepSearch(ripgrep).search(workspaceRoot().fsPath, query);
    assert.ok(answer, 'ripgrep gave no answer');
    assert.ok(answer.found.has(`${GENERATED}/thing_0.py`) && answer.found.has(`${GENERATED}/thing_${MODULES - 1}.py`));
  });

  it('a read dropped because the project is read again hands its caller the new read', async () => {
    const { indexes } = (await extensionApi()).services;
    indexes.invalidateAll();
    const service = indexes.serviceOf(workspaceRoot())?.service;
    assert.ok(service);
    const first = service.ensureFacts(false);
    await waitFor('a running first read', () => service.reading);
    indexes.invalidateAll(); // what a .gitignore or settings change does
    const facts = await first;
    assert.ok(facts.models.length >= MODULES, `models read: ${facts.models.length}`);
    assert.equal(service.facts, facts);
  });

  it('cancelling the first read keeps no facts, says so, and the next request reads again', async () => {
    const { indexes } = (await extensionApi()).services;
    indexes.invalidateAll();
    const service = indexes.serviceOf(workspaceRoot())?.service;
    assert.ok(service);
    const outcome = service.ensureFacts(false).then(
      () => 'finished',
      (error: unknown) => (error instanceof vscode.CancellationError ? 'cancelled' : `failed: ${String(error)}`),
    );
    // What Cancel in the progress notification calls; undefined until the read has started.
    let message: string | undefined;
    await waitFor('a running first read to cancel', async () => (message = await service.cancelBuild()) !== undefined, 30_000, () => 'the read finished first');
    assert.equal(await outcome, 'cancelled');
    assert.match(message ?? '', /was cancelled\. Nothing was kept; it is read again on the next request\./);
    assert.equal(service.facts, undefined, 'a cancelled first read left facts behind');

    const counts = await vscode.commands.executeCommand<{ models: number } | undefined>('fastapiBackendEngineer.reindex');
    assert.ok(counts !== undefined && counts.models >= MODULES, `models read after the cancel: ${String(counts?.models)}`);
    assert.equal((await service.ensureFacts(false)).models.length, counts.models, 'the service kept the facts of the new read');
  });
});
