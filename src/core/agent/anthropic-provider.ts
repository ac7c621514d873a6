/**
 * Claude through the official SDK: streaming, cancellation, prompt caching on the stable prefix,
 * usage figures logged, and every SDK failure mapped to an `LlmError` the user can act on.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Logger } from '../ports';
import { silentLogger } from '../ports';
import { mapAnthropicError } from './anthropic-errors';
import { cancelledError, LlmError } from './llm-errors';
import type { LlmEvent, LlmProvider, LlmRequest, LlmUsage, StopReason } from './llm-provider';
import { resolveModelId } from './model-aliases';

export interface AnthropicProviderOptions {
  readonly apiKey: string | undefined;
  /** A gateway or test server speaking the Messages API; the SDK default otherwise. */
  readonly baseURL?: string;
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

type RawEvent = Anthropic.Messages.RawMessageStreamEvent;

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

  constructor(options: AnthropicProviderOptions) {
    this.logger = options.logger ?? silentLogger;
    const apiKey = options.apiKey?.trim();
    this.client =
      apiKey === undefined || apiKey === ''
        ? undefined
        : new Anthropic({
            apiKey,
            ...(options.baseURL === undefined || options.baseURL === '' ? {} : { baseURL: options.baseURL }),
            maxRetries: options.maxRetries ?? 2,
            timeout: options.timeoutMs ?? 600_000,
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
        signal === undefined ? {} : { signal },
      );
      for await (const event of stream as AsyncIterable<RawEvent>) {
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
      throw mapAnthropicError(error, model, signal);
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
