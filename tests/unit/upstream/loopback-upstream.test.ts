import { afterEach, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../../mocks/faults/fault-plan.js';
import { startMockUpstream, type MockUpstream } from '../../../mocks/serve-mock-upstream.js';
import { createDatagouvClient } from '../../../src/upstream/datagouv/client.js';
import type { DatagouvClient } from '../../../src/upstream/datagouv/datagouv-client.js';
import { createFakeClock } from './support/create-fake-clock.js';
import { expectGatewayError } from './support/expect-gateway-error.js';

const POPULATION_ID = '53699d0ea3a729239d205b2e';

/** Over real loopback sockets, through the undici Agent the client creates and owns. */
describe('the client over a real loopback mock upstream', () => {
  let server: MockUpstream | undefined;
  let client: DatagouvClient | undefined;

  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  it('reads a dataset, follows an old slug and reads a hosted file', async () => {
    server = await startMockUpstream();
    client = createDatagouvClient({ baseUrl: server.url, source: 'MOCK', clock: createFakeClock() });
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ title: 'Population' });
    const moved = await client.getDataset('carte-scolaire-des-colleges');
    const csv = moved?.inlineResources?.find((resource) => resource.format === 'csv');
    const file = await client.fetchResourceText(csv?.latestUrl ?? '');
    expect(file.text.length).toBeGreaterThan(0);
    expect(server.calls.map((call) => call.status)).toEqual([200, 308, 200, 302, 200]);
  });

  it('times out on a silent connection and recovers from a reset one', async () => {
    const faults = createFaultPlan();
    server = await startMockUpstream({ faults });
    // Long enough for a healthy answer on a busy machine, short enough to wait for the hang.
    client = createDatagouvClient({ baseUrl: server.url, source: 'MOCK', clock: createFakeClock(), retries: 0, timeouts: { headersMs: 1_000 } });
    faults.next(`/api/1/datasets/${POPULATION_ID}/`, ['hang', 'reset']);
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_TIMEOUT');
    await expectGatewayError(client.getDataset(POPULATION_ID), 'UPSTREAM_UNAVAILABLE');
    await expect(client.getDataset(POPULATION_ID)).resolves.toMatchObject({ title: 'Population' });
    expect(client.status().callsByStatus).toEqual({ TIMEOUT: 1, NETWORK_ERROR: 1, '200': 1 });
  });
});
