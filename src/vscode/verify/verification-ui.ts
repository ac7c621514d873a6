/**
 * Where verification shows up besides the diagnostics: a notification with the outcome and the
 * review's actions, and automatic verification of new proposals when the setting asks for it.
 */
import * as vscode from 'vscode';
import { verdictOf } from '../../core/verify/format-results';
import type { VerificationResult } from '../../core/verify/verify-types';
import { COMMANDS } from '../commands/command-ids';
import type { Review } from '../review/review-session';
import type { ExtensionServices } from '../services';

/** The summary a streaming chat answer's review carries until the answer is complete. */
export const STILL_STREAMING = 'Proposal still streaming…';

const ACTIONS = [
  { label: 'Apply All', command: COMMANDS.reviewApplyAll.id },
  { label: 'Show Problems', command: 'workbench.actions.view.problems' },
  { label: 'Review', command: COMMANDS.reviewShow.id },
  { label: 'Discard', command: COMMANDS.reviewDiscard.id },
] as const;

/** The outcome with the review's actions; does not wait for the user. */
export function notifyVerification(review: Review, result: VerificationResult): void {
  const failed = !result.passed && !result.cancelled;
  const message = `${review.changeSet.title}: verification ${verdictOf(result)}.${failed ? ' Findings are shown on the proposed files; applying is still possible.' : ''}`;
  const show = failed ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const actions = ACTIONS.filter((action) => failed || action.command !== 'workbench.actions.view.problems');
  void show(message, ...actions.map((action) => action.label)).then((choice) => {
    const action = actions.find((candidate) => candidate.label === choice);
    if (action !== undefined) void vscode.commands.executeCommand(action.command, { reviewId: review.id });
  });
}

/** Verifies each new proposal from the commands when `verify.onPropose` is on (the chat verifies its own). */
export function registerAutomaticVerification(services: ExtensionServices): vscode.Disposable {
  let lastId: string | undefined;
  return services.review.onDidChange((review) => {
    if (review === undefined || review.id === lastId) return;
    lastId = review.id;
    if (review.changeSet.summary === STILL_STREAMING || !services.settings()['verify.onPropose'] || !vscode.workspace.isTrusted) return;
    void services.verification.verify({ reviewId: review.id }).then((result) => {
      if (result !== undefined && services.review.current?.id === review.id) notifyVerification(review, result);
    });
  });
}
