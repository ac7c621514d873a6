/**
 * The provider of last resort: no network, no key. It serves the tasks an offline engine can do
 * (CRUD for a table model, JWT authentication) by writing the engine's change set as file
 * blocks, so the answer goes through the same parsing, guards and review as a model's. A request
 * for something the assistant does not write (a Dockerfile, a migration, a React page) is
 * answered as the agent prompt asks a model to: briefly, with the backend part on offer.
 */
import type { ChangeSet } from '../changes/change-set';
import { fenced } from './context-format';
import { LlmError } from './llm-errors';
import type { LlmEvent, LlmProvider, LlmRequest } from './llm-provider';
import { outOfScopeRequest, scopeReply } from './scope-request';

/** The model name an offline answer reports, so front ends can say nothing was sent. */
export const OFFLINE_MODEL = 'offline';

export type OfflineCrudEngine = (modelName: string) => ChangeSet;

export interface OfflineEngines {
  /** The CRUD engine for /crud <Model>. */
  readonly crud?: OfflineCrudEngine;
  /** The authentication engine's proposal for /auth, when the request is one. */
  readonly auth?: () => ChangeSet;
  /** The spec engine's proposal for /spec on an OpenAPI document, when the request is one. */
  readonly spec?: () => ChangeSet;
  /** Table models of the project, to make the offer in a scope reply concrete. */
  readonly tableModels?: readonly string[];
  /** What to say when a request needs a model; the default names the key and the chat model. */
  readonly unavailable?: LlmError;
}

const NO_MODEL = 'No language model is available. Set an Anthropic API key ("Set Anthropic API Key") or pick a chat model; /crud <Model> works offline, as do /auth and /spec with an OpenAPI document.';

export class OfflineProvider implements LlmProvider {
  readonly label = 'offline generator';

  constructor(private readonly engines: OfflineEngines) {}

  /** True when this provider can answer the request without a model. */
  serves(command: string, request: string): boolean {
    return (
      (command === 'crud' && this.engines.crud !== undefined) ||
      (command === 'auth' && this.engines.auth !== undefined) ||
      (command === 'spec' && this.engines.spec !== undefined) ||
      outOfScopeRequest(request) !== undefined
    );
  }

  // An async generator keeps the port's shape; the engines themselves are synchronous.
  // eslint-disable-next-line @typescript-eslint/require-await
  async *stream(request: LlmRequest): AsyncIterable<LlmEvent> {
    const task = request.task;
    const asked = outOfScopeRequest(task?.request ?? '');
    const scope = asked === undefined ? undefined : scopeReply(asked, task?.request ?? '', this.engines.tableModels ?? []);
    const target = task?.target;
    const crud = this.engines.crud;
    const produce: (() => ChangeSet) | undefined =
      task?.command === 'auth' ? this.engines.auth : task?.command === 'spec' ? this.engines.spec : task?.command === 'crud' && target !== undefined && crud !== undefined ? () => crud(target) : undefined;
    if (produce === undefined) {
      if (scope === undefined) throw this.engines.unavailable ?? new LlmError('unavailable', NO_MODEL);
      yield { type: 'text', text: `${scope}\n` };
      yield { type: 'done', stopReason: 'end_turn', model: OFFLINE_MODEL };
      return;
    }
    let changeSet: ChangeSet;
    try {
      changeSet = produce();
    } catch (error) {
      throw new LlmError('refused', error instanceof Error ? error.message : String(error));
    }
    const blocks = changeSet.changes.map((change) =>
      fenced(change.after, `${change.path.endsWith('.py') ? 'python' : 'text'} path=${change.path}`),
    );
    const notes = changeSet.warnings.map((warning) => `- ${warning}`);
    const text = [...(scope === undefined ? [] : [scope, '']), `${changeSet.title}: ${changeSet.summary}`, ...(notes.length > 0 ? ['', ...notes] : []), '', ...blocks].join('\n');
    yield { type: 'text', text: `${text}\n` };
    yield { type: 'done', stopReason: 'end_turn', model: OFFLINE_MODEL };
  }
}
