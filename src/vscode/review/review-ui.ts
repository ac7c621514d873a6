/**
 * Where review actions live besides the commands: a status bar item and a context key while a
 * review is open (editor-title buttons use it), and a notification offering the actions.
 */
import * as vscode from 'vscode';
import { COMMANDS, CONTEXT_KEYS } from '../commands/command-ids';
import type { ReviewVerification } from '../verify/review-verification';
import { stateLine } from '../verify/review-verification';
import type { Review, ReviewSession } from './review-session';

export function registerReviewUi(session: ReviewSession, verification?: ReviewVerification): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('fastapiBackendEngineer.review', vscode.StatusBarAlignment.Left, 100);
  item.name = 'FastAPI proposed changes';
  const render = (review: Review | undefined): void => {
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.reviewOpen, review !== undefined);
    if (review === undefined) {
      item.hide();
      return;
    }
    const count = review.changeSet.changes.length;
    const state = verification?.stateOf(review.id);
    const mark = state === undefined ? '' : state.kind === 'running' ? ' $(sync~spin)' : state.kind === 'unavailable' ? ' $(circle-slash)' : state.result.passed ? ' $(pass)' : ' $(error)';
    item.text = `$(diff-multiple) Review: ${review.changeSet.title} (${count} file${count === 1 ? '' : 's'})${mark}`;
    const verified = stateLine(state);
    item.tooltip = `Proposed changes: verify, apply all, choose files, or discard. Nothing is written until you apply.${verified === undefined ? '' : `\n${verified}`}`;
    item.command = { command: COMMANDS.reviewActions.id, title: COMMANDS.reviewActions.title, arguments: [{ reviewId: review.id }] };
    item.show();
  };
  render(session.current);
  const verificationChanged = verification?.onDidChange(() => render(session.current));
  return vscode.Disposable.from(item, session.onDidChange(render), ...(verificationChanged === undefined ? [] : [verificationChanged]));
}

const ACTIONS = [
  { label: 'Apply All', command: COMMANDS.reviewApplyAll.id },
  { label: 'Choose Files…', command: COMMANDS.reviewApplySelected.id },
  { label: 'Discard', command: COMMANDS.reviewDiscard.id },
] as const;

/** A notification with the review's actions; it does not wait for the user. */
export function notifyProposal(review: Review): void {
  const { title, changes, warnings } = review.changeSet;
  const files = `${changes.length} file${changes.length === 1 ? '' : 's'}`;
  const warning = warnings.length === 0 ? '' : ` ${warnings.length} warning${warnings.length === 1 ? '' : 's'}: ${warnings.join(' ')}`;
  const message = `Proposed: ${title} (${files}). Nothing is written until you apply.${warning}`;
  void vscode.window.showInformationMessage(message, ...ACTIONS.map((action) => action.label)).then((choice) => {
    const action = ACTIONS.find((candidate) => candidate.label === choice);
    if (action !== undefined) void vscode.commands.executeCommand(action.command, { reviewId: review.id });
  });
}
