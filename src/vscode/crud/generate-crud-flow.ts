/** The CRUD pipeline behind every trigger: facts → engine → review (never a direct write). */
import * as vscode from 'vscode';
import type { ProjectIndexService } from '../index/project-index-service';
import type { IfReviewOpen } from '../review/review-session';
import { notifyProposal } from '../review/review-ui';
import type { ExtensionServices } from '../services';

export interface GenerateCrudResult {
  readonly reviewId: string;
  readonly paths: readonly string[];
}

export function ifOpenArgument(value: unknown): IfReviewOpen | undefined {
  return value === 'ask' || value === 'replace' || value === 'keep' ? value : undefined;
}

export async function proposeCrud(
  services: ExtensionServices,
  index: ProjectIndexService,
  modelName: string,
  ifOpen: IfReviewOpen = 'ask',
): Promise<GenerateCrudResult | undefined> {
  const facts = await index.ensureFacts(true);
  // Loaded on first use so that activation does not pay for the engine.
  const { CrudRefusal, generateCrud } = await import('../../core/generate/crud/index');
  const started = performance.now();
  let changeSet;
  try {
    // Files are read as Python decodes them (PEP 263), so a latin-1 module is not turned into U+FFFD.
    changeSet = generateCrud(facts, modelName);
  } catch (error) {
    if (!(error instanceof CrudRefusal)) throw error;
    services.logger.warn(`CRUD for ${modelName} refused: ${error.message}`);
    void vscode.window.showWarningMessage(`Cannot generate CRUD for ${modelName}: ${error.message}`);
    return undefined;
  }
  services.logger.info(`CRUD for ${modelName}: ${changeSet.changes.length} files in ${Math.round(performance.now() - started)} ms`);
  const review = await services.review.open(changeSet, { root: index.folder.uri, ifOpen });
  if (review === undefined) return undefined;
  notifyProposal(review);
  return { reviewId: review.id, paths: changeSet.changes.map((change) => change.path) };
}
