/**
 * Earlier turns as the Messages API wants them: alternating, starting with the user, and ending
 * with the assistant (the new request is the next user turn).
 */
import type { ChatMessage } from './llm-provider';

export function alternatingTurns(messages: readonly ChatMessage[]): ChatMessage[] {
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
  return result.at(-1)?.role === 'user' ? result.slice(0, -1) : result;
}
