/**
 * LlmProvider over the editor's own chat model (`request.model`, the VS Code Language Model API).
 * The API has no system role, so the system blocks open the first user message.
 */
import * as vscode from 'vscode';
import { cancelledError, LlmError } from '../../core/agent/llm-errors';
import type { LlmEvent, LlmProvider, LlmRequest } from '../../core/agent/llm-provider';

function toMessages(request: LlmRequest): vscode.LanguageModelChatMessage[] {
  const system = request.system.map((block) => block.text).join('\n\n');
  return request.messages.map((message, index) => {
    const text = index === 0 ? `${system}\n\n---\n\n${message.text}` : message.text;
    return message.role === 'user' ? vscode.LanguageModelChatMessage.User(text) : vscode.LanguageModelChatMessage.Assistant(text);
  });
}

function mapError(error: unknown, model: vscode.LanguageModelChat, signal: AbortSignal | undefined): LlmError {
  if (signal?.aborted === true || error instanceof vscode.CancellationError) {
    return cancelledError();
  }
  if (error instanceof vscode.LanguageModelError) {
    if (error.code === vscode.LanguageModelError.NoPermissions.name) {
      return new LlmError('permission', `The chat model "${model.name}" may not be used by this extension (${error.message}). Allow it when the editor asks, or set an Anthropic API key.`);
    }
    if (error.code === vscode.LanguageModelError.NotFound.name) {
      return new LlmError('unavailable', `The chat model "${model.name}" is not available. Pick another model in the chat, or set an Anthropic API key.`);
    }
    if (error.code === vscode.LanguageModelError.Blocked.name) {
      return new LlmError('rate-limit', `The chat model "${model.name}" refused the request for now (${error.message}). Try again later.`);
    }
    return new LlmError('server', `The chat model "${model.name}" failed: ${error.message}`);
  }
  return new LlmError('server', `The chat model "${model.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
}

export class LanguageModelProvider implements LlmProvider {
  constructor(private readonly model: vscode.LanguageModelChat) {}

  get label(): string {
    return `${this.model.name} (chat model)`;
  }

  async *stream(request: LlmRequest, signal?: AbortSignal): AsyncIterable<LlmEvent> {
    const cancellation = new vscode.CancellationTokenSource();
    const onAbort = (): void => cancellation.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.model.sendRequest(
        toMessages(request),
        { justification: 'To propose changes to your FastAPI project from its models, routes and settings.' },
        cancellation.token,
      );
      for await (const text of response.text) {
        yield { type: 'text', text };
      }
    } catch (error) {
      throw mapError(error, this.model, signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      cancellation.dispose();
    }
    if (signal?.aborted === true) {
      throw cancelledError();
    }
    yield { type: 'done', stopReason: 'end_turn', model: this.model.id };
  }
}
