/**
 * A test-only extension that registers a scripted chat model through the stable Language Model
 * API, so a chat participant can be driven end to end in an offline editor.
 */
import * as vscode from 'vscode';
import { defaultReply, FAKE_MODEL } from './fake-model-protocol';

function textOf(message: vscode.LanguageModelChatRequestMessage): string {
  return message.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

export function activate(context: vscode.ExtensionContext): void {
  const replies: string[] = [];
  const requests: string[] = [];
  const information: vscode.LanguageModelChatInformation = {
    id: FAKE_MODEL.id,
    name: 'Fake Test Model',
    family: 'fake',
    version: '1',
    maxInputTokens: 200_000,
    maxOutputTokens: 32_000,
    capabilities: {},
  };
  const provider: vscode.LanguageModelChatProvider = {
    provideLanguageModelChatInformation: () => [information],
    async provideLanguageModelChatResponse(_model, messages, _options, progress, token) {
      const prompt = messages.map(textOf).join('\n\n');
      requests.push(prompt);
      const reply = replies.shift() ?? defaultReply(prompt);
      if (reply === FAKE_MODEL.unavailableReply) {
        throw vscode.LanguageModelError.NotFound('the fake model is switched off');
      }
      // Several parts, so the participant sees a stream rather than one block.
      for (let index = 0; index < reply.length && !token.isCancellationRequested; index += 200) {
        progress.report(new vscode.LanguageModelTextPart(reply.slice(index, index + 200)));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    },
    provideTokenCount: (_model, text) => Promise.resolve(Math.ceil((typeof text === 'string' ? text : textOf(text)).length / 4)),
  };
  context.subscriptions.push(
    vscode.lm.registerLanguageModelChatProvider(FAKE_MODEL.vendor, provider),
    vscode.commands.registerCommand(FAKE_MODEL.setReplies, (next: unknown) => {
      replies.splice(0, replies.length, ...(Array.isArray(next) ? next.map(String) : []));
    }),
    vscode.commands.registerCommand(FAKE_MODEL.requests, () => [...requests]),
  );
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
