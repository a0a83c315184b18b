import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import { startMockUpstream, type MockUpstream } from '../../mocks/serve-mock-upstream.js';
import { createCommitmentRegistry } from '../../src/commitments/create-commitment-registry.js';
import { loadCommitmentRecords } from '../../src/commitments/load-commitment-records.js';
import { loadPressReleaseStore } from '../../src/press-releases/load-press-release-store.js';
import type { PressReleaseStore } from '../../src/press-releases/press-release-store.js';
import { createGateway, type ClientPolicy, type Gateway } from '../../src/server/create-gateway.js';
import { createDatagouvClient } from '../../src/upstream/datagouv/client.js';
import type { DatagouvClient } from '../../src/upstream/datagouv/datagouv-client.js';
import { SHIPPED_COMMITMENTS, SHIPPED_PRESS_RELEASES } from '../helpers/create-test-gateway.js';

const POPULATION_ID = '53699d0ea3a729239d205b2e';
const DATASET_QUERY = `{ dataset(idOrSlug: "${POPULATION_ID}") { id title archived } }`;
const TTL_MS = 60_000;

interface Harness {
  readonly upstream: MockUpstream;
  readonly faults: ReturnType<typeof createFaultPlan>;
  readonly gateway: Gateway;
  readonly datagouv: DatagouvClient;
  readonly origin: string;
  readonly clock: { upstreamMs: number; gateway: Date };
  /** Replaces the press releases the gateway reads, as a reload would. */
  swapPressReleases(store: PressReleaseStore): void;
  get(query: string, headers?: Record<string, string>, variables?: Record<string, unknown>): Promise<Answer>;
  post(body: Record<string, unknown>, headers?: Record<string, string>): Promise<Answer>;
  upstreamCalls(): number;
  /** GraphQL requests yoga has executed (gateway_graphql_requests_total, every operation and outcome). */
  executed(): Promise<number>;
}

interface Answer {
  readonly status: number;
  readonly etag: string | undefined;
  readonly cacheControl: string | undefined;
  readonly text: string;
  readonly header: (name: string) => string | undefined;
  readonly json: { data?: Record<string, any> | null; errors?: unknown[] } | null;
}

let open: Harness[] = [];
afterEach(async () => {
  for (const harness of open) {
    await harness.gateway.shutdown();
    await harness.datagouv.close();
    await harness.upstream.close();
  }
  open = [];
});

async function startHarness(gatewayNow = new Date('2026-11-29T10:00:00+01:00'), clientPolicy: ClientPolicy = {}): Promise<Harness> {
  const faults = createFaultPlan();
  const upstream = await startMockUpstream({ port: 0, faults });
  const clock = { upstreamMs: Date.parse('2026-11-29T09:00:00Z'), gateway: gatewayNow };
  const datagouv = createDatagouvClient({
    baseUrl: upstream.url,
    source: 'MOCK',
    cache: { ttlMs: TTL_MS },
    clock: { now: () => clock.upstreamMs, sleep: () => Promise.resolve() },
  });
  let pressReleases = await loadPressReleaseStore({ directory: SHIPPED_PRESS_RELEASES });
  const delegating = new Proxy({} as PressReleaseStore, {
    get: (_target, property) => {
      const value: unknown = Reflect.get(pressReleases, property);
      return typeof value === 'function' ? value.bind(pressReleases) : value;
    },
  });
  const records = await loadCommitmentRecords(SHIPPED_COMMITMENTS);
  const gateway = createGateway({
    pressReleases: delegating,
    commitments: createCommitmentRegistry(records.commitments, records.errors),
    datagouv,
    logger: pino({ level: 'silent' }),
    now: () => clock.gateway,
    shutdownTimeoutMs: 2_000,
    clientPolicy,
  });
  await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
  const read = async (response: Awaited<ReturnType<typeof request>>): Promise<Answer> => {
    const text = await response.body.text();
    const header = (name: string): string | undefined => {
      const value = response.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    return { status: response.statusCode, etag: header('etag'), cacheControl: header('cache-control'), text, header, json: text === '' ? null : JSON.parse(text) };
  };
  const harness: Harness = {
    upstream,
    faults,
    gateway,
    datagouv,
    origin,
    clock,
    swapPressReleases: (store) => {
      pressReleases = store;
    },
    async get(query, headers = {}, variables) {
      const params = new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}) });
      return read(await request(`${origin}/graphql?${params}`, { headers: { accept: 'application/json', ...headers } }));
    },
    async post(body, headers = {}) {
      return read(
        await request(`${origin}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
          body: JSON.stringify(body),
        }),
      );
    },
    upstreamCalls: () => upstream.calls.length,
    async executed() {
      const text = await (await request(`${origin}/metrics`)).body.text();
      return [...text.matchAll(/^gateway_graphql_requests_total\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
    },
  };
  open.push(harness);
  return harness;
}

const maxAge = (cacheControl: string | undefined): number => Number(/max-age=(\d+)/.exec(cacheControl ?? '')?.[1] ?? Number.NaN);

describe('GraphQL response cache (GET and persisted queries)', () => {
  it('serves the same answer with the same ETag, without asking data.gouv.fr again, and answers 304 on a match', async () => {
    const h = await startHarness();
    const first = await h.get(DATASET_QUERY);
    expect(first.status).toBe(200);
    expect(first.json?.data?.['dataset']).toMatchObject({ id: POPULATION_ID, archived: false });
    expect(first.etag).toMatch(/^"[\w-]+"$/);
    expect(first.cacheControl).toMatch(/^public, max-age=\d+$/);
    expect(maxAge(first.cacheControl)).toBeGreaterThan(0);
    expect(maxAge(first.cacheControl)).toBeLessThanOrEqual(TTL_MS / 1000);
    const callsAfterFirst = h.upstreamCalls();

    // The same document written differently is the same read.
    const second = await h.get(`query {\n  dataset(idOrSlug: "${POPULATION_ID}") {\n    id\n    title\n    archived\n  }\n}`);
    expect(second.text).toBe(first.text);
    expect(second.etag).toBe(first.etag);
    expect(h.upstreamCalls()).toBe(callsAfterFirst);

    const revalidated = await h.get(DATASET_QUERY, { 'if-none-match': first.etag as string });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
    expect(revalidated.etag).toBe(first.etag);
    const otherTag = await h.get(DATASET_QUERY, { 'if-none-match': '"something-else"' });
    expect(otherTag.status).toBe(200);

    const metrics = await (await request(`${h.origin}/metrics`)).body.text();
    expect(metrics).toContain('gateway_response_cache_total{result="hit"} 3');
    expect(metrics).toContain('gateway_response_cache_total{result="not_modified"} 1');
    expect(metrics).toContain('gateway_response_cache_total{result="miss"} 1');
    expect(metrics).toContain('gateway_response_cache_total{result="stored"} 1');
    expect(metrics).toMatch(/gateway_response_cache_bytes \d{3,}/);
  });

  it('gives a changed upstream value a new ETag once the object it came from expires, and not before', async () => {
    const h = await startHarness();
    const first = await h.get(DATASET_QUERY);
    h.upstream.control.archiveObject('dataset', POPULATION_ID);

    h.clock.upstreamMs += TTL_MS - 2_000;
    const beforeExpiry = await h.get(DATASET_QUERY);
    expect(beforeExpiry.etag).toBe(first.etag);
    expect(maxAge(beforeExpiry.cacheControl)).toBeLessThanOrEqual(2);

    h.clock.upstreamMs += 3_000;
    // The client serves the expired object once while it refreshes it: that answer is not stored.
    const revalidating = await h.get(DATASET_QUERY);
    expect(revalidating.etag).toBeUndefined();
    await h.datagouv.getDataset(POPULATION_ID);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await h.get(DATASET_QUERY);
    expect(after.json?.data?.['dataset']).toMatchObject({ archived: true });
    expect(after.etag).toBeDefined();
    expect(after.etag).not.toBe(first.etag);
  });

  it('does not store answers with errors, upstream failures or stale values', async () => {
    const h = await startHarness();
    const invalid = await h.get('{ dataset(idOrSlug: "") { id } }');
    expect(invalid.json?.errors).toBeDefined();
    expect(invalid.etag).toBeUndefined();

    h.faults.next(`/api/1/datasets/${POPULATION_ID}/`, ['503', '503', '503']);
    const failed = await h.get(DATASET_QUERY);
    expect(failed.json?.errors).toBeDefined();
    expect(failed.etag).toBeUndefined();
    expect(failed.cacheControl ?? '').not.toMatch(/public/);
    const recovered = await h.get(DATASET_QUERY);
    expect(recovered.json?.errors).toBeUndefined();
    expect(recovered.etag).toBeDefined();

    // Past its TTL and with data.gouv.fr failing, the client serves the last value flagged stale.
    h.clock.upstreamMs += TTL_MS + 1_000;
    h.faults.next(`/api/1/datasets/${POPULATION_ID}/`, ['503', '503', '503']);
    const staleQuery = `{ dataset(idOrSlug: "${POPULATION_ID}") { id title stale } }`;
    const revalidating = await h.get(staleQuery);
    expect(revalidating.etag).toBeUndefined();
    // The background refresh fails: from then on the value is stale.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stale = await h.get(staleQuery);
    expect(stale.json?.data?.['dataset']).toMatchObject({ stale: true });
    expect(stale.etag).toBeUndefined();
  });

  it('answers a POST that carries its document from the entry stored for the same read, until the records are reloaded', async () => {
    const h = await startHarness();
    const query = '{ announcements(first: 50) { totalCount } }';
    const cached = await h.get(query);
    expect(cached.etag).toBeDefined();
    const before = cached.json?.data?.['announcements']?.totalCount as number;
    h.swapPressReleases(await loadPressReleaseStore({ directory: `${SHIPPED_PRESS_RELEASES}/_communiques` }));

    const posted = await h.post({ query });
    expect(posted.etag).toBe(cached.etag);
    expect(posted.json?.data?.['announcements']?.totalCount).toBe(before);
    h.gateway.invalidate();
    const reloaded = await h.post({ query });
    expect(reloaded.json?.data?.['announcements']?.totalCount).not.toBe(before);
    expect(reloaded.etag).not.toBe(cached.etag);
    expect((await h.get(query)).etag).toBe(reloaded.etag);
  });

  it('serves persisted queries by hash, by GET and by POST without the document', async () => {
    const h = await startHarness();
    const sha256Hash = createHash('sha256').update(DATASET_QUERY).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const byHashBeforeRegistration = await request(`${h.origin}/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions))}`, {
      headers: { accept: 'application/json' },
    });
    expect(await byHashBeforeRegistration.body.text()).toContain('PersistedQueryNotFound');

    const registered = await h.post({ query: DATASET_QUERY, extensions });
    expect(registered.json?.data?.['dataset']).toMatchObject({ id: POPULATION_ID });
    const byGet = await request(`${h.origin}/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions))}`, { headers: { accept: 'application/json' } });
    const byGetText = await byGet.body.text();
    expect(JSON.parse(byGetText).data.dataset.id).toBe(POPULATION_ID);
    expect(byGet.headers['etag']).toBeDefined();
    const calls = h.upstreamCalls();
    const byPost = await h.post({ extensions });
    expect(byPost.etag).toBe(byGet.headers['etag']);
    expect(byPost.text).toBe(byGetText);
    expect(h.upstreamCalls()).toBe(calls);
  });

  it('does not store answers with process-varying upstream figures', async () => {
    const h = await startHarness();
    const varying = await h.get('{ upstreamStatus { source cacheHits } }');
    expect(varying.json?.data?.['upstreamStatus']).toBeDefined();
    expect(varying.etag).toBeUndefined();
    const stable = await h.get('{ upstreamStatus { source baseUrl } }');
    expect(stable.etag).toBeDefined();
  });

  it('does not serve a verdict past the next Paris midnight', async () => {
    const h = await startHarness(new Date('2026-11-29T23:59:30+01:00'));
    const query = '{ commitment(key: "c015") { status { state daysOverdue } } }';
    const evening = await h.get(query);
    expect(evening.json?.data?.['commitment']?.status?.state).toBe('OVERDUE');
    expect(evening.etag).toBeDefined();
    expect(maxAge(evening.cacheControl)).toBeLessThanOrEqual(30);

    h.clock.gateway = new Date('2026-11-30T00:00:01+01:00');
    const nextDay = await h.get(query);
    expect(nextDay.json?.data?.['commitment']?.status?.daysOverdue).toBe(
      (evening.json?.data?.['commitment']?.status?.daysOverdue as number) + 1,
    );
    expect(nextDay.etag).not.toBe(evening.etag);
  });

  it('is switched off with fastPaths: false', async () => {
    const h = await startHarness();
    const fast = await h.get(DATASET_QUERY);
    expect(fast.etag).toBeDefined();
    const records = await loadCommitmentRecords(SHIPPED_COMMITMENTS);
    const plain = createGateway({
      pressReleases: await loadPressReleaseStore({ directory: SHIPPED_PRESS_RELEASES }),
      commitments: createCommitmentRegistry(records.commitments, records.errors),
      datagouv: h.datagouv,
      logger: pino({ level: 'silent' }),
      fastPaths: false,
    });
    const params = new URLSearchParams({ query: DATASET_QUERY });
    const answer = await plain.yoga.fetch(`http://gateway.test/graphql?${params}`, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(200);
    await new Promise<void>((resolve) => plain.server.listen(0, '127.0.0.1', resolve));
    const overHttp = await request(`http://127.0.0.1:${(plain.server.address() as AddressInfo).port}/graphql?${params}`, { headers: { accept: 'application/json' } });
    await overHttp.body.text();
    expect(overHttp.headers['etag']).toBeUndefined();
    await plain.shutdown();
  });

  it('shares verdicts between POSTs while their sources are fresh, and judges again once one expires', async () => {
    const h = await startHarness();
    const query = '{ commitment(key: "c001") { status { state dataset { id deleted } } } }';
    const first = await h.post({ query });
    expect(first.json?.data?.['commitment']?.status).toMatchObject({ state: 'PUBLISHED_ON_TIME', dataset: { id: '61275b77aded9b4b47931a28' } });
    h.upstream.control.deleteObject('dataset', '61275b77aded9b4b47931a28');
    const callsBefore = h.upstreamCalls();
    const shared = await h.post({ query });
    expect(shared.text).toBe(first.text);
    expect(h.upstreamCalls()).toBe(callsBefore);

    h.clock.upstreamMs += TTL_MS + 1_000;
    // The first read past the TTL refreshes in the background; the next one judges on the refreshed objects.
    await h.post({ query });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const judgedAgain = await h.post({ query });
    expect(judgedAgain.json?.data?.['commitment']?.status?.state).not.toBe('PUBLISHED_ON_TIME');
  });
});

describe('GraphQL response cache for reads sent by POST', () => {
  const variablesQuery = 'query Dataset($id: String!, $first: Int) { dataset(idOrSlug: $id) { id title resources(first: $first) { totalCount } } }';

  it('answers a repeated POST without executing it or asking data.gouv.fr, with the GET ETag and no-store', async () => {
    const h = await startHarness();
    const first = await h.post({ query: variablesQuery, variables: { id: POPULATION_ID, first: 5 }, operationName: 'Dataset' });
    expect(first.status).toBe(200);
    expect(first.json?.data?.['dataset']).toMatchObject({ id: POPULATION_ID });
    expect(first.etag).toMatch(/^"[\w-]+"$/);
    expect(first.cacheControl).toBe('no-store');
    const calls = h.upstreamCalls();
    const executed = await h.executed();
    expect(executed).toBe(1);

    // Same read, variables in another order and the document spaced otherwise.
    const second = await h.post({ query: `\n${variablesQuery.replaceAll(' ', '  ')}\n`, variables: { first: 5, id: POPULATION_ID }, operationName: 'Dataset' });
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.etag).toBe(first.etag);
    expect(second.cacheControl).toBe('no-store');
    expect(h.upstreamCalls() - calls).toBe(0);
    expect(await h.executed()).toBe(executed);

    const byGet = await h.get(variablesQuery, {}, { id: POPULATION_ID, first: 5 });
    expect(byGet.etag).toBe(first.etag);
    expect(byGet.text).toBe(first.text);
    expect(await h.executed()).toBe(executed);
  });

  it('sends the whole answer to a POST whose If-None-Match matches (304 is for GET and HEAD only)', async () => {
    const h = await startHarness();
    const first = await h.post({ query: DATASET_QUERY });
    expect(first.etag).toBeDefined();
    const again = await h.post({ query: DATASET_QUERY }, { 'if-none-match': first.etag as string });
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect((await h.get(DATASET_QUERY, { 'if-none-match': first.etag as string })).status).toBe(304);
  });

  it('keeps apart answers to another operation name or another Accept', async () => {
    const h = await startHarness();
    const document = `query A { dataset(idOrSlug: "${POPULATION_ID}") { id } } query B { dataset(idOrSlug: "${POPULATION_ID}") { title } }`;
    const a = await h.post({ query: document, operationName: 'A' });
    const b = await h.post({ query: document, operationName: 'B' });
    expect(a.json?.data?.['dataset']).toEqual({ id: POPULATION_ID });
    expect(b.json?.data?.['dataset']).toEqual({ title: expect.any(String) });
    expect(await h.executed()).toBe(2);
    expect((await h.post({ query: document, operationName: 'B' })).text).toBe(b.text);
    expect(await h.executed()).toBe(2);

    const asGraphqlResponse = await h.post({ query: document, operationName: 'A' }, { accept: 'application/graphql-response+json' });
    expect(asGraphqlResponse.header('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(await h.executed()).toBe(3);
    expect((await h.post({ query: document, operationName: 'A' })).header('content-type')).toMatch(/^application\/json/);
    expect(await h.executed()).toBe(3);
  });

  it('executes every mutation, subscription or invalid document again and stores none', async () => {
    const h = await startHarness();
    for (const query of ['mutation { evaluate }', 'subscription { changes }', '{ dataset(idOrSlug: "x") { id }', '{ nope }']) {
      const before = await h.executed();
      const first = await h.post({ query });
      const second = await h.post({ query });
      expect(first.json?.errors).toBeDefined();
      expect(first.etag).toBeUndefined();
      expect(second.etag).toBeUndefined();
      expect(await h.executed()).toBe(before + 2);
    }
  });

  it('does not store an answer with errors: the next POST asks data.gouv.fr again', async () => {
    const h = await startHarness();
    h.faults.next(`/api/1/datasets/${POPULATION_ID}/`, ['503', '503', '503']);
    const failed = await h.post({ query: DATASET_QUERY });
    expect(failed.json?.errors).toBeDefined();
    expect(failed.etag).toBeUndefined();
    expect(failed.cacheControl).toBe('no-store');
    const calls = h.upstreamCalls();
    const recovered = await h.post({ query: DATASET_QUERY });
    expect(recovered.json?.errors).toBeUndefined();
    expect(h.upstreamCalls()).toBeGreaterThan(calls);
    expect(recovered.etag).toBeDefined();
  });

  it('still answers a configured CORS origin when the answer comes from the cache', async () => {
    const h = await startHarness(undefined, { corsOrigins: ['https://a.example'] });
    const headers = { origin: 'https://a.example' };
    const first = await h.post({ query: DATASET_QUERY }, headers);
    const second = await h.post({ query: DATASET_QUERY }, headers);
    expect(first.header('access-control-allow-origin')).toBe('https://a.example');
    expect(second.header('access-control-allow-origin')).toBe('https://a.example');
    expect(second.text).toBe(first.text);
  });
});
