import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { getResponse, type RequestHandler } from 'msw';
import {
  EMULATION_MODES,
  hasEmulationControl,
  type EmulationControl,
  type EmulationMode,
} from './control/emulation-control.js';
import { createCodegouvHandlers, type CodegouvEmulationControl, type CodegouvEmulationMode } from './codegouv/handlers.js';
import type { FaultPlan } from './faults/fault-plan.js';
import { createDatagouvHandlers } from './handlers.js';
import { NOT_FOUND_MESSAGE } from './http/error-bodies.js';
import { createCallLog, type MockCall } from './mock-call.js';
import { readMockUpstreamSettings } from './mock-upstream-settings.js';
import { toFetchRequest } from './serve/to-fetch-request.js';
import { writeFetchResponse } from './serve/write-fetch-response.js';

export interface MockUpstreamOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1`: the mock is for this machine only. */
  readonly host?: string;
  /**
   * Handlers to serve. Default `createDatagouvHandlers({ baseUrl, faults })`.
   * Pass a function to build them for the server's own `<origin>/api` once the
   * port is known (handlers only answer the origin they were built for).
   */
  readonly handlers?: readonly RequestHandler[] | ((baseUrl: string) => readonly RequestHandler[]);
  /** Fault plan for the default handlers (ignored with `handlers`). */
  readonly faults?: FaultPlan;
  /** Mode the default handlers start in (ignored with `handlers`). Default `normal`. */
  readonly mode?: EmulationMode;
  /** Mode the code.gouv.fr emulation starts in. Default `normal`. */
  readonly codegouvMode?: CodegouvEmulationMode;
}

export interface MockUpstream {
  /** API root to configure clients with, e.g. `http://127.0.0.1:4010/api`. */
  readonly url: string;
  /** `http://127.0.0.1:4010`. */
  readonly origin: string;
  /** Every request answered so far (live array). */
  readonly calls: ReadonlyArray<MockCall>;
  resetCalls(): void;
  /**
   * Run-time switches (modes, deletions) of the served emulation. With custom
   * `handlers` that carry no control (not a `createDatagouvHandlers()` list),
   * every method throws.
   */
  readonly control: EmulationControl;
  /**
   * The code.gouv.fr emulation served beside data.gouv.fr's, whatever the
   * `handlers`: the roots to configure (`CODEGOUV_DATA_URL`,
   * `CODEGOUV_ECOSYSTEM_URL`) and its run-time switches.
   */
  readonly codegouv: { readonly dataUrl: string; readonly ecosystemUrl: string; readonly control: CodegouvEmulationControl };
  /** Stops listening and drops open connections (in-flight `hang`s included). */
  close(): Promise<void>;
}

/**
 * Where the loopback server serves code.gouv.fr beside a data.gouv.fr API root
 * it serves (`http://127.0.0.1:<port>/api`): the environment a gateway needs so
 * that it never reaches the real code.gouv.fr from a test.
 */
export function codegouvBeside(apiUrl: string): { readonly CODEGOUV_DATA_URL: string; readonly CODEGOUV_ECOSYSTEM_URL: string } {
  const { origin } = new URL(apiUrl);
  return { CODEGOUV_DATA_URL: `${origin}/codegouv/data`, CODEGOUV_ECOSYSTEM_URL: `${origin}/codegouv/api/v1` };
}

function toOrigin(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * A real loopback HTTP server built from the same msw handlers as the
 * in-process dispatcher, for end-to-end tests over sockets, the demo and
 * front-end work. Faults happen on the wire: `reset` destroys the socket,
 * `slow` trickles the body, `hang` keeps the connection silent.
 */
export async function startMockUpstream(options: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const log = createCallLog();
  let handlers: readonly RequestHandler[] = [];
  let origin = '';

  const handle = async (message: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = (message.method ?? 'GET').toUpperCase();
    const url = new URL(message.url ?? '/', origin).href;
    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) controller.abort(new Error('the client closed the connection'));
    });
    let answer: Response | undefined;
    try {
      answer = await getResponse([...handlers], await toFetchRequest(message, origin, controller.signal));
    } catch (error) {
      log.record({ method, url, status: 500 });
      response.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: String(error) }));
      return;
    }
    if (controller.signal.aborted) {
      await answer?.body?.cancel().catch(() => {});
      log.record({ method, url, status: 'ERROR' });
      return;
    }
    if (answer === undefined) {
      log.record({ method, url, status: 404 });
      response
        .writeHead(404, { 'Content-Type': 'application/json', 'X-Mock-Unhandled': `${method} ${url}` })
        .end(JSON.stringify({ message: NOT_FOUND_MESSAGE }));
      return;
    }
    if (answer.type === 'error') {
      log.record({ method, url, status: 'ERROR' });
      message.socket.destroy();
      return;
    }
    log.record({ method, url, status: answer.status });
    await writeFetchResponse(answer, response, controller.signal);
  };

  const inFlight = new Set<Promise<void>>();
  const server = createServer((message, response) => {
    const handling = handle(message, response).catch(() => {
      message.socket.destroy();
    });
    inFlight.add(handling);
    void handling.finally(() => inFlight.delete(handling));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = toOrigin(server.address() as AddressInfo);
  const baseUrl = `${origin}/api`;
  const datagouvHandlers =
    typeof options.handlers === 'function'
      ? options.handlers(baseUrl)
      : options.handlers ??
        createDatagouvHandlers({
          baseUrl,
          ...(options.faults === undefined ? {} : { faults: options.faults }),
          ...(options.mode === undefined ? {} : { mode: options.mode }),
        });
  // Under a path of its own, so its routes never meet data.gouv.fr's.
  const beside = codegouvBeside(baseUrl);
  const codegouv = { dataUrl: beside.CODEGOUV_DATA_URL, ecosystemUrl: beside.CODEGOUV_ECOSYSTEM_URL };
  const codegouvHandlers = createCodegouvHandlers({ ...codegouv, ...(options.codegouvMode === undefined ? {} : { mode: options.codegouvMode }) });
  handlers = [...datagouvHandlers, ...codegouvHandlers];

  return {
    url: baseUrl,
    origin,
    calls: log.calls,
    resetCalls: () => log.reset(),
    control: hasEmulationControl(datagouvHandlers) ? datagouvHandlers.control : detachedControl(),
    codegouv: { ...codegouv, control: codegouvHandlers.control },
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Keep-alive and hanging connections would otherwise hold close() open.
        server.closeAllConnections();
      });
      // Nothing of this server runs once close() has resolved (a released hang still logs its call).
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** The control of a server whose custom handlers have none: nothing to switch, so every call says so. */
function detachedControl(): EmulationControl {
  const refuse = (): never => {
    throw new TypeError('These mock handlers carry no emulation control (pass a createDatagouvHandlers() list, not a copy)');
  };
  return {
    get mode() {
      return refuse();
    },
    get catalogue() {
      return refuse();
    },
    setMode: refuse,
    deleteObject: refuse,
    archiveObject: refuse,
    editDataset: refuse,
    recreateDataset: refuse,
    reset: refuse,
  };
}

async function main(): Promise<void> {
  const upstream = await startMockUpstream(readMockUpstreamSettings(process.env));
  process.stdout.write(
    [
      `data.gouv.fr emulation listening on ${upstream.url}`,
      `code.gouv.fr emulation (synthetic repositories): inventory under ${upstream.codegouv.dataUrl}, API at ${upstream.codegouv.ecosystemUrl}`,
      'Data: a mix of real recorded data.gouv.fr responses and synthetic demo records',
      '(synthetic ones carry extras.synthetic = true; see mocks/fixtures/PROVENANCE.md).',
      `Try: curl ${upstream.url}/1/datasets/?q=carte+scolaire`,
      'Faults: header x-mock-fault or ?__fault= (429, 429:0, 502, 503, slow, slow:MS, hang, reset, invalid-json).',
      `Mode: ${upstream.control.mode} (MOCK_UPSTREAM_MODE: ${EMULATION_MODES.join(', ')}); code.gouv.fr: ${upstream.codegouv.control.mode} (MOCK_CODEGOUV_MODE).`,
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    upstream.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
