/**
 * The provider of last resort: no network, no key. It serves the tasks an offline engine can do
 * (CRUD for a table model) by writing the engine's change set as file blocks, so the answer
 * goes through the same parsing, guards and review as a model's.
 */
import type { ChangeSet } from '../changes/change-set';
import { fenced } from './context-format';
import { LlmError } from './llm-errors';
import type { LlmEvent, LlmProvider, LlmRequest } from './llm-provider';

export type OfflineCrudEngine = (modelName: string) => ChangeSet;

export class OfflineProvider implements LlmProvider {
  readonly label = 'offline generator';

  constructor(
    private readonly crud: OfflineCrudEngine,
    /** The authentication engine's proposal for /auth, when the request is one. */
    private readonly auth?: () => ChangeSet,
  ) {}

  // An async generator keeps the port's shape; the engine itself is synchronous.
  // eslint-disable-next-line @typescript-eslint/require-await
  async *stream(request: LlmRequest): AsyncIterable<LlmEvent> {
    const task = request.task;
    const auth = task?.command === 'auth' ? this.auth : undefined;
    if (auth === undefined && (task?.command !== 'crud' || task.target === undefined)) {
      throw new LlmError(
        'unavailable',
        'No language model is available. Set an Anthropic API key ("Set Anthropic API Key") or pick a chat model; /crud <Model> works offline, as does /auth.',
      );
    }
    let changeSet: ChangeSet;
    try {
      changeSet = auth !== undefined ? auth() : this.crud(task?.target ?? '');
    } catch (error) {
      throw new LlmError('refused', error instanceof Error ? error.message : String(error));
    }
    const blocks = changeSet.changes.map((change) =>
      fenced(change.after, `${change.path.endsWith('.py') ? 'python' : 'text'} path=${change.path}`),
    );
    const notes = changeSet.warnings.map((warning) => `- ${warning}`);
    const text = [`${changeSet.title}: ${changeSet.summary}`, ...(notes.length > 0 ? ['', ...notes] : []), '', ...blocks].join('\n');
    yield { type: 'text', text: `${text}\n` };
    yield { type: 'done', stopReason: 'end_turn', model: 'offline' };
  }
}
