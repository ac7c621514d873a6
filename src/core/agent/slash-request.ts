/**
 * `/crud Hero with soft delete` → command, target and the rest of the request. The chat gets the
 * command from the editor; the command line reads it from the request text.
 */
import { TASK_COMMANDS, type TaskCommand } from './prompt-files';

export interface AgentRequest {
  readonly command: TaskCommand;
  /** The model a /crud request is for. */
  readonly target?: string;
  readonly request: string;
}

export function requestForCommand(command: TaskCommand, text: string): AgentRequest {
  const trimmed = text.trim();
  if (command !== 'crud') {
    return { command, request: trimmed };
  }
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\b\s*([\s\S]*)$/.exec(trimmed);
  return match === null ? { command, request: trimmed } : { command, target: match[1] ?? '', request: (match[2] ?? '').trim() };
}

export function parseSlashRequest(text: string): AgentRequest {
  const match = /^\s*\/([a-z]+)\b\s*([\s\S]*)$/.exec(text);
  const command = TASK_COMMANDS.find((candidate) => candidate === match?.[1]);
  if (match === null || command === undefined) {
    return { command: 'ask', request: text.trim() };
  }
  return requestForCommand(command, match[2] ?? '');
}
