/** Registers a command from the table so that a failure is logged and shown, never swallowed. */
import * as vscode from 'vscode';
import type { ExtensionLogger } from '../logger';
import type { CommandDefinition } from './command-ids';

export function registerCommand(
  logger: ExtensionLogger,
  definition: CommandDefinition,
  handler: (...args: unknown[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(definition.id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof vscode.CancellationError) return undefined;
      logger.reportFailure(definition.title.replace(/…$/, ''), error);
      return undefined;
    }
  });
}

/** Reads an optional plain-object argument (commands may also receive a Uri or nothing). */
export function objectArgument(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) ? (value as Record<string, unknown>) : {};
}

export function stringField(argument: Record<string, unknown>, key: string): string | undefined {
  const value = argument[key];
  return typeof value === 'string' ? value : undefined;
}

/** A Uri given as a Uri or as its string form. */
export function uriArgument(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  return typeof value === 'string' ? vscode.Uri.parse(value) : undefined;
}
