/** "Verify Proposed Changes": the project's checks on a scratch copy of the open proposal. */
import type * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { notifyVerification } from '../verify/verification-ui';
import { COMMANDS } from './command-ids';
import { objectArgument, registerCommand, stringField } from './register-command';
import { reviewArgument } from './review-arguments';

export function registerReviewVerifyCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.reviewVerify, async (argument: unknown) => {
    const reviewId = reviewArgument(argument).reviewId;
    // `{ notify: 'none' }` (tests, the chat) leaves the outcome to the caller.
    const quiet = stringField(objectArgument(argument), 'notify') === 'none';
    const result = await services.verification.verify({ ...(reviewId === undefined ? {} : { reviewId }) });
    const review = services.review.current;
    if (result !== undefined && !quiet && review !== undefined && (reviewId === undefined || review.id === reviewId)) notifyVerification(review, result);
    return result;
  });
}
