import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createTestClient } from './support/create-test-client.js';
import { expectGatewayError } from './support/expect-gateway-error.js';
import { readFixture } from './support/read-fixture.js';

const POPULATION = readFixture('api1-datasets-53699d0ea3a729239d205b2e.json').body as Record<string, unknown>;
const DATASET_URL = 'https://www.data.gouv.fr/api/1/datasets/:idOrSlug/';
const id = (n: number): string => n.toString(16).padStart(24, '0');

describe('what the breaker counts as a failure', () => {
  it('opens on 429s like on 503s', async () => {
    const { client, upstream } = createTestClient([http.get(DATASET_URL, () => new HttpResponse('busy', { status: 429 }))], { retries: 0 });
    for (let n = 0; n < 5; n += 1) await expectGatewayError(client.getDataset(id(n)), 'UPSTREAM_UNAVAILABLE');
    expect(client.status().breakerState).toBe('OPEN');
    await expectGatewayError(client.getDataset(id(9)), 'UPSTREAM_CIRCUIT_OPEN');
    expect(upstream.calls).toHaveLength(5);
  });

  it('opens on 200 answers whose body is not JSON', async () => {
    const { client, upstream } = createTestClient([http.get(DATASET_URL, () => new HttpResponse('{"id": "53699d0e', { status: 200 }))]);
    for (let n = 0; n < 5; n += 1) await expectGatewayError(client.getDataset(id(n)), 'UPSTREAM_BAD_PAYLOAD');
    expect(client.status().breakerState).toBe('OPEN');
    await expectGatewayError(client.getDataset(id(9)), 'UPSTREAM_CIRCUIT_OPEN');
    expect(upstream.calls).toHaveLength(5);
  });

  it('opens on 200 answers that lack a dataset’s essential fields', async () => {
    const { client } = createTestClient([http.get(DATASET_URL, () => HttpResponse.json({ maintenance: true }))]);
    for (let n = 0; n < 5; n += 1) await expectGatewayError(client.getDataset(id(n)), 'UPSTREAM_BAD_PAYLOAD');
    expect(client.status().breakerState).toBe('OPEN');
  });

  it('is closed again by a good answer between bad ones', async () => {
    let calls = 0;
    const { client } = createTestClient([
      http.get(DATASET_URL, () => {
        calls += 1;
        return calls % 4 === 0 ? HttpResponse.json(POPULATION) : new HttpResponse('garbage', { status: 200 });
      }),
    ]);
    for (let n = 0; n < 8; n += 1) await client.getDataset(id(n)).catch(() => undefined);
    expect(client.status().breakerState).toBe('CLOSED');
  });
});

describe('Retry-After closes the gate to the host for every call', () => {
  it('keeps every call away until the delay has passed, then lets calls through again', async () => {
    let calls = 0;
    const { client, upstream, clock } = createTestClient(
      [
        http.get(DATASET_URL, () => {
          calls += 1;
          return calls === 1 ? new HttpResponse('slow down', { status: 429, headers: { 'retry-after': '20' } }) : HttpResponse.json(POPULATION);
        }),
      ],
      { retries: 0 },
    );
    await expectGatewayError(client.getDataset(id(1)), 'UPSTREAM_UNAVAILABLE');
    const gated = await expectGatewayError(client.getDataset(id(2)), 'UPSTREAM_UNAVAILABLE');
    expect(gated.details).toMatchObject({ retryAfterSeconds: 20 });
    await expectGatewayError(client.getSite(), 'UPSTREAM_UNAVAILABLE');
    expect(upstream.calls).toHaveLength(1);
    clock.advance(20_000);
    await expect(client.getDataset(id(3))).resolves.toMatchObject({ title: 'Population' });
    expect(upstream.calls).toHaveLength(2);
  });

  it('reads an HTTP-date Retry-After against the injected clock', async () => {
    const { client, upstream, clock } = createTestClient(
      [http.get(DATASET_URL, () => new HttpResponse('busy', { status: 503, headers: { 'retry-after': 'Thu, 03 Sep 2026 12:00:30 GMT' } }))],
      { retries: 0 },
    );
    await expectGatewayError(client.getDataset(id(1)), 'UPSTREAM_UNAVAILABLE');
    clock.advance(29_999);
    await expectGatewayError(client.getDataset(id(2)), 'UPSTREAM_UNAVAILABLE');
    expect(upstream.calls).toHaveLength(1);
    clock.advance(1);
    await expectGatewayError(client.getDataset(id(3)), 'UPSTREAM_UNAVAILABLE');
    expect(upstream.calls).toHaveLength(2);
  });

  it('bounds the gate by maxGateMs, whatever the upstream asks', async () => {
    let calls = 0;
    const { client, upstream, clock } = createTestClient(
      [
        http.get(DATASET_URL, () => {
          calls += 1;
          return calls === 1 ? new HttpResponse('come back tomorrow', { status: 429, headers: { 'retry-after': '86400' } }) : HttpResponse.json(POPULATION);
        }),
      ],
      { retries: 0, maxGateMs: 5_000 },
    );
    await expectGatewayError(client.getDataset(id(1)), 'UPSTREAM_UNAVAILABLE');
    clock.advance(5_000);
    await expect(client.getDataset(id(2))).resolves.toMatchObject({ title: 'Population' });
    expect(upstream.calls).toHaveLength(2);
  });
});

describe('waiting for a concurrency slot', () => {
  it('does not count against the call’s deadline', async () => {
    const { client } = createTestClient(
      [
        http.get(DATASET_URL, async () => {
          await new Promise((resolve) => setTimeout(resolve, 150));
          return HttpResponse.json(POPULATION);
        }),
      ],
      { concurrency: 1, timeouts: { overallMs: 400, headersMs: 400 } },
    );
    // One slot, four calls of 150 ms each: the last one queues past its own 400 ms deadline.
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => client.getDataset(id(n))));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(client.status().lastError).toBeNull();
  });
});
