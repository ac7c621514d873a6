/**
 * The `@fastapi` request handler: project facts → agent → streamed answer, whose file blocks
 * land in the shared review as they complete. Nothing is written here; Apply is the review's.
 */
import * as vscode from 'vscode';
import { type AgentEvent, type AgentResult, runAgent } from '../../core/agent/agent-runner';
import { assembleContext } from '../../core/agent/context-assembly';
import { authDraft } from '../../core/agent/auth-draft';
import { crudDraft } from '../../core/agent/crud-draft';
import { OFFLINE_MODEL } from '../../core/agent/offline-provider';
import type { FileChange, ProposedFix } from '../../core/changes/change-set';
import { TASK_COMMANDS, type TaskCommand } from '../../core/agent/prompt-files';
import { summariseProject } from '../../core/agent/project-summary';
import { requestForCommand } from '../../core/agent/slash-request';
import { outsideWorkspaceReason } from '../../core/changes/node-probe';
import { createSendFilter, scrubSecrets, type SendDecision } from '../../core/changes/secret-filter';
import type { ProjectFacts } from '../../core/project/facts';
import type { ProjectIndexService } from '../index/project-index-service';
import { messageOf } from '../logger';
import type { ExtensionServices } from '../services';
import { workspaceAccess } from '../workspace-access';
import { catalogLoader, chosenAgent, handleAgentCommand } from './agent-choice';
import { errorResult } from './chat-errors';
import { historyMessages } from './chat-history';
import { describeContext, showContextReferences, showProposal } from './chat-output';
import { mergeRevision, repairRequest, repairTaskOf, verifyInChat } from './chat-verification';
import { chooseProvider } from './provider-choice';
import { STILL_STREAMING } from '../verify/verification-ui';
import { chatSpecRequest, reportSpecConformance } from '../spec/chat-spec';

export interface ChatResultMetadata {
  readonly command: string;
  readonly reviewId?: string;
  readonly files?: readonly string[];
  readonly target?: string;
}

function folderOf(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active === undefined ? undefined : vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
}

function taskCommand(command: string | undefined): TaskCommand {
  return TASK_COMMANDS.find((candidate) => candidate === command) ?? 'ask';
}

function tableModels(facts: ProjectFacts): string {
  return facts.models.filter((model) => model.table).map((model) => model.name).join(', ') || 'none found';
}

/**
 * Keeps the review in step with the stream: opened at the first change, updated after. A repair
 * round starts from the open review's files and updates that review.
 */
class StreamingReview {
  private readonly changes = new Map<string, FileChange>();
  private work: Promise<void> = Promise.resolve();
  reviewId: string | undefined;

  constructor(
    private readonly services: ExtensionServices,
    private readonly root: vscode.Uri,
    private readonly title: string,
    base?: { readonly reviewId: string; readonly changes: readonly FileChange[] },
  ) {
    this.reviewId = base?.reviewId;
    for (const change of base?.changes ?? []) this.changes.set(change.path, change);
  }

  add(change: FileChange): void {
    this.changes.set(change.path, change);
    const changeSet = { title: this.title, summary: STILL_STREAMING, warnings: [], changes: [...this.changes.values()] };
    this.work = this.work.then(async () => {
      if (this.reviewId === undefined) {
        this.reviewId = (await this.services.review.open(changeSet, { root: this.root, ifOpen: 'replace', showChanges: false }))?.id;
      } else {
        this.services.review.update(this.reviewId, changeSet);
      }
    });
  }

  settled(): Promise<void> {
    return this.work;
  }
}

async function sendFilterOf(index: ProjectIndexService): Promise<(path: string) => SendDecision> {
  const root = index.folder.uri;
  // Local folders can tell where a symlinked file really is; such a file outside the folder is never sent.
  const locationReason = root.scheme === 'file' ? outsideWorkspaceReason(root.fsPath) : undefined;
  return createSendFilter({ isIgnored: await index.ignoreRules(), ...(locationReason === undefined ? {} : { locationReason }) });
}

async function showLocalContext(stream: vscode.ChatResponseStream, folder: vscode.WorkspaceFolder, facts: ProjectFacts, index: ProjectIndexService): Promise<vscode.ChatResult> {
  const context = await assembleContext({ facts, source: index.source, request: '', budgetTokens: 24_000, sendFilter: await sendFilterOf(index) });
  showContextReferences(stream, folder.uri, context);
  stream.markdown(`${summariseProject(facts)}\n\n${describeContext(context)}`);
  stream.markdown('Ask a question after `/context` to have the model answer from this context.');
  return { metadata: { command: 'context', files: context.sentFiles } satisfies ChatResultMetadata };
}

/** The proposal's end in the chat: figures, the review brought up to date, the buttons. */
async function reportProposal(
  services: ExtensionServices,
  stream: vscode.ChatResponseStream,
  folder: vscode.WorkspaceFolder,
  result: AgentResult,
  reviewId: string | undefined,
): Promise<void> {
  // The offline path reads the project but sends nothing; saying "context sent" would be untrue.
  stream.markdown(result.model === OFFLINE_MODEL ? '\n\n_Answered offline: nothing was sent to a model._\n\n' : `\n\n${describeContext(result.context)}`);
  if (result.usage !== undefined) {
    const usage = result.usage;
    stream.markdown(`_${result.model}: ${usage.inputTokens} input tokens (${usage.cacheReadInputTokens} read from cache, ${usage.cacheCreationInputTokens} written to it), ${usage.outputTokens} output._\n\n`);
  }
  if (reviewId !== undefined) {
    services.review.update(reviewId, result.changeSet);
    if (services.settings()['review.openChangesEditor']) {
      await services.review.showChanges(reviewId);
    }
  }
  showProposal(stream, folder.uri, result.changeSet, reviewId, vscode.workspace.isTrusted, result.rejections.length);
}

export function createChatHandler(services: ExtensionServices): vscode.ChatRequestHandler {
  const loadCatalog = catalogLoader(services.context);
  return async (request, chatContext, stream, token) => {
    const folder = folderOf();
    if (folder === undefined) {
      return { errorDetails: { message: 'Open the folder of a FastAPI project first; the assistant works on a workspace folder.' } };
    }
    const index = services.indexes.serviceOf(folder.uri)?.service;
    if (index === undefined) {
      return { errorDetails: { message: 'The workspace folder could not be read.' } };
    }
    const command = taskCommand(request.command);
    // "Fix with the model": a revision of the open proposal from its failed verification.
    const repair = request.command === undefined ? repairTaskOf(request.prompt, services) : undefined;
    if (repair !== undefined && 'problem' in repair) return { errorDetails: { message: repair.problem } };
    try {
      const catalog = await loadCatalog(folder.uri);
      // Skipped agent files (a folder, a FIFO, a file that does not parse) are listed by `/agent`; logged here.
      for (const problem of catalog.problems) services.logger.warn(`Workspace agent skipped: ${problem}`);
      if (request.command === 'agent') {
        return await handleAgentCommand(services.context, catalog, request.prompt, stream);
      }
      stream.progress('Reading the project…');
      const facts = await index.ensureFacts(false);
      const { target, request: text } = requestForCommand(command, request.prompt);
      if (command === 'crud' && (target === undefined || !facts.models.some((model) => model.name === target && model.table))) {
        return { errorDetails: { message: `Name a table model after /crud, e.g. \`/crud Hero\`. Table models in this project: ${tableModels(facts)}.` }, metadata: { command } };
      }
      if (command === 'context' && text === '') {
        return await showLocalContext(stream, folder, facts, index);
      }

      // /spec on an OpenAPI document: the spec engine's proposal is the draft; a written spec has none.
      const spec = command === 'spec' ? await chatSpecRequest(request, folder, index, facts, text) : undefined;
      const specDraft = spec?.draft;
      // One run of the offline engine: the model's starting point, and the whole answer without a model.
      const draft =
        command === 'crud' && target !== undefined
          ? crudDraft(facts, target)
          : command === 'auth'
            ? authDraft(facts)
            : specDraft?.kind === 'draft'
              ? { ok: true as const, changeSet: specDraft.changeSet }
              : undefined;
      if (command === 'auth' && draft?.ok === true) streamProposedFixes(stream, draft.changeSet.fixes ?? []);
      if (specDraft?.kind === 'refused') stream.markdown(`_The offline generator could not use ${spec?.file ?? 'the document'}: ${specDraft.reason}_\n\n`);
      const offlineSpec =
        specDraft === undefined || specDraft.kind === 'written'
          ? undefined
          : () => {
              if (specDraft.kind === 'refused') throw new Error(specDraft.reason);
              return specDraft.changeSet;
            };
      const offlineAuth =
        command === 'auth' && draft !== undefined
          ? () => {
              if (!draft.ok) throw new Error(draft.reason);
              return draft.changeSet;
            }
          : undefined;
      const offlineCrud =
        draft === undefined || command !== 'crud'
          ? undefined
          : (model: string) => {
              const result = model === target ? draft : crudDraft(facts, model);
              if (!result.ok) throw new Error(result.reason);
              return result.changeSet;
            };
      const choice = await chooseProvider({
        services,
        command,
        request: text,
        model: request.model,
        trusted: vscode.workspace.isTrusted,
        offlineCrud,
        offlineAuth,
        offlineSpec,
        tableModels: facts.models.filter((model) => model.table).map((model) => model.name),
        logger: services.logger,
      });
      const title =
        repair !== undefined ? repair.review.changeSet.title : command === 'crud' ? `/crud ${target ?? ''}` : `@fastapi ${request.command === undefined ? '' : `/${request.command} `}${text.slice(0, 50)}`;
      const review = new StreamingReview(services, folder.uri, title.trim(), repair === undefined ? undefined : { reviewId: repair.review.id, changes: repair.review.changeSet.changes });
      const requestText = repair === undefined ? (spec?.requestText ?? text) : repairRequest(repair, choice.secrets);
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      stream.progress(`Asking ${choice.provider.label}…`);

      const onEvent = (event: AgentEvent): void => {
        if (event.type === 'context') {
          showContextReferences(stream, folder.uri, event.context);
        } else if (event.type === 'text') {
          stream.markdown(event.text);
        } else if (event.type === 'change') {
          review.add(event.change);
        } else if (event.type === 'waiting') {
          stream.progress(`Waiting ${event.seconds} s (${event.reason})… Cancel to stop.`);
        }
      };
      const agentName = chosenAgent(services.context);
      let result: AgentResult;
      try {
        result = await runAgent({
          catalog,
          ...(agentName === undefined ? {} : { agentName }),
          command,
          request: requestText,
          ...(target === undefined ? {} : { target }),
          facts,
          source: index.source,
          workspace: workspaceAccess(folder.uri),
          provider: choice.provider,
          ...(choice.modelOverride === undefined ? {} : { modelOverride: choice.modelOverride }),
          history: historyMessages(chatContext.history),
          sendFilter: await sendFilterOf(index),
          secrets: choice.secrets,
          ...(draft?.ok === true ? { draft: draft.changeSet } : {}),
          checkSyntax: services.pythonSyntaxProblems,
          signal: controller.signal,
          logger: services.logger,
          onEvent,
        });
      } finally {
        subscription.dispose();
        await review.settled();
      }

      if (repair !== undefined) result = { ...result, changeSet: mergeRevision(repair.review.changeSet, result.changeSet) };
      await reportProposal(services, stream, folder, result, review.reviewId);
      if (spec !== undefined && review.reviewId !== undefined && result.changeSet.changes.length > 0) await reportSpecConformance(services, stream, folder, index, spec, result.changeSet, token);
      if (review.reviewId !== undefined && result.changeSet.changes.length > 0) await verifyInChat(services, stream, review.reviewId, token);
      const metadata: ChatResultMetadata = {
        command,
        files: result.changeSet.changes.map((change) => change.path),
        ...(review.reviewId === undefined ? {} : { reviewId: review.reviewId }),
        ...(target === undefined ? {} : { target }),
      };
      return result.truncated ? { metadata, errorDetails: { message: 'The answer was cut off; only complete files are proposed.', responseIsIncomplete: true } } : { metadata };
    } catch (error) {
      // Error texts may quote a server's answer: key shapes are scrubbed before they are logged or shown.
      services.logger.warn(`Chat request failed: ${scrubSecrets(messageOf(error))}`);
      return errorResult(error, { command });
    }
  };
}

/** The fixes of the project's weak spots the draft carries, and how to leave one out. */
function streamProposedFixes(stream: vscode.ChatResponseStream, fixes: readonly ProposedFix[]): void {
  if (fixes.length === 0) return;
  const lines = fixes.map((fix) => `- \`${fix.id}\` (${fix.file}): ${fix.title}${fix.included ? '' : ' _(left out)_'}`);
  stream.markdown(
    `**Fixes of the existing sign-in** (in the draft; "FastAPI: Add JWT Authentication" lets you leave any out, as does \`auth --fix\` on the command line):\n\n${lines.join('\n')}\n\n`,
  );
}
