/**
 * The report beside the review of a proposal from a spec: a read-only Markdown document listing
 * the handlers to implement, operations gone from the spec or skipped, the notes, and the
 * conformance check's outcome, which fills in when the check ends.
 */
import * as vscode from 'vscode';
import type { SpecChangeSet } from '../../core/generate/spec/index';
import { type ConformanceState, specReviewNotes } from '../../core/generate/spec/review-notes';

export const SPEC_REPORT_SCHEME = 'fastapi-engineer-spec-report';

interface ShownReport {
  readonly reviewId: string;
  readonly uri: vscode.Uri;
  readonly changeSet: SpecChangeSet;
  readonly specFile: string;
  conformance?: ConformanceState;
}

export class SpecReports implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private shown: ShownReport | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  // After `onDidChange`: the editor subscribes to it when the provider is registered.
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SPEC_REPORT_SCHEME, this);

  /** Keeps the report of a new review (the previous one's document then says it was replaced). */
  start(reviewId: string, changeSet: SpecChangeSet, specFile: string): vscode.Uri {
    const previous = this.shown;
    const name = specFile.slice(specFile.lastIndexOf('/') + 1);
    const uri = vscode.Uri.from({ scheme: SPEC_REPORT_SCHEME, path: `/Report on ${name}.md`, query: new URLSearchParams({ review: reviewId }).toString() });
    this.shown = { reviewId, uri, changeSet, specFile };
    if (previous !== undefined) this.changed.fire(previous.uri);
    return uri;
  }

  setConformance(reviewId: string, state: ConformanceState): void {
    if (this.shown?.reviewId !== reviewId) return;
    this.shown.conformance = state;
    this.changed.fire(this.shown.uri);
  }

  async show(uri: vscode.Uri): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const shown = this.shown;
    if (shown === undefined || shown.uri.toString() !== uri.toString()) {
      return '# This report belongs to an earlier proposal\n\nA newer proposal from a spec replaced it.\n';
    }
    return specReviewNotes(shown.changeSet, shown.specFile, shown.conformance);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
