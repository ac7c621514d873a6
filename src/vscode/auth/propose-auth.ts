/**
 * The authentication pipeline behind "Add JWT Authentication" and "Secure Unprotected Routes":
 * facts → engine → review (never a direct write). When several tables could hold the users,
 * the user picks one; when the engine proposes fixes of the project's weak spots, the user
 * picks which to keep (all are picked to start with) before the review opens.
 */
import * as vscode from 'vscode';
import type { ChangeSet, ProposedFix } from '../../core/changes/change-set';
import type { FixChoice } from '../../core/generate/auth/index';
import type { ProjectFacts } from '../../core/project/facts';
import type { ProjectIndexService } from '../index/project-index-service';
import type { IfReviewOpen } from '../review/review-session';
import { notifyProposal } from '../review/review-ui';
import type { ExtensionServices } from '../services';

export interface ProposeAuthResult {
  readonly reviewId: string;
  readonly paths: readonly string[];
}

export type AuthTask = 'auth' | 'secure';

export async function proposeAuth(
  services: ExtensionServices,
  index: ProjectIndexService,
  task: AuthTask,
  options: { readonly userModel?: string; readonly ifOpen?: IfReviewOpen; readonly fixes?: FixChoice },
): Promise<ProposeAuthResult | undefined> {
  const facts = await index.ensureFacts(true);
  // Loaded on first use so that activation does not pay for the engine.
  const engine = await import('../../core/generate/auth/index');
  let fixes: FixChoice = options.fixes ?? 'all';
  const run = (userModel: string | undefined): ChangeSet =>
    task === 'secure'
      ? engine.generateSecureRoutes(facts)
      : engine.generateAuth(facts, { ...(userModel === undefined ? {} : { userModel }), fixes });
  const label = task === 'secure' ? 'Securing routes' : 'JWT authentication';
  const started = performance.now();
  let changeSet: ChangeSet | undefined;
  try {
    let userModel = options.userModel;
    try {
      changeSet = run(userModel);
    } catch (error) {
      if (!(error instanceof engine.AmbiguousUserModel)) throw error;
      const picked = await pickUserModel(facts, error.candidates);
      if (picked === undefined) return undefined;
      userModel = picked;
      changeSet = run(picked);
    }
    if (options.fixes === undefined && (changeSet.fixes ?? []).length > 0) {
      const chosen = await pickFixes(changeSet.fixes ?? []);
      if (chosen === undefined) return undefined;
      if (chosen !== 'all') {
        fixes = chosen;
        changeSet = run(userModel);
      }
    }
  } catch (error) {
    if (!(error instanceof engine.AuthRefusal)) throw error;
    services.logger.warn(`${label} refused: ${error.message}`);
    void vscode.window.showWarningMessage(`${label}: ${error.message}`);
    return undefined;
  }
  services.logger.info(`${label}: ${changeSet.changes.length} files in ${Math.round(performance.now() - started)} ms`);
  for (const warning of changeSet.warnings) services.logger.warn(`${label}: ${warning}`);
  const review = await services.review.open(changeSet, { root: index.folder.uri, ifOpen: options.ifOpen ?? 'ask' });
  if (review === undefined) return undefined;
  notifyProposal(review);
  return { reviewId: review.id, paths: changeSet.changes.map((change) => change.path) };
}

/** The fix ids to keep, 'all' when every one stays picked; undefined when the user cancels. */
async function pickFixes(proposed: readonly ProposedFix[]): Promise<FixChoice | undefined> {
  const ids = [...new Set(proposed.map((fix) => fix.id))];
  const items = ids.map((id) => {
    const same = proposed.filter((fix) => fix.id === id);
    return { label: same[0]?.title ?? id, description: same.map((fix) => fix.file).join(', '), detail: id, picked: true, id };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Add JWT Authentication: fixes of the existing sign-in',
    placeHolder: 'Weak spots found in the project. Keep the fixes to include in the review (Enter keeps every picked one).',
    canPickMany: true,
  });
  if (picked === undefined) return undefined;
  return picked.length === ids.length ? 'all' : picked.length === 0 ? 'none' : picked.map((item) => item.id);
}

async function pickUserModel(facts: ProjectFacts, candidates: readonly string[]): Promise<string | undefined> {
  const items = candidates.map((name) => {
    const model = facts.models.find((candidate) => candidate.name === name);
    return { label: `$(symbol-class) ${name}`, description: model?.file ?? '', detail: model?.fields.map((field) => field.name).join(', ') ?? '', name };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Add JWT Authentication',
    placeHolder: 'Which table model holds the users who sign in?',
  });
  return picked?.name;
}
