import { describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../../mocks/faults/fault-plan.js';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { createTestClient } from './support/create-test-client.js';
import { expectGatewayError } from './support/expect-gateway-error.js';

const POPULATION_ID = '53699d0ea3a729239d205b2e';
const POPULATION_PATH = `/api/1/datasets/${POPULATION_ID}/`;

function setup(options: Parameters<typeof createTestClient>[1] = {}) {
  const faults = createFaultPlan();
  return { faults, ...createTestClient(createDatagouvHandlers({ faults }), options) };
}

describe('the shared mock upstream with its fault switch', () => {
  it('429 with Retry-After: 1 then OK: one retry after exactly 1000 ms', async () => {
    const { client, upstream, clock, faults } = setup();
    faults.next(POPULATION_PATH, ['429:1']);
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ title: 'Population' });
    expect(upstream.calls).toHaveLength(2);
    expect(clock.sleep).toHaveBeenCalledOnce();
    expect(clock.sleep.mock.calls[0]?.[0]).toBe(1000);
  });

  it('503, 503, then OK: three calls and a success', async () => {
    const { client, upstream, faults } = setup();
    faults.next(POPULATION_PATH, ['503', '503']);
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ title: 'Population' });
    expect(upstream.calls).toHaveLength(3);
    expect(client.status().callsByStatus).toEqual({ '503': 2, '200': 1 });
  });

  it('a hanging upstream ends in UPSTREAM_TIMEOUT', async () => {
    const { client, upstream, faults } = setup({ timeouts: { headersMs: 30 } });
    faults.next(POPULATION_PATH, ['hang', 'hang', 'hang']);
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_TIMEOUT');
    expect(upstream.calls).toHaveLength(3);
  });

  it('a reset connection is retried', async () => {
    const { client, upstream, faults } = setup();
    faults.next(POPULATION_PATH, ['reset']);
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ title: 'Population' });
    expect(upstream.calls).toHaveLength(2);
  });

  it('a truncated JSON body is UPSTREAM_BAD_PAYLOAD, not retried, and not cached', async () => {
    const { client, upstream, faults } = setup();
    faults.next(POPULATION_PATH, ['invalid-json']);
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_BAD_PAYLOAD');
    expect(upstream.calls).toHaveLength(1);
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ title: 'Population' });
    expect(upstream.calls).toHaveLength(2);
  });

  it('a proxy 502 page on a list gives UPSTREAM_UNAVAILABLE once retries are spent', async () => {
    const { client, upstream, faults } = setup({ retries: 1 });
    faults.next('/api/2/datasets/search/', ['502', '502']);
    const error = await expectGatewayError(client.searchDatasets({ q: 'population' }), 'UPSTREAM_UNAVAILABLE');
    expect(error.details).toMatchObject({ status: 502, attempts: 2 });
    expect(upstream.calls).toHaveLength(2);
  });
});
