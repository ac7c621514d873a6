/** Shared steps of the extension-host suites: the extension's API, the workspace, screenshots. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { ENV, type ExpectedFile, type ExpectedOutputs } from '../test-protocol';

export const EXTENSION_ID = 'fastapi-backend-engineer.fastapi-backend-engineer';

export async function extensionApi(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in the host`);
  return extension.isActive ? extension.exports : extension.activate();
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri;
}

export function fileUri(path: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...path.split('/'));
}

/** The file's text on disk, or undefined when it does not exist. */
export function diskText(path: string): string | undefined {
  const absolute = fileUri(path).fsPath;
  return existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
}

export function expectedOutputs(model: string): readonly ExpectedFile[] {
  const file = process.env[ENV.expected];
  assert.ok(file, `${ENV.expected} is not set`);
  const expected = (JSON.parse(readFileSync(file, 'utf8')) as ExpectedOutputs)[model];
  assert.ok(expected, `no expected output for ${model}`);
  return expected;
}

/** Restores the files a test may have touched from the pristine copy and closes every editor. */
export async function resetWorkspace(paths: readonly string[]): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const pristine = process.env[ENV.pristine];
  assert.ok(pristine, `${ENV.pristine} is not set`);
  const restored: { uri: vscode.Uri; text: string }[] = [];
  for (const path of paths) {
    const original = join(pristine, ...path.split('/'));
    if (existsSync(original)) {
      await vscode.workspace.fs.writeFile(fileUri(path), readFileSync(original));
      restored.push({ uri: fileUri(path), text: readFileSync(original, 'utf8') });
    } else await vscode.workspace.fs.delete(fileUri(path), { useTrash: false }).then(undefined, () => undefined);
  }
  // A document still open in memory (edited by a test, or not yet caught up with the disk) is
  // reverted to the restored file: a next test editing it would otherwise save over a file the
  // editor thinks changed under it, or read the old text.
  for (const { uri, text } of restored) {
    const open = (): vscode.TextDocument | undefined => vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    const document = open();
    if (document === undefined || (!document.isDirty && document.getText() === text)) continue;
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(`${uri.path} to be reverted in the editor`, () => open() === undefined || (open()?.isDirty === false && open()?.getText() === text));
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const api = await extensionApi();
  if (api.services.review.current !== undefined) await api.services.review.discard();
  // File events from the restore arrive with a delay; read the project again so the next test starts clean.
  await vscode.commands.executeCommand('fastapiBackendEngineer.reindex');
}

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  detail: () => string = () => `open tabs: ${tabLabels().join(' | ')}`,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what} (${detail()})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Asks the runner for a screenshot of the workbench and waits until it was taken. */
export async function screenshot(name: string): Promise<void> {
  const folder = process.env[ENV.screenshots];
  if (folder === undefined) return;
  await vscode.workspace.fs.createDirectory(vscode.Uri.file(folder));
  // The chat view opens in the secondary side bar by default; the review is the subject here.
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  await new Promise((resolve) => setTimeout(resolve, 1500)); // let the editors render
  writeFileSync(join(folder, `${name}.request`), '');
  await waitFor(`screenshot ${name}`, () => existsSync(join(folder, `${name}.done`)), 30_000);
}

export function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
}
