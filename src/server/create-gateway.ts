import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { useContentEncoding } from '@whatwg-node/server';
import { createYoga, type GraphiQLOptions, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { CommitmentRegistry } from '../commitments/create-commitment-registry.js';
import { createLoaders } from '../loaders/create-loaders.js';
import { createVerdictMemory } from '../loaders/verdict-memory.js';
import type { PressReleaseStore } from '../press-releases/press-release-store.js';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';
import type { GatewayContext } from '../schema/context.js';
import { createSchema } from '../schema/index.js';
import { createGraphiqlAssets, GRAPHIQL_ASSETS_PREFIX } from './create-graphiql-assets.js';
import { createGraphiqlDefaultQuery } from './graphiql-default-query.js';
import { useQueryLimits, type QueryLimits } from './use-query-limits.js';
import { toGraphQLError } from './to-graphql-error.js';
import { useDemoDataNotice } from './use-demo-data-notice.js';
import { useGatewayErrors } from './use-gateway-errors.js';

export interface GatewayDependencies {
  readonly pressReleases: PressReleaseStore;
  readonly commitments: CommitmentRegistry;
  /** Whether `Commitment.officialStatus` reads the official tracking table. Default false. */
  readonly useTrackingTable?: boolean;
  readonly datagouv: DatagouvClient;
  readonly logger: Logger;
  /** The clock of every time-dependent answer. Default: the system clock. */
  readonly now?: () => Date;
  /** Longest wait for in-flight requests on shutdown, in ms. Default 10 000. */
  readonly shutdownTimeoutMs?: number;
  /** Query limits; defaults as in Config (depth 12, 60 aliases, cost 20 000). */
  readonly limits?: QueryLimits;
}

interface ServerContext {
  readonly requestId?: string;
}

export interface Gateway {
  /** The GraphQL handler; `yoga.fetch` runs in-process requests (tests). */
  readonly yoga: YogaServerInstance<ServerContext, GatewayContext>;
  /** A node:http server that is not listening yet. */
  readonly server: Server;
  /** Stops accepting connections, lets in-flight requests finish (up to the timeout), then closes. */
  shutdown(): Promise<void>;
}

const REQUEST_ID_PATTERN = /^[\w.-]{1,128}$/;

/** Builds the gateway without listening: `cli.ts` (or a test) decides where it listens. */
export function createGateway(deps: GatewayDependencies): Gateway {
  const now = deps.now ?? (() => new Date());
  let draining = false;
  // Process-wide: the last verdicts must outlive requests to bridge upstream outages.
  const verdicts = createVerdictMemory();
  const graphiqlAssets = createGraphiqlAssets();

  const yoga = createYoga<ServerContext, GatewayContext>({
    schema: createSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // A factory, so the demo banner follows the upstream actually answering.
    graphiql: () => {
      const document = createGraphiqlDefaultQuery(deps.datagouv.source());
      // Yoga's GraphiQL (4.x) opens on `query` and ignores `defaultQuery`, which
      // its options type still names: pass both.
      return { title: 'Engagements open data — passerelle GraphQL', defaultQuery: document, query: document } as GraphiQLOptions;
    },
    // GraphiQL's own files are served by the gateway rather than from a CDN,
    // so the explorer works wherever the gateway runs, network or not.
    renderGraphiQL: (options) => graphiqlAssets.renderPage({ ...options }),
    logging: false,
    maskedErrors: {
      maskError: (error) =>
        toGraphQLError(error, ({ errorId, error: cause }) => deps.logger.error({ errorId, err: cause }, 'unexpected error')),
    },
    plugins: [
      // Answers (lists of commitments, catalogue pages) compress well.
      useContentEncoding(),
      ...useQueryLimits(deps.limits),
      useGatewayErrors(),
      useDemoDataNotice(() => deps.datagouv.source()),
    ],
    context: ({ requestId, request }) => {
      const id = requestId ?? randomUUID();
      return {
        requestId: id,
        pressReleases: deps.pressReleases,
        commitments: deps.commitments,
        useTrackingTable: deps.useTrackingTable ?? false,
        now,
        logger: deps.logger.child({ requestId: id }),
        datagouv: deps.datagouv,
        loaders: createLoaders({
          datagouv: deps.datagouv,
          signal: request.signal,
          verdicts,
          now,
          commitments: deps.commitments.all(),
        }),
      } satisfies GatewayContext;
    },
  });

  const server = createServer((request, response) => {
    const requestId = readRequestId(request);
    response.setHeader('x-request-id', requestId);
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/health') return sendJson(response, 200, { status: 'ok' });
    if (path?.startsWith(GRAPHIQL_ASSETS_PREFIX)) {
      graphiqlAssets.serve(request, response, path).catch((error: unknown) => {
        deps.logger.error({ err: error, path }, 'GraphiQL asset failed');
        if (!response.headersSent) response.writeHead(500).end();
      });
      return;
    }
    if (path === '/ready') {
      const ready = !draining;
      return sendJson(response, ready ? 200 : 503, {
        status: ready ? 'ready' : 'draining',
        announcements: deps.pressReleases.all().length,
        loadErrors: deps.pressReleases.loadErrors().length,
        loadedAt: deps.pressReleases.loadedAt(),
      });
    }
    const startedAt = performance.now();
    if (draining) response.setHeader('connection', 'close');
    response.on('finish', () => {
      // While draining, a keep-alive socket that just became idle would hold `close` open.
      if (draining) setImmediate(() => server.closeIdleConnections());
      deps.logger.info(
        { requestId, method: request.method, path, status: response.statusCode, ms: Math.round(performance.now() - startedAt) },
        'request',
      );
    });
    // `handle(req, res)` writes the response; `handleNodeRequestAndResponse` only returns it.
    void yoga.handle(request, response, { requestId });
  });

  async function shutdown(): Promise<void> {
    if (draining) return;
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive sockets with no request in flight would hold `close` open.
    server.closeIdleConnections();
    const timeoutMs = deps.shutdownTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      timer.unref();
    });
    if ((await Promise.race([closed, timedOut])) === 'timeout') {
      deps.logger.warn({ timeoutMs }, 'in-flight requests did not finish in time; closing their connections');
      server.closeAllConnections();
      await closed;
    }
    clearTimeout(timer);
  }

  return { yoga, server, shutdown };
}

function readRequestId(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && REQUEST_ID_PATTERN.test(value) ? value : randomUUID();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
