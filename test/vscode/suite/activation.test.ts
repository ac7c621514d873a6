import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi } from './helpers';
import { metrics } from './metrics';

interface ContributedCommand {
  readonly command: string;
}

describe('activation', () => {
  it('activates in the workspace and reports its activation time', async () => {
    const api = await extensionApi();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.ok(api.activationMs >= 0);
    metrics['activationMs'] = api.activationMs;
    metrics['activateMs'] = api.activateMs;
  });

  it('registers every command it contributes', async () => {
    await extensionApi();
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: ContributedCommand[] } }).contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((entry) => entry.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
    assert.ok(contributed.length >= 10);
  });
});
