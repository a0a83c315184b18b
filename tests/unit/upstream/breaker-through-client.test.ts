import { describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../../mocks/faults/fault-plan.js';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { createTestClient } from './support/create-test-client.js';
import { expectGatewayError } from './support/expect-gateway-error.js';

const POPULATION_PATH = '/api/1/datasets/53699d0ea3a729239d205b2e/';
const POPULATION_ID = '53699d0ea3a729239d205b2e';

function setup(options: Parameters<typeof createTestClient>[1] = {}) {
  const faults = createFaultPlan();
  return { faults, ...createTestClient(createDatagouvHandlers({ faults }), { retries: 0, ...options }) };
}

describe('circuit breaker', () => {
  it('opens after five consecutive 503s and then stops calling data.gouv.fr', async () => {
    const { client, upstream, faults } = setup();
    faults.next(POPULATION_PATH, ['503', '503', '503', '503', '503', '503']);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_UNAVAILABLE');
    }
    expect(client.status().breakerState).toBe('OPEN');
    const error = await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_CIRCUIT_OPEN');
    expect(error.details).toMatchObject({ host: 'www.data.gouv.fr', retryAfterSeconds: 30 });
    // The whole host is suspended, not only the failing route.
    await expectGatewayError(client.getSite(), 'UPSTREAM_CIRCUIT_OPEN');
    expect(upstream.calls).toHaveLength(5);
  });

  it('half-opens after the cool-down, and one successful probe closes it', async () => {
    const { client, upstream, clock, faults } = setup({ breaker: { failureThreshold: 2, coolDownMs: 30_000 } });
    faults.next(POPULATION_PATH, ['503', '503']);
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_UNAVAILABLE');
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_UNAVAILABLE');
    clock.advance(29_999);
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_CIRCUIT_OPEN');
    expect(upstream.calls).toHaveLength(2);
    clock.advance(1);
    expect(client.status().breakerState).toBe('HALF_OPEN');
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ title: 'Population' });
    expect(client.status().breakerState).toBe('CLOSED');
    await client.getSite();
    expect(upstream.calls).toHaveLength(4);
  });

  it('re-opens when the half-open probe fails', async () => {
    const { client, upstream, clock, faults } = setup({ breaker: { failureThreshold: 1, coolDownMs: 1_000 } });
    faults.next(POPULATION_PATH, ['502', '502']);
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_UNAVAILABLE');
    clock.advance(1_000);
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_UNAVAILABLE');
    expect(client.status().breakerState).toBe('OPEN');
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_CIRCUIT_OPEN');
    expect(upstream.calls).toHaveLength(2);
  });

  it('counts timeouts and network errors as failures', async () => {
    const { client, faults } = setup({ breaker: { failureThreshold: 2 }, timeouts: { headersMs: 20 } });
    faults.next(POPULATION_PATH, ['hang', 'reset']);
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_TIMEOUT');
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_UNAVAILABLE');
    expect(client.status().breakerState).toBe('OPEN');
  });

  it('does not count 404 or 410 answers', async () => {
    const { client, upstream } = setup({ breaker: { failureThreshold: 2 } });
    for (let index = 0; index < 3; index += 1) {
      await expect(client.getDataset(`00000000000000000000000${index}`)).resolves.toBeNull();
    }
    // Deleted datasets of the emulated catalogue answer 410.
    await expect(client.getDataset('5e4174c1d40e89541a783d32')).resolves.toMatchObject({ deleted: true });
    await expect(client.getDataservice('api-carte-scolaire')).resolves.toMatchObject({ deleted: true });
    expect(client.status().breakerState).toBe('CLOSED');
    expect(upstream.calls.map((call) => call.status)).toEqual([404, 404, 404, 410, 410]);
  });

  it('recovers when the cool-down ends between the breaker’s own clock reads', async () => {
    // A clock that moves 1 ms per read puts the end of the cool-down, for some
    // cool-down lengths, between the early fail-fast check and the permit.
    for (let coolDownMs = 30; coolDownMs <= 70; coolDownMs += 1) {
      let now = 0;
      const faults = createFaultPlan().next(POPULATION_PATH, ['503']);
      const { client } = createTestClient(createDatagouvHandlers({ faults }), {
        retries: 0,
        breaker: { failureThreshold: 1, coolDownMs },
        clock: { now: () => (now += 1), sleep: () => Promise.resolve() },
      });
      await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_UNAVAILABLE');
      for (let call = 0; call < 60; call += 1) await client.getDataset(POPULATION_ID).catch(() => undefined);
      now += 1_000_000;
      await expect(client.getDataset(POPULATION_ID), `cool-down ${coolDownMs} ms`).resolves.toMatchObject({ title: 'Population' });
      expect(client.status().breakerState).toBe('CLOSED');
    }
  });
});
