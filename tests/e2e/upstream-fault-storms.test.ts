import type { AddressInfo } from 'node:net';
import { http } from 'msw';
import { pino } from 'pino';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import type { FaultName } from '../../mocks/faults/parse-fault.js';
import { createDatagouvHandlers } from '../../mocks/handlers.js';
import { startMockUpstream, type MockUpstream } from '../../mocks/serve-mock-upstream.js';
import { createCommitmentRegistry } from '../../src/commitments/create-commitment-registry.js';
import { loadCommitmentRecords } from '../../src/commitments/load-commitment-records.js';
import { loadPressReleaseStore } from '../../src/press-releases/load-press-release-store.js';
import { createGateway, type Gateway } from '../../src/server/create-gateway.js';
import { createDatagouvClient } from '../../src/upstream/datagouv/client.js';
import type { DatagouvClient } from '../../src/upstream/datagouv/datagouv-client.js';
import { SHIPPED_COMMITMENTS, SHIPPED_PRESS_RELEASES } from '../helpers/create-test-gateway.js';

/** Client requests sent once the gateway has stopped calling the failing upstream. */
const MEASURED_REQUESTS = 100;
/** Upstream requests allowed per client request once the breaker (or a Retry-After gate) holds. */
const MAX_CALLS_PER_REQUEST = 0.05;

interface Storm {
  readonly upstream: MockUpstream;
  readonly datagouv: DatagouvClient;
  readonly gateway: Gateway;
  readonly origin: string;
  /** Requests that reached the emulated data.gouv.fr, counted when they arrive. */
  readonly arrived: () => number;
}

let open: Storm[] = [];
afterEach(async () => {
  for (const storm of open) {
    await storm.gateway.shutdown();
    // The emulation first: it drops the connections a `hang` holds, which the
    // client would otherwise wait for while closing.
    await storm.upstream.close();
    await storm.datagouv.close();
  }
  open = [];
});

/** Gateway and loopback emulation in which every upstream request meets `fault`. */
async function startStorm(fault: FaultName): Promise<Storm> {
  const faults = createFaultPlan().next('*', Array.from({ length: 2_000 }, () => fault));
  let arrived = 0;
  const upstream = await startMockUpstream({
    port: 0,
    handlers: (baseUrl) => [
      // Counts, then falls through to the emulation (a resolver that returns nothing passes on).
      http.all('*', () => {
        arrived += 1;
      }),
      ...createDatagouvHandlers({ baseUrl, faults }),
    ],
  });
  const datagouv = createDatagouvClient({
    baseUrl: upstream.url,
    source: 'MOCK',
    // Backoff and Retry-After waits are skipped; the Retry-After gate still runs on real time.
    clock: { sleep: () => Promise.resolve() },
    timeouts: { headersMs: 100, bodyMs: 100, overallMs: 2_000 },
  });
  const records = await loadCommitmentRecords(SHIPPED_COMMITMENTS);
  const gateway = createGateway({
    pressReleases: await loadPressReleaseStore({ directory: SHIPPED_PRESS_RELEASES }),
    commitments: createCommitmentRegistry(records.commitments, records.errors),
    datagouv,
    logger: pino({ level: 'silent' }),
    shutdownTimeoutMs: 1_000,
  });
  await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
  const storm = { upstream, datagouv, gateway, origin: `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`, arrived: () => arrived };
  open.push(storm);
  return storm;
}

let nextId = 0;
/** A dataset lookup never asked before: always a cache miss. */
async function askFreshDataset(storm: Storm): Promise<string | undefined> {
  nextId += 1;
  const id = nextId.toString(16).padStart(24, 'a');
  const response = await request(`${storm.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ dataset(idOrSlug: "${id}") { title } }` }),
  });
  const body = (await response.body.json()) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code;
}

/**
 * Sends client requests until the gateway stops reaching the upstream, then
 * MEASURED_REQUESTS more, and returns the upstream requests per client
 * request of both phases.
 */
async function measure(storm: Storm): Promise<{ untilProtected: number; clientRequestsUntilProtected: number; perRequestOnceProtected: number; codes: Set<string> }> {
  const codes = new Set<string>();
  let clientRequests = 0;
  for (; clientRequests < 30; clientRequests += 1) {
    const before = storm.arrived();
    codes.add(String(await askFreshDataset(storm)));
    if (storm.arrived() === before) break;
  }
  const untilProtected = storm.arrived();
  for (let batch = 0; batch < MEASURED_REQUESTS / 10; batch += 1) {
    const answers = await Promise.all(Array.from({ length: 10 }, () => askFreshDataset(storm)));
    for (const code of answers) codes.add(String(code));
  }
  return {
    untilProtected,
    clientRequestsUntilProtected: clientRequests + 1,
    perRequestOnceProtected: (storm.arrived() - untilProtected) / MEASURED_REQUESTS,
    codes,
  };
}

describe('upstream storms: the gateway stops calling a failing data.gouv.fr, whatever the failure', () => {
  const kinds: { fault: FaultName; codes: string[] }[] = [
    // A Retry-After longer than the measurement: with the default 1 s, a slow machine lets one probe through per second.
    { fault: '429:30', codes: ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_CIRCUIT_OPEN'] },
    { fault: '503', codes: ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_CIRCUIT_OPEN'] },
    { fault: 'invalid-json', codes: ['UPSTREAM_BAD_PAYLOAD', 'UPSTREAM_CIRCUIT_OPEN'] },
    { fault: 'hang', codes: ['UPSTREAM_TIMEOUT', 'UPSTREAM_CIRCUIT_OPEN'] },
    { fault: 'reset', codes: ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_CIRCUIT_OPEN'] },
  ];

  for (const { fault, codes } of kinds) {
    it(`${fault}: at most ${MAX_CALLS_PER_REQUEST} upstream requests per client request once protected`, async () => {
      const storm = await startStorm(fault);
      const result = await measure(storm);
      if (process.env['REPORT_STORMS']) process.stdout.write(`storm ${fault}: ${JSON.stringify({ ...result, codes: [...result.codes] })}\n`);
      // The breaker opens after 5 failures (a 429 closes the gate at the first): a handful of calls, not one per client request.
      expect(result.untilProtected).toBeLessThanOrEqual(15);
      expect(result.perRequestOnceProtected).toBeLessThanOrEqual(MAX_CALLS_PER_REQUEST);
      expect([...result.codes].every((code) => codes.includes(code))).toBe(true);
    });
  }
});
