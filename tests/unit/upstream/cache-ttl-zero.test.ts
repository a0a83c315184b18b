import { describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../../mocks/faults/fault-plan.js';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { BASE_URL, createTestClient } from './support/create-test-client.js';

const ID = '53699d0ea3a729239d205b2e';
const PATH = `/api/1/datasets/${ID}/`;

describe('a cache TTL of 0 (DATAGOUV_CACHE_TTL_MS=0)', () => {
  it('asks data.gouv.fr for every call, even with a stale window configured', async () => {
    const { client, upstream, clock } = createTestClient(createDatagouvHandlers({ baseUrl: BASE_URL }), {
      cache: { ttlMs: 0, maxStaleMs: 86_400_000 },
    });
    await client.getDataset(ID);
    const second = await client.getDataset(ID);
    clock.advance(3_600_000);
    const third = await client.getDataset(ID);
    expect(upstream.calls.filter((call) => new URL(call.url).pathname === PATH)).toHaveLength(3);
    expect([second?.stale, third?.stale]).toEqual([false, false]);
  });

  it('keeps nothing to fall back on: a failing upstream is an error, not an old answer', async () => {
    const faults = createFaultPlan();
    const { client } = createTestClient(createDatagouvHandlers({ baseUrl: BASE_URL, faults }), {
      cache: { ttlMs: 0, maxStaleMs: 86_400_000 },
      retries: 0,
    });
    expect(await client.getDataset(ID)).not.toBeNull();
    faults.next(PATH, ['503']);
    await expect(client.getDataset(ID)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('with the default TTL, serves the second call from the cache (the counter-check)', async () => {
    const { client, upstream } = createTestClient(createDatagouvHandlers({ baseUrl: BASE_URL }));
    await client.getDataset(ID);
    await client.getDataset(ID);
    expect(upstream.calls.filter((call) => new URL(call.url).pathname === PATH)).toHaveLength(1);
  });
});
