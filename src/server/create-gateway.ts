import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { CommitmentRegistry } from '../commitments/create-commitment-registry.js';
import { refreshTrackerCommitments as readTrackerCommitments } from '../loaders/refresh-tracker-commitments.js';
import type { StoreAccess } from '../store/create-store-access.js';
import type { Evaluator } from '../verdicts/create-evaluator.js';
import { createVerdictService, type VerdictService } from '../verdicts/create-verdict-service.js';
import type { PressReleaseStore } from '../press-releases/press-release-store.js';
import type { CodegouvClient } from '../upstream/codegouv/model.js';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';
import { createExportHandler } from '../exports/create-export-handler.js';
import { answerAnyOrigin } from './answer-any-origin.js';
import { createFeedHandler } from './create-feed-handler.js';
import { createGraphiqlAssets } from './create-graphiql-assets.js';
import { createGraphQLServer, type GraphQLServer } from './create-graphql-server.js';
import { createHttpFront } from './create-http-front.js';
import { createMetrics, type GatewayMetrics } from './create-metrics.js';
import { createPersistedQueryStore } from './create-persisted-query-store.js';
import { createRateLimiter } from './create-rate-limiter.js';
import { createWebHandler, isWebPath } from './create-web-handler.js';
import { limitRequestRate } from './limit-request-rate.js';
import { createGraphiqlAssetsRoute } from './routes/graphiql-assets.js';
import { createGraphQLRoute } from './routes/graphql.js';
import { createHealthRoute } from './routes/health.js';
import { createMetricsRoute } from './routes/metrics.js';
import { createReadyRoute } from './routes/ready.js';
import { handledBy, under, type Route } from './routes/route.js';
import { serveFromResponseCache } from './serve-from-response-cache.js';
import type { GatewaySharedTier } from './gateway-shared-tier.js';
import type { QueryLimits } from './use-query-limits.js';

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
  /** The tier shared with other replicas (`REDIS_URL`): answers and rate buckets; absent: each process keeps its own. */
  readonly sharedTier?: GatewaySharedTier;
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

export interface Gateway {
  /** The GraphQL handler; `yoga.fetch` runs in-process requests (tests). */
  readonly yoga: GraphQLServer;
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

const DEFAULT_MAX_BODY_BYTES = 1_048_576;
const DEFAULT_UPSTREAM_BUDGET_MS = 3_000;

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
  const rateLimiter = createRateLimiter({
    ...(policy.rateLimit ?? { perMinute: 0, burst: 1 }),
    ...(policy.now ? { now: policy.now } : {}),
    shared: deps.sharedTier?.rateBuckets,
  });
  const persistedQueries = createPersistedQueryStore();
  const responseCache =
    deps.fastPaths === false
      ? null
      : serveFromResponseCache({
          maxBytes: deps.responseCacheBytes,
          upstreamNow: () => deps.datagouv.now(),
          now,
          persistedDocument: (hash) => persistedQueries.peek(hash),
          secondTier: deps.sharedTier?.answers,
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
  const metrics: GatewayMetrics | undefined =
    deps.metrics === false
      ? undefined
      : createMetrics(deps.datagouv, {
          ...(responseCache ? { responseCache: () => responseCache.stats() } : {}),
          store,
          evaluation: () => deps.evaluatorStats?.() ?? null,
          ...(deps.codegouv ? { codegouv: deps.codegouv } : {}),
          sharedTier: deps.sharedTier,
        });
  const graphiqlAssets = createGraphiqlAssets();
  const yoga = createGraphQLServer({
    pressReleases: deps.pressReleases,
    commitments: deps.commitments,
    useTrackingTable: deps.useTrackingTable ?? false,
    datagouv: deps.datagouv,
    codegouv: deps.codegouv,
    logger: deps.logger,
    now,
    store,
    verdicts,
    limits: deps.limits,
    metrics,
    persistedQueries,
    graphiqlAssets,
    corsOrigins,
    upstreamBudgetMs,
  });

  const handleWeb = deps.webRoot ? createWebHandler(deps.webRoot) : null;
  // The table of routes, in the order they are tried.
  const operational: Route[] = [
    createHealthRoute(),
    createGraphiqlAssetsRoute(graphiqlAssets, deps.logger),
    createReadyRoute({
      draining: () => draining,
      describe: () => ({
        announcements: deps.pressReleases.all().length,
        loadErrors: deps.pressReleases.loadErrors().length,
        loadedAt: deps.pressReleases.loadedAt(),
        upstream: { ...verdicts.health.current(), breaker: deps.datagouv.status().breakerState },
        store: store ? store.status() : { state: 'DISABLED' },
        evaluation: describeEvaluation(),
        sharedTier: deps.sharedTier?.status() ?? { state: 'DISABLED', reason: null },
      }),
    }),
    ...(metrics ? [createMetricsRoute(metrics)] : []),
  ];
  const routes: Route[] = [
    handledBy('/export/*', under('/export/'), createExportHandler({ ...deps, verdicts, now, store })),
    handledBy('/feeds/*', under('/feeds/'), createFeedHandler({ commitments: deps.commitments, store, logger: deps.logger, source: () => deps.datagouv.source() })),
    ...(handleWeb ? [handledBy('/, /engagements/<key>, /assets/*', isWebPath, handleWeb)] : []),
    createGraphQLRoute({ yoga, responseCache, anyOrigin, maxBodyBytes, upstreamBudgetMs, metrics }),
  ];
  const server = createServer(
    createHttpFront({
      logger: deps.logger,
      operational,
      guards: [
        limitRequestRate({ rateLimiter, trustedProxyHops: policy.trustedProxyHops ?? 0, metrics }),
        ...(anyOrigin ? [answerAnyOrigin] : []),
      ],
      routes,
      draining: () => draining,
      closeIdleConnections: () => server.closeIdleConnections(),
    }),
  );

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
