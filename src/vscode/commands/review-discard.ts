/** "Discard Proposed Changes": ends the open proposal; nothing is written. */
import type * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { COMMANDS } from './command-ids';
import { registerCommand } from './register-command';
import { reviewArgument } from './review-arguments';

export function registerReviewDiscardCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.reviewDiscard, (argument: unknown) => services.review.discard(reviewArgument(argument).reviewId));
}
