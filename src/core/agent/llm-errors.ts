/**
 * Typed failures of a model request, each with a message the user can act on. Providers map
 * their own errors onto these; front ends show `message` and never a stack trace.
 */

export type LlmErrorKind =
  | 'no-key'
  | 'invalid-key'
  | 'permission'
  | 'unknown-model'
  | 'bad-request'
  | 'rate-limit'
  | 'server'
  | 'overloaded'
  | 'network'
  | 'cancelled'
  | 'unavailable'
  /** An offline engine declined the task (unknown model, no primary key, ...). */
  | 'refused';

export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly details: { readonly status?: number; readonly retryAfterSeconds?: number; readonly requestId?: string } = {},
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

export function cancelledError(): LlmError {
  return new LlmError('cancelled', 'The request was cancelled. Nothing was written.');
}
