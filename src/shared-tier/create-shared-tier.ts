import { Redis } from 'ioredis';

/**
 * Where every key of this format lives. Bump the version whenever what is
 * stored under a key changes shape: a replica of a new deploy then never reads
 * an entry written by an old one (they simply expire).
 */
export const KEY_NAMESPACE = 'gw:v1';

/** What a feature did while Redis could not be used, counted apart in `/metrics`. */
export const SHARED_FEATURES = ['upstream_cache', 'response_cache', 'rate_limit', 'politeness'] as const;
export type SharedFeature = (typeof SHARED_FEATURES)[number];

/** `CONNECTING` until the first connection, then `SHARED`, or `LOCAL` (each replica on its own) with the reason. */
export type SharedTierState = 'CONNECTING' | 'SHARED' | 'LOCAL';

export interface SharedTierStatus {
  readonly state: SharedTierState;
  readonly reason: string | null;
}

export interface SharedTierLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}

export interface SharedTierOptions {
  /** `redis://host:port/db` (REDIS_URL). */
  readonly url: string;
  /** Longest one Redis command may take before the replica carries on alone, in ms. Default 250. */
  readonly commandTimeoutMs?: number;
  /** After a timed-out command, how long Redis is left alone before it is tried again, in ms. Default 1 000. */
  readonly slowRetryMs?: number;
  readonly logger: SharedTierLogger;
}

/** A message published to every replica on the tier's channel. */
export type SharedMessage = { readonly topic: string; readonly body: Record<string, unknown> };

export interface SharedTier {
  /** `gw:v1:<parts...>`. */
  key(...parts: readonly string[]): string;
  /**
   * Runs `command` when Redis is usable and returns its answer; otherwise, or
   * when it fails or times out, returns `fallback` and counts a degraded use
   * of `feature`. Never throws.
   */
  use<T>(feature: SharedFeature, command: (redis: Redis) => Promise<T>, fallback: T): Promise<T>;
  /** Publishes to the other replicas; dropped while Redis cannot be used. */
  publish(topic: string, body: Record<string, unknown>): void;
  /** Listens to one topic; returns the unsubscribe function. */
  subscribe(topic: string, listener: (body: Record<string, unknown>) => void): () => void;
  /** Called each time the tier becomes usable (first connection, and after every outage). */
  onShared(listener: () => void): () => void;
  status(): SharedTierStatus;
  /** Degraded uses by feature since start. */
  degraded(): Readonly<Record<SharedFeature, number>>;
  /** Counts a degraded use decided outside `use` (an answer served without the tier). */
  countDegraded(feature: SharedFeature): void;
  /** This process's id on the tier (lock owner, message sender). */
  readonly id: string;
  close(): Promise<void>;
}

const CHANNEL_SUFFIX = 'events';

/**
 * The connection to the Redis shared by every replica, and the one place that
 * decides whether it is usable. Commands fail fast while it is away (no
 * offline queue) and give up after `commandTimeoutMs`, so a request never
 * waits on Redis longer than that; the replica then carries on with its own
 * caches and limits, logs one warning for the change, and comes back to the
 * shared tier when ioredis reconnects.
 */
export function createSharedTier(options: SharedTierOptions): SharedTier {
  const commandTimeoutMs = options.commandTimeoutMs ?? 250;
  const slowRetryMs = options.slowRetryMs ?? 1_000;
  const { logger } = options;
  const id = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const channel = `${KEY_NAMESPACE}:${CHANNEL_SUFFIX}`;
  const connectionOptions = {
    // No queue while disconnected: a command fails at once and the caller falls back.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    // Keep trying for as long as the process lives: Redis coming back ends the degraded mode.
    retryStrategy: (times: number) => Math.min(100 * times, 2_000),
    lazyConnect: false,
  };
  const redis = new Redis(options.url, connectionOptions);
  const subscriber = new Redis(options.url, { ...connectionOptions, commandTimeout: undefined });
  let state: SharedTierState = 'CONNECTING';
  let reason: string | null = 'connecting';
  // While set, Redis answered too slowly: left alone until then, then tried again.
  let slowUntil = 0;
  let closed = false;
  const degradedCounts = Object.fromEntries(SHARED_FEATURES.map((feature) => [feature, 0])) as Record<SharedFeature, number>;
  const listeners = new Map<string, Set<(body: Record<string, unknown>) => void>>();
  const sharedListeners = new Set<() => void>();

  const becomeShared = (): void => {
    if (state === 'SHARED' || closed) return;
    const wasLocal = state === 'LOCAL';
    state = 'SHARED';
    reason = null;
    slowUntil = 0;
    logger.info({ redis: redactUrl(options.url) }, wasLocal ? 'Redis is back: caches, pauses and limits are shared again' : 'shared tier on Redis in use');
    for (const listener of sharedListeners) listener();
  };
  const becomeLocal = (why: string): void => {
    if (closed) return;
    if (state === 'LOCAL') {
      reason = why;
      return;
    }
    state = 'LOCAL';
    reason = why;
    logger.warn({ redis: redactUrl(options.url), reason: why }, 'Redis cannot be used: each replica keeps its own caches, pauses and limits until it returns');
  };

  // Shared only once both connections are up: announcements sent before this
  // replica listens would be lost, so each (re)subscription also re-reads what
  // was kept (the onShared listeners).
  let subscribed = false;
  redis.on('ready', () => {
    if (subscribed) becomeShared();
  });
  redis.on('error', (error: Error) => becomeLocal(describe(error)));
  redis.on('close', () => becomeLocal('connection closed'));
  // ioredis logs unhandled errors itself unless someone listens; the listener above is the only report wanted.
  subscriber.on('error', () => undefined);
  subscriber.on('close', () => {
    subscribed = false;
  });
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(
      () => {
        subscribed = true;
        if (redis.status !== 'ready') return;
        if (state !== 'SHARED') becomeShared();
        else for (const listener of sharedListeners) listener();
      },
      () => undefined,
    );
  });
  subscriber.on('message', (_channel: string, text: string) => {
    let message: { topic?: unknown; body?: unknown; from?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    // A replica already applied what it announces.
    if (message.from === id || typeof message.topic !== 'string' || typeof message.body !== 'object' || message.body === null) return;
    for (const listener of listeners.get(message.topic) ?? []) listener(message.body as Record<string, unknown>);
  });

  const usable = (): boolean => {
    if (closed || redis.status !== 'ready') return false;
    if (state === 'SHARED') return true;
    // After a timeout, one command is let through once the pause is over: it decides whether Redis is back.
    return state === 'LOCAL' && subscribed && slowUntil > 0 && Date.now() >= slowUntil;
  };

  const tier: SharedTier = {
    id,
    key: (...parts) => [KEY_NAMESPACE, ...parts].join(':'),
    async use(feature, command, fallback) {
      if (!usable()) {
        degradedCounts[feature] += 1;
        return fallback;
      }
      try {
        const answer = await command(redis);
        if (state !== 'SHARED') becomeShared();
        return answer;
      } catch (error) {
        if (isTimeout(error)) {
          slowUntil = Date.now() + slowRetryMs;
          becomeLocal(`commands take longer than ${commandTimeoutMs} ms`);
        } else if (redis.status !== 'ready') {
          becomeLocal(describe(error));
        }
        degradedCounts[feature] += 1;
        return fallback;
      }
    },
    publish(topic, body) {
      if (!usable()) return;
      redis.publish(channel, JSON.stringify({ topic, body, from: id })).catch(() => undefined);
    },
    subscribe(topic, listener) {
      let set = listeners.get(topic);
      if (!set) {
        set = new Set();
        listeners.set(topic, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    onShared(listener) {
      sharedListeners.add(listener);
      return () => sharedListeners.delete(listener);
    },
    status: () => ({ state, reason }),
    degraded: () => ({ ...degradedCounts }),
    countDegraded(feature) {
      degradedCounts[feature] += 1;
    },
    async close() {
      closed = true;
      redis.disconnect();
      subscriber.disconnect();
    },
  };
  return tier;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && /timed out/i.test(error.message);
}

function describe(error: unknown): string {
  if (error instanceof Error) return (error as { code?: string }).code ?? error.message;
  return String(error);
}

/** The URL without its password, for logs. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}
