/**
 * Failures as chat results: the user sees what went wrong and what to do, never a stack trace.
 */
import * as vscode from 'vscode';
import { LlmError } from '../../core/agent/llm-errors';
import { PromptFileError } from '../../core/agent/prompt-files';
import { scrubSecrets } from '../../core/changes/secret-filter';

export function errorResult(error: unknown, metadata: Record<string, unknown> = {}): vscode.ChatResult {
  if (error instanceof LlmError) {
    if (error.kind === 'cancelled') {
      return { metadata: { ...metadata, cancelled: true } };
    }
    const retry = error.details.retryAfterSeconds;
    return {
      errorDetails: { message: scrubSecrets(error.message), ...(retry === undefined ? {} : { responseIsIncomplete: true }) },
      metadata: { ...metadata, errorKind: error.kind },
    };
  }
  if (error instanceof vscode.CancellationError) {
    return { errorDetails: { message: 'Reading the project was cancelled; nothing was proposed. Ask again to read it.' }, metadata };
  }
  if (error instanceof PromptFileError) {
    return { errorDetails: { message: `An agent file is invalid — ${error.message}` }, metadata };
  }
  const message = scrubSecrets(error instanceof Error ? error.message : String(error));
  return { errorDetails: { message: `Something went wrong: ${message}. Nothing was written; the log ("FastAPI Backend Engineer" output) has details.` }, metadata };
}
