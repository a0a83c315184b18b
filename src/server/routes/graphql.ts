import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { GatewayMetrics } from '../create-metrics.js';
import type { GraphQLServer, GraphQLServerContext } from '../create-graphql-server.js';
import { createUpstreamBudget } from '../create-upstream-budget.js';
import { readRequestBody, type BodyRead } from '../read-request-body.js';
import type { ResponseCacheLayer } from '../serve-from-response-cache.js';
import { sendError } from '../send-json.js';
import type { Exchange, Route } from './route.js';

export interface GraphQLRouteOptions {
  readonly yoga: GraphQLServer;
  /** Null with the fast paths off. */
  readonly responseCache: ResponseCacheLayer | null;
  /** Whether the HTTP layer answers CORS itself (`'*'`); otherwise yoga does, per origin. */
  readonly anyOrigin: boolean;
  /** Largest request body, after decompression, in bytes. */
  readonly maxBodyBytes: number;
  /** Longest a GraphQL request waits for data.gouv.fr in total, in ms. */
  readonly upstreamBudgetMs: number;
  readonly metrics?: GatewayMetrics | undefined;
}

/**
 * `/graphql`, and every path no other route claims (yoga answers those 404):
 * the body read within its limit, the response cache, then yoga.
 */
export function createGraphQLRoute(options: GraphQLRouteOptions): Route {
  const { yoga, responseCache, maxBodyBytes, upstreamBudgetMs, metrics } = options;

  async function handle({ request, response, path, requestId, startedAt }: Exchange): Promise<void> {
    const method = request.method ?? 'GET';
    let body: Buffer | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      const read = await readRequestBody(request, maxBodyBytes);
      if (read.kind === 'aborted') return void response.destroy();
      if (read.kind !== 'ok') {
        const refusal = toBodyRefusal(read, maxBodyBytes);
        metrics?.countRefusal(refusal.code);
        // The unread rest of a refused body is not worth keeping the connection for.
        response.setHeader('connection', 'close');
        return sendError(response, refusal.status, refusal.code, refusal.message, requestId);
      }
      body = read.body;
    }

    // With a list of origins, yoga answers CORS per origin: a cached answer would go out without its headers.
    const cacheable = options.anyOrigin || request.headers.origin === undefined;
    const cached = cacheable ? responseCache?.begin(request, method, path, body) : null;
    if (cached && (await cached.served(response))) return;

    // One controller per request: the client going away ends the upstream budget like its deadline does.
    const budget = createUpstreamBudget(upstreamBudgetMs);
    response.on('close', () => {
      if (!response.writableFinished) budget.abort(new Error('the client closed the connection'));
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      // The body handed on is already inflated and measured.
      if (value === undefined || name === 'content-encoding' || name === 'content-length' || name.startsWith(':')) continue;
      // A cacheable answer is built uncompressed: the cache must read it, and serves it as is.
      if (cached && name === 'accept-encoding') continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    try {
      const init: RequestInit = { method, headers };
      if (body !== undefined) init.body = new Uint8Array(body);
      const context: GraphQLServerContext = { requestId, startedAt, upstreamSignal: budget.signal, ...(cached ? { onUpstreamLog: cached.onUpstreamLog } : {}) };
      const answer = await yoga.fetch(`http://localhost${request.url ?? '/'}`, init, context);
      if (cached) return await cached.complete(answer, response);
      response.statusCode = answer.status;
      answer.headers.forEach((value, name) => response.setHeader(name, value));
      if (answer.body === null || method === 'HEAD') {
        response.end();
        return;
      }
      // Yoga's streams are @whatwg-node ponyfills, which `Readable.fromWeb` refuses; they are async iterables.
      await pipeline(Readable.from(answer.body as unknown as AsyncIterable<Uint8Array>), response).catch(() => response.destroy());
    } finally {
      budget.dispose();
    }
  }

  return { paths: '/graphql (and any other path: 404)', matches: () => true, handle };
}

function toBodyRefusal(read: Exclude<BodyRead, { kind: 'ok' } | { kind: 'aborted' }>, maxBodyBytes: number): { status: number; code: string; message: string } {
  switch (read.kind) {
    case 'too-large':
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is larger than ${maxBodyBytes} bytes${read.inflated ? ' once decompressed' : ''}.`,
      };
    case 'unsupported-encoding':
      return { status: 415, code: 'UNSUPPORTED_CONTENT_ENCODING', message: 'Content-Encoding must be gzip, deflate, br or identity.' };
    case 'corrupt':
      return { status: 400, code: 'BAD_REQUEST_BODY', message: `The request body is not valid ${read.encoding} data.` };
  }
}
