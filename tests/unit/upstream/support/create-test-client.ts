import type { RequestHandler } from 'msw';
import { createMockDispatcher, type MockDispatcherHandle } from '../../../../mocks/create-mock-dispatcher.js';
import { createDatagouvClient, type DatagouvClientOptions } from '../../../../src/upstream/datagouv/client.js';
import type { DatagouvClient } from '../../../../src/upstream/datagouv/datagouv-client.js';
import { createFakeClock, type FakeClock } from './create-fake-clock.js';

export const BASE_URL = 'https://www.data.gouv.fr/api';

export interface TestClient {
  readonly client: DatagouvClient;
  /** The shared in-process msw dispatcher; `upstream.calls` counts what reached the mock. */
  readonly upstream: MockDispatcherHandle;
  readonly clock: FakeClock;
}

/** A client over in-process msw handlers, with a fake clock: no socket, no real waiting for backoff. */
export function createTestClient(handlers: readonly RequestHandler[], options: Partial<DatagouvClientOptions> = {}): TestClient {
  const upstream = createMockDispatcher(handlers);
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
