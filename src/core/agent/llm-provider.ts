/**
 * The port every model sits behind: the Anthropic API, the editor's own language model, or the
 * offline engines. A provider streams text; the caller turns the text into file changes.
 */

export interface SystemBlock {
  readonly text: string;
  /** End of the stable prefix: providers that support caching mark it cacheable. */
  readonly cache?: boolean;
}

export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly text: string;
}

export interface LlmRequest {
  readonly system: readonly SystemBlock[];
  readonly messages: readonly ChatMessage[];
  /** An alias (`sonnet`) or a model id; providers resolve it. */
  readonly model: string;
  readonly maxTokens: number;
  readonly temperature?: number;
  /** What the request is for, so a provider that only serves some tasks can decline. */
  readonly task?: {
    readonly command: string;
    readonly target?: string;
    /** The user's words (after the command and target), for providers that answer without a model. */
    readonly request?: string;
  };
}

export interface LlmUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheCreationInputTokens: number;
  readonly cacheReadInputTokens: number;
}

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'cancelled' | 'other';

export type LlmEvent =
  | { readonly type: 'text'; readonly text: string }
  /** The provider waits before trying again (`reason`: "rate limit", "overloaded", ...); cancel ends the wait. */
  | { readonly type: 'waiting'; readonly seconds: number; readonly reason: string }
  | { readonly type: 'done'; readonly stopReason: StopReason; readonly usage?: LlmUsage; readonly model: string };

export interface LlmProvider {
  /** Short name for messages and logs: `Anthropic (claude-sonnet-5-5)`. */
  readonly label: string;
  /** Streams the answer; ends with exactly one `done` event or throws an `LlmError`. */
  stream(request: LlmRequest, signal?: AbortSignal): AsyncIterable<LlmEvent>;
}
