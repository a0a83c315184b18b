import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import { useTestGateways } from '../helpers/create-test-gateway.js';

const createGateway = useTestGateways(afterEach);

describe('upstream failures', () => {
  it('go to the log with their URL and the request id, and reach the client without them', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    );
    const faults = createFaultPlan().next('*', ['503', '503', '503']);
    const { gateway } = await createGateway({ handlers: { faults }, gateway: { logger } });
    const response = await gateway.yoga.fetch(
      'http://gateway.test/graphql',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ dataset(idOrSlug: "population") { title } }' }) },
      { requestId: 'req-42' },
    );
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ errors: [{ extensions: { code: 'UPSTREAM_UNAVAILABLE', status: 503, requestId: 'req-42' } }] });
    expect(body).not.toContain('www.data.gouv.fr');
    const logged = lines.find((line) => line['code'] === 'UPSTREAM_UNAVAILABLE');
    expect(logged).toMatchObject({ requestId: 'req-42', details: { url: 'https://www.data.gouv.fr/api/1/datasets/population/', status: 503 } });
  });
});
