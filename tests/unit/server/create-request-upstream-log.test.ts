import { describe, expect, it } from 'vitest';
import { createRequestUpstreamLog } from '../../../src/server/create-request-upstream-log.js';
import type { DatagouvClient } from '../../../src/upstream/datagouv/datagouv-client.js';

const TTL_MS = 300_000;
const NOW_MS = Date.parse('2026-11-29T09:00:00.000Z');

/** A client whose answers are given by the test, with a five-minute freshness counted from each answer's fetch time. */
function fakeClient(answer: unknown): DatagouvClient {
  return {
    now: () => NOW_MS,
    freshUntil: ({ fetchedAt }: { fetchedAt: string }) => Date.parse(fetchedAt) + TTL_MS,
    getDataset: () => Promise.resolve(answer),
  } as unknown as DatagouvClient;
}

describe('createRequestUpstreamLog', () => {
  it('bounds the answer by the freshness of each object read', async () => {
    const fetchedAt = new Date(NOW_MS - 60_000).toISOString();
    const log = createRequestUpstreamLog(fakeClient({ id: 'x', fetchedAt }), () => new Date(NOW_MS));
    await log.client.getDataset('x');
    expect(log.freshUntil()).toBe(NOW_MS - 60_000 + TTL_MS);
  });

  it('keeps an answer with a "not found" no longer than one cache lifetime from now, instead of never', async () => {
    const log = createRequestUpstreamLog(fakeClient(null), () => new Date(NOW_MS));
    await log.client.getDataset('missing');
    expect(log.freshUntil()).toBe(NOW_MS + TTL_MS);
    expect(log.lookups()).toEqual([expect.objectContaining({ operation: 'getDataset', outcome: 'NOT_FOUND' })]);
  });

  it('keeps nothing built on a stale answer', async () => {
    const log = createRequestUpstreamLog(fakeClient({ id: 'x', fetchedAt: new Date(NOW_MS).toISOString(), stale: true }), () => new Date(NOW_MS));
    await log.client.getDataset('x');
    expect(log.freshUntil()).toBe(0);
  });
});
