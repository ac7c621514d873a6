/**
 * The Anthropic API key in SecretStorage, never in settings or logs, and the commands that set
 * and clear it. The set command takes the key as an argument too, so it can be scripted.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commands/command-ids';
import { registerCommand } from '../commands/register-command';
import type { ExtensionServices } from '../services';

const SECRET_KEY = 'fastapiBackendEngineer.anthropicApiKey';

export async function readApiKey(secrets: vscode.SecretStorage): Promise<string | undefined> {
  const key = (await secrets.get(SECRET_KEY))?.trim();
  return key === undefined || key === '' ? undefined : key;
}

export function registerApiKeyCommands(services: ExtensionServices): vscode.Disposable {
  const { secrets } = services.context;
  return vscode.Disposable.from(
    registerCommand(services.logger, COMMANDS.setApiKey, async (argument: unknown) => {
      const given = typeof argument === 'string' ? argument : undefined;
      const key = (
        given ??
        (await vscode.window.showInputBox({
          title: 'Anthropic API Key',
          prompt: 'Stored in the editor\'s secret storage; used by @fastapi in the chat.',
          password: true,
          ignoreFocusOut: true,
          validateInput: (value) => (value.trim() === '' ? 'Enter a key, or press Escape to cancel.' : undefined),
        }))
      )?.trim();
      if (key === undefined || key === '') return false;
      await secrets.store(SECRET_KEY, key);
      services.logger.info('Anthropic API key stored in secret storage.');
      void vscode.window.showInformationMessage('Anthropic API key saved. @fastapi will use Claude.');
      return true;
    }),
    registerCommand(services.logger, COMMANDS.clearApiKey, async () => {
      await secrets.delete(SECRET_KEY);
      services.logger.info('Anthropic API key removed from secret storage.');
      void vscode.window.showInformationMessage('Anthropic API key removed. @fastapi will use the chat\'s model.');
      return true;
    }),
  );
}
