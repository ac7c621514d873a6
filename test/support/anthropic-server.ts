/**
 * A local server speaking the Anthropic Messages API on 127.0.0.1, for tests that drive the real
 * SDK: streaming answers event by event as the API sends them, scripted faults, and a record of
 * every request (headers and body) so tests can check what left the machine.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly json: unknown;
}

export interface ReplyUsage {
  readonly input_tokens?: number;
  readonly output_tokens?: number;
}

export type ScriptedReply =
  /** A normal answer; `stopReason: 'max_tokens'` models an answer cut off by the output limit. */
  | { readonly kind: 'text'; readonly text: string; readonly stopReason?: 'end_turn' | 'max_tokens'; readonly chunkSize?: number }
  /** An HTTP error response with the API's error body. */
  | { readonly kind: 'error'; readonly status: number; readonly type: string; readonly message: string; readonly headers?: Readonly<Record<string, string>> }
  /** Starts streaming `text`, then drops the connection without finishing. */
  | { readonly kind: 'reset'; readonly text: string }
  /** Starts streaming `text`, then goes silent with the connection left open (a stalled stream). */
  | { readonly kind: 'stall'; readonly text: string }
  /** Accepts the request and never answers, not even the headers. */
  | { readonly kind: 'no-answer' }
  /** Starts streaming `text`, then sends an `error` event inside the stream (as on overload). */
  | { readonly kind: 'stream-error'; readonly text: string; readonly type: string; readonly message: string };

export const FAULTS = {
  invalidKey: { kind: 'error', status: 401, type: 'authentication_error', message: 'invalid x-api-key' },
  forbidden: { kind: 'error', status: 403, type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  unknownModel: { kind: 'error', status: 404, type: 'not_found_error', message: 'model: claude-nonexistent' },
  rateLimited: (retryAfter: string) =>
    ({ kind: 'error', status: 429, type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit', headers: { 'retry-after': retryAfter } }) as const,
  internal: { kind: 'error', status: 500, type: 'api_error', message: 'Internal server error' },
  overloaded: { kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' },
} as const satisfies Record<string, ScriptedReply | ((value: string) => ScriptedReply)>;

interface MessagesBody {
  readonly model?: unknown;
  readonly stream?: unknown;
  readonly system?: unknown;
  readonly messages?: unknown;
}

function sse(response: ServerResponse, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function chunks(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let index = 0; index < text.length; index += size) {
    parts.push(text.slice(index, index + size));
  }
  return parts;
}

function estimate(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export class AnthropicTestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: ScriptedReply[] = [];
  /** Hashes of cached prefixes, to report cache writes then cache reads as the API does. */
  private readonly cachedPrefixes = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: { readonly apiKey?: string },
  ) {}

  /** `apiKey`: when given, any other key gets a 401 as the real API would. */
  static async start(options: { readonly apiKey?: string } = {}): Promise<AnthropicTestServer> {
    const handler: { instance?: AnthropicTestServer } = {};
    const server = createServer((request, response) => {
      void handler.instance?.handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    handler.instance = new AnthropicTestServer(server, `http://127.0.0.1:${port}`, options);
    return handler.instance;
  }

  /** Replies used by the next requests, in order; after them every request gets "OK". */
  enqueue(...replies: ScriptedReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  /**
   * Every recorded body and header joined, except the headers that carry the key by design
   * (`x-api-key`, `authorization`): for "this never left the machine" checks.
   */
  everythingSent(): string {
    return this.requests
      .map((request) => {
        const { 'x-api-key': _key, authorization: _authorization, ...headers } = request.headers;
        return `${JSON.stringify(headers)}\n${request.body}`;
      })
      .join('\n');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await new Promise<string>((resolve) => {
      const parts: Buffer[] = [];
      request.on('data', (part: Buffer) => parts.push(part));
      request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    });
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    this.requests.push({ method: request.method ?? '', path: request.url ?? '', headers: { ...request.headers }, body, json });

    if (request.method !== 'POST' || !(request.url ?? '').startsWith('/v1/messages')) {
      this.sendError(response, { kind: 'error', status: 404, type: 'not_found_error', message: `${request.method} ${request.url} not found` });
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const key = request.headers['x-api-key'] ?? bearer;
    if (this.options.apiKey !== undefined && key !== this.options.apiKey) {
      this.sendError(response, FAULTS.invalidKey);
      return;
    }
    const messages = (json ?? {}) as MessagesBody;
    const reply = this.queue.shift() ?? { kind: 'text', text: 'OK' };
    if (reply.kind === 'error') {
      this.sendError(response, reply);
      return;
    }
    if (reply.kind === 'no-answer') {
      return; // closeAllConnections() in close() ends it.
    }
    if (messages.stream === true) {
      this.stream(response, messages, reply);
    } else {
      this.sendJson(response, messages, reply);
    }
  }

  private usageFor(messages: MessagesBody): { input_tokens: number; cache_creation_input_tokens: number; cache_read_input_tokens: number } {
    const system = Array.isArray(messages.system) ? (messages.system as { text?: string; cache_control?: unknown }[]) : [];
    const lastCached = system.map((block) => block.cache_control !== undefined).lastIndexOf(true);
    const prefix = lastCached < 0 ? '' : JSON.stringify(system.slice(0, lastCached + 1));
    const prefixTokens = prefix === '' ? 0 : estimate(prefix);
    const total = estimate(JSON.stringify(messages.system ?? '') + JSON.stringify(messages.messages ?? ''));
    if (prefix === '') {
      return { input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    }
    const hash = createHash('sha256').update(prefix).digest('hex');
    const hit = this.cachedPrefixes.has(hash);
    this.cachedPrefixes.add(hash);
    return {
      input_tokens: Math.max(1, total - prefixTokens),
      cache_creation_input_tokens: hit ? 0 : prefixTokens,
      cache_read_input_tokens: hit ? prefixTokens : 0,
    };
  }

  private message(messages: MessagesBody): Record<string, unknown> {
    return {
      id: `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      type: 'message',
      role: 'assistant',
      model: typeof messages.model === 'string' ? messages.model : 'unknown',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...this.usageFor(messages), output_tokens: 1 },
    };
  }

  private stream(response: ServerResponse, messages: MessagesBody, reply: Exclude<ScriptedReply, { kind: 'error' | 'no-answer' }>): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'request-id': `req_${randomUUID()}`,
    });
    sse(response, 'message_start', { type: 'message_start', message: this.message(messages) });
    sse(response, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    sse(response, 'ping', { type: 'ping' });
    const size = reply.kind === 'text' ? (reply.chunkSize ?? 40) : 40;
    for (const text of chunks(reply.text, size)) {
      sse(response, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
    }
    if (reply.kind === 'stall') {
      return; // Nothing more is sent; closeAllConnections() in close() ends it.
    }
    if (reply.kind === 'reset') {
      // Let the events reach the client first, so the failure is mid-stream, not at connect.
      setTimeout(() => response.socket?.destroy(), 50).unref();
      return;
    }
    if (reply.kind === 'stream-error') {
      sse(response, 'error', { type: 'error', error: { type: reply.type, message: reply.message } });
      response.end();
      return;
    }
    sse(response, 'content_block_stop', { type: 'content_block_stop', index: 0 });
    sse(response, 'message_delta', {
      type: 'message_delta',
      delta: { stop_reason: reply.stopReason ?? 'end_turn', stop_sequence: null },
      usage: { output_tokens: estimate(reply.text) },
    });
    sse(response, 'message_stop', { type: 'message_stop' });
    response.end();
  }

  private sendJson(response: ServerResponse, messages: MessagesBody, reply: Exclude<ScriptedReply, { kind: 'error' | 'no-answer' }>): void {
    const message = this.message(messages);
    const usage = message['usage'] as Record<string, number>;
    response.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${randomUUID()}` });
    response.end(
      JSON.stringify({
        ...message,
        content: [{ type: 'text', text: reply.text }],
        stop_reason: reply.kind === 'text' ? (reply.stopReason ?? 'end_turn') : 'end_turn',
        usage: { ...usage, output_tokens: estimate(reply.text) },
      }),
    );
  }

  private sendError(response: ServerResponse, reply: Extract<ScriptedReply, { kind: 'error' }>): void {
    response.writeHead(reply.status, {
      'content-type': 'application/json',
      'request-id': `req_${randomUUID()}`,
      'x-should-retry': reply.status === 429 || reply.status >= 500 ? 'true' : 'false',
      ...reply.headers,
    });
    response.end(JSON.stringify({ type: 'error', error: { type: reply.type, message: reply.message }, request_id: `req_${randomUUID()}` }));
  }
}
