import { afterEach, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import { useTestGateways } from '../helpers/create-test-gateway.js';

const POPULATION_ID = '53699d0ea3a729239d205b2e';
const POPULATION_PATH = `/api/1/datasets/${POPULATION_ID}/`;
const createGateway = useTestGateways(afterEach);

/** Resolves once `check` holds, polling the event loop; no timing is asserted. */
async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 2_000 && !check(); turn += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

describe('the upstream budget of one GraphQL request', () => {
  it('answers UPSTREAM_TIMEOUT when data.gouv.fr hangs past the budget, long before the call’s own deadline', async () => {
    const faults = createFaultPlan().next(POPULATION_PATH, ['hang']);
    const { query } = await createGateway({
      handlers: { faults },
      gateway: { clientPolicy: { upstreamBudgetMs: 50 } },
      // The call's own timeouts are far away: only the budget can end this request.
      client: { timeouts: { headersMs: 60_000, overallMs: 60_000 } },
    });
    const body = await query(`{ dataset(idOrSlug: "${POPULATION_ID}") { title } upstreamStatus { lastError { code } requestFailures { code } } }`);
    expect(body.data).toMatchObject({ dataset: null, upstreamStatus: { lastError: { code: 'UPSTREAM_TIMEOUT' }, requestFailures: [{ code: 'UPSTREAM_TIMEOUT' }] } });
    expect(body.errors?.map((error) => error.extensions?.['code'])).toEqual(['UPSTREAM_TIMEOUT']);
  });

  it('lets the shared load finish after the request gave up, and the next request reads it from the cache', async () => {
    const faults = createFaultPlan().next(POPULATION_PATH, ['slow:300']);
    const { query, upstreamCalls, datagouv } = await createGateway({ handlers: { faults }, gateway: { clientPolicy: { upstreamBudgetMs: 30 } } });
    const first = await query(`{ dataset(idOrSlug: "${POPULATION_ID}") { title } }`);
    expect(first.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_TIMEOUT');
    await until(() => datagouv.status().cacheEntries > 0);
    const second = await query(`{ dataset(idOrSlug: "${POPULATION_ID}") { title } }`);
    expect(second).toMatchObject({ data: { dataset: { title: 'Population' } } });
    expect(second.errors).toBeUndefined();
    expect(upstreamCalls()).toHaveLength(1);
  });
});

describe('upstreamStatus in a response', () => {
  it('reports the failure of a sibling field resolved in the same request, wherever it sits in the query', async () => {
    const faults = createFaultPlan().next(POPULATION_PATH, ['503', '503', '503']);
    const { query } = await createGateway({ handlers: { faults } });
    const body = await query(`{
      upstreamStatus { calls { status count } lastError { code } requestFailures { code } }
      dataset(idOrSlug: "${POPULATION_ID}") { title }
    }`);
    expect(body.errors?.map((error) => error.extensions?.['code'])).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(body.data).toMatchObject({
      dataset: null,
      upstreamStatus: { calls: [{ status: '503', count: 3 }], lastError: { code: 'UPSTREAM_UNAVAILABLE' }, requestFailures: [{ code: 'UPSTREAM_UNAVAILABLE' }] },
    });
  });

  it('lists no failure for a request that met none, even after others failed', async () => {
    const faults = createFaultPlan().next(POPULATION_PATH, ['503', '503', '503']);
    const { query } = await createGateway({ handlers: { faults } });
    await query(`{ dataset(idOrSlug: "${POPULATION_ID}") { title } }`);
    const body = await query(`{ dataset(idOrSlug: "population") { title } upstreamStatus { requestFailures { code } lastError { code } } }`);
    expect(body.data).toMatchObject({ dataset: { title: 'Population' }, upstreamStatus: { requestFailures: [], lastError: { code: 'UPSTREAM_UNAVAILABLE' } } });
  });
});

describe('a large query', () => {
  it('judges every commitment without a MaxListeners warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { query } = await createGateway();
      const body = await query(`{ commitments(first: 100) { totalCount edges { node { key status { state evidence { kind } dataset { title } candidates { score } } } } } }`);
      expect(body.errors).toBeUndefined();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
