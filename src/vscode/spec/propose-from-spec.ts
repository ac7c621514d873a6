/**
 * The spec pipeline behind the menus and the palette: the document is read (and refused with
 * its reason when it is not OpenAPI 3, is Swagger 2.0, or cannot be resolved), the engine's
 * proposal opens in the shared review with a report beside it, and the generated app is then
 * checked against the spec in a scratch copy. Nothing is written here; Apply is the review's.
 */
import * as vscode from 'vscode';
import type { SpecChangeSet } from '../../core/generate/spec/index';
import type { SpecDocument } from '../../core/spec/model';
import type { ConformanceResult } from '../../core/verify/spec-conformance';
import type { ProjectIndexService } from '../index/project-index-service';
import type { IfReviewOpen } from '../review/review-session';
import { notifyProposal } from '../review/review-ui';
import type { ExtensionServices } from '../services';
import { checkAgainstSpec } from './check-against-spec';
import { EditorSpecSource } from './editor-spec-source';
import type { SpecReports } from './spec-report';

export interface GenerateFromSpecResult {
  readonly reviewId: string;
  readonly paths: readonly string[];
  /** `file:line operationId` of every handler that answers 501 until written. */
  readonly toImplement: readonly string[];
  readonly removed: readonly string[];
  readonly skipped: readonly string[];
  /** The report document beside the review. */
  readonly reportUri: string;
  /** Present when the caller asked to wait for the check. */
  readonly conformance?: ConformanceResult;
}

/** Why nothing was proposed, as the user was told it (callers and tests read it). */
export interface SpecRefusal {
  readonly refused: string;
}

export interface ProposeFromSpecOptions {
  readonly ifOpen?: IfReviewOpen;
  /** Resolve only once the conformance check has ended (tests, callers that show it themselves). */
  readonly waitForCheck?: boolean;
}

const TITLE = 'Generate Endpoints from OpenAPI Spec';

export async function proposeFromSpec(
  services: ExtensionServices,
  reports: SpecReports,
  specUri: vscode.Uri,
  options: ProposeFromSpecOptions = {},
): Promise<GenerateFromSpecResult | SpecRefusal | undefined> {
  const refuse = (message: string): SpecRefusal => {
    services.logger.warn(message);
    void vscode.window.showWarningMessage(message);
    return { refused: message };
  };
  const found = services.indexes.serviceOf(specUri);
  if (found === undefined) {
    return refuse(`${TITLE}: ${specUri.fsPath} is outside the open folders. Put the document inside the project (its $refs are read from there).`);
  }
  const { service: index, folder } = found;
  const specFile = vscode.workspace.asRelativePath(specUri, false).replace(/\\/g, '/');
  // Loaded on first use so that activation does not pay for the reader and the engine.
  const [{ readSpec }, { SpecError }, engine] = await Promise.all([
    import('../../core/spec/read'),
    import('../../core/spec/errors'),
    import('../../core/generate/spec/index'),
  ]);
  const started = performance.now();
  let spec: SpecDocument;
  let changeSet: SpecChangeSet;
  try {
    spec = await readSpec(new EditorSpecSource(index.source), specFile);
    const facts = await index.ensureFacts(true);
    changeSet = engine.generateFromSpec(facts, spec);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return refuse(`Cannot generate endpoints: ${error.message}`);
  }
  services.logger.info(`Endpoints from ${specFile}: ${changeSet.changes.length} files, ${changeSet.report.toImplement.length} to implement, in ${Math.round(performance.now() - started)} ms`);
  for (const warning of changeSet.warnings) services.logger.warn(`Endpoints from ${specFile}: ${warning}`);
  if (changeSet.changes.length === 0) {
    const removed = changeSet.report.removed.length === 0 ? '' : ` No longer in the spec (kept): ${changeSet.report.removed.join('; ')}.`;
    const message = `${specFile}: nothing to change; the project already has every operation of the spec.${removed}`;
    void vscode.window.showInformationMessage(message);
    return { refused: message };
  }
  const review = await services.review.open(changeSet, { root: folder.uri, ifOpen: options.ifOpen ?? 'ask' });
  if (review === undefined) return undefined;
  const reportUri = reports.start(review.id, changeSet, specFile);
  await reports.show(reportUri);
  notifyProposal(review);

  const check = runCheck(services, reports, index, { reviewId: review.id, folder: folder.uri, spec, changeSet, specFile, reportUri });
  const conformance = options.waitForCheck === true ? await check : undefined;
  return {
    reviewId: review.id,
    paths: changeSet.changes.map((change) => change.path),
    toImplement: changeSet.report.toImplement,
    removed: changeSet.report.removed,
    skipped: changeSet.report.skipped,
    reportUri: reportUri.toString(),
    ...(conformance === undefined ? {} : { conformance }),
  };
}

interface CheckInput {
  readonly reviewId: string;
  readonly folder: vscode.Uri;
  readonly spec: SpecDocument;
  readonly changeSet: SpecChangeSet;
  readonly specFile: string;
  readonly reportUri: vscode.Uri;
}

/** The check in the background, its outcome in the report (and a notification when it is in). */
async function runCheck(services: ExtensionServices, reports: SpecReports, index: ProjectIndexService, input: CheckInput): Promise<ConformanceResult> {
  reports.setConformance(input.reviewId, { kind: 'running' });
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Checking against ${input.specFile}` }, async () =>
    checkAgainstSpec(services, {
      folder: input.folder,
      facts: await index.ensureFacts(false),
      spec: input.spec,
      changeSet: input.changeSet,
      trusted: vscode.workspace.isTrusted,
      onPython: (python) => reports.setConformance(input.reviewId, { kind: 'running', python }),
    }),
  );
  reports.setConformance(input.reviewId, result);
  const { conformanceLine } = await import('../../core/verify/spec-conformance');
  const line = conformanceLine(result, input.specFile);
  services.logger.info(`Review ${input.reviewId}: ${line}`);
  // Only while the proposal it speaks about is still the one under review.
  if (services.review.current?.changeSet === input.changeSet && result.kind === 'checked') {
    const show = result.differences.length === 0 ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(line, 'Show Report').then((choice) => {
      if (choice === 'Show Report') void reports.show(input.reportUri);
    });
  }
  return result;
}
