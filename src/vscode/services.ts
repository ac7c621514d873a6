/**
 * What every feature of the extension is given: built once in `activate` and passed by parameter.
 * The chat participant receives the same object (`registerChatParticipant(context, services)`).
 */
import type * as vscode from 'vscode';
import type { ProjectIndexes } from './index/project-indexes';
import type { ExtensionLogger } from './logger';
import type { ReviewSession } from './review/review-session';
import type { ExtensionSettings } from './settings-schema';

export interface ExtensionServices {
  readonly context: vscode.ExtensionContext;
  readonly logger: ExtensionLogger;
  readonly indexes: ProjectIndexes;
  readonly review: ReviewSession;
  /** Current settings, validated; read again on every call. */
  readonly settings: () => ExtensionSettings;
}
