/**
 * Which model answers: Claude when an API key is stored, else the chat's own model, else (for
 * /crud, /auth and requests for what the assistant does not write) the offline path. In
 * Restricted Mode no code is sent anywhere: only the offline path answers.
 */
import type * as vscode from 'vscode';
import { AnthropicProvider } from '../../core/agent/anthropic-provider';
import { FallbackProvider } from '../../core/agent/fallback-provider';
import { LlmError } from '../../core/agent/llm-errors';
import type { LlmProvider } from '../../core/agent/llm-provider';
import { OfflineProvider } from '../../core/agent/offline-provider';
import type { TaskCommand } from '../../core/agent/prompt-files';
import type { ChangeSet } from '../../core/changes/change-set';
import type { Logger } from '../../core/ports';
import { SETTING_DEFINITIONS } from '../settings-schema';
import type { ExtensionServices } from '../services';
import { readApiKey } from './api-key';
import { LanguageModelProvider } from './language-model-provider';

export interface ProviderChoice {
  readonly provider: LlmProvider;
  /** Values that must never be sent (the key itself). */
  readonly secrets: readonly string[];
  /** A model the user set explicitly, overriding the agent file's. */
  readonly modelOverride?: string;
}

export interface ProviderInputs {
  readonly services: ExtensionServices;
  readonly command: TaskCommand;
  /** The user's words after the command, to tell a request the offline path answers. */
  readonly request: string;
  readonly model: vscode.LanguageModelChat | undefined;
  readonly trusted: boolean;
  /** The offline engine for /crud; undefined for other commands. */
  readonly offlineCrud: ((modelName: string) => ChangeSet) | undefined;
  /** The offline engine for /auth; undefined for other commands. */
  readonly offlineAuth?: (() => ChangeSet) | undefined;
  /** The offline engine for /spec on an OpenAPI document; undefined otherwise. */
  readonly offlineSpec?: (() => ChangeSet) | undefined;
  /** The project's table models, named in the offline answer to an out-of-scope request. */
  readonly tableModels: readonly string[];
  readonly logger: Logger;
}

/** The offline answers for this request (an engine's draft, or the reply to an out-of-scope request), if any. */
function offlineFor(inputs: ProviderInputs, unavailable: LlmError): OfflineProvider | undefined {
  const provider = new OfflineProvider({
    ...(inputs.offlineCrud === undefined ? {} : { crud: inputs.offlineCrud }),
    ...(inputs.offlineAuth === undefined ? {} : { auth: inputs.offlineAuth }),
    ...(inputs.offlineSpec === undefined ? {} : { spec: inputs.offlineSpec }),
    tableModels: inputs.tableModels,
    unavailable,
  });
  return provider.serves(inputs.command, inputs.request) ? provider : undefined;
}

export async function chooseProvider(inputs: ProviderInputs): Promise<ProviderChoice> {
  if (!inputs.trusted) {
    const restricted = new LlmError('unavailable', 'This workspace is in Restricted Mode, so no code is sent to a model. Trust the workspace to use the assistant; /crud <Model> works offline.');
    const offline = offlineFor(inputs, restricted);
    if (offline === undefined) throw restricted;
    return { provider: offline, secrets: [] };
  }
  const apiKey = await readApiKey(inputs.services.context.secrets);
  if (apiKey !== undefined) {
    const settings = inputs.services.settings();
    const model = settings['anthropic.model'];
    const baseUrl = settings['anthropic.baseUrl'];
    return {
      provider: new AnthropicProvider({
        apiKey,
        ...(baseUrl === '' ? {} : { baseURL: baseUrl }),
        idleTimeoutMs: Math.round(settings['anthropic.idleTimeoutSeconds'] * 1000),
        logger: inputs.logger,
      }),
      secrets: [apiKey],
      ...(model === SETTING_DEFINITIONS['anthropic.model'].default ? {} : { modelOverride: model }),
    };
  }
  const noModel = new LlmError('no-key', 'No model is available: run "Set Anthropic API Key" or pick a chat model. /crud <Model> works offline.');
  const offline = offlineFor(inputs, noModel);
  if (inputs.model === undefined) {
    if (offline === undefined) throw noModel;
    return { provider: offline, secrets: [] };
  }
  const chatModel = new LanguageModelProvider(inputs.model);
  if (offline === undefined) {
    return { provider: chatModel, secrets: [] };
  }
  const fallBack = (error: LlmError): boolean => error.kind === 'unavailable' || error.kind === 'permission';
  return {
    provider: new FallbackProvider(chatModel, offline, fallBack, (error) => inputs.logger.warn(`Chat model unavailable (${error.message}); using the offline generator.`)),
    secrets: [],
  };
}
