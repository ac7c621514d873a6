/**
 * `@fastapi /spec` with an OpenAPI document — a `#file` reference or a path in the prompt: the
 * engine's proposal is the model's starting point (and the answer without a model), and the
 * chat's final proposal is checked against the document. A written specification, in a file or
 * in the prompt, goes to the model as before.
 */
import * as vscode from 'vscode';
import { specDraft, specFileInRequest, type SpecDraft } from '../../core/agent/spec-draft';
import type { ChangeSet } from '../../core/changes/change-set';
import { conformanceNotes } from '../../core/generate/spec/review-notes';
import { isSpecFileName } from '../../core/spec/sniff';
import type { ProjectFacts } from '../../core/project/facts';
import type { ProjectIndexService } from '../index/project-index-service';
import type { ExtensionServices } from '../services';
import { checkAgainstSpec } from './check-against-spec';

export interface ChatSpecRequest {
  /** Workspace-relative path of the document. */
  readonly file: string;
  readonly draft: SpecDraft;
  /** The request for the model, naming the file so that its text is part of the context. */
  readonly requestText: string;
}

function referencedSpecFile(request: vscode.ChatRequest, folder: vscode.WorkspaceFolder): string | undefined {
  for (const reference of request.references) {
    const value = reference.value;
    const uri = value instanceof vscode.Uri ? value : value instanceof vscode.Location ? value.uri : undefined;
    if (uri === undefined || !isSpecFileName(uri.path)) continue;
    if (vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() !== folder.uri.toString()) continue;
    return vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
  }
  return undefined;
}

/** The spec file of a /spec request and the engine's draft from it; undefined when none is named. */
export async function chatSpecRequest(
  request: vscode.ChatRequest,
  folder: vscode.WorkspaceFolder,
  index: ProjectIndexService,
  facts: ProjectFacts,
  text: string,
): Promise<ChatSpecRequest | undefined> {
  const file = referencedSpecFile(request, folder) ?? (await specFileInRequest(text, index.source));
  if (file === undefined) return undefined;
  const draft = await specDraft(facts, index.source, file);
  const named = new RegExp(`(^|[\\s\`'"(])(\\./)?${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(text);
  return { file, draft, requestText: named ? text : `${text}\n\nSpecification file: ${file}`.trim() };
}

/** Writes whether the chat's proposal conforms to the document (or why it was not checked). */
export async function reportSpecConformance(
  services: ExtensionServices,
  stream: vscode.ChatResponseStream,
  folder: vscode.WorkspaceFolder,
  index: ProjectIndexService,
  request: ChatSpecRequest,
  changeSet: ChangeSet,
  token: vscode.CancellationToken,
): Promise<void> {
  if (request.draft.kind !== 'draft') return;
  stream.progress(`Checking the proposal against ${request.file}…`);
  const controller = new AbortController();
  const subscription = token.onCancellationRequested(() => controller.abort());
  try {
    const result = await checkAgainstSpec(services, {
      folder: folder.uri,
      facts: await index.ensureFacts(false),
      spec: request.draft.spec,
      changeSet,
      trusted: vscode.workspace.isTrusted,
      signal: controller.signal,
    });
    stream.markdown(`\n\n**Conformance to ${request.file}.** ${conformanceNotes(result, request.file).join('\n')}\n`);
  } finally {
    subscription.dispose();
  }
}
