import { estimateMemoryBytes } from '../../../src/upstream/datagouv/estimate-memory-bytes.js';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createTestClient } from './support/create-test-client.js';
import { readFixture } from './support/read-fixture.js';

const POPULATION_ID = '53699d0ea3a729239d205b2e';
const POPULATION = readFixture('api1-datasets-53699d0ea3a729239d205b2e.json').body as Record<string, unknown>;
const DATASET_URL = 'https://www.data.gouv.fr/api/1/datasets/:idOrSlug/';
const TTL_MS = 5 * 60_000;

/** Serves Population by id or slug; `respond` can be swapped during a test. */
function populationUpstream() {
  const state: { respond: () => Response | Promise<Response> } = { respond: () => HttpResponse.json(POPULATION) };
  const handler = http.get(DATASET_URL, ({ params }) => {
    if (params['idOrSlug'] !== POPULATION_ID && params['idOrSlug'] !== 'population') return HttpResponse.json({ message: 'not found' }, { status: 404 });
    return state.respond();
  });
  return { state, handler };
}

function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Lets queued microtasks and the background refresh run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('coalescing and warm cache', () => {
  it('sends one upstream request for ten concurrent reads of the same dataset', async () => {
    const { state, handler } = populationUpstream();
    const slow = gate();
    state.respond = () => slow.opened.then(() => HttpResponse.json(POPULATION));
    const { client, upstream } = createTestClient([handler]);
    const reads = Array.from({ length: 10 }, () => client.getDataset(POPULATION_ID));
    slow.open();
    const datasets = await Promise.all(reads);
    expect(upstream.calls).toHaveLength(1);
    expect(new Set(datasets.map((dataset) => dataset?.title))).toEqual(new Set(['Population']));
  });

  it('serves a warm cache without calling upstream', async () => {
    const { handler } = populationUpstream();
    const { client, upstream } = createTestClient([handler]);
    await client.getDataset(POPULATION_ID);
    const again = await client.getDataset(POPULATION_ID);
    expect(upstream.calls).toHaveLength(1);
    expect(again).toMatchObject({ title: 'Population', stale: false });
    expect(client.status()).toMatchObject({ cacheHits: 1, cacheMisses: 1, cacheEntries: 1 });
    // Charged as heap memory, which outweighs the JSON text it came from.
    expect(client.status().cacheBytes).toBe(estimateMemoryBytes(POPULATION));
    expect(client.status().cacheBytes).toBeGreaterThan(JSON.stringify(POPULATION).length);
  });

  it('shares one entry between the slug and the id, in both orders', async () => {
    const first = createTestClient([populationUpstream().handler]);
    await first.client.getDataset('population');
    await expect(first.client.getDataset(POPULATION_ID)).resolves.toMatchObject({ slug: 'population' });
    expect(first.upstream.calls).toHaveLength(1);

    const second = createTestClient([populationUpstream().handler]);
    await second.client.getDataset(POPULATION_ID);
    await second.client.getDataset('population');
    expect(second.upstream.calls).toHaveLength(1);
  });

  it('keeps v1 and v2 of one dataset apart', async () => {
    const v2 = (readFixture('api2-datasets-search-q-population-size3.json').body as { data: unknown[] }).data[0];
    const { client, upstream } = createTestClient([
      populationUpstream().handler,
      http.get('https://www.data.gouv.fr/api/2/datasets/:id/', () => HttpResponse.json(v2 as Record<string, unknown>)),
    ]);
    const one = await client.getDataset(POPULATION_ID);
    const two = await client.getDatasetV2(POPULATION_ID);
    expect(upstream.calls).toHaveLength(2);
    expect(one?.inlineResources).toHaveLength(5);
    expect(two).toMatchObject({ inlineResources: null, resourceCount: 8 });
  });
});

describe('aborts', () => {
  it('rejects only the caller that aborted; the others get the shared answer', async () => {
    const { state, handler } = populationUpstream();
    const slow = gate();
    state.respond = () => slow.opened.then(() => HttpResponse.json(POPULATION));
    const { client, upstream } = createTestClient([handler]);
    const impatient = new AbortController();
    const first = client.getDataset(POPULATION_ID, { signal: impatient.signal });
    const others = [client.getDataset(POPULATION_ID), client.getDataset(POPULATION_ID, { signal: new AbortController().signal })];
    impatient.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    slow.open();
    await expect(Promise.all(others)).resolves.toEqual([expect.objectContaining({ title: 'Population' }), expect.objectContaining({ title: 'Population' })]);
    expect(upstream.calls).toHaveLength(1);
  });

  it('finishes and caches the shared request even when every caller aborted', async () => {
    const { state, handler } = populationUpstream();
    const slow = gate();
    state.respond = () => slow.opened.then(() => HttpResponse.json(POPULATION));
    const { client, upstream } = createTestClient([handler]);
    const controller = new AbortController();
    const read = client.getDataset(POPULATION_ID, { signal: controller.signal });
    controller.abort(new Error('client went away'));
    await expect(read).rejects.toThrow('client went away');
    slow.open();
    await settle();
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ stale: false });
    expect(upstream.calls).toHaveLength(1);
  });

  it('refuses at once a call whose signal is already aborted', async () => {
    const { client, upstream } = createTestClient([populationUpstream().handler]);
    await expect(client.getDataset(POPULATION_ID, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('stale values', () => {
  it('serves a value past its TTL flagged revalidating (not stale) and refreshes it once in the background', async () => {
    const { state, handler } = populationUpstream();
    const { client, upstream, clock } = createTestClient([handler]);
    const fresh = await client.getDataset(POPULATION_ID);
    clock.advance(TTL_MS + 1);
    state.respond = () => HttpResponse.json({ ...POPULATION, title: 'Population (renamed)' });
    const [stale, staleToo] = await Promise.all([client.getDataset(POPULATION_ID), client.getDataset(POPULATION_ID)]);
    expect(stale).toMatchObject({ title: 'Population', stale: false, revalidating: true, fetchedAt: fresh?.fetchedAt });
    expect(staleToo?.revalidating).toBe(true);
    await settle();
    expect(upstream.calls).toHaveLength(2);
    const refreshed = await client.getDataset(POPULATION_ID);
    expect(refreshed).toMatchObject({ title: 'Population (renamed)', stale: false, revalidating: false, fetchedAt: new Date(clock.now()).toISOString() });
    expect(upstream.calls).toHaveLength(2);
  });

  it('keeps serving the last good value, flagged stale, while the upstream fails', async () => {
    const { state, handler } = populationUpstream();
    const { client, clock } = createTestClient([handler], { retries: 0 });
    await client.getDataset(POPULATION_ID);
    clock.advance(TTL_MS + 1);
    state.respond = () => HttpResponse.json({ message: 'down' }, { status: 503 });
    // Past the TTL the first read cannot know the refresh will fail: revalidating.
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ title: 'Population', stale: false, revalidating: true });
    await settle();
    // Once the refresh has failed, the value is stale, however often it is asked for.
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ title: 'Population', stale: true, revalidating: false });
    await settle();
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ title: 'Population', stale: true });
    expect(client.status().lastError).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    // One read while revalidating, two once the refresh had failed; all three were hits.
    expect(client.status()).toMatchObject({ cacheRevalidatingServes: 1, cacheStaleServes: 2, cacheHits: 3, cacheMisses: 1 });
  });

  it('throws when the upstream fails and nothing was ever cached', async () => {
    const { state, handler } = populationUpstream();
    state.respond = () => HttpResponse.json({ message: 'down' }, { status: 503 });
    const { client } = createTestClient([handler], { retries: 0 });
    await expect(client.getDataset(POPULATION_ID)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('forgets a value past TTL plus max stale and fetches again', async () => {
    const { handler } = populationUpstream();
    const { client, upstream, clock } = createTestClient([handler], { cache: { maxStaleMs: 60_000 } });
    await client.getDataset(POPULATION_ID);
    clock.advance(TTL_MS + 60_001);
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ stale: false });
    expect(upstream.calls).toHaveLength(2);
  });
});

describe('404 and 410', () => {
  it('remembers a 404 for a minute', async () => {
    const { client, upstream, clock } = createTestClient([populationUpstream().handler]);
    await expect(client.getDataset('nothing-here')).resolves.toBeNull();
    clock.advance(59_000);
    await expect(client.getDataset('nothing-here')).resolves.toBeNull();
    expect(upstream.calls).toHaveLength(1);
    clock.advance(2_000);
    await client.getDataset('nothing-here');
    expect(upstream.calls).toHaveLength(2);
  });

  it('returns the last known fields with deleted: true when a cached dataset becomes 410', async () => {
    const { state, handler } = populationUpstream();
    const { client, clock } = createTestClient([handler]);
    await client.getDataset('population');
    clock.advance(TTL_MS + 1);
    state.respond = () => HttpResponse.json({ message: 'Dataset has been deleted' }, { status: 410 });
    await client.getDataset('population');
    await settle();
    const gone = await client.getDataset('population');
    expect(gone).toMatchObject({ id: POPULATION_ID, title: 'Population', deleted: true, resourceCount: 5 });
    expect(await client.getDataset(POPULATION_ID)).toMatchObject({ deleted: true, title: 'Population' });
  });
});

describe('a slug that changes hands', () => {
  const OTHER_ID = 'bbbbbbbbbbbbbbbbbbbbbbbb';
  const OTHER = { ...POPULATION, id: OTHER_ID, title: 'Another dataset' };

  it('refreshes through the slug without ever serving the other dataset for the first one’s id', async () => {
    const { state, handler } = populationUpstream();
    const byId = http.get(`https://www.data.gouv.fr/api/1/datasets/${OTHER_ID}/`, () => HttpResponse.json(OTHER));
    const { client, clock } = createTestClient([byId, handler]);
    await client.getDataset('population');
    clock.advance(TTL_MS + 1);
    // The slug now belongs to another dataset; the first one still answers by id.
    state.respond = () => HttpResponse.json(OTHER);
    await client.getDataset('population');
    await settle();
    await expect(client.getDataset('population')).resolves.toMatchObject({ id: OTHER_ID, title: 'Another dataset' });
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ id: POPULATION_ID, title: 'Population' });
  });

  it('keeps the dataset known by id when its old slug starts answering 404', async () => {
    const { state, handler } = populationUpstream();
    const { client, clock } = createTestClient([handler]);
    await client.getDataset('population');
    clock.advance(TTL_MS + 1);
    const previous = state.respond;
    state.respond = () => HttpResponse.json({ message: 'not found' }, { status: 404 });
    await client.getDataset('population');
    await settle();
    await expect(client.getDataset('population')).resolves.toBeNull();
    state.respond = previous;
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ id: POPULATION_ID, title: 'Population' });
  });
});

describe('bounds', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const { client, upstream } = createTestClient(
      [http.get(DATASET_URL, ({ params }) => HttpResponse.json({ id: String(params['idOrSlug']), title: 'x' }))],
      { cache: { maxEntries: 2 } },
    );
    const ids = ['aaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbb', 'cccccccccccccccccccccccc'];
    for (const id of ids) await client.getDataset(id);
    await client.getDataset(ids[2] as string);
    expect(upstream.calls).toHaveLength(3);
    await client.getDataset(ids[0] as string);
    expect(upstream.calls).toHaveLength(4);
    expect(client.status().cacheEntries).toBe(2);
  });

  it('does not keep an answer larger than maxBytes, but still returns it', async () => {
    const { client, upstream } = createTestClient([populationUpstream().handler], { cache: { maxBytes: 1_000 } });
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ title: 'Population' });
    await client.getDataset(POPULATION_ID);
    expect(upstream.calls).toHaveLength(2);
    expect(client.status()).toMatchObject({ cacheEntries: 0, cacheBytes: 0 });
  });
});
