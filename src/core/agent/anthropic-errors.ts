/**
 * SDK errors → `LlmError`s whose messages tell the user what to do next.
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { cancelledError, LlmError } from './llm-errors';

function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const milliseconds = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(milliseconds) && milliseconds > 0) {
    return Math.ceil(milliseconds / 1000);
  }
  const value = headers?.get('retry-after');
  if (value === null || value === undefined) {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, Math.ceil(seconds));
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

interface ErrorBody {
  readonly error?: { readonly message?: unknown; readonly type?: unknown };
}

function bodyOf(error: APIError): ErrorBody | undefined {
  const body: unknown = error.error;
  return typeof body === 'object' && body !== null ? body : undefined;
}

function apiMessage(error: APIError): string {
  const message = bodyOf(error)?.error?.message;
  return typeof message === 'string' && message !== '' ? ` (${message})` : '';
}

function fromApiError(error: APIError, model: string): LlmError {
  const type = bodyOf(error)?.error?.type;
  const details = {
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.requestID === null || error.requestID === undefined ? {} : { requestId: error.requestID }),
  };
  const status = error.status ?? statusOfType(type);
  switch (status) {
    case 401:
      return new LlmError('invalid-key', 'The Anthropic API key was rejected (401). Run "Set Anthropic API Key" with a valid key.', details);
    case 403:
      return new LlmError('permission', `The API key may not use this model or feature (403)${apiMessage(error)}. Check the key's workspace and permissions.`, details);
    case 404:
      return new LlmError('unknown-model', `The model "${model}" does not exist or is not available to this key (404). Choose another in the fastapiBackendEngineer.anthropic.model setting (e.g. "sonnet").`, details);
    case 400:
    case 413:
      return new LlmError('bad-request', `The Anthropic API refused the request (${status})${apiMessage(error)}.`, details);
    case 429: {
      const wait = retryAfterSeconds(error.headers);
      const when = wait === undefined ? 'in a moment' : `in ${wait} s`;
      return new LlmError('rate-limit', `Rate limit reached (429). Try again ${when}.`, { ...details, ...(wait === undefined ? {} : { retryAfterSeconds: wait }) });
    }
    case 529:
      return new LlmError('overloaded', 'The Anthropic API is overloaded (529). Try again in a little while; nothing was written.', details);
    default:
      if (status !== undefined && status >= 500) {
        return new LlmError('server', `The Anthropic API had an internal error (${status})${apiMessage(error)}. Try again; nothing was written.`, details);
      }
      return new LlmError('server', `The Anthropic API returned an error${status === undefined ? '' : ` (${status})`}${apiMessage(error)}. Nothing was written.`, details);
  }
}

/** Errors sent inside an event stream carry a type but no HTTP status. */
function statusOfType(type: unknown): number | undefined {
  switch (type) {
    case 'overloaded_error':
      return 529;
    case 'rate_limit_error':
      return 429;
    case 'api_error':
      return 500;
    case 'authentication_error':
      return 401;
    case 'permission_error':
      return 403;
    case 'not_found_error':
      return 404;
    case 'invalid_request_error':
      return 400;
    default:
      return undefined;
  }
}

export function mapAnthropicError(error: unknown, model: string, signal?: AbortSignal): LlmError {
  if (error instanceof LlmError) {
    return error;
  }
  if (signal?.aborted === true || error instanceof APIUserAbortError) {
    return cancelledError();
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmError('network', 'The Anthropic API did not answer in time. Check the network (or the base URL setting) and try again.');
  }
  if (error instanceof APIConnectionError) {
    return new LlmError('network', `Could not reach the Anthropic API: ${error.cause instanceof Error ? error.cause.message : error.message}. Check the network or the base URL setting.`);
  }
  if (error instanceof APIError) {
    return fromApiError(error as APIError<number | undefined, Headers | undefined>, model);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError('network', `The connection to the Anthropic API was lost (${message}). Nothing was written; try again.`);
}
