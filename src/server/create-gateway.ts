import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { useContentEncoding } from '@whatwg-node/server';
import { useAPQ } from '@graphql-yoga/plugin-apq';
import { createYoga, type GraphiQLOptions, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { CommitmentRegistry } from '../commitments/create-commitment-registry.js';
import { refreshTrackerCommitments as readTrackerCommitments } from '../loaders/refresh-tracker-commitments.js';
import { MAX_LISTED_CANDIDATES } from '../commitments/resolve-commitment-status.js';
import { createLoaders } from '../loaders/create-loaders.js';
import type { StoreAccess } from '../store/create-store-access.js';
import type { Evaluator } from '../verdicts/create-evaluator.js';
import { createVerdictService, type VerdictService } from '../verdicts/create-verdict-service.js';
import type { PressReleaseStore } from '../press-releases/press-release-store.js';
import type { CodegouvClient } from '../upstream/codegouv/model.js';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';
import type { GatewayContext } from '../schema/context.js';
import { createSchema } from '../schema/index.js';
import { createExportHandler } from '../exports/create-export-handler.js';
import { createFeedHandler } from './create-feed-handler.js';
import { createWebHandler } from './create-web-handler.js';
import { UpstreamError } from '../errors/gateway-error.js';
import { createMetrics, type GatewayMetrics } from './create-metrics.js';
import { createRateLimiter, resolveClientAddress } from './create-rate-limiter.js';
import { createRequestUpstreamLog, type RequestUpstreamLog } from './create-request-upstream-log.js';
import { createPersistedQueryStore } from './create-persisted-query-store.js';
import { serveFromResponseCache } from './serve-from-response-cache.js';
import { createGraphiqlAssets, GRAPHIQL_ASSETS_PREFIX } from './create-graphiql-assets.js';
import { createGraphiqlDefaultQuery } from './graphiql-default-query.js';
import { readRequestBody } from './read-request-body.js';
import { useArgumentBounds } from './use-argument-bounds.js';
import { useQueryLimits, type QueryLimits } from './use-query-limits.js';
import { useRequestOutcome, type RequestServerContext } from './use-request-outcome.js';
import { toGraphQLError } from './to-graphql-error.js';
import { useDemoDataNotice } from './use-demo-data-notice.js';
import { useGatewayErrors } from './use-gateway-errors.js';

export interface GatewayDependencies {
  readonly pressReleases: PressReleaseStore;
  readonly commitments: CommitmentRegistry;
  /** Whether `Commitment.officialStatus` reads the official tracking table. Default false. */
  readonly useTrackingTable?: boolean;
  readonly datagouv: DatagouvClient;
  /** code.gouv.fr's client, for source-code commitments; without it they are UNCHECKED_SOURCE_CODE. */
  readonly codegouv?: CodegouvClient;
  readonly logger: Logger;
  /** The clock of every time-dependent answer. Default: the system clock. */
  readonly now?: () => Date;
  /** Longest wait for in-flight requests on shutdown, in ms. Default 10 000. */
  readonly shutdownTimeoutMs?: number;
  /** Query limits; defaults as in Config (depth 12, 60 aliases, cost 20 000). */
  readonly limits?: QueryLimits;
  /** The dashboard built by Vite (`dist/web`), served at `/`; without it `/` is not served. */
  readonly webRoot?: string;
  /** What the gateway accepts from clients; defaults as in Config. */
  readonly clientPolicy?: ClientPolicy;
  /** Serve `/metrics` (Prometheus text). Default true. */
  readonly metrics?: boolean;
  /**
   * The response cache in front of GraphQL reads (GET, JSON POST, persisted queries)
   * and verdicts shared between requests while their sources are fresh.
   * Default true; false leaves plain yoga + Pothos, the baseline of `npm run bench`.
   */
  readonly fastPaths?: boolean;
  /** Bytes of answers the response cache keeps. Default 16 MiB. */
  readonly responseCacheBytes?: number;
  /**
   * The store of record behind history, `asOf`, change feeds and the
   * evaluator's runs; null or absent: no history (every history field
   * answers HISTORY_UNAVAILABLE) and verdicts judged per request.
   */
  readonly store?: StoreAccess | null;
  /**
   * How long a run recorded by the evaluator is served as the current
   * verdicts, in ms; absent: requests judge verdicts themselves.
   */
  readonly recordedVerdictsMaxAgeMs?: number;
  /** Reports the evaluator's queue and last run in `/ready` and `/metrics`, once `cli.ts` has made it. */
  readonly evaluatorStats?: () => ReturnType<Evaluator['stats']> | null;
}

export interface ClientPolicy {
  /** Largest request body, after decompression, in bytes. Default 1 048 576. */
  readonly maxBodyBytes?: number;
  /** Origins allowed by CORS; `['*']` (default) allows any, without credentials. */
  readonly corsOrigins?: readonly string[];
  /** Per-client token bucket; `perMinute: 0` (default) switches it off. */
  readonly rateLimit?: { readonly perMinute: number; readonly burst: number };
  /** Proxies of our own in front of the gateway whose X-Forwarded-For is believed. Default 0 (none). */
  readonly trustedProxyHops?: number;
  /** Longest a GraphQL request waits for data.gouv.fr in total, in ms; then stale values or UPSTREAM_TIMEOUT. Default 3 000. */
  readonly upstreamBudgetMs?: number;
  /** Milliseconds for the rate limiter; injected for tests. Default `performance.now`. */
  readonly now?: () => number;
}

interface ServerContext extends RequestServerContext {
  /** Aborted when the client goes away or the request's upstream budget is spent. */
  readonly upstreamSignal?: AbortSignal;
  /** Handed the request's upstream log, so the HTTP layer can tell how long its answer stays true. */
  readonly onUpstreamLog?: (log: RequestUpstreamLog) => void;
}

export interface Gateway {
  /** The GraphQL handler; `yoga.fetch` runs in-process requests (tests). */
  readonly yoga: YogaServerInstance<ServerContext, GatewayContext>;
  /** A node:http server that is not listening yet. */
  readonly server: Server;
  /** Stops accepting connections, lets in-flight requests finish (up to the timeout), then closes. */
  shutdown(): Promise<void>;
  /** Forgets every cached GraphQL answer: to be called whenever the records are reloaded. */
  invalidate(): void;
  /** Where requests read verdicts from; the evaluator records runs into it. */
  readonly verdicts: VerdictService;
  /**
   * With `useTrackingTable`, reads the official tracking table and adds its
   * rows matching no record to the commitments (see
   * `refreshTrackerCommitments`); without it, does nothing. Never throws.
   */
  refreshTrackerCommitments(): Promise<void>;
}

/** Rows of the official tracking table counted when pricing a list of commitments (the table tracks 63 items). */
const TRACKER_ROWS_BOUND = 100;
const REQUEST_ID_PATTERN = /^[\w.-]{1,128}$/;
const DEFAULT_MAX_BODY_BYTES = 1_048_576;
const DEFAULT_UPSTREAM_BUDGET_MS = 3_000;
// Paths that must answer whatever the load: probes and scrapes are not rate limited.
const OPERATIONAL_PATHS = new Set(['/health', '/ready', '/metrics']);

/** Builds the gateway without listening: `cli.ts` (or a test) decides where it listens. */
export function createGateway(deps: GatewayDependencies): Gateway {
  const now = deps.now ?? (() => new Date());
  let draining = false;
  const store = deps.store ?? null;
  const policy = deps.clientPolicy ?? {};
  const maxBodyBytes = policy.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const upstreamBudgetMs = policy.upstreamBudgetMs ?? DEFAULT_UPSTREAM_BUDGET_MS;
  const corsOrigins = policy.corsOrigins ?? ['*'];
  const anyOrigin = corsOrigins.includes('*');
  const rateLimiter = createRateLimiter({ ...(policy.rateLimit ?? { perMinute: 0, burst: 1 }), ...(policy.now ? { now: policy.now } : {}) });
  const persistedQueries = createPersistedQueryStore();
  const responseCache =
    deps.fastPaths === false
      ? null
      : serveFromResponseCache({
          maxBytes: deps.responseCacheBytes,
          upstreamNow: () => deps.datagouv.now(),
          now,
          persistedDocument: (hash) => persistedQueries.peek(hash),
        });
  // Process-wide: the last verdicts must outlive requests to bridge upstream outages.
  const verdicts = createVerdictService({
    commitments: () => deps.commitments.all(),
    now,
    upstreamNow: () => deps.datagouv.now(),
    shareEvaluations: deps.fastPaths !== false,
    recordedMaxAgeMs: deps.recordedVerdictsMaxAgeMs ?? null,
    logger: deps.logger,
    // Answers cached from the previous run would outlive it.
    onAdopt: () => responseCache?.invalidate(),
  });
  const upstreamHealth = verdicts.health;
  const metrics: GatewayMetrics | undefined =
    deps.metrics === false
      ? undefined
      : createMetrics(deps.datagouv, {
          ...(responseCache ? { responseCache: () => responseCache.stats() } : {}),
          store,
          evaluation: () => deps.evaluatorStats?.() ?? null,
          ...(deps.codegouv ? { codegouv: deps.codegouv } : {}),
        });
  // Demo data from either upstream labels the whole answer.
  const demoSource = () => (deps.datagouv.source() === 'MOCK' || deps.codegouv?.source() === 'MOCK' ? 'MOCK' : 'LIVE');
  const graphiqlAssets = createGraphiqlAssets();

  const yoga = createYoga<ServerContext, GatewayContext>({
    schema: createSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // A factory, so the demo banner follows the upstream actually answering.
    graphiql: (request) => {
      const document = createGraphiqlDefaultQuery(deps.datagouv.source());
      // A shared link (`/graphql?query=...&variables=...`) opens on its own query.
      const shared = readSharedQuery(request.url);
      // Yoga's GraphiQL (4.x) opens on `query` and ignores `defaultQuery`, which
      // its options type still names: pass both.
      return {
        title: 'Engagements open data — passerelle GraphQL',
        defaultQuery: document,
        query: shared?.query ?? document,
        ...(shared?.variables ? { variables: shared.variables } : {}),
      } as GraphiQLOptions;
    },
    // GraphiQL's own files are served by the gateway rather than from a CDN,
    // so the explorer works wherever the gateway runs, network or not.
    renderGraphiQL: (options) => graphiqlAssets.renderPage({ ...options }),
    logging: false,
    // Parsed and validated documents are reused across requests (yoga's default, stated because the warm path relies on it).
    parserAndValidationCache: true,
    // A public, read-only API: any origin may read it, but never with the
    // visitor's cookies; a configured list narrows the origins. Yoga would
    // reflect the caller's origin for '*', so the HTTP layer answers that case
    // itself, with a literal '*'.
    cors: anyOrigin ? false : { origin: [...corsOrigins], credentials: false, exposedHeaders: ['x-request-id'] },
    maskedErrors: {
      maskError: (error) =>
        toGraphQLError(error, ({ errorId, error: cause }) => deps.logger.error({ errorId, err: cause }, 'unexpected error')),
    },
    plugins: [
      // Answers (lists of commitments, catalogue pages) compress well.
      useContentEncoding(),
      // Clients may send a document's SHA-256 instead of its text, by GET: short URLs that caches can key on.
      useAPQ({ store: persistedQueries }),
      ...useQueryLimits(withLocalListBounds(deps), (code) => metrics?.countRefusal(code)),
      useArgumentBounds(),
      useGatewayErrors(),
      useRequestOutcome(metrics),
      useDemoDataNotice(demoSource),
    ],
    context: ({ requestId, request, upstreamSignal, onUpstreamLog }) => {
      const id = requestId ?? randomUUID();
      // In-process requests (tests) come without the HTTP layer's budget: give them one.
      const signal = upstreamSignal ?? createUpstreamBudget(request.signal, upstreamBudgetMs).signal;
      const upstreamLog = createRequestUpstreamLog(deps.datagouv, now);
      const codegouv = deps.codegouv ? upstreamLog.track(deps.codegouv) : undefined;
      onUpstreamLog?.(upstreamLog);
      return {
        requestId: id,
        pressReleases: deps.pressReleases,
        commitments: deps.commitments,
        useTrackingTable: deps.useTrackingTable ?? false,
        now,
        logger: deps.logger.child({ requestId: id }),
        datagouv: upstreamLog.client,
        upstreamLog,
        history: store,
        loaders: createLoaders({
          datagouv: upstreamLog.client,
          ...(codegouv ? { codegouv } : {}),
          signal,
          commitments: deps.commitments.records(),
          verdicts: (loaders) => verdicts.forRequest(loaders, upstreamLog),
        }),
      } satisfies GatewayContext;
    },
  });

  const handleExport = createExportHandler({ ...deps, verdicts, now, store });
  const handleFeed = createFeedHandler({ commitments: deps.commitments, store, logger: deps.logger, source: () => deps.datagouv.source() });
  const handleWeb = deps.webRoot ? createWebHandler(deps.webRoot) : () => false;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'request handling failed');
      if (!response.headersSent) sendError(response, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.', readRequestId(request));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = readRequestId(request);
    response.setHeader('x-request-id', requestId);
    const path = (request.url ?? '/').split('?')[0] ?? '/';
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
      // An unusable data.gouv.fr is reported, not made a reason to stop
      // routing here: records and earlier verdicts are still served.
      return sendJson(response, ready ? 200 : 503, {
        status: ready ? 'ready' : 'draining',
        announcements: deps.pressReleases.all().length,
        loadErrors: deps.pressReleases.loadErrors().length,
        loadedAt: deps.pressReleases.loadedAt(),
        upstream: { ...upstreamHealth.current(), breaker: deps.datagouv.status().breakerState },
        store: store ? store.status() : { state: 'DISABLED' },
        evaluation: describeEvaluation(),
      });
    }
    if (path === '/metrics' && metrics) {
      const text = await metrics.registry.metrics();
      response.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
      response.end(text);
      return;
    }
    const startedAt = performance.now();
    if (draining) response.setHeader('connection', 'close');
    response.on('finish', () => {
      // While draining, a keep-alive socket that just became idle would hold `close` open.
      if (draining) setImmediate(() => server.closeIdleConnections());
      // Per request at debug: at info, writing this line cost more than serving a cached answer.
      if (deps.logger.isLevelEnabled('debug')) {
        deps.logger.debug(
          { requestId, method: request.method, path, status: response.statusCode, ms: Math.round(performance.now() - startedAt) },
          'request',
        );
      }
    });

    if (rateLimiter.enabled && !OPERATIONAL_PATHS.has(path)) {
      const client = resolveClientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], policy.trustedProxyHops ?? 0);
      const decision = rateLimiter.take(client);
      if (!decision.allowed) {
        metrics?.countRefusal('RATE_LIMITED');
        request.resume();
        return sendError(response, 429, 'RATE_LIMITED', `Too many requests from this client; retry in ${decision.retryAfterSeconds} s.`, requestId, {
          'retry-after': String(decision.retryAfterSeconds),
        });
      }
    }

    const method = request.method ?? 'GET';
    if (anyOrigin && request.headers.origin !== undefined) {
      response.setHeader('access-control-allow-origin', '*');
      response.setHeader('access-control-expose-headers', 'x-request-id');
      if (method === 'OPTIONS') {
        response.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': request.headers['access-control-request-headers'] ?? 'content-type',
          'access-control-max-age': '86400',
        });
        response.end();
        return;
      }
    }
    if (handleExport(request, response) || handleFeed(request, response) || handleWeb(request, response)) return;

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
    const cacheable = anyOrigin || request.headers.origin === undefined;
    const cached = cacheable ? responseCache?.begin(request, method, path, body) : null;
    if (cached?.served(response)) return;

    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) controller.abort(new Error('the client closed the connection'));
    });
    const budget = createUpstreamBudget(controller.signal, upstreamBudgetMs);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      // The body handed on is already inflated and measured.
      if (value === undefined || name === 'content-encoding' || name === 'content-length' || name.startsWith(':')) continue;
      // A cacheable answer is built uncompressed: the cache must read it, and serves it as is.
      if (cached && name === 'accept-encoding') continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    try {
      const init: RequestInit = { method, headers, signal: controller.signal };
      if (body !== undefined) init.body = new Uint8Array(body);
      const context: ServerContext = { requestId, startedAt, upstreamSignal: budget.signal, ...(cached ? { onUpstreamLog: cached.onUpstreamLog } : {}) };
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

  const invalidate = (): void => {
    verdicts.invalidate();
    responseCache?.invalidate();
  };

  function describeEvaluation(): Record<string, unknown> {
    const recorded = verdicts.recorded();
    return {
      servedRun: recorded ? { id: recorded.runId, finishedAt: recorded.finishedAt } : null,
      ...(deps.evaluatorStats?.() ?? {}),
    };
  }

  const refreshTrackerCommitments = async (): Promise<void> => {
    if (!deps.useTrackingTable) return;
    const before = deps.commitments.all();
    await readTrackerCommitments(deps.commitments, { datagouv: deps.datagouv, logger: deps.logger });
    // Cached answers list the commitments as they were.
    if (deps.commitments.all() !== before) responseCache?.invalidate();
  };
  return { yoga, server, shutdown, invalidate, verdicts, refreshTrackerCommitments };
}

/**
 * The query limits with the real length of the lists the gateway holds
 * itself: the records are counted once at start, the runners-up are capped
 * by the resolver. Upstream pages keep the size asked for.
 */
function withLocalListBounds(deps: GatewayDependencies): QueryLimits {
  // The tracking table's rows join the records after start: priced at their bound.
  const commitments = deps.commitments.all().length + (deps.useTrackingTable ? TRACKER_ROWS_BOUND : 0);
  const announcements = deps.pressReleases.all().length;
  return {
    ...deps.limits,
    costModel: {
      ...deps.limits?.costModel,
      listBounds: {
        'Query.commitments': commitments,
        'Query.announcements': announcements,
        'Announcement.commitments': commitments,
        'CommitmentStatus.candidates': MAX_LISTED_CANDIDATES,
        ...deps.limits?.costModel?.listBounds,
      },
    },
  };
}

/** The query and variables of a shared GraphiQL link; null when the URL has no query. */
function readSharedQuery(url: string): { query: string; variables: string | null } | null {
  const params = new URL(url).searchParams;
  const query = params.get('query');
  if (query === null || query.trim() === '') return null;
  return { query, variables: params.get('variables') };
}

function readRequestId(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && REQUEST_ID_PATTERN.test(value) ? value : randomUUID();
}

/**
 * The upstream budget of one GraphQL request: aborted when the client goes
 * away or when `ms` have passed, with an UPSTREAM_TIMEOUT as the reason, so a
 * field still waiting answers that code (or its stale value) instead of
 * waiting for the upstream call's own, longer, deadline. Shared loads are not
 * cancelled by it: they finish in the background and fill the cache.
 */
function createUpstreamBudget(clientSignal: AbortSignal, ms: number): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  // Every pending field of a large query listens to this one signal at once; each removes its listener when done.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(
    () => controller.abort(new UpstreamError('UPSTREAM_TIMEOUT', `data.gouv.fr did not answer within this request's budget of ${ms} ms`)),
    ms,
  );
  timer.unref();
  const onClientAbort = (): void => {
    clearTimeout(timer);
    controller.abort(clientSignal.reason);
  };
  if (clientSignal.aborted) onClientAbort();
  else clientSignal.addEventListener('abort', onClientAbort, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      clientSignal.removeEventListener('abort', onClientAbort);
    },
  };
}

function toBodyRefusal(
  read: Exclude<Awaited<ReturnType<typeof readRequestBody>>, { kind: 'ok' } | { kind: 'aborted' }>,
  maxBodyBytes: number,
): { status: number; code: string; message: string } {
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

/** A refusal in the shape of a GraphQL answer, so every client reads codes in one place. */
function sendError(response: ServerResponse, status: number, code: string, message: string, requestId: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] }));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
