import type { Dispatcher } from 'undici';
import { isGatewayError, UpstreamError } from '../../errors/gateway-error.js';
import { createResponseCache, type CacheRead, type LoadOutcome, type ResponseCache, type ResponseCacheOptions } from '../datagouv/cache.js';
import { systemClock, type UpstreamClock } from '../datagouv/clock.js';
import type { CallOptions, UpstreamSource } from '../datagouv/datagouv-client.js';
import { estimateMemoryBytes } from '../datagouv/estimate-memory-bytes.js';
import { createHttpTransport, createUpstreamAgent, DEFAULT_TIMEOUTS, pickTransportTuning, type HttpTimeouts, type HttpTransport, type TransportTuning } from '../datagouv/http.js';
import { silentLogger, type UpstreamLogger } from '../datagouv/logger.js';
import type { CacheSecondTier } from '../datagouv/second-tier.js';
import type { Freshness } from '../datagouv/model.js';
import { parseGuardedJson } from '../datagouv/parse-guarded-json.js';
import { createUpstreamStats, type UpstreamStats } from '../datagouv/upstream-stats.js';
import { createInventoryIndex, type InventoryIndex } from './inventory-index.js';
import { toRepository, toRepositoryFromInventory } from './map.js';
import type { CodegouvClient, CodegouvHostStatus, Repository } from './model.js';
import {
  isEcosystemErrorBody,
  isEcosystemRepositoryListPayload,
  isEcosystemRepositoryPayload,
  isInventoryPayload,
  isInventoryRecordPayload,
  type EcosystemRepositoryPayload,
} from './payload.js';
import { createCodegouvRoutes, toCodegouvRouteTemplate } from './routes.js';
import { assertFullName, assertHost, assertOwner, assertRepositoryPage } from './validate-input.js';

/** Retries, backoff, Retry-After bounds, breaker and User-Agent are the transport's, with its defaults. */
export interface CodegouvClientOptions extends TransportTuning {
  /** Where `codegouvfr-repositories.json` lives, e.g. `https://code.gouv.fr/data`. */
  readonly dataUrl: string;
  /** The ecosyste.ms API root of code.gouv.fr, e.g. `https://data.code.gouv.fr/api/v1`. */
  readonly ecosystemUrl: string;
  /** Every request goes through it. Default: an undici Agent created, owned and closed by the client. */
  readonly dispatcher?: Dispatcher;
  /** Reported by `source()`: the real code.gouv.fr or the bundled emulation. */
  readonly source: UpstreamSource;
  /** Defaults: connect 5 000 ms, headers 10 000 ms, body 30 000 ms, overall 20 000 ms (the inventory gets 60 000 ms at least). */
  readonly timeouts?: HttpTimeouts;
  /** Requests in flight per host. Default 4: both hosts are small public services. */
  readonly concurrency?: number;
  /** The inventory's cache. Defaults: TTL 6 h, max stale 7 days, 2 entries, 512 MiB. */
  readonly inventoryCache?: ResponseCacheOptions;
  /** Repository answers' cache. Defaults: TTL 1 h, max stale 24 h, 2 000 entries, 20 MiB, 404 remembered 5 min. */
  readonly repositoryCache?: ResponseCacheOptions;
  /** Largest inventory read, in bytes. Default 128 MiB (the real file is tens of MiB). */
  readonly maxInventoryBytes?: number;
  readonly clock?: Partial<UpstreamClock>;
  readonly logger?: UpstreamLogger;
  /**
   * A level shared with other replicas (Redis) under the repository cache.
   * The inventory stays in each process: it is held as a search index, and
   * one download every few hours per replica is what code.gouv.fr expects.
   */
  readonly secondTier?: CacheSecondTier;
}

/** Response header by which the bundled code.gouv.fr emulation (`mocks/codegouv/`) identifies itself; the real hosts never send it. */
export const CODEGOUV_EMULATION_HEADER = 'x-codegouv-emulation';

const UPSTREAM_NAME = 'code.gouv.fr';

export const DEFAULT_INVENTORY_CACHE = Object.freeze({
  ttlMs: 6 * 3_600_000,
  maxStaleMs: 7 * 86_400_000,
  maxEntries: 2,
  maxBytes: 512 * 1024 * 1024,
  negativeTtlMs: 60_000,
});

export const DEFAULT_REPOSITORY_CACHE = Object.freeze({
  ttlMs: 3_600_000,
  maxStaleMs: 86_400_000,
  maxEntries: 2_000,
  maxBytes: 20 * 1024 * 1024,
  negativeTtlMs: 5 * 60_000,
});

/** The inventory is one large file: it gets at least this long, whatever the per-call deadline. */
const INVENTORY_MIN_OVERALL_MS = 60_000;
// The search index roughly doubles what the rows hold; the cache bound must count it.
const INDEX_MEMORY_FACTOR = 2;

/** One host's transport, counters and cache. */
interface Channel {
  readonly host: string;
  readonly transport: HttpTransport;
  readonly stats: UpstreamStats;
  readonly cache: ResponseCache;
}

export function createCodegouvClient(options: CodegouvClientOptions): CodegouvClient {
  const clock: UpstreamClock = { ...systemClock, ...options.clock };
  const logger = options.logger ?? silentLogger;
  const routes = createCodegouvRoutes(options.dataUrl, options.ecosystemUrl);
  const concurrency = options.concurrency ?? 4;
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? createUpstreamAgent(options.timeouts?.connectMs, concurrency);
  // An upstream that says it is the bundled emulation is labelled MOCK whatever
  // the configuration claims, so demo data can never be served as live.
  let emulationSeen = false;
  const source = (): UpstreamSource => (emulationSeen ? 'MOCK' : options.source);

  const repositorySecondTier = options.secondTier ? { secondTier: { tier: options.secondTier, lockMs: options.timeouts?.overallMs ?? DEFAULT_TIMEOUTS.overallMs } } : {};
  const createChannel = (
    host: string,
    extra: { readonly overallMs?: number; readonly maxBodyBytes?: number; readonly cache: ResponseCacheOptions; readonly shared?: boolean },
  ): Channel => {
    const stats = createUpstreamStats(() => clock.now());
    const timeouts = { ...options.timeouts, ...(extra.overallMs !== undefined ? { overallMs: extra.overallMs } : {}) };
    const transport = createHttpTransport({
      dispatcher,
      clock,
      stats,
      logger,
      concurrency,
      upstreamName: UPSTREAM_NAME,
      isOwnNotFoundBody: isEcosystemErrorBody,
      routeOf: toCodegouvRouteTemplate,
      onResponseHeaders: (headers) => {
        if (headers[CODEGOUV_EMULATION_HEADER] !== undefined) emulationSeen = true;
      },
      timeouts,
      ...pickTransportTuning(options),
      ...(extra.maxBodyBytes !== undefined && { maxBodyBytes: extra.maxBodyBytes }),
    });
    const cache = createResponseCache({ ...extra.cache, now: () => clock.now(), logger, upstreamName: UPSTREAM_NAME, ...(extra.shared ? repositorySecondTier : {}) });
    return { host, transport, stats, cache };
  };

  const inventoryOverallMs = Math.max(options.timeouts?.overallMs ?? DEFAULT_TIMEOUTS.overallMs, INVENTORY_MIN_OVERALL_MS);
  const inventoryChannel = createChannel(routes.dataHost, {
    overallMs: inventoryOverallMs,
    maxBodyBytes: options.maxInventoryBytes ?? 128 * 1024 * 1024,
    cache: { ...DEFAULT_INVENTORY_CACHE, ...definedOnly(options.inventoryCache ?? {}) },
  });
  // Same host for both (an emulation on one port): one channel, one breaker, as the transport keys breakers by host anyway.
  const ecosystemChannel =
    routes.ecosystemHost === routes.dataHost
      ? inventoryChannel
      : createChannel(routes.ecosystemHost, { cache: { ...DEFAULT_REPOSITORY_CACHE, ...definedOnly(options.repositoryCache ?? {}) }, shared: true });
  const repositoryCache =
    ecosystemChannel === inventoryChannel
      ? createResponseCache({ ...DEFAULT_REPOSITORY_CACHE, ...definedOnly(options.repositoryCache ?? {}), now: () => clock.now(), logger, upstreamName: UPSTREAM_NAME, ...repositorySecondTier })
      : ecosystemChannel.cache;

  const freshness = (read: { readonly fetchedAt: number; readonly stale: boolean; readonly revalidating?: boolean }): Freshness => ({
    fetchedAt: new Date(read.fetchedAt).toISOString(),
    stale: read.stale,
    revalidating: read.revalidating ?? false,
  });

  /** A cache read whose caller may give up (its request's deadline); the load itself goes on for the others. */
  function readCached<V>(channel: Channel, cache: ResponseCache, key: string, load: () => Promise<LoadOutcome<V>>, callOptions: CallOptions | undefined): Promise<CacheRead<V>> {
    const signal = callOptions?.signal;
    const read = cache.read(key, load, signal ? { signal } : {});
    return read.catch((error: unknown) => {
      if (signal?.aborted && error === signal.reason && isGatewayError(error)) channel.stats.recordError(error);
      throw error;
    });
  }

  function fail(channel: Channel, error: UpstreamError): UpstreamError {
    channel.stats.recordError(error);
    return error;
  }

  /** GET a JSON endpoint of the API through the repository cache. */
  function readApi<P>(url: string, guard: (value: unknown) => value is P, what: string, callOptions: CallOptions | undefined): Promise<CacheRead<P>> {
    const parse = parseGuardedJson(guard, what);
    const load = async (): Promise<LoadOutcome<P>> => {
      // The transport parses before reporting to the breaker: garbage counts as a failure.
      const result = await ecosystemChannel.transport.get(url, { parse });
      if (result.kind !== 'ok') return { kind: result.kind };
      const value = result.parsed as P;
      return { kind: 'ok', value, size: estimateMemoryBytes(value) };
    };
    return readCached(ecosystemChannel, repositoryCache, url, load, callOptions);
  }

  /** Reads and checks the whole file, inside the transport so that an unusable file counts against the breaker. */
  const parseInventory = (text: string): { readonly repositories: Repository[]; readonly skipped: number } => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error('the inventory is not JSON', { cause: error });
    }
    if (!isInventoryPayload(parsed)) throw new Error('the inventory is not a list of repositories');
    const loadedAt = { fetchedAt: new Date(clock.now()).toISOString(), stale: false, revalidating: false };
    const repositories: Repository[] = [];
    let skipped = 0;
    const current = source();
    for (const row of parsed) {
      const repository = isInventoryRecordPayload(row) ? toRepositoryFromInventory(row, loadedAt, current) : null;
      if (repository === null) skipped += 1;
      else repositories.push(repository);
    }
    // One odd row is skipped; a file of nothing but odd rows is not an inventory.
    if (parsed.length > 0 && repositories.length === 0) throw new Error(`none of the inventory's ${parsed.length} rows names a repository`);
    if (skipped > 0) logger.warn({ skipped, read: repositories.length }, 'code.gouv.fr inventory rows without a usable full_name or forge were skipped');
    return { repositories, skipped };
  };

  return {
    async getInventory(callOptions) {
      const url = routes.inventory();
      const load = async (): Promise<LoadOutcome<InventoryIndex>> => {
        const result = await inventoryChannel.transport.get(url, { parse: parseInventory });
        if (result.kind !== 'ok') return { kind: result.kind };
        const rows = result.parsed as ReturnType<typeof parseInventory>;
        const index = await createInventoryIndex(rows.repositories, rows.skipped);
        return { kind: 'ok', value: index, size: estimateMemoryBytes(index.repositories) * INDEX_MEMORY_FACTOR };
      };
      const read = await readCached(inventoryChannel, inventoryChannel.cache, url, load, callOptions);
      if (read.kind !== 'ok') {
        // The inventory always exists: a 404 or 410 for it is a moved file or a wrong base URL, never "no repositories".
        throw fail(inventoryChannel, new UpstreamError('UPSTREAM_UNAVAILABLE', `code.gouv.fr answered ${read.kind === 'gone' ? 410 : 404} for its inventory`, { details: { url } }));
      }
      return read.value.withFreshness(freshness(read));
    },

    async getRepository(host, fullName, callOptions) {
      const url = routes.repository(assertHost(host), assertFullName(fullName));
      const read = await readApi(url, isEcosystemRepositoryPayload, 'repository', callOptions);
      if (read.kind !== 'ok') return null;
      return toRepository(read.value, host, freshness(read), source());
    },

    async listOwnerRepositories(host, owner, request = {}, callOptions) {
      const { page, pageSize } = assertRepositoryPage(request);
      const url = routes.ownerRepositories(assertHost(host), assertOwner(owner), { page, per_page: pageSize });
      const read = await readApi<readonly EcosystemRepositoryPayload[]>(url, isEcosystemRepositoryListPayload, 'repository list', callOptions);
      if (read.kind !== 'ok') return null;
      const answered = freshness(read);
      return {
        items: read.value.map((item) => toRepository(item, host, answered, source())),
        page,
        pageSize,
        hasNextPage: read.value.length >= pageSize,
        ...answered,
      };
    },

    status() {
      const report = (channel: Channel, cache: ResponseCache): CodegouvHostStatus => {
        const cacheStats = cache.stats();
        return {
          host: channel.host,
          breakerState: channel.transport.breakerState(channel.host),
          cacheEntries: cacheStats.entries,
          cacheBytes: cacheStats.bytes,
          cacheHits: cacheStats.hits,
          cacheMisses: cacheStats.misses,
          cacheStaleServes: cacheStats.staleServes,
          cacheRevalidatingServes: cacheStats.revalidatingServes,
          callsByStatus: channel.stats.callsByStatus(),
          callsByRoute: channel.stats.callsByRoute(),
          lastError: channel.stats.lastError(),
        };
      };
      const hosts =
        ecosystemChannel === inventoryChannel
          ? [sumCaches(report(inventoryChannel, inventoryChannel.cache), report(inventoryChannel, repositoryCache))]
          : [report(inventoryChannel, inventoryChannel.cache), report(ecosystemChannel, repositoryCache)];
      return { dataUrl: options.dataUrl, ecosystemUrl: options.ecosystemUrl, source: source(), hosts };
    },

    source,

    now: () => clock.now(),

    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}

/** One host serving both endpoints: its two caches reported as one. */
function sumCaches(a: CodegouvHostStatus, b: CodegouvHostStatus): CodegouvHostStatus {
  return {
    ...a,
    cacheEntries: a.cacheEntries + b.cacheEntries,
    cacheBytes: a.cacheBytes + b.cacheBytes,
    cacheHits: a.cacheHits + b.cacheHits,
    cacheMisses: a.cacheMisses + b.cacheMisses,
    cacheStaleServes: a.cacheStaleServes + b.cacheStaleServes,
    cacheRevalidatingServes: a.cacheRevalidatingServes + b.cacheRevalidatingServes,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
