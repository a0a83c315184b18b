import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Exchange, Route } from './routes/route.js';
import { sendError } from './send-json.js';

export interface HttpFrontOptions {
  readonly logger: Logger;
  /** Answered first, whatever the load: probes, scrapes, GraphiQL's files. */
  readonly operational: readonly Route[];
  /**
   * Run in order before the other routes; each resolves true once it has
   * answered the request itself (a refusal, a CORS preflight).
   */
  readonly guards: readonly ((exchange: Exchange) => boolean | Promise<boolean>)[];
  /** The first whose path matches answers; the last should match every path. */
  readonly routes: readonly Route[];
  /** True once shutdown has begun: answers then close their connections. */
  draining(): boolean;
  /** Closes keep-alive sockets with no request in flight (`server.closeIdleConnections`). */
  closeIdleConnections(): void;
}

const REQUEST_ID_PATTERN = /^[\w.-]{1,128}$/;

/** The node:http request listener: request id, the table of routes, guards, and the 500 of last resort. */
export function createHttpFront(options: HttpFrontOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const { logger } = options;

  async function handle(exchange: Exchange): Promise<void> {
    const { request, response, path, requestId, startedAt } = exchange;
    for (const route of options.operational) if (route.matches(path)) return route.handle(exchange);

    if (options.draining()) response.setHeader('connection', 'close');
    response.on('finish', () => {
      // While draining, a keep-alive socket that just became idle would hold `close` open.
      if (options.draining()) setImmediate(() => options.closeIdleConnections());
      // Per request at debug: at info, writing this line cost more than serving a cached answer.
      if (logger.isLevelEnabled('debug')) {
        logger.debug({ requestId, method: request.method, path, status: response.statusCode, ms: Math.round(performance.now() - startedAt) }, 'request');
      }
    });
    for (const guard of options.guards) if (await guard(exchange)) return;
    for (const route of options.routes) if (route.matches(path)) return route.handle(exchange);
  }

  return (request, response) => {
    const requestId = readRequestId(request);
    response.setHeader('x-request-id', requestId);
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    handle({ request, response, path, requestId, startedAt: performance.now() }).catch((error: unknown) => {
      logger.error({ err: error }, 'request handling failed');
      if (!response.headersSent) sendError(response, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.', requestId);
      else response.destroy();
    });
  };
}

function readRequestId(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && REQUEST_ID_PATTERN.test(value) ? value : randomUUID();
}
