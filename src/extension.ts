/**
 * Composition root: builds the shared services and registers every feature. Nothing else lives
 * here; each registration that fails is logged and shown, and the others still run.
 */
// Must stay the first import: it marks when the bundle started loading.
import { bundleLoadStarted } from './vscode/load-clock';
import * as vscode from 'vscode';
import { registerChatParticipant } from './vscode/chat/register-chat';
import { registerAuthCommands } from './vscode/commands/add-jwt-auth';
import { registerGenerateCrudCommand } from './vscode/commands/generate-crud';
import { registerGenerateCrudForClassCommand } from './vscode/commands/generate-crud-for-class';
import { registerGenerateFromSpecCommand } from './vscode/commands/generate-from-spec';
import { registerReindexCommand } from './vscode/commands/reindex';
import { registerReviewActionsCommand } from './vscode/commands/review-actions';
import { registerReviewApplyAllCommand } from './vscode/commands/review-apply-all';
import { registerReviewApplySelectedCommand } from './vscode/commands/review-apply-selected';
import { registerReviewDiscardCommand } from './vscode/commands/review-discard';
import { registerReviewOpenFileDiffCommand } from './vscode/commands/review-open-file-diff';
import { registerReviewShowCommand } from './vscode/commands/review-show';
import { registerReviewVerifyCommand } from './vscode/commands/review-verify';
import { registerShowFactsCommand } from './vscode/commands/show-facts';
import { registerModelCodeLens } from './vscode/crud/model-code-lens';
import { registerTableModelContext } from './vscode/crud/table-model-context';
import { ExplorerTreeProvider } from './vscode/explorer/explorer-provider';
import { registerExplorer } from './vscode/explorer/register-explorer';
import { ProjectIndexes } from './vscode/index/project-indexes';
import { createLogger } from './vscode/logger';
import { ReviewSession } from './vscode/review/review-session';
import { registerReviewUi } from './vscode/review/review-ui';
import type { ExtensionServices } from './vscode/services';
import { onSettingsChanged, readSettings } from './vscode/settings';
import { ReviewVerification } from './vscode/verify/review-verification';
import { registerAutomaticVerification } from './vscode/verify/verification-ui';
import { registerMcpServerDefinitions } from './vscode/tools/mcp-server-definitions';
import { registerProjectTools } from './vscode/tools/register-tools';

/** What `activate` returns: for other extensions and the extension-host tests. */
export interface ExtensionApi {
  readonly services: ExtensionServices;
  /** Milliseconds spent loading the bundle plus running `activate` (what the user waits for). */
  readonly activationMs: number;
  /** Milliseconds spent in `activate` alone. */
  readonly activateMs: number;
}

type Registration = readonly [name: string, register: (services: ExtensionServices) => vscode.Disposable | undefined];

const REGISTRATIONS: readonly Registration[] = [
  ['review status bar', (services) => registerReviewUi(services.review, services.verification)],
  ['Generate CRUD command', registerGenerateCrudCommand],
  ['Generate CRUD for this Model command', registerGenerateCrudForClassCommand],
  ['JWT authentication commands', registerAuthCommands],
  ['Generate Endpoints from OpenAPI Spec command', registerGenerateFromSpecCommand],
  ['Show What the Assistant Sees command', registerShowFactsCommand],
  ['Read the Project Again command', registerReindexCommand],
  ['review commands', (services) =>
    vscode.Disposable.from(
      registerReviewShowCommand(services),
      registerReviewApplyAllCommand(services),
      registerReviewApplySelectedCommand(services),
      registerReviewDiscardCommand(services),
      registerReviewOpenFileDiffCommand(services),
      registerReviewActionsCommand(services),
      registerReviewVerifyCommand(services),
    )],
  ['automatic verification', registerAutomaticVerification],
  ['CodeLens on table models', registerModelCodeLens],
  ['table model context key', registerTableModelContext],
  ['chat participant', (services) => registerChatParticipant(services.context, services)],
  ['FastAPI explorer', registerExplorer],
  ['language model tools', registerProjectTools],
  ['MCP server definitions', registerMcpServerDefinitions],
];

/** Every import above has been evaluated when this line runs. */
const bundleLoaded = performance.now();

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const logger = createLogger();
  context.subscriptions.push(logger);
  const settings = (): ReturnType<typeof readSettings> => readSettings(logger);
  const release = (context.extension.packageJSON as { version?: string }).version ?? 'unknown';
  const indexes = new ProjectIndexes(logger, () => settings()['index.maxFileBytes'], { storage: context.storageUri ?? context.globalStorageUri, release });
  // The review asks verification what failed before applying; verification watches the review.
  const late: { verification?: ReviewVerification } = {};
  const review = new ReviewSession({
    logger,
    openChangesByDefault: () => settings()['review.openChangesEditor'],
    openNewRouter: () => settings()['apply.openNewRouter'],
    applyWarning: (reviewId) => late.verification?.failureSummary(reviewId),
  });
  const verification = new ReviewVerification({
    review,
    logger,
    settings,
    factsOf: async (root) => indexes.serviceOf(root)?.service.ensureFacts(false),
    cacheDir: context.globalStorageUri,
  });
  late.verification = verification;
  const explorer = new ExplorerTreeProvider(indexes);
  context.subscriptions.push(indexes, review, verification, explorer, onSettingsChanged('index', () => indexes.invalidateAll()));
  const pythonSyntaxProblems = async (path: string, text: string): Promise<readonly string[]> =>
    (await import('./core/agent/python-syntax')).pythonSyntaxProblems(path, text);
  const services: ExtensionServices = { context, logger, indexes, review, verification, explorer, settings, pythonSyntaxProblems };

  for (const [name, register] of REGISTRATIONS) {
    try {
      const disposable = register(services);
      if (disposable !== undefined) context.subscriptions.push(disposable);
    } catch (error) {
      logger.reportFailure(`Could not register the ${name}`, error);
    }
  }

  const finished = performance.now();
  const loadMs = bundleLoaded - bundleLoadStarted;
  const activateMs = finished - started;
  const activationMs = loadMs + activateMs;
  logger.info(`Activated in ${activationMs.toFixed(1)} ms (loading the bundle ${loadMs.toFixed(1)} ms, activate ${activateMs.toFixed(1)} ms)`);
  return { services, activationMs, activateMs };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
