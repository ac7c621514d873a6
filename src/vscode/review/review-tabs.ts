/** Finds and closes the editor tabs that show a review's proposed contents. */
import * as vscode from 'vscode';
import { PROPOSED_SCHEME, parseProposedUri } from './proposed-uri';

function urisOfTab(tab: vscode.Tab): vscode.Uri[] {
  const input: unknown = tab.input;
  if (input instanceof vscode.TabInputTextDiff) return [input.original, input.modified];
  if (input instanceof vscode.TabInputText) return [input.uri];
  // The multi-file diff editor's input type is not in every supported API version: read it by shape.
  if (typeof input === 'object' && input !== null && 'textDiffs' in input && Array.isArray(input.textDiffs)) {
    return (input.textDiffs as unknown[]).flatMap((diff) => (diff instanceof vscode.TabInputTextDiff ? [diff.original, diff.modified] : []));
  }
  return [];
}

function showsReview(tab: vscode.Tab, reviewId: string, multiDiffTitle: string): boolean {
  // The multi-file diff editor appends the file count: "Proposed: X (3 files)".
  if (tab.label === multiDiffTitle || tab.label.startsWith(`${multiDiffTitle} (`)) return true;
  return urisOfTab(tab).some((uri) => uri.scheme === PROPOSED_SCHEME && parseProposedUri(uri)?.reviewId === reviewId);
}

export async function closeReviewTabs(reviewId: string, multiDiffTitle: string): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => showsReview(tab, reviewId, multiDiffTitle));
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}
