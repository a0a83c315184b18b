import { afterEach, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import { useTestGateways } from '../helpers/create-test-gateway.js';

const POPULATION_ID = '53699d0ea3a729239d205b2e';
const createGateway = useTestGateways(afterEach);

const QUERY = `{
  a: dataset(idOrSlug: "${POPULATION_ID}") { title }
  b: dataset(idOrSlug: "000000000000000000000000") { title }
  upstreamStatus { requestLookups { operation target outcome code fromCache } requestFailures { code } }
}`;

interface Lookup { operation: string; target: string; outcome: string; code: string | null; fromCache: boolean | null }

describe('upstreamStatus lists every data.gouv.fr lookup that fed the response', () => {
  it('names each lookup of this request, whether it reached data.gouv.fr or the cache, and how it ended', async () => {
    // The gateway's clock and the upstream client's are the same one, as in production.
    const t = await createGateway({ now: () => new Date() });
    const cold = await t.query<{ upstreamStatus: { requestLookups: Lookup[] } }>(QUERY);
    const byTarget = (body: typeof cold) => new Map(body.data!.upstreamStatus.requestLookups.map((l) => [l.target, l]));
    expect(byTarget(cold).get(POPULATION_ID)).toEqual({ operation: 'getDataset', target: POPULATION_ID, outcome: 'OK', code: null, fromCache: false });
    expect(byTarget(cold).get('000000000000000000000000')).toMatchObject({ operation: 'getDataset', outcome: 'NOT_FOUND', fromCache: null });

    const warm = await t.query<{ upstreamStatus: { requestLookups: Lookup[] } }>(QUERY);
    expect(byTarget(warm).get(POPULATION_ID)).toMatchObject({ outcome: 'OK', fromCache: true });
  });

  it('lists a failing lookup with its code, beside the field that failed', async () => {
    const faults = createFaultPlan().next(`/api/1/datasets/${POPULATION_ID}/`, Array(10).fill('503'));
    const t = await createGateway({ handlers: { faults } });
    const body = await t.query<{ a: unknown; upstreamStatus: { requestLookups: Lookup[]; requestFailures: { code: string }[] } }>(QUERY);
    expect(body.data!.a).toBeNull();
    expect(body.data!.upstreamStatus.requestLookups.find((l) => l.target === POPULATION_ID)).toMatchObject({ outcome: 'FAILED', code: 'UPSTREAM_UNAVAILABLE' });
    expect(body.data!.upstreamStatus.requestFailures.map((f) => f.code)).toContain('UPSTREAM_UNAVAILABLE');
  });
});
