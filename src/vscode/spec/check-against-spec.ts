/**
 * spec-check on a proposal in the editor: the verification interpreter (the Python extension's
 * environment, the folder's `.venv`, the setting) imports the app from a scratch copy with the
 * proposal written over it. Without a trusted workspace, a local folder, an app or a Python, the
 * result says why it was not checked.
 */
import type * as vscode from 'vscode';
import type { ChangeSet } from '../../core/changes/change-set';
import type { ProjectFacts } from '../../core/project/facts';
import type { SpecDocument } from '../../core/spec/model';
import { checkProposalConformance, type ConformanceResult } from '../../core/verify/spec-conformance';
import { VerificationError } from '../../core/verify/verify-types';
import { messageOf } from '../logger';
import type { ExtensionServices } from '../services';
import { discoverPython } from '../verify/python-discovery';

export interface CheckRequest {
  readonly folder: vscode.Uri;
  readonly facts: ProjectFacts;
  readonly spec: SpecDocument;
  readonly changeSet: ChangeSet;
  readonly trusted: boolean;
  /** Told which interpreter runs the check once it is found. */
  readonly onPython?: (path: string) => void;
  readonly signal?: AbortSignal;
}

export async function checkAgainstSpec(services: ExtensionServices, request: CheckRequest): Promise<ConformanceResult> {
  const notChecked = (reason: string): ConformanceResult => ({ kind: 'not-checked', reason });
  if (!request.trusted) return notChecked("the workspace is not trusted, and checking imports the project's code. Trust the workspace to check.");
  if (request.folder.scheme !== 'file') return notChecked(`the folder is not on this machine's disk (${request.folder.scheme}:), so its Python cannot run here.`);
  const app = request.facts.apps[0];
  if (app === undefined) return notChecked('the project has no FastAPI app to import.');
  let python;
  try {
    python = await discoverPython(request.folder, services.settings()['python.interpreter'], services.logger, request.signal);
  } catch (error) {
    if (error instanceof VerificationError) return notChecked(error.message);
    throw error;
  }
  request.onPython?.(python.path);
  try {
    return await checkProposalConformance(request.spec, {
      root: request.folder.fsPath,
      changeSet: request.changeSet,
      python: python.path,
      prefix: python.prefix,
      app: `${app.module}:${app.variable}`,
      timeoutMs: services.settings()['verify.timeoutSeconds'] * 1000,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
  } catch (error) {
    services.logger.warn(`Checking against the spec failed: ${messageOf(error)}`);
    return notChecked(`the check failed to run: ${messageOf(error)}`);
  }
}
