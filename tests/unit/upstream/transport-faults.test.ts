import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createDatagouvClient } from '../../../src/upstream/datagouv/client.js';
import { createTestClient } from './support/create-test-client.js';
import { expectGatewayError } from './support/expect-gateway-error.js';
import { jsonResponse } from './support/json-response.js';
import { readFixture } from './support/read-fixture.js';

const POPULATION_ID = '53699d0ea3a729239d205b2e';
const POPULATION = readFixture('api1-datasets-53699d0ea3a729239d205b2e.json').body as Record<string, unknown>;
const DATASET_URL = `https://www.data.gouv.fr/api/1/datasets/:idOrSlug/`;

/** Answers with the given responses in order, then keeps repeating the last one. */
function sequence(...responses: Array<() => Response>) {
  let index = 0;
  return http.get(DATASET_URL, () => {
    const respond = responses[Math.min(index, responses.length - 1)];
    index += 1;
    if (!respond) throw new Error('empty sequence');
    return respond();
  });
}

const ok = () => HttpResponse.json(POPULATION);
const status = (code: number, headers: Record<string, string> = {}) => () =>
  HttpResponse.json({ message: `status ${code}` }, { status: code, headers });

describe('retries', () => {
  it('waits exactly the Retry-After of a 429, then succeeds on the one retry', async () => {
    const { client, upstream, clock } = createTestClient([sequence(status(429, { 'retry-after': '1' }), ok)]);
    const dataset = await client.getDataset(POPULATION_ID);
    expect(dataset?.title).toBe('Population');
    expect(upstream.calls).toHaveLength(2);
    expect(clock.sleep).toHaveBeenCalledTimes(1);
    expect(clock.sleep.mock.calls[0]?.[0]).toBe(1000);
    expect(client.status().callsByStatus).toEqual({ '429': 1, '200': 1 });
  });

  it('retries 503 twice and returns the third answer', async () => {
    const { client, upstream, clock } = createTestClient([sequence(status(503), status(503), ok)]);
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ id: POPULATION_ID });
    expect(upstream.calls).toHaveLength(3);
    // Full jitter with random() = 0.5: half of 200 ms, then half of 400 ms.
    expect(clock.sleep.mock.calls.map((call) => call[0])).toEqual([100, 200]);
  });

  it('gives up after the configured retries with UPSTREAM_UNAVAILABLE and the status', async () => {
    const { client, upstream } = createTestClient([sequence(status(502))], { retries: 1 });
    const error = await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_UNAVAILABLE');
    expect(error.details).toMatchObject({ status: 502, attempts: 2 });
    expect(upstream.calls).toHaveLength(2);
    expect(client.status().lastError).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('does not retry a 500, a 404 or a 400', async () => {
    const { client, upstream } = createTestClient([
      http.get('https://www.data.gouv.fr/api/1/datasets/broken/', status(500)),
      http.get('https://www.data.gouv.fr/api/1/datasets/missing/', status(404)),
      http.get('https://www.data.gouv.fr/api/1/datasets/', status(400)),
    ]);
    await expectGatewayError(client.getDataset('broken'), 'UPSTREAM_UNAVAILABLE');
    await expect(client.getDataset('missing')).resolves.toBeNull();
    await expectGatewayError(client.listDatasets(), 'UPSTREAM_BAD_REQUEST');
    expect(upstream.calls).toHaveLength(3);
  });

  it('fails at once, with the hint, when Retry-After is longer than it may wait', async () => {
    const { client, upstream, clock } = createTestClient([sequence(status(503, { 'retry-after': '120' }), ok)]);
    const error = await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_UNAVAILABLE');
    expect(error.details).toMatchObject({ retryAfterSeconds: 120, status: 503 });
    expect(error.message).toContain('120 s');
    expect(upstream.calls).toHaveLength(1);
    expect(clock.sleep).not.toHaveBeenCalled();
  });

  it('reads a Retry-After given as an HTTP date against the injected clock', async () => {
    const { client, clock } = createTestClient([sequence(status(429, { 'retry-after': 'Thu, 03 Sep 2026 12:00:03 GMT' }), ok)]);
    expect(new Date(clock.now()).toISOString()).toBe('2026-09-03T12:00:00.000Z');
    await client.getDataset(POPULATION_ID);
    expect(clock.sleep.mock.calls[0]?.[0]).toBe(3000);
  });
});

describe('timeouts and network errors', () => {
  it('turns a hung upstream into UPSTREAM_TIMEOUT after each attempt times out', async () => {
    const { client, upstream } = createTestClient(
      [http.get(DATASET_URL, () => new Promise<Response>(() => undefined))],
      { timeouts: { headersMs: 40, overallMs: 2_000 } },
    );
    // Three attempts each ended by their own 40 ms timeout, not by the 2 s overall deadline.
    const error = await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_TIMEOUT');
    expect(upstream.calls).toHaveLength(3);
    expect(error.details).toMatchObject({ attempts: 3 });
    expect(client.status().callsByStatus).toEqual({ TIMEOUT: 3 });
  });

  it('stops at the overall deadline even when attempts could go on', async () => {
    const { client } = createTestClient([http.get(DATASET_URL, () => new Promise<Response>(() => undefined))], {
      timeouts: { headersMs: 10_000, overallMs: 60 },
    });
    const started = Date.now();
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_TIMEOUT');
    // Generous: without the 60 ms deadline the first attempt alone would wait 10 s for headers.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(client.status().callsByStatus).toEqual({ TIMEOUT: 1 });
  });

  it('reports a refused connection on a real closed port as UPSTREAM_UNAVAILABLE', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    let slept = 0;
    const client = createDatagouvClient({
      baseUrl: `http://127.0.0.1:${port}/api`,
      source: 'LIVE',
      clock: { sleep: async () => void (slept += 1) },
    });
    try {
      const error = await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_UNAVAILABLE');
      expect(error.message).toContain('ECONNREFUSED');
      expect(slept).toBe(2);
      expect(client.status().callsByStatus).toEqual({ NETWORK_ERROR: 3 });
    } finally {
      await client.close();
    }
  });

  it('retries a network error from the dispatcher and recovers', async () => {
    let calls = 0;
    const { client, upstream } = createTestClient([
      http.get(DATASET_URL, () => {
        calls += 1;
        return calls === 1 ? HttpResponse.error() : HttpResponse.json(POPULATION);
      }),
    ]);
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ title: 'Population' });
    expect(upstream.calls).toHaveLength(2);
    expect(client.status().callsByStatus).toEqual({ NETWORK_ERROR: 1, '200': 1 });
  });
});

describe('answers that are not data', () => {
  it('turns invalid JSON into UPSTREAM_BAD_PAYLOAD without retrying', async () => {
    const { client, upstream } = createTestClient([http.get(DATASET_URL, () => new HttpResponse('<html>maintenance</html>', { status: 200 }))]);
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_BAD_PAYLOAD');
    expect(upstream.calls).toHaveLength(1);
    expect(client.status().lastError?.code).toBe('UPSTREAM_BAD_PAYLOAD');
  });

  it('turns a dataset without an id into UPSTREAM_BAD_PAYLOAD', async () => {
    const { client } = createTestClient([http.get(DATASET_URL, () => HttpResponse.json({ title: 'Population' }))]);
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_BAD_PAYLOAD');
  });

  it('keeps the upstream message and errors of a 400 in details, out of the public message', async () => {
    const body = { message: 'Input payload validation failed', errors: { page_size: 'Invalid page_size: 0. page_size must be a positive integer' } };
    const { client } = createTestClient([http.get('https://www.data.gouv.fr/api/2/datasets/search/', () => HttpResponse.json(body, { status: 400 }))]);
    const error = await expectGatewayError(client.searchDatasets({ q: 'population' }), 'UPSTREAM_BAD_REQUEST');
    expect(error.message).toBe('data.gouv.fr refused the request (400)');
    expect(error.details).toMatchObject({ status: 400, upstreamMessage: 'Input payload validation failed', upstreamErrors: body.errors });
  });

  it('returns null for the recorded 404 bodies, both variants', async () => {
    const { client } = createTestClient([
      http.get('https://www.data.gouv.fr/api/1/datasets/000000000000000000000000/', () =>
        jsonResponse(readFixture('api1-datasets-000000000000000000000000.404.json').body, { status: 404 }),
      ),
      http.get('https://www.data.gouv.fr/api/1/datasets/marvin/', () =>
        jsonResponse((readFixture('api1-datasets-marvin-404.wrapped.json').body as { data: unknown }).data, { status: 404 }),
      ),
      http.get('https://www.data.gouv.fr/api/1/dataservices/000000000000000000000000/', () =>
        jsonResponse(readFixture('api1-dataservices-000000000000000000000000.404.json').body, { status: 404 }),
      ),
      http.get('https://www.data.gouv.fr/api/2/datasets/000000000000000000000000/resources/', () =>
        jsonResponse(readFixture('api2-datasets-resources-00000000-0000-0000-0000-000000000000.404.json').body, { status: 404 }),
      ),
    ]);
    await expect(client.getDataset('000000000000000000000000')).resolves.toBeNull();
    await expect(client.getDataset('marvin')).resolves.toBeNull();
    await expect(client.getDataservice('000000000000000000000000')).resolves.toBeNull();
    await expect(client.listDatasetResources('000000000000000000000000')).resolves.toBeNull();
  });

  it('answers a 410 with a deleted dataset known only by the id it was asked by', async () => {
    const { client } = createTestClient([http.get(DATASET_URL, () => HttpResponse.json({ message: 'Dataset has been deleted' }, { status: 410 }))]);
    const dataset = await client.getDataset(POPULATION_ID);
    expect(dataset).toMatchObject({ id: POPULATION_ID, slug: null, title: null, deleted: true, inlineResources: null });
  });
});

describe('redirects', () => {
  it('follows the relative 308 of an old slug and caches the answer under the id', async () => {
    const { client, upstream } = createTestClient([
      http.get('https://www.data.gouv.fr/api/1/datasets/population-old/', () =>
        new HttpResponse(null, { status: 308, headers: { location: '/api/1/datasets/population/' } }),
      ),
      http.get('https://www.data.gouv.fr/api/1/datasets/population/', ok),
    ]);
    await expect(client.getDataset('population-old')).resolves.toMatchObject({ id: POPULATION_ID, slug: 'population' });
    expect(upstream.calls.map((call) => new URL(call.url).pathname)).toEqual(['/api/1/datasets/population-old/', '/api/1/datasets/population/']);
    await client.getDataset(POPULATION_ID);
    await client.getDataset('population');
    await client.getDataset('population-old');
    expect(upstream.calls).toHaveLength(2);
  });

  it('refuses a redirect to another host', async () => {
    const { client, upstream } = createTestClient([
      http.get(DATASET_URL, () => new HttpResponse(null, { status: 302, headers: { location: 'https://evil.example/api/1/datasets/x/' } })),
    ]);
    const error = await expectGatewayError(client.getDataset('x'), 'UPSTREAM_UNAVAILABLE');
    expect(error.details).toMatchObject({ status: 302, location: 'https://evil.example/api/1/datasets/x/' });
    expect(upstream.calls).toHaveLength(1);
  });

  it('stops after three hops', async () => {
    let hop = 0;
    const { client, upstream } = createTestClient([
      http.get(DATASET_URL, () => {
        hop += 1;
        return new HttpResponse(null, { status: 301, headers: { location: `/api/1/datasets/hop-${hop}/` } });
      }),
    ]);
    const error = await expectGatewayError(client.getDataset('start'), 'UPSTREAM_UNAVAILABLE');
    expect(error.details).toMatchObject({ reason: 'more than 3 redirects' });
    expect(upstream.calls).toHaveLength(4);
  });
});
