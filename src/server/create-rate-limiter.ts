import { LRUCache } from 'lru-cache';

export interface RateLimitOptions {
  /** Sustained requests per minute per client; 0 switches the limiter off. */
  readonly perMinute: number;
  /** Requests a client may send at once after being idle (bucket size). */
  readonly burst: number;
  /** Clients tracked at most; the least recently seen are forgotten first. Default 10 000. */
  readonly maxClients?: number;
  /** Milliseconds; injected for tests. Default `performance.now`. */
  readonly now?: () => number;
  /** Buckets shared by every replica (Redis); absent: each process counts for itself. */
  readonly shared?: SharedRateBuckets | undefined;
}

/** Buckets kept where every replica spends them. */
export interface SharedRateBuckets {
  /** Spends one token of `client`'s bucket; null when the shared buckets cannot be reached. */
  take(client: string, capacity: number, refillPerMs: number): Promise<RateDecision | null>;
}

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  readonly enabled: boolean;
  /** A promise when the buckets are shared (a Redis round trip); a plain decision otherwise. */
  take(client: string): RateDecision | Promise<RateDecision>;
}

/** A limiter whose buckets live in this process: it decides at once. */
export interface LocalRateLimiter extends RateLimiter {
  take(client: string): RateDecision;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per client: `burst` tokens, refilled at `perMinute` per
 * minute. With shared buckets, a client's limit holds across replicas; while
 * they cannot be reached, each process falls back to its own buckets.
 */
export function createRateLimiter(options: RateLimitOptions & { readonly shared?: undefined }): LocalRateLimiter;
export function createRateLimiter(options: RateLimitOptions): RateLimiter;
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const now = options.now ?? (() => performance.now());
  if (options.perMinute <= 0) return { enabled: false, take: () => ({ allowed: true }) };
  const refillPerMs = options.perMinute / 60_000;
  const capacity = Math.max(1, options.burst);
  const buckets = new LRUCache<string, Bucket>({ max: options.maxClients ?? 10_000 });
  const local = createLocalTake(now, buckets, capacity, refillPerMs);
  const { shared } = options;
  if (!shared) return { enabled: true, take: local };
  return {
    enabled: true,
    async take(client) {
      return (await shared.take(client, capacity, refillPerMs)) ?? local(client);
    },
  };
}

function createLocalTake(now: () => number, buckets: LRUCache<string, Bucket>, capacity: number, refillPerMs: number): (client: string) => RateDecision {
  return (client) => {
    const at = now();
    const bucket = buckets.get(client) ?? { tokens: capacity, updatedAt: at };
    bucket.tokens = Math.min(capacity, bucket.tokens + (at - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = at;
    buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000)) };
  };
}

/**
 * The client's address: the socket's peer, or, behind `trustedProxyHops`
 * proxies of our own, the address the outermost of them saw (that many
 * entries from the right of X-Forwarded-For). Anything further left is
 * written by the client and cannot be trusted.
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedProxyHops: number): string {
  const peer = socketAddress ?? 'unknown';
  if (trustedProxyHops <= 0 || forwardedFor === undefined) return peer;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return peer;
  return chain[Math.max(0, chain.length - trustedProxyHops)] ?? peer;
}
