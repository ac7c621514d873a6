/**
 * The review of proposed changes: one ChangeSet at a time, shown as diffs, applied or discarded
 * only by an explicit action. Shared by every front end (commands, CodeLens, chat).
 *
 * API:
 *   const review = await session.open(changeSet, { root, ifOpen: 'ask' | 'replace' | 'keep' });
 *     → the new Review (with its `id`), or undefined when an open review was kept.
 *   session.update(review.id, changeSet)    streaming: replace the files of the same review in place
 *   session.showChanges(id?)                every file in the multi-file diff editor
 *   session.showFile(path, id?)             one file in a side-by-side diff
 *   session.apply({ id?, paths? })          accepted files as one WorkspaceEdit → ApplyOutcome
 *   session.discard(id?)                    ends the review, writes nothing
 *   session.current / session.find(id?) / session.onDidChange
 * An `id` that is not the current review's is refused, so a button of an old proposal never acts
 * on a newer one. Closing diff tabs neither accepts nor rejects anything. The same actions exist as
 * commands (see commands/command-ids.ts: `fastapiBackendEngineer.review.*`, each taking
 * `{ reviewId?, paths? }`).
 */
import * as vscode from 'vscode';
import type { ChangeSet, FileChange } from '../../core/changes/change-set';
import type { Logger } from '../../core/ports';
import { applyChanges, type ApplyOutcome } from './apply-review';
import { ProposedContentProvider } from './proposed-content-provider';
import { proposedUri, PROPOSED_SCHEME } from './proposed-uri';
import { closeReviewTabs } from './review-tabs';

export type IfReviewOpen = 'ask' | 'replace' | 'keep';

export interface OpenReviewOptions {
  /** Workspace folder the change set's paths are relative to. */
  readonly root: vscode.Uri;
  /** What to do when another review is open; `ask` shows a modal question (default). */
  readonly ifOpen?: IfReviewOpen;
  /** Open the multi-file diff editor now (default: the `review.openChangesEditor` setting). */
  readonly showChanges?: boolean;
}

export interface Review {
  readonly id: string;
  readonly root: vscode.Uri;
  readonly changeSet: ChangeSet;
}

export interface ApplyOptions {
  readonly id?: string;
  /** Paths to apply; every file of the review when omitted. */
  readonly paths?: readonly string[];
}

export interface ReviewSessionOptions {
  readonly logger: Logger;
  readonly isTrusted?: () => boolean;
  readonly openChangesByDefault?: () => boolean;
  readonly openNewRouter?: () => boolean;
  /** What failed when the review was verified, so applying says so; undefined when nothing did. */
  readonly applyWarning?: (reviewId: string) => string | undefined;
}

export class ReviewSession implements vscode.Disposable {
  private review: Review | undefined;
  private nextId = 1;
  private readonly changed = new vscode.EventEmitter<Review | undefined>();
  private readonly provider: ProposedContentProvider;
  private readonly registration: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(private readonly options: ReviewSessionOptions) {
    this.provider = new ProposedContentProvider({ changeSetOf: (id) => (this.review?.id === id ? this.review.changeSet : undefined) });
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, this.provider);
  }

  get current(): Review | undefined {
    return this.review;
  }

  async open(changeSet: ChangeSet, options: OpenReviewOptions): Promise<Review | undefined> {
    if (this.review !== undefined && !(await this.mayReplace(options.ifOpen ?? 'ask'))) return undefined;
    if (this.review !== undefined) await this.end(`replaced by "${changeSet.title}"`);
    const review: Review = { id: String(this.nextId++), root: options.root, changeSet };
    this.review = review;
    this.options.logger.info(`Review ${review.id} opened: ${changeSet.title} (${changeSet.changes.length} files)`);
    this.changed.fire(review);
    if (options.showChanges ?? this.options.openChangesByDefault?.() ?? true) await this.showChanges(review.id);
    return review;
  }

  /** Replaces the files of the open review (e.g. as a streamed answer completes more of them). */
  update(id: string, changeSet: ChangeSet): boolean {
    const review = this.review;
    if (review?.id !== id) return false;
    this.review = { ...review, changeSet };
    this.provider.refresh(changeSet.changes.flatMap((change) => this.urisOf(id, change.path)));
    this.changed.fire(this.review);
    return true;
  }

  multiDiffTitle(review: Review): string {
    return `Proposed: ${review.changeSet.title}`;
  }

  async showChanges(id?: string): Promise<void> {
    const review = this.find(id);
    if (review === undefined) return;
    const resources = review.changeSet.changes.map((change) => {
      const [before, after] = this.urisOf(review.id, change.path);
      // No original side for a new file: the editor then shows it as added, not as a one-line change.
      return [vscode.Uri.joinPath(review.root, ...change.path.split('/')), change.before === null ? undefined : before, after];
    });
    await vscode.commands.executeCommand('vscode.changes', this.multiDiffTitle(review), resources);
  }

  async showFile(path: string, id?: string): Promise<void> {
    const review = this.find(id);
    const change = review?.changeSet.changes.find((candidate) => candidate.path === path);
    if (review === undefined || change === undefined) {
      void vscode.window.showWarningMessage(`${path} is not part of the open proposal.`);
      return;
    }
    const [before, after] = this.urisOf(review.id, path);
    const label = `${path} (${change.kind === 'create' ? 'new file' : 'proposed'})`;
    await vscode.commands.executeCommand('vscode.diff', before, after, label, { preview: false });
  }

  async apply(options: ApplyOptions = {}): Promise<ApplyOutcome | undefined> {
    const review = this.find(options.id);
    if (review === undefined) return undefined;
    const wanted = options.paths === undefined ? undefined : new Set(options.paths);
    const accepted = review.changeSet.changes.filter((change) => wanted?.has(change.path) ?? true);
    const isTrusted = this.options.isTrusted ?? (() => vscode.workspace.isTrusted);
    const warning = this.options.applyWarning?.(review.id);
    const applied = await applyChanges(review.root, accepted, { isTrusted, label: review.changeSet.title });
    const outcome = warning === undefined || applied.status !== 'applied' ? applied : { ...applied, message: `${applied.message} Applied although verification ${warning}.` };
    this.options.logger.info(`Review ${review.id} apply: ${outcome.status}. ${outcome.message}`);
    this.report(outcome, warning !== undefined);
    // Nothing written (Restricted Mode, or the editor declined the edit): the proposal stays open.
    if (outcome.status !== 'refused' && outcome.status !== 'failed') {
      await this.end(outcome.status);
      if (outcome.status === 'applied') await this.openMainFile(review, accepted, outcome.written);
    }
    return outcome;
  }

  async discard(id?: string): Promise<boolean> {
    const review = this.find(id);
    if (review === undefined) return false;
    await this.end('discarded');
    void vscode.window.showInformationMessage(`Discarded: ${review.changeSet.title}. Nothing was written.`);
    return true;
  }

  dispose(): void {
    this.registration.dispose();
    this.provider.dispose();
    this.changed.dispose();
  }

  private urisOf(id: string, path: string): [vscode.Uri, vscode.Uri] {
    return [proposedUri({ reviewId: id, path, side: 'before' }), proposedUri({ reviewId: id, path, side: 'after' })];
  }

  /** The open review (the one with `id`, when given); tells the user when there is none. */
  find(id?: string): Review | undefined {
    const review = this.review;
    if (review !== undefined && (id === undefined || id === review.id)) return review;
    void vscode.window.showWarningMessage(
      review === undefined ? 'No proposed change is open.' : 'That proposal is no longer open; a newer one is being reviewed.',
    );
    return undefined;
  }

  private async mayReplace(ifOpen: IfReviewOpen): Promise<boolean> {
    if (ifOpen !== 'ask') return ifOpen === 'replace';
    const title = this.review?.changeSet.title ?? '';
    const choice = await vscode.window.showWarningMessage(
      `"${title}" is still being reviewed. Replace it with the new proposal? The open one will be discarded; nothing is written.`,
      { modal: true },
      'Replace',
    );
    return choice === 'Replace';
  }

  private async end(reason: string): Promise<void> {
    const review = this.review;
    if (review === undefined) return;
    this.review = undefined;
    this.options.logger.info(`Review ${review.id} ended: ${reason}`);
    this.changed.fire(undefined);
    this.provider.refresh(review.changeSet.changes.flatMap((change) => this.urisOf(review.id, change.path)));
    await closeReviewTabs(review.id, this.multiDiffTitle(review));
  }

  private report(outcome: ApplyOutcome, verificationFailed: boolean): void {
    if (outcome.status === 'applied' && outcome.conflicts.length === 0 && outcome.rejected.length === 0 && !verificationFailed) {
      void vscode.window.showInformationMessage(outcome.message);
    } else {
      void vscode.window.showWarningMessage(outcome.message);
    }
  }

  /** Opens the new router (or else the first written file) so the user sees the result. */
  private async openMainFile(review: Review, accepted: readonly FileChange[], written: readonly string[]): Promise<void> {
    if (!(this.options.openNewRouter?.() ?? true)) return;
    const candidates = accepted.filter((change) => written.includes(change.path));
    const main = candidates.find((change) => change.kind === 'create' && change.after.includes('APIRouter(')) ?? candidates[0];
    if (main === undefined) return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(review.root, ...main.path.split('/')));
    await vscode.window.showTextDocument(document, { preview: false });
  }
}
