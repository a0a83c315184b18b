import { LRUCache } from 'lru-cache';
import { raceWithSignal } from './abort.js';
import { silentLogger, type UpstreamLogger } from './logger.js';

export interface ResponseCacheOptions {
  /** How long a value is fresh, in milliseconds. Default 300 000 (5 min). data.gouv.fr sends no ETag: we cache by TTL. */
  readonly ttlMs?: number;
  /** How long past its TTL a value may still be served, flagged stale (while refreshing, or when the upstream fails), in milliseconds. Default 86 400 000 (24 h). */
  readonly maxStaleMs?: number;
  /** Entries kept. Default 5 000. */
  readonly maxEntries?: number;
  /** Bytes kept, as estimated heap memory of the values (see estimateMemoryBytes). Default 52 428 800 (50 MiB). */
  readonly maxBytes?: number;
  /** How long a 404 or 410 answer is remembered, in milliseconds. Default 60 000. */
  readonly negativeTtlMs?: number;
}

export const DEFAULT_CACHE_OPTIONS = Object.freeze({
  ttlMs: 5 * 60_000,
  maxStaleMs: 24 * 60 * 60_000,
  maxEntries: 5_000,
  maxBytes: 50 * 1024 * 1024,
  negativeTtlMs: 60_000,
});

/** What one upstream load produced. */
export type LoadOutcome<V> =
  | {
      readonly kind: 'ok';
      readonly value: V;
      /** Size charged against `maxBytes`: the estimated heap memory of the value. */
      readonly size: number;
      /** Where to store the value when it differs from the key asked (the id URL of something asked by slug). */
      readonly primaryKey?: string;
      /** Other keys that must find this same entry (the slug URL of something asked by id). */
      readonly aliasKeys?: readonly string[];
    }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'gone' };

/**
 * `stale`: served past its TTL because a load failed. `revalidating`: served
 * past its TTL while a background load refreshes it (nothing failed).
 */
export type CacheRead<V> =
  | { readonly kind: 'ok'; readonly value: V; readonly fetchedAt: number; readonly stale: boolean; readonly revalidating: boolean }
  | { readonly kind: 'not-found'; readonly fetchedAt: number; readonly stale: boolean; readonly revalidating: boolean }
  | {
      readonly kind: 'gone';
      /** The last value cached before the upstream said 410, if any. */
      readonly lastGood: { readonly value: V; readonly fetchedAt: number } | null;
      readonly fetchedAt: number;
      readonly stale: boolean;
      readonly revalidating: boolean;
    };

export interface CacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
  /** Answers flagged stale: past their TTL because data.gouv.fr failed (counted among hits or misses). */
  readonly staleServes: number;
  /** Hits served past their TTL while a background refresh runs (nothing failed yet). */
  readonly revalidatingServes: number;
}

/**
 * Process-wide cache of upstream answers, keyed by canonical URL.
 *
 * Concurrent misses for one key share one load. A value past its TTL but
 * within `maxStaleMs` is served flagged stale while one background load
 * refreshes it; when a load fails, the last good value is served flagged stale.
 * Loads never see a caller's signal: a caller that aborts only stops waiting.
 */
export interface ResponseCache {
  read<V>(key: string, load: () => Promise<LoadOutcome<V>>, options?: { readonly signal?: AbortSignal }): Promise<CacheRead<V>>;
  stats(): CacheStats;
}

type Entry =
  | {
      readonly kind: 'ok';
      readonly value: unknown;
      readonly fetchedAt: number;
      readonly size: number;
      /** Set when a refresh past the TTL failed: from then on the value is stale, not merely revalidating. */
      readonly refreshFailed?: boolean;
    }
  | { readonly kind: 'not-found'; readonly fetchedAt: number; readonly size: number }
  | { readonly kind: 'gone'; readonly lastGood: { readonly value: unknown; readonly fetchedAt: number } | null; readonly fetchedAt: number; readonly size: number };

// Bookkeeping cost charged for an entry without a body (404, 410), so that
// a flood of negative answers is bounded by bytes as well as by count.
const NEGATIVE_ENTRY_SIZE = 256;

/**
 * @param options.upstreamName the host's name as people know it, in log lines. Default `data.gouv.fr`.
 */
export function createResponseCache(
  options: ResponseCacheOptions & { readonly now: () => number; readonly logger?: UpstreamLogger; readonly upstreamName?: string },
): ResponseCache {
  const { ttlMs, maxStaleMs, maxEntries, maxBytes, negativeTtlMs } = { ...DEFAULT_CACHE_OPTIONS, ...definedOnly(options) };
  const logger = options.logger ?? silentLogger;
  const upstreamName = options.upstreamName ?? 'data.gouv.fr';
  const perf = { now: () => options.now() };
  // The LRU's own TTL is only the hard limit (TTL + max stale); freshness is judged in `read`.
  const entries = new LRUCache<string, Entry>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (entry) => Math.max(1, entry.size),
    ttl: ttlMs + maxStaleMs,
    ttlResolution: 0,
    perf,
  });
  const aliases = new LRUCache<string, string>({ max: maxEntries, ttl: ttlMs + maxStaleMs, ttlResolution: 0, perf });
  const inFlight = new Map<string, Promise<CacheRead<unknown>>>();
  let hits = 0;
  let misses = 0;
  let staleServes = 0;
  let revalidatingServes = 0;

  const resolve = (key: string): string => aliases.get(key) ?? key;

  const toRead = (entry: Entry, stale: boolean, revalidating = false): CacheRead<unknown> => {
    switch (entry.kind) {
      case 'ok':
        return { kind: 'ok', value: entry.value, fetchedAt: entry.fetchedAt, stale, revalidating };
      case 'not-found':
        return { kind: 'not-found', fetchedAt: entry.fetchedAt, stale, revalidating };
      case 'gone':
        return { kind: 'gone', lastGood: entry.lastGood, fetchedAt: entry.fetchedAt, stale, revalidating };
    }
  };

  const store = (key: string, outcome: LoadOutcome<unknown>): CacheRead<unknown> => {
    const fetchedAt = options.now();
    // What this URL answered last, whether stored under it or under the id it aliased.
    const previous = entries.get(resolve(key));
    if (outcome.kind === 'ok') {
      const primary = outcome.primaryKey ?? key;
      const entry: Entry = { kind: 'ok', value: outcome.value, fetchedAt, size: outcome.size };
      entries.set(primary, entry);
      for (const alias of [key, ...(outcome.aliasKeys ?? [])]) {
        if (alias === primary) continue;
        aliases.set(alias, primary);
        // An older answer stored under the alias itself (a 404 for a slug since reused) must not shadow the new entry.
        entries.delete(alias);
      }
      return toRead(entry, false);
    }
    const target = resolve(key);
    // The URL no longer leads to the object it aliased: from now on it answers
    // for itself. A 404 says nothing of the object (its slug may just have
    // been freed), so the object's own entry stays; a 410 is data.gouv.fr
    // saying the dataset behind that slug is deleted, so both learn it.
    aliases.delete(key);
    if (outcome.kind === 'not-found') {
      const entry: Entry = { kind: 'not-found', fetchedAt, size: NEGATIVE_ENTRY_SIZE };
      entries.set(key, entry);
      return toRead(entry, false);
    }
    // 410: keep what we knew before the deletion so callers can still show it,
    // and charge its size: it stays in memory as long as the entry does.
    const lastGood =
      previous?.kind === 'ok' ? { value: previous.value, fetchedAt: previous.fetchedAt } : previous?.kind === 'gone' ? previous.lastGood : null;
    const size = lastGood !== null && previous !== undefined ? previous.size : NEGATIVE_ENTRY_SIZE;
    const entry: Entry = { kind: 'gone', lastGood, fetchedAt, size };
    entries.set(key, entry);
    if (target !== key) entries.set(target, entry);
    return toRead(entry, false);
  };

  // A TTL of 0 turns the cache off: every read asks data.gouv.fr (concurrent
  // reads of one key still share one call) and nothing is kept, not even as a
  // stale fallback. The LRU's TTL of 0 would otherwise mean "never expires".
  const disabled = ttlMs === 0;
  const passThrough = (outcome: LoadOutcome<unknown>): CacheRead<unknown> => {
    const fetchedAt = options.now();
    if (outcome.kind === 'ok') return { kind: 'ok', value: outcome.value, fetchedAt, stale: false, revalidating: false };
    if (outcome.kind === 'not-found') return { kind: 'not-found', fetchedAt, stale: false, revalidating: false };
    return { kind: 'gone', lastGood: null, fetchedAt, stale: false, revalidating: false };
  };

  const loadShared = (key: string, load: () => Promise<LoadOutcome<unknown>>): Promise<CacheRead<unknown>> => {
    const existing = inFlight.get(key);
    if (existing) return existing;
    const run = async (): Promise<CacheRead<unknown>> => {
      if (disabled) return passThrough(await load());
      try {
        return store(key, await load());
      } catch (error) {
        const resolvedKey = resolve(key);
        const fallback = entries.get(resolvedKey);
        if (fallback?.kind === 'ok' && !fallback.refreshFailed) {
          // Same value, same expiry: only the way it is reported changes.
          entries.set(resolvedKey, { ...fallback, refreshFailed: true }, { noUpdateTTL: true });
        }
        if (fallback && fallback.kind !== 'not-found') {
          // While the circuit is open every read would repeat the same warning; the breaker already said it.
          const log = isCircuitOpen(error) ? logger.debug : logger.warn;
          log.call(logger, { key, ageMs: options.now() - fallback.fetchedAt, error: String(error) }, `${upstreamName} failed; serving the last good value`);
          return toRead(fallback, true);
        }
        throw error;
      }
    };
    const shared: Promise<CacheRead<unknown>> = run().finally(() => {
      if (inFlight.get(key) === shared) inFlight.delete(key);
    });
    inFlight.set(key, shared);
    // Every caller may have aborted; the shared load must still not surface as an unhandled rejection.
    shared.catch(() => undefined);
    return shared;
  };

  return {
    read<V>(key: string, load: () => Promise<LoadOutcome<V>>, readOptions: { readonly signal?: AbortSignal } = {}): Promise<CacheRead<V>> {
      const { signal } = readOptions;
      if (signal?.aborted) return Promise.reject(signal.reason);
      const entry = disabled ? undefined : entries.get(resolve(key));
      if (entry) {
        const age = options.now() - entry.fetchedAt;
        const freshFor = entry.kind === 'ok' ? ttlMs : negativeTtlMs;
        if (age < freshFor) {
          hits += 1;
          return Promise.resolve(toRead(entry, false) as CacheRead<V>);
        }
        if (entry.kind === 'ok' && age < ttlMs + maxStaleMs) {
          hits += 1;
          // Loads are keyed by the URL they fetch: refreshing a value found
          // through a slug re-asks the slug, which may now lead elsewhere.
          if (!inFlight.has(key)) {
            loadShared(key, load).catch((error: unknown) => logger.debug({ key, error: String(error) }, 'background refresh failed'));
          }
          const failed = entry.refreshFailed === true;
          if (failed) staleServes += 1;
          else revalidatingServes += 1;
          return Promise.resolve(toRead(entry, failed, !failed) as CacheRead<V>);
        }
      }
      misses += 1;
      // Values under one key are written only by loads of that same endpoint, hence of type V.
      // Counted here, not in the load: a failed background refresh serves nobody.
      const loaded = loadShared(key, load).then((read) => {
        if (read.stale) staleServes += 1;
        return read;
      });
      // A caller that aborted no longer listens; its failure must not surface as unhandled.
      loaded.catch(() => undefined);
      return raceWithSignal(loaded as Promise<CacheRead<V>>, signal);
    },
    stats() {
      return { entries: entries.size, bytes: entries.calculatedSize, hits, misses, staleServes, revalidatingServes };
    },
  };
}

function isCircuitOpen(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'UPSTREAM_CIRCUIT_OPEN';
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
