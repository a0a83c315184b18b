import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createStoreAccess, type StoreAccess } from '../../src/store/create-store-access.js';
import { describeStoreLocation, openStore } from '../../src/store/open-store.js';
import { createEvaluator, type Evaluator } from '../../src/verdicts/create-evaluator.js';
import { createTestGateway, type TestGateway, type TestGatewayOptions } from './create-test-gateway.js';

export interface RecordingGateway extends TestGateway {
  readonly store: StoreAccess;
  readonly evaluator: Evaluator;
  /** Moves the fake clock (the gateway's and the emulation's) to this instant. */
  setNow(instant: string): void;
}

export interface RecordingGatewayOptions extends Omit<TestGatewayOptions, 'now'> {
  /** `postgres://...`; default: a SQLite file in a new temporary directory. */
  readonly databaseUrl?: string;
  /** Directory of the SQLite file; default a new temporary one. */
  readonly dataDir?: string;
  /** Where the fake clock starts. */
  readonly startAt: string;
  /** How long a recorded run is served. Default one hour. */
  readonly recordedMaxAgeMs?: number;
}

/**
 * The test gateway with a store of record and an evaluator, on one fake
 * clock shared with the emulation, so runs can be made on chosen days while
 * the emulated catalogue changes between them.
 */
export async function createRecordingGateway(options: RecordingGatewayOptions): Promise<RecordingGateway> {
  let now = new Date(options.startAt);
  const clock = (): Date => now;
  const location = { databaseUrl: options.databaseUrl ?? null, dataDir: options.dataDir ?? mkdtempSync(join(tmpdir(), 'gateway-store-')) };
  const logger = pino({ level: 'silent' });
  const store = await createStoreAccess({
    engine: location.databaseUrl ? 'postgres' : 'sqlite',
    location: describeStoreLocation(location),
    open: () => openStore(location),
    logger,
    now: clock,
  });
  let evaluator: Evaluator | undefined;
  const test = await createTestGateway({
    ...options,
    now: clock,
    handlers: { now: clock, ...options.handlers },
    gateway: {
      ...options.gateway,
      store,
      recordedVerdictsMaxAgeMs: options.recordedMaxAgeMs ?? 3_600_000,
      evaluatorStats: () => evaluator?.stats() ?? null,
    },
  });
  evaluator = createEvaluator({
    commitments: test.commitments,
    datagouv: test.datagouv,
    ...(test.codegouv ? { codegouv: test.codegouv.client } : {}),
    verdicts: test.gateway.verdicts,
    store,
    now: clock,
    logger,
    evaluatorId: 'test',
  });
  return {
    ...test,
    store,
    evaluator,
    setNow(instant) {
      now = new Date(instant);
    },
    async close() {
      await test.close();
      await store.close();
    },
  };
}
