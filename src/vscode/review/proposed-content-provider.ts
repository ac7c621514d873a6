/**
 * Serves proposed file contents (and the text they were computed against) as read-only virtual
 * documents, so the real files are never opened for writing before the user accepts.
 */
import * as vscode from 'vscode';
import type { ChangeSet } from '../../core/changes/change-set';
import { parseProposedUri } from './proposed-uri';

export interface ProposalLookup {
  /** The change set of an open review, or undefined when that review has ended. */
  changeSetOf(reviewId: string): ChangeSet | undefined;
}

export class ProposedContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly lookup: ProposalLookup) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const location = parseProposedUri(uri);
    if (location === undefined) return '';
    const changeSet = this.lookup.changeSetOf(location.reviewId);
    const change = changeSet?.changes.find((candidate) => candidate.path === location.path);
    if (change === undefined) {
      return location.side === 'after' ? '# This proposal is no longer open: it was applied, discarded or replaced.\n' : '';
    }
    return location.side === 'after' ? change.after : (change.before ?? '');
  }

  /** Tells open editors of these URIs to re-read their contents. */
  refresh(uris: readonly vscode.Uri[]): void {
    for (const uri of uris) this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
