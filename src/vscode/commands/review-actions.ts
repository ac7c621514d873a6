/** "Proposed Changes: Actions…": the status bar item's menu of every review action. */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { stateLine } from '../verify/review-verification';
import { COMMANDS } from './command-ids';
import { registerCommand } from './register-command';
import { reviewArgument } from './review-arguments';

const ACTIONS = [COMMANDS.reviewShow, COMMANDS.reviewOpenFileDiff, COMMANDS.reviewVerify, COMMANDS.reviewApplyAll, COMMANDS.reviewApplySelected, COMMANDS.reviewDiscard];

export function registerReviewActionsCommand(services: ExtensionServices): vscode.Disposable {
  return registerCommand(services.logger, COMMANDS.reviewActions, async (argument: unknown) => {
    const reviewId = reviewArgument(argument).reviewId ?? services.review.current?.id;
    const title = services.review.current?.changeSet.title ?? 'Proposed changes';
    const verified = stateLine(services.verification.stateOf(reviewId));
    const picked = await vscode.window.showQuickPick(
      ACTIONS.map((action) => ({ label: `${action.icon} ${action.title}`, id: action.id })),
      { title: verified === undefined ? title : `${title} — ${verified}` },
    );
    if (picked !== undefined) await vscode.commands.executeCommand(picked.id, { reviewId });
  });
}
