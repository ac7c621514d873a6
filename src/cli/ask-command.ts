/**
 * `fastapi-engineer ask "<request>"`: the agent over the same pipeline as the chat. The answer
 * streams to stderr; stdout gets the proposed change as a unified diff (`--dry-run`, default) or
 * the list of written files (`--write`, which counts as accepting every file).
 */
import { resolve } from 'node:path';
import { findPromptsDir, loadAgentCatalog, readWorkspaceAgentFiles, UnknownAgentError } from '../core/agent/agent-catalog';
import { type AgentResult, runAgent } from '../core/agent/agent-runner';
import { AnthropicProvider, DEFAULT_IDLE_TIMEOUT_MS } from '../core/agent/anthropic-provider';
import { authDraft } from '../core/agent/auth-draft';
import { crudDraft } from '../core/agent/crud-draft';
import { LlmError } from '../core/agent/llm-errors';
import type { LlmProvider } from '../core/agent/llm-provider';
import { nodeWorkspaceAccess } from '../core/agent/node-workspace';
import { OFFLINE_MODEL, OfflineProvider } from '../core/agent/offline-provider';
import { PromptFileError } from '../core/agent/prompt-files';
import { pythonSyntaxProblems } from '../core/agent/python-syntax';
import { dependentsOfRejected } from '../core/agent/rejected-dependents';
import { parseSlashRequest } from '../core/agent/slash-request';
import { outsideWorkspaceReason } from '../core/changes/node-probe';
import { createSendFilter } from '../core/changes/secret-filter';
import { changeSetToUnifiedDiff } from '../core/changes/unified-diff';
import type { Logger } from '../core/ports';
import { ASK_INFO } from './ask-info';
import { CliError, type CliCommand, type CliIo, UsageError } from './cli-command';
import { indexProject, parseCliArgs, printNotes } from './context-command';
import { NodeFileSource } from '../core/project/node-file-source';
import { checkVerifyFlags, deliverVerified, VERIFY_OPTIONS, type VerifyFlags } from './verify-option';
import { applyAndReport, writeChangeSet } from './write-change-set';

/** Exit code when some blocks of the answer were rejected (the rest was shown or written). */
export const REJECTED_BLOCKS_EXIT_CODE = 5;

/** The CLI's streams plus the environment (key, base URL) and Ctrl-C. */
export interface AskIo extends CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

interface AskOptions {
  readonly request: string;
  readonly root: string;
  readonly agent?: string;
  readonly model?: string;
  readonly write: boolean;
  /** The proposal (or what was written) as JSON on stdout, with the refused blocks. */
  readonly json: boolean;
  readonly verify: VerifyFlags;
  /** Longest silence of the model service before the answer is stopped. */
  readonly idleTimeoutMs: number;
}

function parseOptions(args: readonly string[], cwd: string): AskOptions {
  const { values, positionals } = parseCliArgs({
    args: [...args],
    options: {
      root: { type: 'string' },
      agent: { type: 'string' },
      model: { type: 'string' },
      'idle-timeout': { type: 'string' },
      'dry-run': { type: 'boolean' },
      write: { type: 'boolean' },
      json: { type: 'boolean' },
      ...VERIFY_OPTIONS,
    },
    allowPositionals: true,
    strict: true,
  });
  const request = positionals.join(' ').trim();
  if (request === '') {
    throw new UsageError('Write the request: ask "<request>" (start it with /crud <Model>, /endpoint, /auth, /spec or /context to use a task).');
  }
  if (values.write === true && values['dry-run'] === true) {
    throw new UsageError('Choose one of --dry-run and --write.');
  }
  checkVerifyFlags(values);
  const idleSeconds = values['idle-timeout'] === undefined ? DEFAULT_IDLE_TIMEOUT_MS / 1000 : Number(values['idle-timeout']);
  if (!Number.isFinite(idleSeconds) || idleSeconds <= 0) {
    throw new UsageError('--idle-timeout takes a number of seconds greater than 0.');
  }
  return {
    request,
    root: resolve(cwd, values.root ?? '.'),
    write: values.write === true,
    json: values.json === true,
    verify: values,
    idleTimeoutMs: Math.round(idleSeconds * 1000),
    ...(values.agent === undefined ? {} : { agent: values.agent }),
    ...(values.model === undefined ? {} : { model: values.model }),
  };
}

function stderrLogger(io: AskIo): Logger {
  const verbose = io.env['FASTAPI_ENGINEER_VERBOSE'] === '1';
  const write = (message: string): void => io.stderr(`${message}\n`);
  return {
    trace: () => undefined,
    debug: (message) => (verbose ? write(message) : undefined),
    info: (message) => (verbose ? write(message) : undefined),
    warn: write,
    error: (message) => write(message instanceof Error ? message.message : message),
  };
}

function printResult(io: AskIo, result: AgentResult): void {
  const { context } = result;
  if (result.model === OFFLINE_MODEL) {
    io.stderr('\n\nAnswered offline: nothing was sent to a model.\n');
  } else {
    io.stderr(`\n\nContext sent (${context.sentFiles.length} files, ~${context.tokens} tokens): ${context.sentFiles.join(', ') || 'project summary only'}\n`);
  }
  if (context.withheld.length > 0) {
    io.stderr(`Never sent: ${context.withheld.map((entry) => `${entry.path} (${entry.reason})`).join(', ')}\n`);
  }
  if (result.usage !== undefined) {
    const usage = result.usage;
    io.stderr(`Model ${result.model}: ${usage.inputTokens} input tokens, ${usage.outputTokens} output, cache read ${usage.cacheReadInputTokens}, cache write ${usage.cacheCreationInputTokens}\n`);
  }
  for (const warning of result.changeSet.warnings) {
    io.stderr(`warning: ${warning}\n`);
  }
}

async function ask(options: AskOptions, io: AskIo): Promise<number> {
  const logger = stderrLogger(io);
  const project = await indexProject(options.root, io.cwd);
  const { facts, isIgnored } = project;
  printNotes(project, io);
  const source = new NodeFileSource(options.root);
  const catalog = loadAgentCatalog(findPromptsDir(__dirname), readWorkspaceAgentFiles(options.root));
  for (const problem of catalog.problems) io.stderr(`warning: ${problem}\n`);

  const { command, target, request } = parseSlashRequest(options.request);
  const draft = command === 'crud' && target !== undefined ? crudDraft(facts, target) : command === 'auth' ? authDraft(facts) : undefined;
  if (draft?.ok === false) {
    io.stderr(`note: the offline generator declined: ${draft.reason}\n`);
  }
  const apiKey = io.env['ANTHROPIC_API_KEY']?.trim();
  const offline = new OfflineProvider({
    crud: (model) => {
      const result = crudDraft(facts, model);
      if (!result.ok) throw new Error(result.reason);
      return result.changeSet;
    },
    auth: () => {
      if (draft?.ok !== true) throw new Error(draft?.reason ?? 'no draft');
      return draft.changeSet;
    },
    tableModels: facts.models.filter((model) => model.table).map((model) => model.name),
  });
  const provider: LlmProvider =
    (apiKey === undefined || apiKey === '') && offline.serves(command, request)
      ? offline
      : new AnthropicProvider({ apiKey, baseURL: io.env['ANTHROPIC_BASE_URL'], idleTimeoutMs: options.idleTimeoutMs, logger });
  io.stderr(`Asking ${provider.label}…\n`);

  const result = await runAgent({
    catalog,
    ...(options.agent === undefined ? {} : { agentName: options.agent }),
    command,
    request,
    ...(target === undefined ? {} : { target }),
    facts,
    source,
    workspace: nodeWorkspaceAccess(options.root),
    provider,
    ...(options.model === undefined ? {} : { modelOverride: options.model }),
    sendFilter: createSendFilter({ isIgnored, locationReason: outsideWorkspaceReason(options.root) }),
    secrets: apiKey === undefined ? [] : [apiKey],
    ...(draft?.ok === true ? { draft: draft.changeSet } : {}),
    checkSyntax: pythonSyntaxProblems,
    logger,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    onEvent: (event) => {
      if (event.type === 'text') io.stderr(event.text);
      else if (event.type === 'waiting') io.stderr(`\nwaiting ${event.seconds} s (${event.reason})…\n`);
    },
  });
  printResult(io, result);
  if (result.changeSet.changes.length === 0) {
    if (options.json) io.stdout(asJson({ ...result.changeSet }, result));
    if (result.rejections.length === 0) {
      io.stderr('No file changes were proposed.\n');
      return 0;
    }
    io.stderr(`Nothing was proposed or written: every file block of the answer was refused (${result.rejections.length}; reasons above).\n`);
    return REJECTED_BLOCKS_EXIT_CODE;
  }
  const proposal = { root: options.root, changeSet: result.changeSet, facts, io, write: options.write, env: io.env, ...(io.signal === undefined ? {} : { signal: io.signal }) };
  return deliverVerified(options.verify, proposal, async () => {
    if (options.write) {
      const code = options.json ? await writeAsJson(options.root, result, io) : await writeChangeSet(options.root, result.changeSet, io);
      return code !== 0 ? code : reportRejections(result, io, 'written');
    }
    io.stdout(options.json ? asJson({ ...result.changeSet }, result) : changeSetToUnifiedDiff(result.changeSet));
    return reportRejections(result, io, 'proposed');
  });
}

/** `--json` output: the proposal or the write's result, plus every refused block with its reason. */
function asJson(payload: Readonly<Record<string, unknown>>, result: AgentResult): string {
  const rejected = result.rejections.map(({ block, path, reason, outOfScope }) => ({
    block,
    ...(path === undefined ? {} : { path }),
    reason,
    ...(outOfScope === undefined ? {} : { outOfScope }),
  }));
  return `${JSON.stringify({ ...payload, rejected }, null, 2)}\n`;
}

/** `--write --json`: as `writeChangeSet`, with the refused blocks beside what was written. */
async function writeAsJson(root: string, result: AgentResult, io: AskIo): Promise<number> {
  const report = await applyAndReport(root, result.changeSet);
  io.stdout(asJson({ ...report.result }, result));
  return report.problems.length > 0 || report.failure !== undefined ? 1 : 0;
}

/**
 * Rejected blocks make the exit code `REJECTED_BLOCKS_EXIT_CODE`, so a script notices that only
 * part of the answer was kept; accepted files that refer to a rejected one are named.
 */
function reportRejections(result: AgentResult, io: AskIo, what: 'written' | 'proposed'): number {
  if (result.rejections.length === 0) return 0;
  io.stderr(`${result.rejections.length} block${result.rejections.length === 1 ? ' was' : 's were'} rejected; the rest was ${what}.\n`);
  for (const { accepted, rejected } of dependentsOfRejected(result.changeSet.changes, result.rejections)) {
    io.stderr(`warning: ${accepted} was ${what} but refers to ${rejected}, whose block was rejected; check it before relying on it.\n`);
  }
  return REJECTED_BLOCKS_EXIT_CODE;
}

/** Runs `ask`; typed model failures end in their message and exit code 1. */
export async function runAskCommand(args: readonly string[], io: AskIo): Promise<number> {
  const options = parseOptions(args, io.cwd);
  try {
    return await ask(options, io);
  } catch (error) {
    if (error instanceof LlmError) {
      io.stderr(`\nerror: ${error.message}\n`);
      return 1;
    }
    if (error instanceof UnknownAgentError || error instanceof PromptFileError) {
      throw new CliError(error.message);
    }
    throw error;
  }
}

export const askCommand: CliCommand = {
  ...ASK_INFO,
  run(args, io) {
    const controller = new AbortController();
    const interrupt = (): void => controller.abort();
    process.once('SIGINT', interrupt);
    return runAskCommand(args, { ...io, env: process.env, signal: controller.signal }).finally(() => process.off('SIGINT', interrupt));
  },
};
