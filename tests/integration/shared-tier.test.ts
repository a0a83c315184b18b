import { http, HttpResponse } from 'msw';
import { Redis } from 'ioredis';
import type { Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createMockDispatcher } from '../../mocks/create-mock-dispatcher.js';
import { createRateLimiter } from '../../src/server/create-rate-limiter.js';
import type { CachedAnswer } from '../../src/server/create-graphql-response-cache.js';
import { createSharedAnswers } from '../../src/shared-tier/create-shared-answers.js';
import { createSharedPoliteness } from '../../src/shared-tier/create-shared-politeness.js';
import { createSharedRateBuckets } from '../../src/shared-tier/create-shared-rate-buckets.js';
import { createSharedTier, type SharedTier } from '../../src/shared-tier/create-shared-tier.js';
import { createSharedUpstreamCache } from '../../src/shared-tier/create-shared-upstream-cache.js';
import type { CircuitBreakerOptions } from '../../src/upstream/datagouv/breaker.js';
import { createResponseCache, type LoadOutcome } from '../../src/upstream/datagouv/cache.js';
import { createDatagouvClient } from '../../src/upstream/datagouv/client.js';
import type { PolitenessEvent } from '../../src/upstream/datagouv/second-tier.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { describeWithRedis } from '../helpers/services.js';
import { expectGatewayError } from '../unit/upstream/support/expect-gateway-error.js';

const quiet = { warn: () => undefined, info: () => undefined };
const tiers: SharedTier[] = [];
let run = 0;

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A replica's connection to the test's Redis, usable once it says SHARED. */
async function connect(url: string, options: { commandTimeoutMs?: number; slowRetryMs?: number } = {}): Promise<SharedTier> {
  const tier = createSharedTier({ url, logger: quiet, ...options });
  tiers.push(tier);
  await waitFor(() => tier.status().state === 'SHARED');
  return tier;
}

/** An upstream URL no other test uses: the test Redis is shared by the whole run. */
const uniqueUrl = (path: string): string => `https://up-${process.pid}-${(run += 1)}.example/api/${path}`;

const ok = (value: unknown): LoadOutcome<unknown> => ({ kind: 'ok', value, size: 100 });

afterEach(async () => {
  await Promise.all(tiers.splice(0).map((tier) => tier.close()));
});

describeWithRedis('the shared upstream cache (L2 under the LRU)', (redisUrl) => {
  it('lets a second replica answer from Redis without loading, with the first fetch time', async () => {
    const [a, b] = [await connect(redisUrl), await connect(redisUrl)];
    let loads = 0;
    const load = async () => {
      loads += 1;
      return ok({ title: 'Population' });
    };
    const now = () => Date.now();
    const first = createResponseCache({ now, secondTier: { tier: createSharedUpstreamCache(a) } });
    const second = createResponseCache({ now, secondTier: { tier: createSharedUpstreamCache(b) } });
    const key = uniqueUrl('1/datasets/population/');
    const loaded = await first.read(key, load);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const shared = await second.read(key, load);
    expect(loads).toBe(1);
    expect(shared).toEqual({ kind: 'ok', value: { title: 'Population' }, fetchedAt: loaded.fetchedAt, stale: false, revalidating: false });
    expect(second.stats().sharedHits).toBe(1);
  });

  it('serves another replica’s answer past its TTL as revalidating, and refreshes it', async () => {
    const [a, b] = [await connect(redisUrl), await connect(redisUrl)];
    let clockB = Date.now();
    const first = createResponseCache({ now: () => Date.now(), ttlMs: 60_000, secondTier: { tier: createSharedUpstreamCache(a) } });
    const second = createResponseCache({ now: () => clockB, ttlMs: 60_000, secondTier: { tier: createSharedUpstreamCache(b) } });
    const key = uniqueUrl('1/datasets/revalidated/');
    await first.read(key, async () => ok('v1'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    clockB += 61_000;
    let refreshed = 0;
    const read = await second.read(key, async () => {
      refreshed += 1;
      return ok('v2');
    });
    expect(read).toMatchObject({ kind: 'ok', value: 'v1', stale: false, revalidating: true });
    await waitFor(() => refreshed === 1);
    await waitFor(async () => {
      const next = await second.read(key, async () => ok('v3'));
      return next.kind === 'ok' && next.value === 'v2';
    });
  });

  it('makes one load for a cold key asked on four replicas at once', async () => {
    const replicas = await Promise.all([0, 1, 2, 3].map(() => connect(redisUrl)));
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 150));
      return ok({ n: loads });
    };
    const caches = replicas.map((tier) => createResponseCache({ now: () => Date.now(), secondTier: { tier: createSharedUpstreamCache(tier) } }));
    const key = uniqueUrl('1/datasets/cold/');
    const reads = await Promise.all(caches.map((cache) => cache.read(key, load)));
    expect(loads).toBe(1);
    expect(new Set(reads.map((read) => JSON.stringify(read)))).toHaveLength(1);
  });

  it('loads for itself when the replica holding the lock fails, without waiting out the bound', async () => {
    const [a, b] = [await connect(redisUrl), await connect(redisUrl)];
    const first = createResponseCache({ now: () => Date.now(), secondTier: { tier: createSharedUpstreamCache(a) } });
    const second = createResponseCache({ now: () => Date.now(), secondTier: { tier: createSharedUpstreamCache(b), waitMs: 5_000 } });
    const key = uniqueUrl('1/datasets/failing/');
    const failing = first
      .read(key, async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        throw new Error('upstream down');
      })
      .catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const startedAt = Date.now();
    const read = await second.read(key, async () => ok('own'));
    expect(String(await failing)).toMatch(/upstream down/);
    expect(read.kind === 'ok' && read.value).toBe('own');
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('keeps entries under a key prefix per upstream host, with a TTL', async () => {
    const tier = await connect(redisUrl);
    const cache = createResponseCache({ now: () => Date.now(), ttlMs: 10_000, maxStaleMs: 20_000, secondTier: { tier: createSharedUpstreamCache(tier) } });
    const key = uniqueUrl('1/datasets/prefixed/');
    await cache.read(key, async () => ok('x'));
    const probe = new Redis(redisUrl);
    try {
      const name = `gw:v1:up:${new URL(key).host}:${key}`;
      await waitFor(async () => (await probe.exists(name)) === 1);
      const ttl = await probe.pttl(name);
      expect(ttl).toBeGreaterThan(25_000);
      expect(ttl).toBeLessThanOrEqual(30_000);
    } finally {
      probe.disconnect();
    }
  });
});

describeWithRedis('shared politeness (Retry-After pauses, open breakers)', (redisUrl) => {
  const datasetUrl = (host: string) => `https://${host}/api/1/datasets/:ref/`;
  /** One replica's data.gouv.fr client on `host`, its pauses and breakers shared through `tier`. */
  const politeClient = (host: string, tier: SharedTier, dispatcher: Dispatcher, breaker?: CircuitBreakerOptions) =>
    createDatagouvClient({
      baseUrl: `https://${host}/api`,
      source: 'MOCK',
      dispatcher,
      retries: 0,
      ...(breaker ? { breaker } : {}),
      politeness: createSharedPoliteness(tier, 'data.gouv.fr'),
    });

  it('pauses a second replica when the first is answered 429 with Retry-After, without it calling', async () => {
    const host = `pause-${process.pid}-${(run += 1)}.example`;
    const [a, b] = [await connect(redisUrl), await connect(redisUrl)];
    const upstream = createMockDispatcher([http.get(datasetUrl(host), () => new HttpResponse('slow down', { status: 429, headers: { 'retry-after': '30' } }))]);
    const other = createMockDispatcher([http.get(datasetUrl(host), () => HttpResponse.json({ id: 'x' }))]);
    const first = politeClient(host, a, upstream.dispatcher);
    const second = politeClient(host, b, other.dispatcher);
    await expectGatewayError(first.getDataset('population'), 'UPSTREAM_UNAVAILABLE');
    // Pub/sub takes well under this on loopback.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await expectGatewayError(second.getDataset('yet-another'), 'UPSTREAM_UNAVAILABLE');
    expect(refused.message).toMatch(/asked for a pause/);
    expect(other.calls).toHaveLength(0);

    // A replica that connects during the pause learns it from Redis.
    const late = politeClient(host, await connect(redisUrl), other.dispatcher);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectGatewayError(late.getDataset('late'), 'UPSTREAM_UNAVAILABLE');
    expect(other.calls).toHaveLength(0);
  });

  it('opens the other replicas’ breaker when one opens, and closes it when a probe succeeds', async () => {
    const host = `breaker-${process.pid}-${(run += 1)}.example`;
    const [a, b] = [await connect(redisUrl), await connect(redisUrl)];
    let down = true;
    const upstream = createMockDispatcher([
      http.get(datasetUrl(host), () => (down ? new HttpResponse('down', { status: 503 }) : HttpResponse.json({ id: '53699d0ea3a729239d205b2e', title: 't' }))),
    ]);
    const breaker = { failureThreshold: 1, coolDownMs: 300 };
    const first = politeClient(host, a, upstream.dispatcher, breaker);
    const second = politeClient(host, b, upstream.dispatcher, breaker);
    await expectGatewayError(first.getDataset('population'), 'UPSTREAM_UNAVAILABLE');
    await waitFor(() => second.status().breakerState === 'OPEN');
    const before = upstream.calls.length;
    await expectGatewayError(second.getDataset('other'), 'UPSTREAM_CIRCUIT_OPEN');
    expect(upstream.calls.length).toBe(before);

    down = false;
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await first.getDataset('population')).not.toBeNull();
    await waitFor(() => second.status().breakerState === 'CLOSED');
  });

  it('lets one replica send the half-open probe for all', async () => {
    const host = `probe-${process.pid}-${(run += 1)}.example`;
    const replicas = await Promise.all([0, 1, 2, 3].map(() => connect(redisUrl)));
    const upstream = createMockDispatcher([
      http.get(datasetUrl(host), async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return new HttpResponse('down', { status: 503 });
      }),
    ]);
    const clients = replicas.map((tier) => politeClient(host, tier, upstream.dispatcher, { failureThreshold: 1, coolDownMs: 300 }));
    await expectGatewayError(clients[0]!.getDataset('first'), 'UPSTREAM_UNAVAILABLE');
    await waitFor(() => clients.every((client) => client.status().breakerState === 'OPEN'));
    await new Promise((resolve) => setTimeout(resolve, 350));
    const before = upstream.calls.length;
    const codes = await Promise.all(
      clients.map((client, index) => client.getDataset(`probe-${index}`).then(() => 'ok', (error: { code?: string }) => error.code)),
    );
    expect(upstream.calls.length - before).toBe(1);
    expect(codes.filter((code) => code === 'UPSTREAM_UNAVAILABLE')).toHaveLength(1);
    expect(codes.filter((code) => code === 'UPSTREAM_CIRCUIT_OPEN')).toHaveLength(3);
    // The failed probe opened every circuit again; the next cool-down has a probe of its own.
    await waitFor(() => clients.every((client) => client.status().breakerState === 'OPEN'));
    await new Promise((resolve) => setTimeout(resolve, 350));
    await expectGatewayError(clients[2]!.getDataset('second-probe'), 'UPSTREAM_UNAVAILABLE');
    expect(upstream.calls.length - before).toBe(2);
  });

  it('does not take another upstream’s pauses', async () => {
    const [a, b] = [await connect(redisUrl), await connect(redisUrl)];
    const seen: PolitenessEvent[] = [];
    createSharedPoliteness(b, 'code.gouv.fr').subscribe((event) => seen.push(event));
    const datagouvSeen: PolitenessEvent[] = [];
    createSharedPoliteness(b, 'data.gouv.fr').subscribe((event) => datagouvSeen.push(event));
    const host = `only-datagouv-${process.pid}-${(run += 1)}.example`;
    createSharedPoliteness(a, 'data.gouv.fr').announce({ kind: 'gate', host, remainingMs: 5_000 });
    await waitFor(() => datagouvSeen.some((event) => event.host === host));
    expect(seen.filter((event) => event.host === host)).toEqual([]);
  });
});

describeWithRedis('the shared rate limiter', (redisUrl) => {
  it('holds a client’s limit across replicas, and keeps clients apart', async () => {
    const [a, b] = [await connect(redisUrl), await connect(redisUrl)];
    const client = `client-${process.pid}-${(run += 1)}`;
    const limit = { perMinute: 60, burst: 3 };
    const first = createRateLimiter({ ...limit, shared: createSharedRateBuckets(a) });
    const second = createRateLimiter({ ...limit, shared: createSharedRateBuckets(b) });
    expect((await first.take(client)).allowed).toBe(true);
    expect((await first.take(client)).allowed).toBe(true);
    expect((await second.take(client)).allowed).toBe(true);
    expect(await second.take(client)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await first.take(client)).allowed).toBe(false);
    expect((await second.take(`${client}-other`)).allowed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await second.take(client)).allowed).toBe(true);
    expect((await first.take(client)).allowed).toBe(false);
  });

  it('spends exactly the burst when many requests race on several replicas', async () => {
    const replicas = await Promise.all([0, 1, 2, 3].map(() => connect(redisUrl)));
    const client = `racer-${process.pid}-${(run += 1)}`;
    const limiters = replicas.map((tier) => createRateLimiter({ perMinute: 1, burst: 10, shared: createSharedRateBuckets(tier) }));
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, index) => limiters[index % 4]!.take(client)));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
  });
});

describeWithRedis('shared GraphQL answers', (redisUrl) => {
  const answer: CachedAnswer = {
    body: Buffer.from('{"data":{"ok":true}}'),
    contentType: 'application/json; charset=utf-8',
    etag: '"abc"',
    freshUntil: Number.POSITIVE_INFINITY,
    dayEndsAt: Date.now() + 60_000,
  };

  it('gives another replica the same bytes and ETag, until one invalidates', async () => {
    const [a, b] = [await connect(redisUrl), await connect(redisUrl)];
    const first = createSharedAnswers(a);
    const second = createSharedAnswers(b);
    let told = 0;
    second.onInvalidate(() => (told += 1));
    const key = `answer-${process.pid}-${(run += 1)}`;
    first.set(key, answer, 10_000);
    await waitFor(async () => (await second.get(key)) !== undefined);
    const shared = await second.get(key);
    expect(shared?.etag).toBe('"abc"');
    expect(shared?.body.equals(answer.body)).toBe(true);
    expect(shared?.freshUntil).toBe(Number.POSITIVE_INFINITY);
    first.invalidate();
    await waitFor(() => told === 1);
    expect(await second.get(key)).toBeUndefined();
    expect(await first.get(key)).toBeUndefined();
  });
});

describeWithRedis('a Redis that goes away or is slow', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('falls back at once while Redis is down, counts it, warns once per change, and shares again when it returns', async () => {
    const warnings: string[] = [];
    const infos: string[] = [];
    const tier = createSharedTier({ url: redis.url, logger: { warn: (_d, m) => warnings.push(m), info: (_d, m) => infos.push(m) } });
    tiers.push(tier);
    await waitFor(() => tier.status().state === 'SHARED');
    const limiter = createRateLimiter({ perMinute: 60, burst: 1, shared: createSharedRateBuckets(tier) });
    expect((await limiter.take('c')).allowed).toBe(true);

    await redis.kill();
    await waitFor(() => tier.status().state === 'LOCAL');
    const startedAt = Date.now();
    // The process's own bucket is fresh: the shared one is out of reach.
    expect((await limiter.take('c')).allowed).toBe(true);
    expect((await limiter.take('c')).allowed).toBe(false);
    expect(Date.now() - startedAt).toBeLessThan(100);
    expect(tier.degraded().rate_limit).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(warnings).toHaveLength(1);

    await redis.restart();
    await waitFor(() => tier.status().state === 'SHARED', 10_000);
    expect(infos.at(-1)).toMatch(/Redis is back/);
    // A restarted Redis is empty: a new shared bucket.
    expect((await limiter.take('c')).allowed).toBe(true);
    expect(tier.degraded().rate_limit).toBe(2);
  }, 20_000);

  it('reads a flushed Redis as an empty cache: the next miss is loaded again, once, and nothing fails', async () => {
    const [a, b, c] = [await connect(redis.url), await connect(redis.url), await connect(redis.url)];
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return ok(`v${loads}`);
    };
    const make = (tier: SharedTier) => createResponseCache({ now: () => Date.now(), secondTier: { tier: createSharedUpstreamCache(tier) } });
    const key = uniqueUrl('1/datasets/flushed/');
    await make(a).read(key, load);
    const admin = new Redis(redis.url);
    try {
      await admin.flushall();
    } finally {
      admin.disconnect();
    }
    const reads = await Promise.all([make(b).read(key, load), make(c).read(key, load)]);
    expect(loads).toBe(2);
    expect(reads.map((read) => read.kind === 'ok' && read.value)).toEqual(['v2', 'v2']);
    expect(b.status().state).toBe('SHARED');
  });

  it('carries on alone when commands take longer than the timeout, and tries again after a pause', async () => {
    const tier = createSharedTier({ url: redis.url, logger: quiet, commandTimeoutMs: 100, slowRetryMs: 300 });
    tiers.push(tier);
    await waitFor(() => tier.status().state === 'SHARED', 10_000);
    const admin = new Redis(redis.url);
    try {
      await admin.client('PAUSE', 800, 'ALL');
      const startedAt = Date.now();
      expect(await tier.use('upstream_cache', (r) => r.get('anything'), 'fallback')).toBe('fallback');
      expect(Date.now() - startedAt).toBeLessThan(400);
      expect(tier.status()).toEqual({ state: 'LOCAL', reason: 'commands take longer than 100 ms' });
      // Inside the pause Redis is not asked at all.
      const quick = Date.now();
      expect(await tier.use('upstream_cache', (r) => r.get('anything'), 'fallback')).toBe('fallback');
      expect(Date.now() - quick).toBeLessThan(20);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await tier.use('upstream_cache', async (r) => (await r.ping()) === 'PONG', false)).toBe(true);
      expect(tier.status().state).toBe('SHARED');
    } finally {
      admin.disconnect();
    }
  }, 20_000);
});
