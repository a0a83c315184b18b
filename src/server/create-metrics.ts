import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StoreAccess } from '../store/create-store-access.js';
import type { CodegouvClient } from '../upstream/codegouv/model.js';
import type { DatagouvClient, UpstreamHostCounters } from '../upstream/datagouv/datagouv-client.js';
import type { EvaluatorStats } from '../verdicts/create-evaluator.js';
import type { GatewaySharedTier } from './gateway-shared-tier.js';
import type { ResponseCacheStats } from './serve-from-response-cache.js';

export interface GatewayMetrics {
  readonly registry: Registry;
  /** One GraphQL request finished: `operation` is the operation name (or `anonymous`), `outcome` ok / partial / error / refused. */
  observeGraphqlRequest(operation: string, outcome: 'ok' | 'partial' | 'error' | 'refused', seconds: number): void;
  /** A request refused before GraphQL ran or at validation (`reason`: a code such as COST_LIMIT_EXCEEDED, RATE_LIMITED). */
  countRefusal(reason: string): void;
}

const BREAKER_STATES = ['CLOSED', 'OPEN', 'HALF_OPEN'] as const;

/** One upstream host's counters, read at scrape time: every upstream metric is labelled by host. */
type UpstreamHostFigures = UpstreamHostCounters & { readonly host: string };
// Operation names come from clients: past this many distinct ones, the rest share one label.
const MAX_OPERATION_LABELS = 200;

/**
 * The gateway's Prometheus metrics, in a registry of its own (never the
 * global one, so several gateways in one process, as in tests, do not mix).
 * Upstream figures are read from the clients' counters at scrape time, one
 * label value per host (data.gouv.fr, and code.gouv.fr's two hosts when
 * `codegouv` is given).
 */
export function createMetrics(
  datagouv: DatagouvClient,
  options: {
    readonly defaultMetrics?: boolean;
    readonly responseCache?: () => ResponseCacheStats;
    readonly store?: StoreAccess | null;
    readonly evaluation?: () => EvaluatorStats | null;
    readonly codegouv?: CodegouvClient;
    readonly sharedTier?: GatewaySharedTier | undefined;
  } = {},
): GatewayMetrics {
  const registry = new Registry();
  const upstreamHosts = (): UpstreamHostFigures[] => {
    const status = datagouv.status();
    return [{ ...status, host: new URL(status.baseUrl).host }, ...(options.codegouv?.status().hosts ?? [])];
  };
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  if (options.store) registerStoreMetrics(registry, options.store);
  if (options.evaluation) registerEvaluationMetrics(registry, options.evaluation);
  if (options.sharedTier) registerSharedTierMetrics(registry, options.sharedTier);

  const requests = new Counter({
    name: 'gateway_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, partial: some fields failed, error, refused).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'gateway_graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL request, by operation name.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'gateway_refusals_total',
    help: 'Requests refused by a limit (body size, rate, query depth, aliases, tokens, cost), by code.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'Requests sent upstream (data.gouv.fr, code.gouv.fr), by host, route template and outcome (HTTP status, TIMEOUT, NETWORK_ERROR).',
    labelNames: ['host', 'route', 'status'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { host, callsByRoute } of upstreamHosts()) {
        for (const { route, status, count } of callsByRoute) this.inc({ host, route, status }, count);
      }
    },
  });
  new Counter({
    name: 'gateway_cache_lookups_total',
    help: 'Lookups in the process-wide upstream caches, by host and result (hit: answered without waiting for the upstream; miss: had to wait).',
    labelNames: ['host', 'result'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { host, cacheHits, cacheMisses } of upstreamHosts()) {
        this.inc({ host, result: 'hit' }, cacheHits);
        this.inc({ host, result: 'miss' }, cacheMisses);
      }
    },
  });
  new Counter({
    name: 'gateway_cache_degraded_serves_total',
    help: 'Answers served past their TTL, by host and kind (stale: because the upstream failed; revalidating: while a background refresh runs).',
    labelNames: ['host', 'kind'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { host, cacheStaleServes, cacheRevalidatingServes } of upstreamHosts()) {
        this.inc({ host, kind: 'stale' }, cacheStaleServes);
        this.inc({ host, kind: 'revalidating' }, cacheRevalidatingServes);
      }
    },
  });
  new Gauge({
    name: 'gateway_cache_bytes',
    help: 'Estimated heap memory held by each upstream host’s cache.',
    labelNames: ['host'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { host, cacheBytes } of upstreamHosts()) this.set({ host }, cacheBytes);
    },
  });
  new Gauge({
    name: 'gateway_upstream_breaker_state',
    help: 'Circuit breaker toward each upstream host: 1 for the current state, 0 for the others.',
    labelNames: ['host', 'state'] as const,
    registers: [registry],
    collect() {
      for (const { host, breakerState } of upstreamHosts()) {
        for (const state of BREAKER_STATES) this.set({ host, state }, state === breakerState ? 1 : 0);
      }
    },
  });

  const responseCache = options.responseCache;
  if (responseCache) {
    new Counter({
      name: 'gateway_response_cache_total',
      help: 'Cacheable GraphQL reads (GET, JSON POST, persisted queries) by result: hit (served from the cache, 304 included), not_modified, miss, stored.',
      labelNames: ['result'] as const,
      registers: [registry],
      collect() {
        const stats = responseCache();
        this.reset();
        this.inc({ result: 'hit' }, stats.hits);
        this.inc({ result: 'not_modified' }, stats.notModified);
        this.inc({ result: 'miss' }, stats.misses);
        this.inc({ result: 'stored' }, stats.stored);
      },
    });
    new Gauge({
      name: 'gateway_response_cache_bytes',
      help: 'Bytes of GraphQL answers held by the response cache.',
      registers: [registry],
      collect() {
        this.set(responseCache().bytes);
      },
    });
  }

  const operations = new Set<string>();
  const labelOf = (operation: string): string => {
    if (operations.has(operation)) return operation;
    if (operations.size >= MAX_OPERATION_LABELS) return 'other';
    operations.add(operation);
    return operation;
  };

  return {
    registry,
    observeGraphqlRequest(operation, outcome, seconds) {
      const label = labelOf(operation);
      requests.inc({ operation: label, outcome });
      latency.observe({ operation: label }, seconds);
    },
    countRefusal(reason) {
      refusals.inc({ reason });
    },
  };
}

/** The store of record: whether it answers, and how long its operations take (sum over count is the mean). */
function registerSharedTierMetrics(registry: Registry, sharedTier: GatewaySharedTier): void {
  new Gauge({
    name: 'gateway_shared_tier_available',
    help: 'Whether the Redis tier shared by every replica is in use (1), or this replica works on its own caches, pauses and limits (0).',
    registers: [registry],
    collect() {
      this.set(sharedTier.status().state === 'SHARED' ? 1 : 0);
    },
  });
  new Counter({
    name: 'gateway_shared_tier_degraded_total',
    help: 'Uses of the shared tier that fell back to this replica alone (Redis away, slow or not yet connected), by feature.',
    labelNames: ['feature'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [feature, count] of Object.entries(sharedTier.degraded())) this.inc({ feature }, count);
    },
  });
}

function registerStoreMetrics(registry: Registry, store: StoreAccess): void {
  new Gauge({
    name: 'gateway_store_available',
    help: 'Whether the store of record (history, asOf, feeds) answers: 1 yes, 0 no.',
    registers: [registry],
    collect() {
      this.set(store.status().state === 'AVAILABLE' ? 1 : 0);
    },
  });
  new Counter({
    name: 'gateway_store_operations_total',
    help: 'Reads and writes of the store of record, by outcome (ok, failed).',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const stats = store.operations();
      this.inc({ outcome: 'ok' }, stats.ok);
      this.inc({ outcome: 'failed' }, stats.failed);
    },
  });
  new Counter({
    name: 'gateway_store_operation_seconds_total',
    help: 'Seconds spent in store operations; divided by gateway_store_operations_total, the mean store latency.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(store.operations().seconds);
    },
  });
}

/** The evaluator of this process: its unwritten runs, its losses, its last run. */
function registerEvaluationMetrics(registry: Registry, evaluation: () => EvaluatorStats | null): void {
  new Gauge({
    name: 'gateway_evaluation_queue_depth',
    help: 'Evaluation runs evaluated but not yet written, waiting for the store of record.',
    registers: [registry],
    collect() {
      this.set(evaluation()?.queued ?? 0);
    },
  });
  new Counter({
    name: 'gateway_evaluation_runs_dropped_total',
    help: 'Evaluation runs lost because the store was unavailable longer than the queue holds.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(evaluation()?.dropped ?? 0);
    },
  });
  new Gauge({
    name: 'gateway_evaluation_last_run_timestamp_seconds',
    help: 'When this process last finished an evaluation of every commitment (Unix time); 0 before the first.',
    registers: [registry],
    collect() {
      const last = evaluation()?.lastRun;
      this.set(last ? Date.parse(last.finishedAt) / 1000 : 0);
    },
  });
  new Gauge({
    name: 'gateway_evaluation_last_run_outcome',
    help: 'The last evaluation run of this process: 1 for its outcome (recorded, queued) and completeness, 0 for the others.',
    labelNames: ['outcome', 'complete'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const last = evaluation()?.lastRun;
      if (last) this.set({ outcome: last.outcome.toLowerCase(), complete: String(last.complete) }, 1);
    },
  });
}
