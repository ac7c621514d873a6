/** "Review Proposed Changes": every file of the open proposal in the multi-file diff editor. */
import type * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { registerCommand } from './register-command';
import { reviewArgument } from './review-arguments';

export function registerReviewShowCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.reviewShow, (argument: unknown) => services.review.showChanges(reviewArgument(argument).reviewId));
}
