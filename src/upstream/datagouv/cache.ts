import { LRUCache } from 'lru-cache';
import { raceWithSignal } from './abort.js';
import { silentLogger, type UpstreamLogger } from './logger.js';
import type { CacheSecondTier, SharedCacheRecord } from './second-tier.js';

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

/** How the cache uses a level shared with other replicas (see `CacheSecondTier`). */
export interface SecondTierOptions {
  readonly tier: CacheSecondTier;
  /** How long one replica holds the lock on loading a key, in milliseconds. Default 10 000 (an upstream call's deadline). */
  readonly lockMs?: number;
  /** Longest a replica waits for another's load before loading itself, in milliseconds. Default 3 000 (a request's upstream budget). */
  readonly waitMs?: number;
  /** Between two looks at the shared level while waiting, in milliseconds. Default 20. */
  readonly pollMs?: number;
  /** Larger values (as estimated in memory) stay in this process: serialising them for every replica would cost more than a call. Default 4 MiB. */
  readonly maxSharedBytes?: number;
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
  /** Entries found in the shared level (another replica's load) instead of asking upstream. */
  readonly sharedHits: number;
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
  options: ResponseCacheOptions & {
    readonly now: () => number;
    readonly logger?: UpstreamLogger;
    readonly upstreamName?: string;
    /** A level shared with other replicas, under this one; absent: the process keeps its answers to itself. */
    readonly secondTier?: SecondTierOptions | undefined;
  },
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
  let sharedHits = 0;
  const second = options.secondTier;
  const lockMs = second?.lockMs ?? 10_000;
  const waitMs = second?.waitMs ?? 3_000;
  const pollMs = second?.pollMs ?? 20;
  const maxSharedBytes = second?.maxSharedBytes ?? 4 * 1024 * 1024;
  const sharedLookups = new Map<string, Promise<void>>();
  // Writes to the shared level not yet acknowledged, by the key whose load made them: its lock is freed only after.
  const pendingShares = new Map<string, Promise<void>>();

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

  // An entry adopted from the shared level keeps its fetch time: it expires here when it would have where it was loaded.
  const lruTtl = (fetchedAt: number): { ttl: number } => ({ ttl: Math.max(1, ttlMs + maxStaleMs - (options.now() - fetchedAt)) });

  const store = (key: string, outcome: LoadOutcome<unknown>): CacheRead<unknown> => {
    const read = storeLocally(key, outcome, options.now());
    if (second) shareStored(key, outcome, read);
    return read;
  };

  const storeLocally = (key: string, outcome: LoadOutcome<unknown>, fetchedAt: number, sharedLastGood?: { readonly value: unknown; readonly fetchedAt: number } | null): CacheRead<unknown> => {
    // What this URL answered last, whether stored under it or under the id it aliased.
    const previous = entries.get(resolve(key));
    if (outcome.kind === 'ok') {
      const primary = outcome.primaryKey ?? key;
      const entry: Entry = { kind: 'ok', value: outcome.value, fetchedAt, size: outcome.size };
      entries.set(primary, entry, lruTtl(fetchedAt));
      for (const alias of [key, ...(outcome.aliasKeys ?? [])]) {
        if (alias === primary) continue;
        aliases.set(alias, primary, lruTtl(fetchedAt));
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
      entries.set(key, entry, lruTtl(fetchedAt));
      return toRead(entry, false);
    }
    // 410: keep what we knew before the deletion so callers can still show it,
    // and charge its size: it stays in memory as long as the entry does.
    const localLastGood =
      previous?.kind === 'ok' ? { value: previous.value, fetchedAt: previous.fetchedAt } : previous?.kind === 'gone' ? previous.lastGood : null;
    // The replica that saw the 410 may have known the object when this one did not.
    const lastGood = localLastGood ?? sharedLastGood ?? null;
    const size = lastGood !== null && previous !== undefined ? previous.size : lastGood !== null ? estimateSize(lastGood.value) : NEGATIVE_ENTRY_SIZE;
    const entry: Entry = { kind: 'gone', lastGood, fetchedAt, size };
    entries.set(key, entry, lruTtl(fetchedAt));
    if (target !== key) entries.set(target, entry, lruTtl(fetchedAt));
    return toRead(entry, false);
  };

  /** Writes a load's answer to the shared level, under every key that finds it here, for as long as it may be served. */
  const shareStored = (key: string, outcome: LoadOutcome<unknown>, read: CacheRead<unknown>): void => {
    if (!second) return;
    let record: SharedCacheRecord;
    let keys: string[];
    let ttl: number;
    if (read.kind === 'ok' && outcome.kind === 'ok') {
      if (outcome.size > maxSharedBytes) return;
      const primary = outcome.primaryKey ?? key;
      const aliasKeys = [key, ...(outcome.aliasKeys ?? [])].filter((alias) => alias !== primary);
      record = { kind: 'ok', value: read.value, fetchedAt: read.fetchedAt, size: outcome.size, primaryKey: primary, aliasKeys };
      keys = [primary, ...aliasKeys];
      ttl = ttlMs + maxStaleMs;
    } else if (read.kind === 'not-found') {
      record = { kind: 'not-found', fetchedAt: read.fetchedAt };
      keys = [key];
      ttl = negativeTtlMs;
    } else if (read.kind === 'gone') {
      const entry = entries.get(key);
      record = { kind: 'gone', lastGood: read.lastGood, fetchedAt: read.fetchedAt, size: entry?.size ?? NEGATIVE_ENTRY_SIZE };
      keys = [key];
      ttl = ttlMs + maxStaleMs;
    } else {
      return;
    }
    const written = second.tier.set(keys, record, ttl).finally(() => {
      if (pendingShares.get(key) === written) pendingShares.delete(key);
    });
    pendingShares.set(key, written);
  };

  /** Takes a record another replica stored when it is newer than what this process holds and still servable. */
  const adopt = (key: string, record: SharedCacheRecord): boolean => {
    const age = options.now() - record.fetchedAt;
    if (age >= ttlMs + maxStaleMs || (record.kind === 'not-found' && age >= negativeTtlMs)) return false;
    const held = entries.get(resolve(key));
    if (held && held.fetchedAt >= record.fetchedAt) return false;
    if (record.kind === 'ok') {
      storeLocally(key, { kind: 'ok', value: record.value, size: record.size, ...(record.primaryKey ? { primaryKey: record.primaryKey } : {}), ...(record.aliasKeys ? { aliasKeys: record.aliasKeys } : {}) }, record.fetchedAt);
    } else if (record.kind === 'not-found') {
      storeLocally(key, { kind: 'not-found' }, record.fetchedAt);
    } else {
      storeLocally(key, { kind: 'gone' }, record.fetchedAt, record.lastGood);
    }
    return true;
  };

  /** Looks the key up in the shared level once for every concurrent reader, adopting what is newer there. */
  const lookupShared = (key: string): Promise<void> => {
    const tier = second?.tier;
    if (!tier) return Promise.resolve();
    const existing = sharedLookups.get(key);
    if (existing) return existing;
    const lookup = tier
      .get(key)
      .then((record) => {
        if (record && adopt(key, record)) sharedHits += 1;
      })
      .catch(() => undefined)
      .finally(() => sharedLookups.delete(key));
    sharedLookups.set(key, lookup);
    return lookup;
  };

  /**
   * Before asking upstream: takes a newer answer another replica stored, or
   * the lock on loading the key; while another replica holds it, waits (a
   * bounded time) for its answer. Returns the adopted read, or null when this
   * process must load, with whether it holds the lock.
   */
  const awaitSharedLoad = async (key: string): Promise<{ read: CacheRead<unknown> | null; locked: boolean }> => {
    const tier = second?.tier;
    if (!tier) return { read: null, locked: false };
    const known = entries.get(resolve(key))?.fetchedAt ?? Number.NEGATIVE_INFINITY;
    const newer = async (): Promise<CacheRead<unknown> | null> => {
      const record = await tier.get(key);
      if (!record || record.fetchedAt <= known || !adopt(key, record)) return null;
      const entry = entries.get(resolve(key));
      const freshFor = entry?.kind === 'ok' ? ttlMs : negativeTtlMs;
      // An adopted answer already past its TTL (another replica's last refresh failed) does not spare this load.
      if (!entry || options.now() - entry.fetchedAt >= freshFor) return null;
      sharedHits += 1;
      return toRead(entry, false);
    };
    const found = await newer();
    if (found) return { read: found, locked: false };
    const giveUpAt = Date.now() + waitMs;
    for (;;) {
      if (await tier.claim(key, lockMs)) {
        // The holder may have stored its answer and freed the lock since the last look.
        const justStored = await newer();
        if (justStored) {
          void tier.release(key);
          return { read: justStored, locked: false };
        }
        return { read: null, locked: true };
      }
      if (Date.now() >= giveUpAt) return { read: null, locked: false };
      await new Promise((wake) => setTimeout(wake, pollMs));
      const loaded = await newer();
      if (loaded) return { read: loaded, locked: false };
    }
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
      const shared = await awaitSharedLoad(key);
      if (shared.read) return shared.read;
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
      } finally {
        // Waiting replicas look for the answer as soon as the lock is gone: it must be in Redis by then.
        if (shared.locked && second) void (pendingShares.get(key) ?? Promise.resolve()).then(() => second.tier.release(key));
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

  /** Whether this process can answer `key` without asking anyone: fresh, or servable while it is refreshed. */
  const servableHere = (key: string): boolean => {
    const entry = entries.get(resolve(key));
    if (!entry) return false;
    const age = options.now() - entry.fetchedAt;
    return age < (entry.kind === 'ok' ? ttlMs + maxStaleMs : negativeTtlMs);
  };

  const readHere = <V>(key: string, load: () => Promise<LoadOutcome<V>>, signal: AbortSignal | undefined): Promise<CacheRead<V>> => {
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
  };

  return {
    read<V>(key: string, load: () => Promise<LoadOutcome<V>>, readOptions: { readonly signal?: AbortSignal } = {}): Promise<CacheRead<V>> {
      const { signal } = readOptions;
      if (signal?.aborted) return Promise.reject(signal.reason);
      // Another replica may hold what this one lacks: one look at the shared level before counting a miss.
      if (second && !disabled && !servableHere(key)) {
        return raceWithSignal(lookupShared(key).then(() => readHere(key, load, signal)), signal);
      }
      return readHere(key, load, signal);
    },
    stats() {
      return { entries: entries.size, bytes: entries.calculatedSize, hits, misses, staleServes, revalidatingServes, sharedHits };
    },
  };
}

/** The size charged for a last good value adopted from the shared level, where this process never measured it. */
function estimateSize(value: unknown): number {
  return Math.max(NEGATIVE_ENTRY_SIZE, typeof value === 'string' ? value.length * 2 : JSON.stringify(value ?? null).length * 2);
}

function isCircuitOpen(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'UPSTREAM_CIRCUIT_OPEN';
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
