/**
 * What the upstream clients ask of a tier shared with other replicas (Redis,
 * built in `src/shared-tier/`). The clients only know these shapes: without a
 * shared tier they keep everything to themselves, and every method here may
 * answer "nothing shared" at any time (Redis down or slow) without it being
 * an error.
 */

/** One cache entry as another replica may read it: the value with the time it was fetched. */
export type SharedCacheRecord =
  | { readonly kind: 'ok'; readonly value: unknown; readonly fetchedAt: number; readonly size: number; readonly primaryKey?: string; readonly aliasKeys?: readonly string[] }
  | { readonly kind: 'not-found'; readonly fetchedAt: number }
  | { readonly kind: 'gone'; readonly lastGood: { readonly value: unknown; readonly fetchedAt: number } | null; readonly fetchedAt: number; readonly size: number };

/** A second cache level under a process's LRU, and the lock that makes one replica load a missing key for all. */
export interface CacheSecondTier {
  /** The record under `key`; undefined when there is none or the tier cannot be reached. */
  get(key: string): Promise<SharedCacheRecord | undefined>;
  /** Stores `record` under every key given for `ttlMs`; never throws, never waited for by a reader. */
  set(keys: readonly string[], record: SharedCacheRecord, ttlMs: number): Promise<void>;
  /**
   * Takes the short lock on loading `key`: true when this process should load
   * it (it holds the lock, or the tier cannot be reached), false when another
   * replica is loading it and its answer is worth waiting for.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Frees a lock taken by `claim`, once the answer is stored (or the load failed). */
  release(key: string): Promise<void>;
  /** Counts an answer served while the tier could not be reached (`/metrics`). */
  countDegraded(): void;
}

/** Politeness shared between replicas: one host's Retry-After pause and its breaker's open state. */
export type PolitenessEvent =
  | { readonly kind: 'gate'; readonly host: string; readonly remainingMs: number }
  | { readonly kind: 'breaker-open'; readonly host: string; readonly remainingMs: number }
  | { readonly kind: 'breaker-closed'; readonly host: string };

export interface SharedPoliteness {
  /** Tells the other replicas; never throws (a tier that cannot be reached keeps it to this process). */
  announce(event: PolitenessEvent): void;
  /**
   * Whether this replica may send the half-open probe to `host`: true unless
   * another replica took it within `ttlMs` (or the tier cannot be reached:
   * each replica then probes for itself).
   */
  claimProbe(host: string, ttlMs: number): Promise<boolean>;
  /** Calls `listener` with what other replicas announced, and with the pauses still running when this one (re)connects. */
  subscribe(listener: (event: PolitenessEvent) => void): () => void;
}
