/**
 * Earlier turns with this participant, as messages for the model: what the user asked (with its
 * slash command) and what was answered.
 */
import * as vscode from 'vscode';
import { alternatingTurns } from '../../core/agent/conversation';
import type { ChatMessage } from '../../core/agent/llm-provider';

export const PARTICIPANT_ID = 'fastapiBackendEngineer.chat';

export function historyMessages(history: vscode.ChatContext['history']): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const turn of history) {
    if (turn.participant !== PARTICIPANT_ID) {
      continue;
    }
    if (turn instanceof vscode.ChatRequestTurn) {
      const command = turn.command === undefined ? '' : `/${turn.command} `;
      messages.push({ role: 'user', text: `${command}${turn.prompt}`.trim() || '(empty request)' });
    } else if (turn instanceof vscode.ChatResponseTurn) {
      const text = turn.response
        .map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : ''))
        .join('')
        .trim();
      if (text !== '') {
        messages.push({ role: 'assistant', text });
      }
    }
  }
  return alternatingTurns(messages);
}
