/**
 * Verification in the chat: a summary after an answer's file blocks, and on failure a "Fix with
 * the model" button. A click asks the participant, in the same chat, to revise the proposal with
 * the failing output (secrets scrubbed, within a share of the context budget); the revision
 * lands in the same review. One round per click; nothing loops on its own.
 */
import * as vscode from 'vscode';
import { formatVerificationMarkdown } from '../../core/verify/format-results';
import { mergeRevision, repairRequestText } from '../../core/verify/repair-request';
import type { VerificationResult } from '../../core/verify/verify-types';
import type { Review } from '../review/review-session';
import type { ExtensionServices } from '../services';

/** The request a "Fix with the model" button sends; the number names the review. */
const REPAIR_REQUEST = /^\s*Fix the failed verification of proposal (\d+)\b/;

export function repairQuery(reviewId: string): string {
  return `@fastapi Fix the failed verification of proposal ${reviewId}`;
}

/** Verifies the chat's proposal and writes the summary; a failure gets the repair button. */
export async function verifyInChat(services: ExtensionServices, stream: vscode.ChatResponseStream, reviewId: string, token: vscode.CancellationToken): Promise<VerificationResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    stream.markdown("\n\n_Not verified: verification runs the project's code and tests, and this workspace is in Restricted Mode._\n");
    return undefined;
  }
  stream.progress('Verifying the proposal: import check, ruff, type checker, pytest…');
  const result = await services.verification.verify({ reviewId, showProgress: false, token });
  if (result === undefined) {
    const state = services.verification.stateOf(reviewId);
    stream.markdown(`\n\n_Not verified: ${state?.kind === 'unavailable' ? state.reason : 'the proposal changed while it was being verified'}_\n`);
    return undefined;
  }
  stream.markdown(`\n\n${formatVerificationMarkdown(result)}`);
  if (!result.passed && !result.cancelled) {
    stream.button({ command: 'workbench.action.chat.open', title: 'Fix with the model', arguments: [{ query: repairQuery(reviewId) }] });
  }
  return result;
}

export interface RepairTask {
  readonly review: Review;
  readonly result: VerificationResult;
}

/** The review and its failed verification a repair request is about, or why it cannot be repaired. */
export function repairTaskOf(prompt: string, services: ExtensionServices): RepairTask | { readonly problem: string } | undefined {
  const match = REPAIR_REQUEST.exec(prompt);
  if (match?.[1] === undefined) return undefined;
  const review = services.review.current;
  if (review?.id !== match[1]) return { problem: 'That proposal is no longer open; ask again for a new one.' };
  const state = services.verification.stateOf(review.id);
  if (state?.kind !== 'done' || state.result.passed) return { problem: 'That proposal has no failed verification to fix. Verify it first.' };
  return { review, result: state.result };
}

/** The request text of a repair round: what failed and the proposal's files, secrets scrubbed. */
export function repairRequest(task: RepairTask, secrets: readonly string[]): string {
  return repairRequestText(task.review.changeSet, task.result, secrets);
}

export { mergeRevision };
