/**
 * How long a provider waits before trying a failed request again, and when it stops trying: a
 * few attempts, each wait capped (a `retry-after` longer than the cap is reported instead of
 * waited out), and a cap on all waits together, so the user is never left in silence for long.
 */
import { LlmError } from './llm-errors';

export interface RetryPolicy {
  /** Attempts after the first. */
  readonly maxRetries: number;
  /** The longest single wait; a server asking for more is told to the user instead. */
  readonly maxWaitMs: number;
  /** All waits of one request together. */
  readonly totalWaitMs: number;
  /** First back-off when the server names no time; doubles each attempt. */
  readonly backoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, maxWaitMs: 60_000, totalWaitMs: 120_000, backoffMs: 1_000 };

const REASONS: Partial<Record<LlmError['kind'], string>> = {
  'rate-limit': 'rate limit',
  overloaded: 'overloaded',
  server: 'server error',
  network: 'connection failed',
};

export type RetryDecision = { readonly retry: true; readonly waitMs: number; readonly reason: string } | { readonly retry: false; readonly error: LlmError };

/** Whether to try again after `error`, the `attempt`-th failure (0 for the first), with `waitedMs` spent waiting so far. */
export function decideRetry(error: LlmError, attempt: number, waitedMs: number, policy: RetryPolicy): RetryDecision {
  const reason = REASONS[error.kind];
  if (reason === undefined || attempt >= policy.maxRetries) return { retry: false, error };
  const asked = error.details.retryAfterSeconds;
  if (asked !== undefined && asked * 1000 > policy.maxWaitMs) {
    return {
      retry: false,
      error: new LlmError(error.kind, `${error.message.replace(/ Try again.*$/, '')} The API asks to wait ${asked} s, longer than the ${Math.round(policy.maxWaitMs / 1000)} s this waits; try again later. Nothing was written.`, error.details),
    };
  }
  const waitMs = Math.min(asked === undefined ? policy.backoffMs * 2 ** attempt : asked * 1000, policy.maxWaitMs);
  if (waitedMs + waitMs > policy.totalWaitMs) return { retry: false, error };
  return { retry: true, waitMs, reason };
}

/** Resolves after `ms`, or rejects with the cancellation error as soon as `signal` aborts. */
export function waitOrCancel(ms: number, signal: AbortSignal | undefined, cancelled: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(cancelled());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
