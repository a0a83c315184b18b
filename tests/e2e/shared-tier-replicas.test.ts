import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import { startMockUpstream, type MockUpstream } from '../../mocks/serve-mock-upstream.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { describeWithRedis } from '../helpers/services.js';
import { spawnCli, type SpawnedCli } from '../helpers/spawn-cli.js';

/** One gateway process on its own port, as a replica on another machine would be. */
interface Replica {
  readonly cli: SpawnedCli;
  readonly origin: string;
}

const RATE_LIMITED_CLIENT = '203.0.113.7';
let clientCounter = 0;
/**
 * Longest a Redis command may take in these tests. The default (250 ms) sends a
 * replica on its own, by design, whenever Redis answers late, which a loaded
 * CI machine can make happen at any time; these tests are about sharing, so
 * only a Redis really away may do that here.
 */
const COMMAND_TIMEOUT_MS = '2000';

/** Every request but the rate-limit test's comes from a new address, so the shared limit never gets in the way. */
const nextClient = (): string => `198.51.${Math.floor(clientCounter / 250) % 250}.${(clientCounter += 1) % 250}`;

async function startReplica(upstream: MockUpstream, redisUrl: string, dataDir: string): Promise<Replica> {
  const cli = spawnCli({
    PORT: '0',
    DATAGOUV_API_URL: upstream.url,
    DATAGOUV_SOURCE: 'MOCK',
    REDIS_URL: redisUrl,
    REDIS_COMMAND_TIMEOUT_MS: COMMAND_TIMEOUT_MS,
    DATA_DIR: dataDir,
    DATAGOUV_RETRIES: '0',
    RATE_LIMIT_PER_MINUTE: '6',
    RATE_LIMIT_BURST: '3',
    TRUST_PROXY_HOPS: '1',
  });
  const [, url = ''] = await cli.waitForStdout(/"url":"(http:\/\/[^"]+)\/graphql"/);
  return { cli, origin: url };
}

async function graphql(replica: Replica, query: string, client = nextClient()): Promise<{ status: number; body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] } }> {
  const answer = await request(`${replica.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ query }),
  });
  return { status: answer.statusCode, body: (await answer.body.json()) as never };
}

async function ready(replica: Replica): Promise<{ sharedTier: { state: string; reason: string | null } }> {
  const answer = await request(`${replica.origin}/ready`);
  return (await answer.body.json()) as never;
}

async function metric(replica: Replica, name: string): Promise<number> {
  const text = await (await request(`${replica.origin}/metrics`)).body.text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopAll(replicas: readonly Replica[]): Promise<void> {
  await Promise.all(
    replicas.map(async ({ cli }) => {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }),
  );
}

describeWithRedis('replicas sharing one Redis, counted at the emulation', () => {
  let redis: RedisServer;
  let upstream: MockUpstream;
  const faults = createFaultPlan();
  const replicas: Replica[] = [];
  /** Calls the emulation answered for one object's path. */
  const callsFor = (path: string): number => upstream.calls.filter((call) => new URL(call.url).pathname.startsWith(path)).length;

  beforeAll(async () => {
    redis = await startRedis();
    upstream = await startMockUpstream({ faults });
    const dataDir = mkdtempSync(join(tmpdir(), 'gateway-replicas-'));
    // One after the other: four cold starts at once on a small machine would outlast the start-up wait.
    for (let index = 0; index < 4; index += 1) replicas.push(await startReplica(upstream, redis.url, dataDir));
    await waitFor(async () => (await Promise.all(replicas.map(ready))).every((body) => body.sharedTier.state === 'SHARED'), 15_000);
    // The first GraphQL request of a process builds its schema: not what is measured here.
    await Promise.all(replicas.map((replica) => graphql(replica, '{ __typename }')));
  }, 120_000);

  afterAll(async () => {
    await stopAll(replicas);
    await upstream?.close();
    await redis?.stop();
  }, 30_000);

  it('makes one upstream call for a cold object asked on four replicas at once', async () => {
    const query = '{ dataset(idOrSlug: "fichier-des-personnes-decedees") { id title } }';
    const answers = await Promise.all(replicas.map((replica) => graphql(replica, query)));
    for (const answer of answers) expect(answer.body.errors).toBeUndefined();
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body.data))).size).toBe(1);
    expect(callsFor('/api/1/datasets/fichier-des-personnes-decedees/')).toBe(1);
  });

  it('makes one upstream call for a cold object asked on two replicas at once', async () => {
    const query = '{ organization(idOrSlug: "data-gouv-fr") { id name } }';
    const answers = await Promise.all(replicas.slice(0, 2).map((replica) => graphql(replica, query)));
    for (const answer of answers) expect(answer.body.errors).toBeUndefined();
    expect(callsFor('/api/1/organizations/data-gouv-fr/')).toBe(1);
  });

  it('answers from Redis on a second replica, with no upstream call', async () => {
    const query = '{ dataset(idOrSlug: "53699d0ea3a729239d205b2e") { id title } }';
    const first = await graphql(replicas[0]!, query);
    expect(first.body.errors).toBeUndefined();
    expect(callsFor('/api/1/datasets/53699d0ea3a729239d205b2e/')).toBe(1);
    const second = await graphql(replicas[1]!, query);
    expect(second.body.data).toEqual(first.body.data);
    expect(callsFor('/api/1/datasets/53699d0ea3a729239d205b2e/')).toBe(1);
  });

  it('serves a GET answer stored by one replica from another, with the same ETag', async () => {
    const path = `/graphql?query=${encodeURIComponent('{ dataset(idOrSlug: "population") { id title } }')}`;
    const get = (replica: Replica, headers: Record<string, string> = {}) =>
      request(`${replica.origin}${path}`, { headers: { accept: 'application/json', 'x-forwarded-for': nextClient(), ...headers } });
    const first = await get(replicas[2]!);
    const body = await first.body.text();
    const etag = first.headers['etag'];
    expect(first.statusCode).toBe(200);
    expect(etag).toMatch(/^"/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const callsBefore = upstream.calls.length;
    const second = await get(replicas[3]!);
    expect(second.statusCode).toBe(200);
    expect(second.headers['etag']).toBe(etag);
    expect(await second.body.text()).toBe(body);
    const revalidated = await get(replicas[1]!, { 'if-none-match': String(etag) });
    expect(revalidated.statusCode).toBe(304);
    await revalidated.body.dump();
    expect(upstream.calls.length).toBe(callsBefore);
  });

  it('limits a client over its limit on one replica on the others too', async () => {
    const decisions: number[] = [];
    for (const replica of [replicas[0]!, replicas[0]!, replicas[1]!, replicas[1]!, replicas[2]!]) {
      decisions.push((await graphql(replica, '{ __typename }', RATE_LIMITED_CLIENT)).status);
    }
    expect(decisions).toEqual([200, 200, 200, 429, 429]);
  });

  it('pauses every replica when one is answered 429 with Retry-After', async () => {
    faults.next('/api/1/datasets/catalogue-des-donnees-de-data-gouv-fr/', ['429:30']);
    const refused = await graphql(replicas[0]!, '{ dataset(idOrSlug: "catalogue-des-donnees-de-data-gouv-fr") { id } }');
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = upstream.calls.length;
    for (const replica of replicas.slice(1)) {
      const paused = await graphql(replica, '{ dataservice(idOrSlug: "672cf67802ef6b1be63b8975") { id } }');
      expect(paused.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    }
    expect(callsFor('/api/1/dataservices/672cf67802ef6b1be63b8975/')).toBe(0);
    expect(upstream.calls.length).toBe(before);
  });
});

describeWithRedis('replicas when Redis dies and comes back', () => {
  let redis: RedisServer;
  let upstream: MockUpstream;
  const replicas: Replica[] = [];
  const callsFor = (path: string): number => upstream.calls.filter((call) => new URL(call.url).pathname.startsWith(path)).length;

  beforeAll(async () => {
    redis = await startRedis();
    upstream = await startMockUpstream();
    const dataDir = mkdtempSync(join(tmpdir(), 'gateway-replicas-'));
    for (let index = 0; index < 2; index += 1) replicas.push(await startReplica(upstream, redis.url, dataDir));
    await waitFor(async () => (await Promise.all(replicas.map(ready))).every((body) => body.sharedTier.state === 'SHARED'), 15_000);
    await Promise.all(replicas.map((replica) => graphql(replica, '{ __typename }')));
  }, 90_000);

  afterAll(async () => {
    await stopAll(replicas);
    await upstream?.close();
    await redis?.stop();
  }, 30_000);

  it('goes on answering alone, counts degraded serves, and shares again once Redis is back', async () => {
    const population = '{ dataset(idOrSlug: "53699d0ea3a729239d205b2e") { id title } }';
    expect((await graphql(replicas[0]!, population)).body.errors).toBeUndefined();

    await redis.kill();
    await waitFor(async () => (await Promise.all(replicas.map(ready))).every((body) => body.sharedTier.state === 'LOCAL'), 10_000);
    const degradedBefore = await metric(replicas[1]!, 'gateway_shared_tier_degraded_total');
    // The second replica cannot reach the first one's answer: it asks upstream itself, and answers.
    const alone = await graphql(replicas[1]!, population);
    expect(alone.status).toBe(200);
    expect(alone.body.errors).toBeUndefined();
    expect(callsFor('/api/1/datasets/53699d0ea3a729239d205b2e/')).toBe(2);
    expect(await metric(replicas[1]!, 'gateway_shared_tier_degraded_total')).toBeGreaterThan(degradedBefore);
    expect(await metric(replicas[1]!, 'gateway_shared_tier_available')).toBe(0);

    await redis.restart();
    await waitFor(async () => (await Promise.all(replicas.map(ready))).every((body) => body.sharedTier.state === 'SHARED'), 15_000);
    expect(await metric(replicas[0]!, 'gateway_shared_tier_available')).toBe(1);
    const organization = '{ organization(idOrSlug: "data-gouv-fr") { id } }';
    expect((await graphql(replicas[0]!, organization)).body.errors).toBeUndefined();
    expect((await graphql(replicas[1]!, organization)).body.errors).toBeUndefined();
    expect(callsFor('/api/1/organizations/data-gouv-fr/')).toBe(1);
  }, 60_000);
});

describeWithRedis('WEB_CONCURRENCY with REDIS_URL', () => {
  let redis: RedisServer;
  let upstream: MockUpstream;
  let cluster: SpawnedCli | null = null;

  beforeAll(async () => {
    redis = await startRedis();
    upstream = await startMockUpstream();
  });

  afterAll(async () => {
    if (cluster) {
      cluster.child.kill('SIGTERM');
      await cluster.exited;
    }
    await upstream?.close();
    await redis?.stop();
  }, 30_000);

  it('makes its workers share the tier: one upstream call per object whichever worker answers', async () => {
    cluster = spawnCli({
      PORT: '0',
      WEB_CONCURRENCY: '2',
      DATAGOUV_API_URL: upstream.url,
      DATAGOUV_SOURCE: 'MOCK',
      REDIS_URL: redis.url,
      REDIS_COMMAND_TIMEOUT_MS: COMMAND_TIMEOUT_MS,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'gateway-cluster-')),
    });
    // Both workers say where they listen; node:cluster gives them one port.
    await cluster.waitForStdout(/"url":"http:\/\/[^"]+\/graphql"[\s\S]*"url":"http:\/\/[^"]+\/graphql"/);
    const [, origin = ''] = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(cluster.output().stdout) ?? [];
    const replica: Replica = { cli: cluster, origin };
    // A new connection per request: the primary hands connections to its workers in turn.
    const ask = async (query: string) => {
      const answer = await request(`${origin}/graphql`, { method: 'POST', reset: true, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      return (await answer.body.json()) as { errors?: unknown };
    };
    const readyStates = async () =>
      Promise.all(
        [0, 1, 2, 3].map(
          async () => (await (await request(`${origin}/ready`, { reset: true })).body.json()) as { sharedTier: { state: string }; evaluation: { servedRun: unknown } },
        ),
      );
    // Both workers on the shared tier, and the first evaluation run over: what it read is not the workload's.
    await waitFor(async () => (await readyStates()).every((body) => body.sharedTier.state === 'SHARED' && body.evaluation.servedRun !== null), 30_000);
    await Promise.all([0, 1, 2, 3].map(() => graphql(replica, '{ __typename }')));
    for (const [query, path] of [
      ['{ dataset(idOrSlug: "fichier-des-personnes-decedees") { id } }', '/api/1/datasets/fichier-des-personnes-decedees/'],
      ['{ organization(idOrSlug: "data-gouv-fr") { id } }', '/api/1/organizations/data-gouv-fr/'],
      ['{ dataservice(idOrSlug: "672cf67802ef6b1be63b8975") { id } }', '/api/1/dataservices/672cf67802ef6b1be63b8975/'],
    ] as const) {
      const callsBefore = upstream.calls.length;
      const answers = await Promise.all([0, 1, 2, 3].map(() => ask(query)));
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      const readBefore = upstream.calls.slice(0, callsBefore).some((call) => new URL(call.url).pathname === path);
      const during = upstream.calls.slice(callsBefore).filter((call) => new URL(call.url).pathname === path).length;
      const context = `${path} among ${JSON.stringify(upstream.calls.map((call) => call.url))}`;
      // Without sharing, two cold workers make two calls. An object the evaluation read before may be
      // in its worker's own cache only (read before the tier was up): the other worker then makes the one call.
      if (readBefore) expect(during, context).toBeLessThanOrEqual(1);
      else expect(during, context).toBe(1);
    }
  }, 60_000);
});
