/**
 * "Apply Selected Proposed Changes…": a QuickPick with a checkbox per file (all checked), or the
 * `paths` given as an argument. Unchecked files are simply not written.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { registerCommand } from './register-command';
import { reviewArgument } from './review-arguments';

interface FileItem extends vscode.QuickPickItem {
  readonly path: string;
}

export function registerReviewApplySelectedCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.reviewApplySelected, async (argument: unknown) => {
    const { reviewId, paths } = reviewArgument(argument);
    const review = services.review.find(reviewId);
    if (review === undefined) return undefined;
    const chosen = paths ?? (await chooseFiles(review.changeSet.changes));
    if (chosen === undefined) return undefined;
    if (chosen.length === 0) {
      void vscode.window.showInformationMessage('No file was chosen; nothing was written. The proposal stays open.');
      return undefined;
    }
    return services.review.apply({ id: review.id, paths: chosen });
  });
}

async function chooseFiles(changes: readonly { path: string; kind: string; description?: string }[]): Promise<string[] | undefined> {
  const items: FileItem[] = changes.map((change) => ({
    label: change.path,
    description: change.kind === 'create' ? 'new file' : 'modified',
    detail: change.description,
    picked: true,
    path: change.path,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Apply Selected Proposed Changes',
    placeHolder: 'Files to write (unchecked files are left as they are)',
    canPickMany: true,
  });
  return picked?.map((item) => item.path);
}
