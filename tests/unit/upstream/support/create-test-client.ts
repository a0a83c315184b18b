import type { RequestHandler } from 'msw';
import { createDatagouvClient, type DatagouvClientOptions } from '../../../../src/upstream/datagouv/client.js';
import type { DatagouvClient } from '../../../../src/upstream/datagouv/datagouv-client.js';
import { createFakeClock, type FakeClock } from './create-fake-clock.js';
import { createTestDispatcher, type TestDispatcher } from './create-test-dispatcher.js';

export const BASE_URL = 'https://www.data.gouv.fr/api';

export interface TestClient {
  readonly client: DatagouvClient;
  readonly upstream: TestDispatcher;
  readonly clock: FakeClock;
}

/** A client over in-process msw handlers, with a fake clock: no socket, no real waiting for backoff. */
export function createTestClient(handlers: RequestHandler[], options: Partial<DatagouvClientOptions> = {}): TestClient {
  const upstream = createTestDispatcher(handlers);
  const clock = createFakeClock();
  const client = createDatagouvClient({
    baseUrl: BASE_URL,
    source: 'MOCK',
    dispatcher: upstream.dispatcher,
    clock,
    ...options,
  });
  return { client, upstream, clock };
}
