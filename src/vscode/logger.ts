/** The one logger: a LogOutputChannel behind core's Logger port, plus "log and show" for failures. */
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';

const OUTPUT_CHANNEL_NAME = 'FastAPI Backend Engineer';

export interface ExtensionLogger extends Logger, vscode.Disposable {
  /** Logs the failure with its stack and shows a short error notification. */
  reportFailure(what: string, error: unknown): void;
  show(): void;
}

export function createLogger(channel: vscode.LogOutputChannel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true })): ExtensionLogger {
  return {
    trace: (message) => channel.trace(message),
    debug: (message) => channel.debug(message),
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message) => channel.error(message),
    reportFailure(what, error) {
      channel.error(`${what}: ${describeError(error)}`);
      if (error instanceof Error && error.stack !== undefined) channel.debug(error.stack);
      void vscode.window.showErrorMessage(`${what}: ${messageOf(error)}`, 'Show Log').then((choice) => {
        if (choice === 'Show Log') channel.show(true);
      });
    },
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
