/**
 * Composition root: builds the shared services and registers every feature. Nothing else lives
 * here; each registration that fails is logged and shown, and the others still run.
 */
// Must stay the first import: it marks when the bundle started loading.
import { bundleLoadStarted } from './vscode/load-clock';
import type * as vscode from 'vscode';
import { createLogger } from './vscode/logger';
import { ReviewSession } from './vscode/review/review-session';
import { registerReviewUi } from './vscode/review/review-ui';
import { readSettings } from './vscode/settings';

export interface ExtensionApi {
  readonly services: { readonly review: ReviewSession };
  readonly activationMs: number;
  readonly activateMs: number;
}

/** Every import above has been evaluated when this line runs. */
const bundleLoaded = performance.now();

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const logger = createLogger();
  context.subscriptions.push(logger);
  const settings = (): ReturnType<typeof readSettings> => readSettings(logger);
  const review = new ReviewSession({
    logger,
    openChangesByDefault: () => settings()['review.openChangesEditor'],
    openNewRouter: () => settings()['apply.openNewRouter'],
  });
  context.subscriptions.push(review);
  try {
    context.subscriptions.push(registerReviewUi(review));
  } catch (error) {
    logger.reportFailure('Could not register the review status bar', error);
  }
  const finished = performance.now();
  const loadMs = bundleLoaded - bundleLoadStarted;
  const activateMs = finished - started;
  const activationMs = loadMs + activateMs;
  logger.info(`Activated in ${activationMs.toFixed(1)} ms (loading the bundle ${loadMs.toFixed(1)} ms, activate ${activateMs.toFixed(1)} ms)`);
  return { services: { review }, activationMs, activateMs };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
