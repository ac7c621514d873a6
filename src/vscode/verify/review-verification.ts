/**
 * Verification of the open review in the editor: runs core/verify on the proposal with progress
 * and cancel, keeps the outcome per review, and shows the findings as diagnostics on the proposed
 * (virtual) documents. Nothing runs in Restricted Mode; nothing is written to the workspace.
 */
import * as vscode from 'vscode';
import type { ProjectFacts } from '../../core/project/facts';
import { CHECK_LABELS, type Finding, VerificationError, type VerificationResult } from '../../core/verify/verify-types';
import { verdictOf } from '../../core/verify/format-results';
import { verifyChangeSet } from '../../core/verify/verify-change-set';
import type { ExtensionLogger } from '../logger';
import { messageOf } from '../logger';
import { proposedUri } from '../review/proposed-uri';
import type { Review, ReviewSession } from '../review/review-session';
import type { ExtensionSettings } from '../settings-schema';
import { discoverPython } from './python-discovery';

export type VerificationState =
  | { readonly kind: 'running'; readonly reviewId: string; readonly message: string }
  | { readonly kind: 'done'; readonly reviewId: string; readonly result: VerificationResult }
  | { readonly kind: 'unavailable'; readonly reviewId: string; readonly reason: string };

export interface VerifyRequest {
  readonly reviewId?: string;
  /** Show a notification with progress and a cancel button (default true). */
  readonly showProgress?: boolean;
  readonly token?: vscode.CancellationToken;
}

export interface ReviewVerificationOptions {
  readonly review: ReviewSession;
  readonly logger: ExtensionLogger;
  readonly settings: () => ExtensionSettings;
  /** The folder's facts, for the app module the import check imports. */
  readonly factsOf: (root: vscode.Uri) => Promise<ProjectFacts | undefined>;
  readonly cacheDir?: vscode.Uri;
  readonly isTrusted?: () => boolean;
}

export class ReviewVerification implements vscode.Disposable {
  private readonly states = new Map<string, VerificationState>();
  private readonly changed = new vscode.EventEmitter<VerificationState>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('fastapi-engineer-verify');
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(private readonly options: ReviewVerificationOptions) {
    // A review that ends or whose files change loses its results: they spoke about other text.
    let shown: Review | undefined;
    this.subscription = options.review.onDidChange((review) => {
      if (shown !== undefined && (review === undefined || review.id !== shown.id || review.changeSet !== shown.changeSet)) this.forget(shown.id);
      shown = review;
    });
  }

  stateOf(reviewId: string | undefined): VerificationState | undefined {
    return reviewId === undefined ? undefined : this.states.get(reviewId);
  }

  /** What failed in the review's last verification, for the apply warning; undefined when nothing did. */
  failureSummary(reviewId: string): string | undefined {
    const state = this.states.get(reviewId);
    if (state?.kind !== 'done' || state.result.passed || state.result.cancelled) return undefined;
    return verdictOf(state.result);
  }

  async verify(request: VerifyRequest = {}): Promise<VerificationResult | undefined> {
    const review = this.options.review.find(request.reviewId);
    if (review === undefined) return undefined;
    if (!(this.options.isTrusted ?? (() => vscode.workspace.isTrusted))()) {
      const reason = "Verification runs the project's code and tests; trust the workspace to verify proposals.";
      this.set({ kind: 'unavailable', reviewId: review.id, reason });
      void vscode.window.showWarningMessage(reason);
      return undefined;
    }
    const loud = request.showProgress !== false;
    const run = (token: vscode.CancellationToken | undefined, report: (message: string) => void): Promise<VerificationResult | undefined> => this.run(review, token, report, loud);
    if (request.showProgress === false) return run(request.token, () => undefined);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Verifying ${review.changeSet.title}`, cancellable: true },
      (progress, token) => {
        const linked = request.token === undefined ? token : anyToken(token, request.token);
        return run(linked, (message) => progress.report({ message }));
      },
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.diagnostics.dispose();
    this.changed.dispose();
  }

  /** `loud`: problems are shown as notifications (a caller with its own place for them, the chat, passes false). */
  private async run(review: Review, token: vscode.CancellationToken | undefined, report: (message: string) => void, loud: boolean): Promise<VerificationResult | undefined> {
    const controller = new AbortController();
    const cancel = token?.onCancellationRequested(() => controller.abort());
    const settings = this.options.settings();
    const started = (message: string): void => {
      report(message);
      this.set({ kind: 'running', reviewId: review.id, message });
    };
    started('Finding the Python interpreter…');
    try {
      const python = await discoverPython(review.root, settings['python.interpreter'], this.options.logger, controller.signal);
      const facts = await this.options.factsOf(review.root);
      const result = await verifyChangeSet({
        root: review.root.fsPath,
        changeSet: review.changeSet,
        python,
        appFiles: facts?.apps.map((app) => app.file) ?? [],
        tests: settings['verify.tests'],
        timeoutMs: settings['verify.timeoutSeconds'] * 1000,
        signal: controller.signal,
        ...(this.options.cacheDir === undefined ? {} : { cacheDir: vscode.Uri.joinPath(this.options.cacheDir, 'verify').fsPath }),
        onProgress: (progress) => {
          if (progress.state === 'started') started(progress.message);
        },
      });
      this.options.logger.info(`Review ${review.id} verification: ${verdictOf(result)} in ${Math.round(result.timings.totalMs)} ms`);
      // The review may have moved on while the checks ran: results about other text are dropped.
      if (this.options.review.current?.changeSet !== review.changeSet) return result;
      this.set({ kind: 'done', reviewId: review.id, result });
      this.showDiagnostics(review, result);
      return result;
    } catch (error) {
      const reason = error instanceof VerificationError ? error.message : `Verification failed to run: ${messageOf(error)}`;
      if (!(error instanceof VerificationError)) this.options.logger.reportFailure('Verify proposed changes', error);
      this.set({ kind: 'unavailable', reviewId: review.id, reason });
      if (error instanceof VerificationError && loud) void vscode.window.showWarningMessage(reason);
      return undefined;
    } finally {
      cancel?.dispose();
    }
  }

  private set(state: VerificationState): void {
    this.states.set(state.reviewId, state);
    this.changed.fire(state);
  }

  private forget(reviewId: string): void {
    this.states.delete(reviewId);
    this.diagnostics.clear();
  }

  private showDiagnostics(review: Review, result: VerificationResult): void {
    this.diagnostics.clear();
    const proposed = new Set(review.changeSet.changes.map((change) => change.path));
    const byUri = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    for (const check of result.checks) {
      for (const finding of check.findings) {
        const uri = proposed.has(finding.path)
          ? proposedUri({ reviewId: review.id, path: finding.path, side: 'after' })
          : vscode.Uri.joinPath(review.root, ...finding.path.split('/'));
        const entry = byUri.get(uri.toString()) ?? { uri, diagnostics: [] };
        entry.diagnostics.push(diagnosticOf(finding, CHECK_LABELS[check.check]));
        byUri.set(uri.toString(), entry);
      }
    }
    for (const { uri, diagnostics } of byUri.values()) this.diagnostics.set(uri, diagnostics);
  }
}

function diagnosticOf(finding: Finding, source: string): vscode.Diagnostic {
  const line = Math.max(0, (finding.line ?? 1) - 1);
  const column = Math.max(0, (finding.column ?? 1) - 1);
  const range = new vscode.Range(line, column, line, finding.column === undefined ? Number.MAX_SAFE_INTEGER : column + 1);
  const old = finding.preexisting === true;
  const severity = old ? vscode.DiagnosticSeverity.Information : finding.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
  const diagnostic = new vscode.Diagnostic(range, old ? `${finding.message} (failing before the change too)` : finding.message, severity);
  diagnostic.source = source;
  if (finding.code !== undefined) diagnostic.code = finding.code;
  return diagnostic;
}

function anyToken(first: vscode.CancellationToken, second: vscode.CancellationToken): vscode.CancellationToken {
  const source = new vscode.CancellationTokenSource();
  first.onCancellationRequested(() => source.cancel());
  second.onCancellationRequested(() => source.cancel());
  if (first.isCancellationRequested || second.isCancellationRequested) source.cancel();
  return source.token;
}

/** One line for the status bar, a notification or the actions menu. */
export function stateLine(state: VerificationState | undefined): string | undefined {
  if (state === undefined) return undefined;
  if (state.kind === 'running') return `verifying: ${state.message}`;
  if (state.kind === 'unavailable') return `not verified: ${state.reason}`;
  return `verification ${verdictOf(state.result)}`;
}

