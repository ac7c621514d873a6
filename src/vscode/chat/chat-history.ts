/**
 * Earlier turns with this participant, as messages for the model: what the user asked (with its
 * slash command) and what was answered.
 */
import * as vscode from 'vscode';
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
  return alternating(messages);
}

/** The Messages API wants turns that alternate and start with the user: merge neighbours. */
function alternating(messages: readonly ChatMessage[]): ChatMessage[] {
  const result: ChatMessage[] = [];
  for (const message of messages) {
    const last = result.at(-1);
    if (last === undefined && message.role === 'assistant') {
      continue;
    }
    if (last?.role === message.role) {
      result[result.length - 1] = { role: last.role, text: `${last.text}\n\n${message.text}` };
    } else {
      result.push(message);
    }
  }
  // The new request is a user turn; a trailing user turn would make two in a row.
  return result.at(-1)?.role === 'user' ? result.slice(0, -1) : result;
}
