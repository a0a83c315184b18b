import type { Dispatcher } from 'undici';
import { BadUserInputError, UpstreamError, NotFoundError, isGatewayError } from '../../errors/gateway-error.js';
import type { BackoffOptions } from './backoff.js';
import type { CircuitBreakerOptions } from './breaker.js';
import { createResponseCache, DEFAULT_CACHE_OPTIONS, type CacheRead, type LoadOutcome, type ResponseCacheOptions } from './cache.js';
import { systemClock, type UpstreamClock } from './clock.js';
import type {
  CallOptions,
  DatagouvClient,
  DatasetListRequest,
  DataserviceSearchRequest,
  PageRequest,
  ResourceListRequest,
  UpstreamSource,
  UpstreamStatusSnapshot,
} from './datagouv-client.js';
import { estimateMemoryBytes } from './estimate-memory-bytes.js';
import { createHttpTransport, createUpstreamAgent, DEFAULT_TIMEOUTS, pickTransportTuning, type HttpTimeouts } from './http.js';
import { silentLogger, type UpstreamLogger } from './logger.js';
import type { CacheSecondTier, SharedPoliteness } from './second-tier.js';
import {
  toDataservice,
  toDataset,
  toGoneDataservice,
  toGoneDataset,
  toGoneOrganization,
  toOrganization,
  toPage,
  toResource,
  toReuse,
  toSite,
} from './map.js';
import type { Dataset, Freshness, Page } from './model.js';
import {
  isDataservicePayload,
  isDatasetPayload,
  isOrganizationPayload,
  isPagePayload,
  isResourcePayload,
  isReusePayload,
  isSitePayload,
} from './payload.js';
import { assertResourceUrl, createResourceHostSet } from './resource-url-policy.js';
import { createRoutes, toRouteTemplate, type Query } from './routes.js';
import { parseGuardedJson } from './parse-guarded-json.js';
import { translateFailure } from './translate-failure.js';
import { createUpstreamStats } from './upstream-stats.js';
import {
  assertIdOrSlug,
  assertObjectId,
  assertOneOf,
  assertPage,
  assertSearchWindow,
  assertText,
} from './validate-input.js';

export interface DatagouvClientOptions {
  /** API root such as `https://www.data.gouv.fr/api`; the client appends `/1/...` and `/2/...`. */
  readonly baseUrl: string;
  /**
   * Every request goes through it. Default: an undici Agent with keep-alive,
   * created, owned and closed by the client. An injected dispatcher is never closed by the client.
   */
  readonly dispatcher?: Dispatcher;
  /** Reported by `status()`: the real data.gouv.fr or the bundled emulation. */
  readonly source: UpstreamSource;
  /** Defaults: connect 5 000 ms, headers 10 000 ms, body 30 000 ms, overall 20 000 ms. */
  readonly timeouts?: HttpTimeouts;
  /** Retries after the first attempt (GET only; network errors, 429, 502-504). Default 2. */
  readonly retries?: number;
  /** Backoff between retries when no `Retry-After` is sent. Defaults: base 200 ms, max 5 000 ms, full jitter. */
  readonly backoff?: BackoffOptions;
  /** Longest `Retry-After` honoured by waiting, in milliseconds; longer ones fail at once with the hint. Default 10 000. */
  readonly maxRetryAfterMs?: number;
  /** Longest a `Retry-After` keeps every call to its host away, in milliseconds. Default 60 000. */
  readonly maxGateMs?: number;
  /** Defaults: TTL 5 min, max stale 24 h, 5 000 entries, 50 MiB, 404/410 remembered 60 s. */
  readonly cache?: ResponseCacheOptions;
  /** Per host. Defaults: opens after 5 consecutive failures, probes again after 30 000 ms. */
  readonly breaker?: CircuitBreakerOptions;
  /** Requests in flight per upstream host. Default 8. */
  readonly concurrency?: number;
  /** Largest response body read, in bytes. Default 20 MiB. */
  readonly maxBodyBytes?: number;
  /** Hosts `fetchResourceText` may read besides static.data.gouv.fr, www.data.gouv.fr and the `baseUrl` host. Default none. */
  readonly resourceHosts?: readonly string[];
  /** Default: system time, real timers, Math.random. */
  readonly clock?: Partial<UpstreamClock>;
  /** Default: silent. A pino logger fits. */
  readonly logger?: UpstreamLogger;
  /** `User-Agent` sent upstream. Default `datagouv-commitments-gateway`. */
  readonly userAgent?: string;
  /** A cache level shared with other replicas (Redis), under the process's own. Default none. */
  readonly secondTier?: CacheSecondTier;
  /** Retry-After pauses and open breakers shared with other replicas. Default none. */
  readonly politeness?: SharedPoliteness;
}

const DATASET_SORTS_V1 = ['title', 'created', 'last_update', 'reuses', 'followers', 'views'] as const;
const DATASET_SORTS_SEARCH = ['created', 'last_update', 'reuses', 'followers', 'views'] as const;
const RESOURCE_TYPES = ['main', 'documentation', 'update', 'api', 'code', 'other'] as const;
const DEFAULT_PAGE_SIZE = 20;
const DEFAULT_RESOURCE_PAGE_SIZE = 50;

function withDescending<T extends string>(sorts: readonly T[]): string[] {
  return sorts.flatMap((sort) => [sort, `-${sort}`]);
}

/**
 * Response header by which the bundled data.gouv.fr emulation (`mocks/`)
 * identifies itself; the real API never sends it.
 */
export const EMULATION_HEADER = 'x-datagouv-emulation';

export function createDatagouvClient(options: DatagouvClientOptions): DatagouvClient {
  const clock: UpstreamClock = { ...systemClock, ...options.clock };
  const logger = options.logger ?? silentLogger;
  const routes = createRoutes(options.baseUrl);
  const ownsDispatcher = options.dispatcher === undefined;
  const concurrency = options.concurrency ?? 8;
  const dispatcher = options.dispatcher ?? createUpstreamAgent(options.timeouts?.connectMs, concurrency);
  const stats = createUpstreamStats(() => clock.now());
  // An upstream that says it is the bundled emulation is labelled MOCK whatever
  // the configuration claims, so demo data can never be served as live.
  let emulationSeen = false;
  const transport = createHttpTransport({
    onResponseHeaders: (headers) => {
      if (headers[EMULATION_HEADER] !== undefined) emulationSeen = true;
    },
    dispatcher,
    clock,
    stats,
    logger,
    concurrency,
    routeOf: (url) => toRouteTemplate(url, options.baseUrl),
    ...(options.timeouts && { timeouts: options.timeouts }),
    ...pickTransportTuning(options),
    ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
  });
  const cache = createResponseCache({
    ...options.cache,
    now: () => clock.now(),
    logger,
    ...(options.secondTier && { secondTier: { tier: options.secondTier, lockMs: options.timeouts?.overallMs ?? DEFAULT_TIMEOUTS.overallMs } }),
  });
  const freshForMs = options.cache?.ttlMs ?? DEFAULT_CACHE_OPTIONS.ttlMs;
  const negativeFreshForMs = options.cache?.negativeTtlMs ?? DEFAULT_CACHE_OPTIONS.negativeTtlMs;
  const resourceHosts = createResourceHostSet(options.baseUrl, options.resourceHosts);

  const freshness = (read: { readonly fetchedAt: number; readonly stale: boolean; readonly revalidating?: boolean }): Freshness => ({
    fetchedAt: new Date(read.fetchedAt).toISOString(),
    stale: read.stale,
    revalidating: read.revalidating ?? false,
  });

  /** Canonical cache keys of an object that can be asked for by id or by slug. */
  const keysOf =
    (route: (idOrSlug: string) => string) =>
    (payload: { readonly id: string; readonly slug?: string | null }): { primaryKey: string; aliasKeys: string[] } => ({
      primaryKey: route(payload.id),
      aliasKeys: typeof payload.slug === 'string' && payload.slug !== '' ? [route(payload.slug)] : [],
    });

  /** GET a JSON endpoint through the cache; the guard decides what is an acceptable payload. */
  function readJson<P>(
    url: string,
    guard: (value: unknown) => value is P,
    what: string,
    callOptions: CallOptions | undefined,
    keys?: (payload: P) => { primaryKey: string; aliasKeys: string[] },
  ): Promise<CacheRead<P>> {
    const parse = parseGuardedJson(guard, what);
    const load = async (): Promise<LoadOutcome<P>> => {
      // The transport parses before reporting to the breaker: garbage counts as a failure.
      const result = await transport.get(url, { parse });
      if (result.kind !== 'ok') return { kind: result.kind };
      const value = result.parsed as P;
      return { kind: 'ok', value, size: estimateMemoryBytes(value), ...keys?.(value) };
    };
    return readCached(url, load, callOptions);
  }

  /** A cache read whose caller may give up (disconnect or request deadline); the load itself goes on. */
  function readCached<V>(key: string, load: () => Promise<LoadOutcome<V>>, callOptions: CallOptions | undefined): Promise<CacheRead<V>> {
    const signal = callOptions?.signal;
    const read = cache.read(key, load, signal ? { signal } : {});
    if (!signal) return read;
    return read.catch((error: unknown) => {
      // The request's own deadline ran out: say so in upstreamStatus like any other upstream failure.
      if (signal.aborted && error === signal.reason && isGatewayError(error)) stats.recordError(error);
      throw error;
    });
  }

  function badPayload(url: string, reason: string, cause?: unknown): Error {
    const error = translateFailure({ kind: 'bad-payload', url, reason, cause });
    stats.recordError(error);
    return error;
  }

  /**
   * A list that answered 404 or 410. Past the last page that is how v1 lists
   * say "no more"; on the first page no list legitimately does, so it is a
   * wrong API root or a proxy's error page, and reading it as "nothing found"
   * would turn an upstream fault into a verdict.
   */
  const emptyPage = <T>(read: { readonly kind: string; readonly fetchedAt: number; readonly stale: boolean }, url: string, page: number, pageSize: number): Page<T> => {
    if (page === 1) {
      const error = new UpstreamError('UPSTREAM_UNAVAILABLE', `data.gouv.fr answered ${read.kind === 'gone' ? 410 : 404} for the first page of a list`, {
        details: { url },
      });
      stats.recordError(error);
      throw error;
    }
    return {
      items: [],
      page,
      pageSize,
      // How many items exist is unknown past the end.
      total: 0,
      hasNextPage: false,
      ...freshness(read),
    };
  };

  async function readDatasetPage(
    url: string,
    callOptions: CallOptions | undefined,
    page: number,
    pageSize: number,
  ): Promise<Page<Dataset>> {
    const read = await readJson(url, (value) => isPagePayload(value, isDatasetPayload), 'dataset list', callOptions);
    if (read.kind !== 'ok') return emptyPage<Dataset>(read, url, page, pageSize);
    return toPage(read.value, (item) => toDataset(item, freshness(read)), freshness(read), { page, pageSize });
  }

  function datasetListQuery(request: DatasetListRequest, sorts: readonly string[]): Query {
    return {
      q: request.q === undefined ? undefined : assertText(request.q, 'q'),
      organization: request.organization === undefined ? undefined : assertObjectId(request.organization, 'organization'),
      tag: request.tag === undefined ? undefined : assertText(request.tag, 'tag'),
      sort: request.sort === undefined ? undefined : assertOneOf(request.sort, sorts, 'sort'),
    };
  }

  const client: DatagouvClient = {
    async getDataset(idOrSlug, callOptions) {
      const ref = assertIdOrSlug(idOrSlug, 'dataset');
      const read = await readJson(routes.datasetV1(ref), isDatasetPayload, 'dataset', callOptions, keysOf(routes.datasetV1));
      if (read.kind === 'ok') return toDataset(read.value, freshness(read));
      if (read.kind === 'not-found') return null;
      return read.lastGood ? toDataset(read.lastGood.value, freshness(read), { deleted: true }) : toGoneDataset(ref, freshness(read));
    },

    async getDatasetV2(idOrSlug, callOptions) {
      const ref = assertIdOrSlug(idOrSlug, 'dataset');
      const read = await readJson(routes.datasetV2(ref), isDatasetPayload, 'dataset', callOptions, keysOf(routes.datasetV2));
      if (read.kind === 'ok') return toDataset(read.value, freshness(read));
      if (read.kind === 'not-found') return null;
      return read.lastGood ? toDataset(read.lastGood.value, freshness(read), { deleted: true }) : toGoneDataset(ref, freshness(read));
    },

    async listDatasetResources(idOrSlug, request: ResourceListRequest = {}, callOptions) {
      const ref = assertIdOrSlug(idOrSlug, 'dataset');
      const { page, pageSize } = assertPage(request, DEFAULT_RESOURCE_PAGE_SIZE);
      const url = routes.datasetResourcesV2(ref, {
        page,
        page_size: pageSize,
        type: request.type === undefined ? undefined : assertOneOf(request.type, RESOURCE_TYPES, 'type'),
        q: request.q === undefined ? undefined : assertText(request.q, 'q'),
      });
      const read = await readJson(url, (value) => isPagePayload(value, isResourcePayload), 'resource list', callOptions);
      // Past the last page this endpoint answers 200 with no items; 404 and 410 are about the dataset itself.
      if (read.kind !== 'ok') return null;
      return toPage(read.value, toResource, freshness(read), { page, pageSize });
    },

    async listDatasets(request: DatasetListRequest = {}, callOptions) {
      const { page, pageSize } = assertPage(request, DEFAULT_PAGE_SIZE);
      const url = routes.datasetsV1({
        ...datasetListQuery(request, withDescending(DATASET_SORTS_V1)),
        dataservice: request.dataservice === undefined ? undefined : assertObjectId(request.dataservice, 'dataservice'),
        page,
        page_size: pageSize,
      });
      return readDatasetPage(url, callOptions, page, pageSize);
    },

    async searchDatasets(request: DatasetListRequest = {}, callOptions) {
      const { page, pageSize } = assertPage(request, DEFAULT_PAGE_SIZE);
      assertSearchWindow(page, pageSize);
      if (request.dataservice !== undefined) {
        throw new BadUserInputError('dataservice filters the dataset list only; data.gouv.fr search does not support it', { field: 'dataservice' });
      }
      const url = routes.datasetSearchV2({ ...datasetListQuery(request, withDescending(DATASET_SORTS_SEARCH)), page, page_size: pageSize });
      return readDatasetPage(url, callOptions, page, pageSize);
    },

    async getOrganization(idOrSlug, callOptions) {
      const ref = assertIdOrSlug(idOrSlug, 'organization');
      const read = await readJson(routes.organization(ref), isOrganizationPayload, 'organization', callOptions, keysOf(routes.organization));
      if (read.kind === 'ok') return toOrganization(read.value, freshness(read));
      if (read.kind === 'not-found') return null;
      return read.lastGood ? toOrganization(read.lastGood.value, freshness(read), { deleted: true }) : toGoneOrganization(ref, freshness(read));
    },

    async listOrganizationDatasets(idOrSlug, request: PageRequest = {}, callOptions) {
      const ref = assertIdOrSlug(idOrSlug, 'organization');
      const { page, pageSize } = assertPage(request, DEFAULT_PAGE_SIZE);
      const url = routes.organizationDatasets(ref, { page, page_size: pageSize });
      const read = await readJson(url, (value) => isPagePayload(value, isDatasetPayload), 'dataset list', callOptions);
      // Here a 404 on page 1 means no such organization (and 410 a deleted one); on a later page, a page past the end.
      if (read.kind === 'gone' || (read.kind === 'not-found' && page === 1)) return null;
      if (read.kind !== 'ok') return emptyPage<Dataset>(read, url, page, pageSize);
      return toPage(read.value, (item) => toDataset(item, freshness(read)), freshness(read), { page, pageSize });
    },

    async getDataservice(idOrSlug, callOptions) {
      const ref = assertIdOrSlug(idOrSlug, 'dataservice');
      const read = await readJson(routes.dataservice(ref), isDataservicePayload, 'dataservice', callOptions, keysOf(routes.dataservice));
      if (read.kind === 'ok') return toDataservice(read.value, freshness(read));
      if (read.kind === 'not-found') return null;
      return read.lastGood ? toDataservice(read.lastGood.value, freshness(read), { deleted: true }) : toGoneDataservice(ref, freshness(read));
    },

    async searchDataservices(request: DataserviceSearchRequest = {}, callOptions) {
      const { page, pageSize } = assertPage(request, DEFAULT_PAGE_SIZE);
      const url = routes.dataservices({
        q: request.q === undefined ? undefined : assertText(request.q, 'q'),
        organization: request.organization === undefined ? undefined : assertObjectId(request.organization, 'organization'),
        page,
        page_size: pageSize,
      });
      const read = await readJson(url, (value) => isPagePayload(value, isDataservicePayload), 'dataservice list', callOptions);
      if (read.kind !== 'ok') return emptyPage(read, url, page, pageSize);
      return toPage(read.value, (item) => toDataservice(item, freshness(read)), freshness(read), { page, pageSize });
    },

    async listDatasetReuses(datasetId, request: PageRequest = {}, callOptions) {
      const dataset = assertObjectId(datasetId, 'dataset');
      const { page, pageSize } = assertPage(request, DEFAULT_PAGE_SIZE);
      const url = routes.reuses({ dataset, page, page_size: pageSize });
      const read = await readJson(url, (value) => isPagePayload(value, isReusePayload), 'reuse list', callOptions);
      if (read.kind !== 'ok') return emptyPage(read, url, page, pageSize);
      return toPage(read.value, toReuse, freshness(read), { page, pageSize });
    },

    async getSite(callOptions) {
      const url = routes.site();
      const read = await readJson(url, isSitePayload, 'site', callOptions);
      if (read.kind !== 'ok') throw badPayload(url, `site endpoint answered ${read.kind}`);
      return toSite(read.value, freshness(read));
    },

    async fetchResourceText(rawUrl, callOptions) {
      const url = assertResourceUrl(rawUrl, resourceHosts, options.baseUrl).href;
      const load = async (): Promise<LoadOutcome<string>> => {
        const result = await transport.get(url, { allowedHosts: resourceHosts, accept: '*/*' });
        if (result.kind !== 'ok') return { kind: result.kind };
        return { kind: 'ok', value: result.text, size: estimateMemoryBytes(result.text) };
      };
      const read = await readCached(url, load, callOptions);
      if (read.kind !== 'ok') {
        throw new NotFoundError(read.kind === 'gone' ? 'the file was deleted from data.gouv.fr' : 'no such file on data.gouv.fr', { url });
      }
      return { text: read.value, ...freshness(read) };
    },

    status(): UpstreamStatusSnapshot {
      const cacheStats = cache.stats();
      return {
        baseUrl: options.baseUrl,
        source: client.source(),
        breakerState: transport.breakerState(routes.host),
        cacheEntries: cacheStats.entries,
        cacheBytes: cacheStats.bytes,
        cacheHits: cacheStats.hits,
        cacheMisses: cacheStats.misses,
        cacheStaleServes: cacheStats.staleServes,
        cacheRevalidatingServes: cacheStats.revalidatingServes,
        callsByStatus: stats.callsByStatus(),
        callsByRoute: stats.callsByRoute(),
        lastError: stats.lastError(),
      };
    },

    now: () => clock.now(),

    freshUntil(answer) {
      return Date.parse(answer.fetchedAt) + (answer.deleted === true ? negativeFreshForMs : freshForMs);
    },

    source() {
      return emulationSeen ? 'MOCK' : options.source;
    },

    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
  return client;
}
