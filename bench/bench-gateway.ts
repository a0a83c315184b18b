import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { Agent, request } from 'undici';
import { createCommitmentRegistry } from '../src/commitments/create-commitment-registry.js';
import { loadCommitmentRecords } from '../src/commitments/load-commitment-records.js';
import { loadPressReleaseStore } from '../src/press-releases/load-press-release-store.js';
import type { PressReleaseStore } from '../src/press-releases/press-release-store.js';
import { createGateway, type Gateway } from '../src/server/create-gateway.js';
import { createDatagouvClient } from '../src/upstream/datagouv/client.js';
import type { DatagouvClient } from '../src/upstream/datagouv/datagouv-client.js';

const PROJECT_ROOT = new URL('../', import.meta.url);

/** What every gateway of a run shares: the records read from disk once, as `cli.ts` does at boot. */
export interface BenchData {
  readonly pressReleases: PressReleaseStore;
  readonly records: Awaited<ReturnType<typeof loadCommitmentRecords>>;
}

export async function loadBenchData(): Promise<BenchData> {
  const pressReleases = await loadPressReleaseStore({ directory: fileURLToPath(new URL('data/press-releases', PROJECT_ROOT)) });
  const records = await loadCommitmentRecords(fileURLToPath(new URL('data/commitments/commitments.yaml', PROJECT_ROOT)));
  return { pressReleases, records };
}

export interface GraphQLAnswer {
  readonly status: number;
  readonly body: { readonly data?: Record<string, unknown> | null; readonly errors?: readonly { readonly message: string }[] };
}

/** A gateway listening on loopback, as `cli.ts` wires it: real undici client with its own Agent, empty cache. */
export interface BenchGateway {
  readonly origin: string;
  readonly datagouv: DatagouvClient;
  post(query: string, client: Agent): Promise<GraphQLAnswer>;
  close(): Promise<void>;
}

export async function startBenchGateway(upstreamUrl: string, data: BenchData, options: { readonly fastPaths?: boolean } = {}): Promise<BenchGateway> {
  const datagouv = createDatagouvClient({ baseUrl: upstreamUrl, source: 'MOCK' });
  const gateway: Gateway = createGateway({
    pressReleases: data.pressReleases,
    commitments: createCommitmentRegistry(data.records.commitments, data.records.errors),
    datagouv,
    logger: pino({ level: 'silent' }),
    shutdownTimeoutMs: 5_000,
    ...(options.fastPaths === false ? { fastPaths: false } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    gateway.server.once('error', reject);
    gateway.server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
  return {
    origin,
    datagouv,
    async post(query, client) {
      const response = await request(`${origin}/graphql`, {
        method: 'POST',
        dispatcher: client,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query }),
      });
      return { status: response.statusCode, body: (await response.body.json()) as GraphQLAnswer['body'] };
    },
    async close() {
      await gateway.shutdown();
      await datagouv.close();
    },
  };
}
