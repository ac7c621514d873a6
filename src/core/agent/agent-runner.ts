/**
 * One agent request end to end: context, prompt, provider stream, and file blocks turned into
 * changes as they complete. Nothing here writes to disk; the result is a ChangeSet for review.
 */
import type { ChangeSet, FileChange } from '../changes/change-set';
import type { SendDecision } from '../changes/secret-filter';
import type { ProjectFacts } from '../project/facts';
import type { FileSource, Logger } from '../ports';
import { silentLogger } from '../ports';
import { type AgentCatalog, findAgent, taskPrompt } from './agent-catalog';
import { FileBlockParser } from './block-parser';
import { ChangeSetBuilder, describeRejection, type Rejection, type WorkspaceAccess } from './change-builder';
import { type AssembledContext, assembleContext } from './context-assembly';
import { cancelledError } from './llm-errors';
import type { ChatMessage, LlmProvider, LlmUsage, StopReason } from './llm-provider';
import { resolveModelId } from './model-aliases';
import type { TaskCommand } from './prompt-files';
import { renderPrompt } from './render-prompt';
import { OutboundScrubber } from '../changes/outbound-scrubber';

export type AgentEvent =
  | { readonly type: 'context'; readonly context: AssembledContext }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'change'; readonly change: FileChange; readonly warnings: readonly string[] }
  | { readonly type: 'rejected'; readonly message: string; readonly rejection: Rejection }
  | { readonly type: 'notice'; readonly message: string }
  /** The provider waits before trying again: "waiting 30 s (rate limit)…". */
  | { readonly type: 'waiting'; readonly seconds: number; readonly reason: string };

export interface AgentRunOptions {
  readonly catalog: AgentCatalog;
  readonly agentName?: string;
  readonly command: TaskCommand;
  readonly request: string;
  readonly target?: string;
  readonly facts: ProjectFacts;
  readonly source: FileSource;
  readonly workspace: WorkspaceAccess;
  readonly provider: LlmProvider;
  /** A model the user chose explicitly (setting or flag); overrides the agent file's. */
  readonly modelOverride?: string;
  readonly history?: readonly ChatMessage[];
  readonly sendFilter: (path: string) => SendDecision;
  /** Values never sent (the API key). */
  readonly secrets?: readonly string[];
  /** The offline engine's proposal for this request, the model's starting point. */
  readonly draft?: ChangeSet;
  readonly checkSyntax?: (path: string, text: string) => Promise<readonly string[]>;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  /** Characters of answer accepted before the stream is stopped. */
  readonly maxOutputChars?: number;
  readonly onEvent?: (event: AgentEvent) => void;
}

export interface AgentResult {
  readonly changeSet: ChangeSet;
  /** The whole answer as streamed. */
  readonly text: string;
  readonly context: AssembledContext;
  readonly rejections: readonly Rejection[];
  readonly stopReason: StopReason;
  readonly usage?: LlmUsage;
  readonly model: string;
  readonly truncated: boolean;
}

const DEFAULT_MAX_OUTPUT_CHARS = 1_000_000;

function linkedController(signal: AbortSignal | undefined): AbortController {
  const controller = new AbortController();
  if (signal?.aborted === true) {
    controller.abort();
  }
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  return controller;
}

export async function runAgent(options: AgentRunOptions): Promise<AgentResult> {
  const logger = options.logger ?? silentLogger;
  const emit = options.onEvent ?? (() => undefined);
  const agent = findAgent(options.catalog, options.agentName);
  const task = taskPrompt(options.catalog, options.command);

  const context = await assembleContext({
    facts: options.facts,
    source: options.source,
    request: options.request,
    ...(options.target === undefined ? {} : { target: options.target }),
    budgetTokens: agent.contextBudgetTokens,
    sendFilter: options.sendFilter,
    secrets: options.secrets ?? [],
    ...(options.draft === undefined ? {} : { draft: options.draft }),
  });
  emit({ type: 'context', context });
  logger.info(`agent ${agent.name} /${task.command}: ${context.sentFiles.length} files, ~${context.tokens} tokens of context`);

  const rendered = renderPrompt({
    agent,
    task,
    request: options.request,
    ...(options.target === undefined ? {} : { target: options.target }),
    context,
    history: options.history ?? [],
  });
  // The one scrubbing pass over everything that leaves the machine: system prompt and context,
  // draft, history and the request itself. The stable prefix goes first so its markers, and
  // with them the cached prefix, stay the same from one request to the next.
  const scrubber = new OutboundScrubber(options.secrets ?? []);
  const system = [];
  for (const block of rendered.system) system.push({ ...block, text: await scrubber.scrub(block.text) });
  const messages = [];
  for (const message of rendered.messages) messages.push({ ...message, text: await scrubber.scrub(message.text) });
  const prompt = { system, messages };
  if (scrubber.count > 0) logger.info(`agent: ${scrubber.count} secret value(s) redacted from the request`);

  const parser = new FileBlockParser();
  const builder = new ChangeSetBuilder({
    workspace: options.workspace,
    request: options.request,
    restoreRedacted: (text, before) => scrubber.restoreMarkers(text, before),
    ...(options.checkSyntax === undefined ? {} : { checkSyntax: options.checkSyntax }),
  });
  const handle = async (blocks: ReturnType<FileBlockParser['push']>): Promise<void> => {
    for (const block of blocks) {
      const outcome = await builder.accept(block);
      if (outcome.kind === 'change') {
        emit({ type: 'change', change: outcome.change, warnings: outcome.warnings });
      } else if (outcome.kind === 'rejected') {
        emit({ type: 'rejected', rejection: outcome.rejection, message: describeRejection(outcome.rejection) });
      } else {
        emit({ type: 'notice', message: outcome.message });
      }
    }
  };

  const controller = linkedController(options.signal);
  const maxOutput = options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS;
  let text = '';
  let stopReason: StopReason = 'other';
  let usage: LlmUsage | undefined;
  let model = resolveModelId(agent.model, options.modelOverride);
  let capped = false;
  try {
    for await (const event of options.provider.stream(
      {
        system: prompt.system,
        messages: prompt.messages,
        model,
        maxTokens: agent.maxTokens,
        ...(agent.temperature === undefined ? {} : { temperature: agent.temperature }),
        task: { command: task.command, request: options.request, ...(options.target === undefined ? {} : { target: options.target }) },
      },
      controller.signal,
    )) {
      if (event.type === 'text') {
        text += event.text;
        emit({ type: 'text', text: event.text });
        await handle(parser.push(event.text));
        if (text.length > maxOutput) {
          capped = true;
          controller.abort();
          break;
        }
      } else if (event.type === 'waiting') {
        emit({ type: 'waiting', seconds: event.seconds, reason: event.reason });
      } else {
        stopReason = event.stopReason;
        usage = event.usage;
        model = event.model;
      }
    }
  } catch (error) {
    if (!capped) {
      throw error;
    }
  }
  if (options.signal?.aborted === true) {
    throw cancelledError();
  }

  const truncated = capped || stopReason === 'max_tokens';
  if (capped) {
    builder.warn(`The answer passed ${maxOutput} characters and was stopped; only blocks completed before that point are proposed.`);
  } else if (stopReason === 'max_tokens') {
    builder.warn(`The answer was cut off by the output limit (max_tokens = ${agent.maxTokens}); only complete file blocks are proposed. Ask for fewer files at a time or raise maxTokens in the agent file.`);
  } else if (stopReason === 'refusal') {
    builder.warn('The model declined this request.');
  }
  await handle(parser.end());

  const request = options.request.trim().slice(0, 60);
  const title = options.target !== undefined ? `/${task.command} ${options.target}` : task.command === 'ask' ? request : `/${task.command}: ${request}`;
  const changeSet = builder.build(title.trim(), parser.prose.trim().split('\n\n')[0]?.slice(0, 500) ?? '');
  return {
    changeSet,
    text,
    context,
    rejections: builder.rejections,
    stopReason,
    ...(usage === undefined ? {} : { usage }),
    model,
    truncated,
  };
}
