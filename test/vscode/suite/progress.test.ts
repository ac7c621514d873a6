/**
 * Reading a large project through the editor's file system, with the progress notification open
 * for the screenshot `index-progress.png`. Runs last in the main pass: it fills the workspace with
 * generated modules, then removes them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { screenshot, workspaceRoot } from './helpers';

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
});
