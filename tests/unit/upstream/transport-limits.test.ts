import { http, HttpResponse } from 'msw';
import type { Logger } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createMockDispatcher } from '../../../mocks/create-mock-dispatcher.js';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { createDatagouvClient } from '../../../src/upstream/datagouv/client.js';
import type { UpstreamLogger } from '../../../src/upstream/datagouv/logger.js';
import { createTestClient } from './support/create-test-client.js';
import { expectGatewayError } from './support/expect-gateway-error.js';

const DATASET_URL = 'https://www.data.gouv.fr/api/1/datasets/:id/';

describe('per-host concurrency', () => {
  it('never has more requests in flight to one host than the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const { client, upstream } = createTestClient(
      [
        http.get(DATASET_URL, async ({ params }) => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight -= 1;
          return HttpResponse.json({ id: String(params['id']) });
        }),
      ],
      { concurrency: 2 },
    );
    const ids = Array.from({ length: 7 }, (_, index) => `${index}`.padStart(24, 'a'));
    const datasets = await Promise.all(ids.map((id) => client.getDataset(id)));
    expect(datasets.map((dataset) => dataset?.id)).toEqual(ids);
    expect(upstream.calls).toHaveLength(7);
    expect(peak).toBe(2);
  });
});

describe('limits of one call', () => {
  it('refuses a body larger than maxBodyBytes as UPSTREAM_BAD_PAYLOAD', async () => {
    const { client } = createTestClient([http.get(DATASET_URL, () => HttpResponse.json({ id: 'x', description: 'x'.repeat(5_000) }))], {
      maxBodyBytes: 1_000,
    });
    const error = await expectGatewayError(client.getDataset('xxxxxxxxxxxxxxxxxxxxxxxx'), 'UPSTREAM_BAD_PAYLOAD');
    expect(error.message).toContain('larger than 1000 bytes');
    expect(client.status().callsByStatus).toEqual({ '200': 1 });
  });

  it('does not wait for a Retry-After beyond the remaining deadline', async () => {
    const { client, upstream, clock } = createTestClient(
      [http.get(DATASET_URL, () => new HttpResponse('busy', { status: 429, headers: { 'retry-after': '5' } }))],
      { timeouts: { overallMs: 3_000 } },
    );
    const error = await expectGatewayError(client.getDataset('xxxxxxxxxxxxxxxxxxxxxxxx'), 'UPSTREAM_UNAVAILABLE');
    expect(error.details).toMatchObject({ status: 429, retryAfterSeconds: 5 });
    expect(upstream.calls).toHaveLength(1);
    expect(clock.sleep).not.toHaveBeenCalled();
  });
});

describe('dispatcher ownership', () => {
  it('never closes an injected dispatcher', async () => {
    const upstream = createMockDispatcher(createDatagouvHandlers());
    const close = vi.spyOn(upstream.dispatcher, 'close');
    const client = createDatagouvClient({ baseUrl: 'https://www.data.gouv.fr/api', source: 'MOCK', dispatcher: upstream.dispatcher });
    await client.close();
    expect(close).not.toHaveBeenCalled();
  });
});

describe('a loopback mock upstream as base URL', () => {
  it('reads files over plain http from the configured host only', async () => {
    const baseUrl = 'http://127.0.0.1:4010/api';
    const { client, upstream } = createTestClient(createDatagouvHandlers({ baseUrl }), { baseUrl });
    const dataset = await client.getDataset('61275b77aded9b4b47931a28');
    const file = dataset?.inlineResources?.find((resource) => resource.format === 'csv');
    expect(file?.url).toMatch(/^http:\/\/127\.0\.0\.1:4010\//);
    const { text } = await client.fetchResourceText(file?.url ?? '');
    expect(text.length).toBeGreaterThan(0);
    await expectGatewayError(client.fetchResourceText('http://127.0.0.1:4011/static/x.csv'), 'BAD_USER_INPUT');
    expect(upstream.calls).toHaveLength(2);
    expect(client.status()).toMatchObject({ baseUrl, source: 'MOCK' });
  });
});

describe('logger', () => {
  it('accepts a pino logger and warns on retries', async () => {
    const warn = vi.fn();
    const pinoLike = { warn, info: vi.fn(), debug: vi.fn() } as unknown as Logger;
    const logger: UpstreamLogger = pinoLike;
    const { client } = createTestClient(
      [http.get(DATASET_URL, () => new HttpResponse('busy', { status: 503 }))],
      { logger, retries: 1 },
    );
    await expectGatewayError(client.getDataset('xxxxxxxxxxxxxxxxxxxxxxxx'), 'UPSTREAM_UNAVAILABLE');
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ attempt: 1, status: 503 }), 'data.gouv.fr call failed, retrying');
  });
});
