/**
 * A provider that tries another when the first cannot even start: the editor's model refuses or
 * is missing, and the task is one the offline engine can do. Once the first has produced text,
 * its failure is the answer's failure; nothing is mixed from two sources.
 */
import { LlmError } from './llm-errors';
import type { LlmEvent, LlmProvider, LlmRequest } from './llm-provider';

export class FallbackProvider implements LlmProvider {
  constructor(
    private readonly primary: LlmProvider,
    private readonly fallback: LlmProvider,
    private readonly shouldFallBack: (error: LlmError, request: LlmRequest) => boolean,
    private readonly onFallBack: (error: LlmError) => void = () => undefined,
  ) {}

  get label(): string {
    return this.primary.label;
  }

  async *stream(request: LlmRequest, signal?: AbortSignal): AsyncIterable<LlmEvent> {
    let started = false;
    try {
      for await (const event of this.primary.stream(request, signal)) {
        started = true;
        yield event;
      }
      return;
    } catch (error) {
      if (started || !(error instanceof LlmError) || !this.shouldFallBack(error, request)) {
        throw error;
      }
      this.onFallBack(error);
    }
    yield* this.fallback.stream(request, signal);
  }
}
