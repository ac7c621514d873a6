/** "Apply All Proposed Changes": every file of the open proposal, as one undoable edit. */
import type * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { registerCommand } from './register-command';
import { reviewArgument } from './review-arguments';

export function registerReviewApplyAllCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.reviewApplyAll, (argument: unknown) => services.review.apply({ id: reviewArgument(argument).reviewId }));
}
