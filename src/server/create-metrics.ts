import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';
import type { ResponseCacheStats } from './serve-from-response-cache.js';

export interface GatewayMetrics {
  readonly registry: Registry;
  /** One GraphQL request finished: `operation` is the operation name (or `anonymous`), `outcome` ok / partial / error / refused. */
  observeGraphqlRequest(operation: string, outcome: 'ok' | 'partial' | 'error' | 'refused', seconds: number): void;
  /** A request refused before GraphQL ran or at validation (`reason`: a code such as COST_LIMIT_EXCEEDED, RATE_LIMITED). */
  countRefusal(reason: string): void;
}

const BREAKER_STATES = ['CLOSED', 'OPEN', 'HALF_OPEN'] as const;
// Operation names come from clients: past this many distinct ones, the rest share one label.
const MAX_OPERATION_LABELS = 200;

/**
 * The gateway's Prometheus metrics, in a registry of its own (never the
 * global one, so several gateways in one process, as in tests, do not mix).
 * Upstream figures are read from the client's counters at scrape time.
 */
export function createMetrics(
  datagouv: DatagouvClient,
  options: { readonly defaultMetrics?: boolean; readonly responseCache?: () => ResponseCacheStats } = {},
): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

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
    help: 'Requests sent to data.gouv.fr, by route template and outcome (HTTP status, TIMEOUT, NETWORK_ERROR).',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { route, status, count } of datagouv.status().callsByRoute ?? []) this.inc({ route, status }, count);
    },
  });
  new Counter({
    name: 'gateway_cache_lookups_total',
    help: 'Lookups in the process-wide data.gouv.fr cache, by result (hit: answered without waiting for data.gouv.fr; miss: had to wait).',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      const status = datagouv.status();
      this.reset();
      this.inc({ result: 'hit' }, status.cacheHits);
      this.inc({ result: 'miss' }, status.cacheMisses);
    },
  });
  new Counter({
    name: 'gateway_cache_degraded_serves_total',
    help: 'Answers served past their TTL, by kind (stale: because data.gouv.fr failed; revalidating: while a background refresh runs).',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const status = datagouv.status();
      this.reset();
      this.inc({ kind: 'stale' }, status.cacheStaleServes);
      this.inc({ kind: 'revalidating' }, status.cacheRevalidatingServes);
    },
  });
  new Gauge({
    name: 'gateway_cache_bytes',
    help: 'Estimated heap memory held by the data.gouv.fr cache.',
    registers: [registry],
    collect() {
      this.set(datagouv.status().cacheBytes);
    },
  });
  new Gauge({
    name: 'gateway_upstream_breaker_state',
    help: 'Circuit breaker toward data.gouv.fr: 1 for the current state, 0 for the others.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const current = datagouv.status().breakerState;
      for (const state of BREAKER_STATES) this.set({ state }, state === current ? 1 : 0);
    },
  });

  const responseCache = options.responseCache;
  if (responseCache) {
    new Counter({
      name: 'gateway_response_cache_total',
      help: 'Cacheable GraphQL reads (GET, persisted queries) by result: hit (served from the cache, 304 included), not_modified, miss, stored.',
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
