/**
 * The `@fastapi` chat participant, its follow-ups, and the API key commands.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { registerApiKeyCommands } from './api-key';
import type { ChatResultMetadata } from './chat-handler';
import { PARTICIPANT_ID } from './chat-history';

function followups(result: vscode.ChatResult): vscode.ChatFollowup[] {
  const metadata = result.metadata as Partial<ChatResultMetadata> | undefined;
  if (result.errorDetails !== undefined || metadata === undefined) {
    return [];
  }
  const files = metadata.files ?? [];
  if (metadata.command === 'crud' && files.length > 0) {
    return [
      { prompt: `Explain the proposed changes for ${metadata.target ?? 'the model'} and how to test them`, label: 'Explain the proposed changes' },
      { prompt: `Add filtering and sorting to the list endpoint of ${metadata.target ?? 'the model'}`, command: 'endpoint', label: 'Add filtering to the list endpoint' },
    ];
  }
  if (files.length > 0) {
    return [{ prompt: 'Write pytest tests for the changes you proposed', label: 'Add tests for these changes' }];
  }
  if (metadata.command === 'context') {
    return [{ prompt: 'Which endpoints are not protected by authentication?', command: 'context', label: 'Which endpoints are unprotected?' }];
  }
  return [];
}

export function registerChatParticipant(context: vscode.ExtensionContext, services: ExtensionServices): vscode.Disposable {
  // The handler pulls in the agent and the Anthropic SDK: loaded on the first request, not at activation.
  let handler: Promise<vscode.ChatRequestHandler> | undefined;
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, chatContext, stream, token) => {
    handler ??= import('./chat-handler').then(
      (module) => module.createChatHandler(services),
      (error: unknown) => {
        handler = undefined; // a failed load is not kept: the next request tries again
        throw error;
      },
    );
    return (await handler)(request, chatContext, stream, token);
  });
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
  participant.followupProvider = { provideFollowups: (result) => followups(result) };
  return vscode.Disposable.from(participant, registerApiKeyCommands(services));
}
