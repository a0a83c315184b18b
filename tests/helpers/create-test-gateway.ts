import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createCommitmentRegistry } from '../../src/commitments/create-commitment-registry.js';
import { loadCommitmentRecords } from '../../src/commitments/load-commitment-records.js';
import type { Commitment } from '../../src/commitments/model.js';
import { loadPressReleaseStore } from '../../src/press-releases/load-press-release-store.js';
import { createGateway, type Gateway, type GatewayDependencies } from '../../src/server/create-gateway.js';
import { createDatagouvClient, type DatagouvClientOptions } from '../../src/upstream/datagouv/client.js';
import type { DatagouvClient } from '../../src/upstream/datagouv/datagouv-client.js';
import { createCodegouvHandlers, type CodegouvEmulationControl, type CodegouvHandlersOptions } from '../../mocks/codegouv/handlers.js';
import { createMockDispatcher } from '../../mocks/create-mock-dispatcher.js';
import type { EmulationControl } from '../../mocks/control/emulation-control.js';
import { createCodegouvClient, type CodegouvClientOptions } from '../../src/upstream/codegouv/client.js';
import type { CodegouvClient } from '../../src/upstream/codegouv/model.js';
import { createDatagouvHandlers, type DatagouvHandlersOptions } from '../../mocks/handlers.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHIPPED_PRESS_RELEASES = `${PROJECT_ROOT}data/press-releases`;
export const SHIPPED_COMMITMENTS = `${PROJECT_ROOT}data/commitments/commitments.yaml`;
export const MOCK_BASE_URL = 'https://www.data.gouv.fr/api';
/** The clock of every integration test: verdicts must not change with the day the suite runs. */
export const FIXED_NOW = new Date('2026-11-29T10:00:00+01:00');

export interface TestGatewayOptions {
  readonly pressReleasesDir?: string;
  readonly commitmentsFile?: string;
  readonly handlers?: DatagouvHandlersOptions;
  readonly client?: Partial<DatagouvClientOptions>;
  /** The code.gouv.fr emulation's options, or false for a gateway without code.gouv.fr (source code UNCHECKED_SOURCE_CODE). */
  readonly codegouv?: CodegouvHandlersOptions | false;
  readonly codegouvClient?: Partial<CodegouvClientOptions>;
  readonly now?: () => Date;
  readonly useTrackingTable?: boolean;
  /** The built dashboard to serve at `/` (browser tests). */
  readonly webRoot?: string;
  /** Gateway settings (client policy, limits, metrics, logger). */
  readonly gateway?: Partial<Pick<GatewayDependencies, 'clientPolicy' | 'limits' | 'metrics' | 'logger' | 'store' | 'recordedVerdictsMaxAgeMs' | 'evaluatorStats'>>;
}

export interface TestGateway {
  readonly gateway: Gateway;
  readonly datagouv: DatagouvClient;
  /** The commitment records the gateway judges. */
  readonly commitments: () => readonly Commitment[];
  /** Run-time switches of the emulated data.gouv.fr (delete, archive, edit objects). */
  readonly control: EmulationControl;
  /** Upstream requests that reached the emulated data.gouv.fr, in order. */
  readonly upstreamCalls: () => readonly { readonly method: string; readonly url: string }[];
  readonly resetUpstreamCalls: () => void;
  /** The code.gouv.fr client and emulation; null when the gateway was built without them. */
  readonly codegouv: {
    readonly client: CodegouvClient;
    readonly control: CodegouvEmulationControl;
    /** Requests that reached the emulated code.gouv.fr, in order. */
    readonly calls: () => readonly { readonly method: string; readonly url: string; readonly status: number | string }[];
    readonly resetCalls: () => void;
  } | null;
  /** Runs a GraphQL operation in-process and returns the parsed JSON body. */
  query<T = Record<string, unknown>>(source: string, variables?: Record<string, unknown>): Promise<GraphQLBody<T>>;
  close(): Promise<void>;
}

export interface GraphQLBody<T> {
  readonly data?: T | null;
  readonly errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  readonly extensions?: Record<string, unknown>;
}

/**
 * The same graph `cli.ts` builds, with the data.gouv.fr emulation served
 * in-process to the real undici client and a fixed clock.
 */
export async function createTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const logger = pino({ level: 'silent' });
  const pressReleases = await loadPressReleaseStore({ directory: options.pressReleasesDir ?? SHIPPED_PRESS_RELEASES });
  const records = await loadCommitmentRecords(options.commitmentsFile ?? SHIPPED_COMMITMENTS);
  const handlers = createDatagouvHandlers({ baseUrl: MOCK_BASE_URL, ...options.handlers });
  const mock = createMockDispatcher(handlers);
  const datagouv = createDatagouvClient({
    baseUrl: MOCK_BASE_URL,
    dispatcher: mock.dispatcher,
    source: 'MOCK',
    clock: { sleep: () => Promise.resolve() },
    ...options.client,
  });
  const codegouvOptions = options.codegouv === false ? null : options.codegouv ?? {};
  const codegouvHandlers = codegouvOptions === null ? null : createCodegouvHandlers(codegouvOptions);
  const codegouvMock = codegouvHandlers === null ? null : createMockDispatcher(codegouvHandlers);
  const codegouv = codegouvMock === null
    ? null
    : createCodegouvClient({
        dataUrl: codegouvOptions?.dataUrl ?? 'https://code.gouv.fr/data',
        ecosystemUrl: codegouvOptions?.ecosystemUrl ?? 'https://data.code.gouv.fr/api/v1',
        dispatcher: codegouvMock.dispatcher,
        source: 'MOCK',
        clock: { sleep: () => Promise.resolve() },
        ...options.codegouvClient,
      });
  const now = options.now ?? (() => FIXED_NOW);
  const registry = createCommitmentRegistry(records.commitments, records.errors);
  const gateway = createGateway({
    pressReleases,
    commitments: registry,
    datagouv,
    ...(codegouv ? { codegouv } : {}),
    logger,
    now,
    useTrackingTable: options.useTrackingTable ?? false,
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
    ...options.gateway,
  });
  return {
    gateway,
    datagouv,
    control: handlers.control,
    commitments: () => registry.all(),
    upstreamCalls: () => mock.calls,
    resetUpstreamCalls: () => mock.resetCalls(),
    codegouv: codegouv && codegouvMock && codegouvHandlers
      ? { client: codegouv, control: codegouvHandlers.control, calls: () => codegouvMock.calls, resetCalls: () => codegouvMock.resetCalls() }
      : null,
    async query<T>(source: string, variables?: Record<string, unknown>) {
      const response = await gateway.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: source, variables }),
      });
      return (await response.json()) as GraphQLBody<T>;
    },
    async close() {
      await Promise.all([datagouv.close(), codegouv?.close()]);
    },
  };
}

/**
 * For suites that build several gateways: returns a factory whose gateways
 * are all closed after each test.
 */
export function useTestGateways(afterEach: (hook: () => Promise<void>) => void): (options?: TestGatewayOptions) => Promise<TestGateway> {
  let open: TestGateway[] = [];
  afterEach(async () => {
    await Promise.all(open.map((t) => t.close()));
    open = [];
  });
  return async (options = {}) => {
    const created = await createTestGateway(options);
    open.push(created);
    return created;
  };
}
