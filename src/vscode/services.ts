/**
 * What every feature of the extension is given: built once in `activate` and passed by parameter.
 * The chat participant receives the same object (`registerChatParticipant(context, services)`).
 */
import type * as vscode from 'vscode';
import type { ExplorerTreeProvider } from './explorer/explorer-provider';
import type { ProjectIndexes } from './index/project-indexes';
import type { ExtensionLogger } from './logger';
import type { ReviewSession } from './review/review-session';
import type { ExtensionSettings } from './settings-schema';
import type { ReviewVerification } from './verify/review-verification';

export interface ExtensionServices {
  readonly context: vscode.ExtensionContext;
  readonly logger: ExtensionLogger;
  readonly indexes: ProjectIndexes;
  readonly review: ReviewSession;
  /** Verification of the open review (its results, diagnostics and progress). */
  readonly verification: ReviewVerification;
  /** The FastAPI explorer's tree, rebuilt from the index on every update. */
  readonly explorer: ExplorerTreeProvider;
  /** Current settings, validated; read again on every call. */
  readonly settings: () => ExtensionSettings;
  /**
   * Syntax problems of a Python text, from the parser the index loaded. The chat handler is built
   * as its own file with its own copy of every module it imports: taking the check from here keeps
   * one parser (and one copy of the grammar) in the extension host.
   */
  readonly pythonSyntaxProblems: (path: string, text: string) => Promise<readonly string[]>;
}
