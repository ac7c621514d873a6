/**
 * Claude through the official SDK: streaming, cancellation, prompt caching on the stable prefix,
 * usage figures logged, and every SDK failure mapped to an `LlmError` the user can act on.
 *
 * Retries are made here rather than inside the SDK, so every wait is capped, announced as a
 * `waiting` event ("waiting 30 s (rate limit)…") and ended by cancel. A stream that sends
 * nothing for `idleTimeoutMs` is stopped with a clear message.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Logger } from '../ports';
import { silentLogger } from '../ports';
import { mapAnthropicError } from './anthropic-errors';
import { decideRetry, DEFAULT_RETRY_POLICY, type RetryPolicy, waitOrCancel } from './retry-policy';
import { cancelledError, LlmError } from './llm-errors';
import type { LlmEvent, LlmProvider, LlmRequest, LlmUsage, StopReason } from './llm-provider';
import { resolveModelId } from './model-aliases';

export interface AnthropicProviderOptions {
  readonly apiKey: string | undefined;
  /** A gateway or test server speaking the Messages API; the SDK default otherwise. */
  readonly baseURL?: string;
  readonly retry?: Partial<RetryPolicy>;
  /** Longest silence allowed: until the response starts, and between two stream events. */
  readonly idleTimeoutMs?: number;
  readonly logger?: Logger;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

type RawEvent = Anthropic.Messages.RawMessageStreamEvent;

function idleError(idleTimeoutMs: number): LlmError {
  const seconds = idleTimeoutMs >= 10_000 ? Math.round(idleTimeoutMs / 1000) : Math.round(idleTimeoutMs / 100) / 10;
  return new LlmError(
    'network',
    `The Anthropic API sent nothing for ${seconds} s, so the answer was stopped. Nothing was written; try again (the wait is the idle timeout setting).`,
  );
}

/**
 * The events of `source`, failing when none arrives within `idleMs` of the previous one:
 * `onIdle` aborts the request, and the iteration ends.
 */
async function* eventsWithIdleLimit<T>(source: AsyncIterable<T>, idleMs: number, onIdle: () => void): AsyncIterable<T> {
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const silence = new Promise<'idle'>((resolve) => {
      timer = setTimeout(() => resolve('idle'), idleMs);
    });
    const next = await Promise.race([iterator.next(), silence]).finally(() => clearTimeout(timer));
    if (next === 'idle') {
      onIdle();
      // Let the SDK settle its aborted read; its outcome no longer matters.
      void iterator.return?.().catch(() => undefined);
      return;
    }
    if (next.done === true) return;
    yield next.value;
  }
}

function toStopReason(reason: string | null | undefined): StopReason {
  switch (reason) {
    case 'end_turn':
    case 'max_tokens':
    case 'stop_sequence':
    case 'refusal':
      return reason;
    default:
      return 'other';
  }
}

export class AnthropicProvider implements LlmProvider {
  private readonly client: Anthropic | undefined;
  private readonly logger: Logger;
  private readonly retry: RetryPolicy;
  private readonly idleTimeoutMs: number;

  constructor(options: AnthropicProviderOptions) {
    this.logger = options.logger ?? silentLogger;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    const apiKey = options.apiKey?.trim();
    this.client =
      apiKey === undefined || apiKey === ''
        ? undefined
        : new Anthropic({
            apiKey,
            ...(options.baseURL === undefined || options.baseURL === '' ? {} : { baseURL: options.baseURL }),
            // Retries are this provider's (capped and announced); the SDK's own would wait in silence.
            maxRetries: 0,
            // Until the response headers arrive; the stream's silences are watched per event.
            timeout: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
            logger: {
              error: (message: string) => this.logger.error(`anthropic: ${message}`),
              warn: (message: string) => this.logger.warn(`anthropic: ${message}`),
              info: (message: string) => this.logger.debug(`anthropic: ${message}`),
              debug: (message: string) => this.logger.trace(`anthropic: ${message}`),
            },
          });
  }

  get label(): string {
    return 'Anthropic';
  }

  async *stream(request: LlmRequest, signal?: AbortSignal): AsyncIterable<LlmEvent> {
    const model = resolveModelId(request.model);
    let waitedMs = 0;
    for (let attempt = 0; ; attempt++) {
      let started = false;
      try {
        for await (const event of this.attempt(request, signal)) {
          started = true;
          yield event;
        }
        return;
      } catch (error) {
        const failure = mapAnthropicError(error, model, signal);
        // Text already shown cannot be taken back: only a request that produced nothing is retried.
        const decision = started ? { retry: false as const, error: failure } : decideRetry(failure, attempt, waitedMs, this.retry);
        if (!decision.retry) throw decision.error;
        const seconds = Math.ceil(decision.waitMs / 1000);
        this.logger.info(`anthropic: ${failure.message} Waiting ${seconds} s before attempt ${attempt + 2}.`);
        yield { type: 'waiting', seconds, reason: decision.reason };
        await waitOrCancel(decision.waitMs, signal, cancelledError);
        waitedMs += decision.waitMs;
      }
    }
  }

  private async *attempt(request: LlmRequest, signal: AbortSignal | undefined): AsyncIterable<LlmEvent> {
    if (this.client === undefined) {
      throw new LlmError(
        'no-key',
        'No Anthropic API key is set. Run "Set Anthropic API Key" (or set ANTHROPIC_API_KEY for the command line).',
      );
    }
    const model = resolveModelId(request.model);
    const system = request.system.map((block) => ({
      type: 'text' as const,
      text: block.text,
      ...(block.cache === true ? { cache_control: { type: 'ephemeral' as const } } : {}),
    }));
    const messages = request.messages.map((message) => ({ role: message.role, content: message.text }));
    let stopReason: StopReason = 'other';
    let completed = false;
    const usage: { -readonly [K in keyof LlmUsage]: number } = {
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
    };
    // The request's own controller: cancel, or a stream gone silent, ends it.
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted === true) controller.abort();
    const idle = { timedOut: false };
    try {
      const stream = await this.client.messages.create(
        {
          model,
          max_tokens: request.maxTokens,
          system,
          messages,
          stream: true,
          ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        },
        { signal: controller.signal },
      );
      for await (const event of eventsWithIdleLimit(stream as AsyncIterable<RawEvent>, this.idleTimeoutMs, () => {
        idle.timedOut = true;
        controller.abort();
      })) {
        if (event.type === 'message_start') {
          const start = event.message.usage;
          usage.inputTokens = start.input_tokens;
          usage.outputTokens = start.output_tokens;
          usage.cacheCreationInputTokens = start.cache_creation_input_tokens ?? 0;
          usage.cacheReadInputTokens = start.cache_read_input_tokens ?? 0;
        } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          yield { type: 'text', text: event.delta.text };
        } else if (event.type === 'message_delta') {
          stopReason = toStopReason(event.delta.stop_reason);
          usage.outputTokens = event.usage.output_tokens;
          usage.inputTokens = event.usage.input_tokens ?? usage.inputTokens;
          usage.cacheCreationInputTokens = event.usage.cache_creation_input_tokens ?? usage.cacheCreationInputTokens;
          usage.cacheReadInputTokens = event.usage.cache_read_input_tokens ?? usage.cacheReadInputTokens;
        } else if (event.type === 'message_stop') {
          completed = true;
        }
      }
    } catch (error) {
      if (idle.timedOut) throw idleError(this.idleTimeoutMs);
      throw mapAnthropicError(error, model, signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (idle.timedOut) {
      throw idleError(this.idleTimeoutMs);
    }
    if (signal?.aborted === true) {
      // The SDK ends the iteration quietly when its request is aborted.
      throw cancelledError();
    }
    if (!completed) {
      throw new LlmError('network', 'The connection to the Anthropic API closed before the answer was complete. Nothing was written; try again.');
    }
    this.logger.info(
      `anthropic ${model}: input ${usage.inputTokens} tokens, output ${usage.outputTokens}, cache write ${usage.cacheCreationInputTokens}, cache read ${usage.cacheReadInputTokens}, stop ${stopReason}`,
    );
    yield { type: 'done', stopReason, usage, model };
  }
}
