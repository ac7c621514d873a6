/** "Open Diff of a Proposed File…": one file side by side; `{ path }` or a QuickPick of the files. */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { registerCommand } from './register-command';
import { reviewArgument } from './review-arguments';

export function registerReviewOpenFileDiffCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.reviewOpenFileDiff, async (argument: unknown) => {
    const { reviewId, path } = reviewArgument(argument);
    const changes = services.review.current?.changeSet.changes ?? [];
    const chosen =
      path ??
      (changes.length === 0
        ? undefined
        : (await vscode.window.showQuickPick(changes.map((change) => ({ label: change.path, description: change.kind === 'create' ? 'new file' : 'modified' })), { title: 'Open Diff of a Proposed File' }))?.label);
    if (chosen === undefined) {
      if (changes.length === 0) void vscode.window.showWarningMessage('No proposed change is open.');
      return undefined;
    }
    return services.review.showFile(chosen, reviewId);
  });
}
