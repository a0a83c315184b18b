import { getResponse, type RequestHandler } from 'msw';
import { Dispatcher, errors } from 'undici';
import { toRequestBody, toRequestHeaders, toRequestUrl } from './dispatch/to-web-request.js';
import { toResponseSink, type ResponseSink } from './dispatch/to-response-sink.js';
import { hasEmulationControl, type DatagouvHandlers, type EmulationControl } from './control/emulation-control.js';
import { createCallLog, type CallLog, type MockCall } from './mock-call.js';

/** undici's default for both timeouts: 300 s. */
const UNDICI_DEFAULT_TIMEOUT_MS = 300_000;

export interface MockDispatcherOptions {
  /**
   * Time allowed until response headers, in ms, when a request does not set
   * `headersTimeout` itself; 0 disables. Default 300 000 (undici's). A `hang`
   * fault fails with undici's HeadersTimeoutError once it elapses.
   */
  readonly headersTimeout?: number;
  /** Idle time allowed between body chunks, in ms, when a request does not set `bodyTimeout`; 0 disables. Default 300 000. */
  readonly bodyTimeout?: number;
}

/** Raised (through the handler's error callback) for a request no msw handler answers: tests must notice. */
export class MockUnhandledRequestError extends Error {
  readonly code = 'MOCK_UNHANDLED_REQUEST';
  constructor(method: string, url: string) {
    super(`The mock has no handler for ${method} ${url}`);
    this.name = 'MockUnhandledRequestError';
  }
}

function startTimer(ms: number, onTimeout: () => void): ReturnType<typeof setTimeout> | undefined {
  // Left ref'd on purpose: like the socket of a real request, a pending mock
  // request keeps the process alive until it settles (an unref'd
  // AbortSignal.timeout would otherwise never get to fire).
  return ms > 0 ? setTimeout(onTimeout, ms) : undefined;
}

/**
 * An undici Dispatcher that answers from msw handlers in-process. undici opens
 * its own sockets, so msw's interceptors never see its requests; this hands
 * each dispatch to msw's `getResponse` as a WHATWG Request and streams the
 * Response back through the handler callbacks undici passed.
 */
export class MockDispatcher extends Dispatcher {
  readonly #handlers: readonly RequestHandler[];
  readonly #log: CallLog;
  readonly #options: Required<MockDispatcherOptions>;
  readonly #inFlight = new Set<(reason: Error) => void>();
  readonly #idleWaiters: (() => void)[] = [];
  #closed = false;

  constructor(handlers: readonly RequestHandler[], log: CallLog, options: MockDispatcherOptions = {}) {
    super();
    this.#handlers = handlers;
    this.#log = log;
    this.#options = {
      headersTimeout: options.headersTimeout ?? UNDICI_DEFAULT_TIMEOUT_MS,
      bodyTimeout: options.bodyTimeout ?? UNDICI_DEFAULT_TIMEOUT_MS,
    };
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const sink = toResponseSink(handler);
    if (this.#closed) {
      sink.error(new errors.ClientClosedError());
      return false;
    }
    this.#run(options, sink);
    return true;
  }

  #run(options: Dispatcher.DispatchOptions, sink: ResponseSink): void {
    const method = String(options.method).toUpperCase();
    const url = toRequestUrl(options);
    const controller = new AbortController();
    const headersTimeout = options.headersTimeout ?? this.#options.headersTimeout;
    const bodyTimeout = options.bodyTimeout ?? this.#options.bodyTimeout;

    let finished = false;
    let recorded = false;
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let headersTimer: ReturnType<typeof setTimeout> | undefined;
    let bodyTimer: ReturnType<typeof setTimeout> | undefined;
    let paused = false;
    let wakeUp: (() => void) | null = null;

    const record = (status: MockCall['status']): void => {
      if (recorded) return;
      recorded = true;
      this.#log.record({ method, url: url.href, status });
    };
    const settle = (): void => {
      finished = true;
      clearTimeout(headersTimer);
      clearTimeout(bodyTimer);
      this.#inFlight.delete(fail);
      if (this.#inFlight.size === 0) for (const waiter of this.#idleWaiters.splice(0)) waiter();
    };
    const fail = (error: Error): void => {
      if (finished) return;
      settle();
      // Releases a `hang` handler waiting on the request signal, and a paused body loop.
      controller.abort(error);
      reader?.cancel(error).catch(() => {});
      wakeUp?.();
      record('ERROR');
      sink.error(error);
    };
    const resume = (): void => {
      paused = false;
      const waiter = wakeUp;
      wakeUp = null;
      waiter?.();
    };

    this.#inFlight.add(fail);
    sink.start((reason) => fail(reason ?? new errors.RequestAbortedError()));
    if (finished) return;
    headersTimer = startTimer(headersTimeout, () => fail(new errors.HeadersTimeoutError()));

    const respond = async (): Promise<void> => {
      const hasBody = method !== 'GET' && method !== 'HEAD';
      const body = hasBody ? await toRequestBody(options.body) : null;
      const request = new Request(url, { method, headers: toRequestHeaders(options.headers), body, signal: controller.signal });
      const response = await getResponse([...this.#handlers], request);
      if (finished) {
        await response?.body?.cancel().catch(() => {});
        return;
      }
      if (response === undefined) return fail(new MockUnhandledRequestError(method, url.href));
      // msw's HttpResponse.error(): the connection dropped before any byte, as undici reports it.
      if (response.type === 'error') return fail(new errors.SocketError('other side closed'));

      clearTimeout(headersTimer);
      record(response.status);
      // A paused handler gets nothing more, not even the end, until it resumes
      // (undici's retry interceptor pauses on a 5xx while it decides).
      const whilePaused = async (): Promise<void> => {
        if (paused) await new Promise<void>((wake) => (wakeUp = wake));
      };
      // Like undici's core Request: a callback that throws aborts the request with its error.
      try {
        paused = !sink.headers(response.status, response.headers, response.statusText, resume);
      } catch (error) {
        return fail(error as Error);
      }
      if (finished) return;
      if (response.body !== null && method !== 'HEAD') {
        reader = response.body.getReader();
        for (;;) {
          await whilePaused();
          if (finished) return;
          bodyTimer = startTimer(bodyTimeout, () => fail(new errors.BodyTimeoutError()));
          const { done, value } = await reader.read();
          clearTimeout(bodyTimer);
          if (finished) return;
          if (done) break;
          try {
            paused = !sink.data(Buffer.from(value));
          } catch (error) {
            return fail(error as Error);
          }
          if (finished) return;
        }
      } else {
        await response.body?.cancel();
      }
      await whilePaused();
      if (finished) return;
      settle();
      try {
        sink.end();
      } catch (error) {
        // undici's retry interceptor (throwOnError) throws from the end callback to ask for a retry.
        sink.error(error as Error);
      }
    };
    respond().catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
  }

  /** Refuses new dispatches and resolves once the ones in flight are done. */
  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    this.#closed = true;
    const done = this.#inFlight.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    if (callback === undefined) return done;
    void done.then(callback);
  }

  /** Refuses new dispatches and fails the ones in flight with `error` (default ClientDestroyedError). */
  override destroy(): Promise<void>;
  override destroy(error: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(error: Error | null, callback: () => void): void;
  override destroy(first?: Error | null | (() => void), second?: () => void): Promise<void> | void {
    const error = typeof first === 'function' || first === undefined || first === null ? new errors.ClientDestroyedError() : first;
    const callback = typeof first === 'function' ? first : second;
    this.#closed = true;
    for (const fail of [...this.#inFlight]) fail(error);
    if (callback === undefined) return Promise.resolve();
    queueMicrotask(callback);
  }
}

export interface MockDispatcherHandle {
  /** Pass it to undici's `request(url, { dispatcher })`, `fetch(url, { dispatcher })` or a client. */
  readonly dispatcher: Dispatcher;
  /** Every request answered so far, in order of outcome (live array). */
  readonly calls: ReadonlyArray<MockCall>;
  /** Empties `calls` in place. */
  resetCalls(): void;
}

/** The handle over `createDatagouvHandlers()`: also the emulation's run-time control (modes, deletions). */
export interface DatagouvMockDispatcherHandle extends MockDispatcherHandle {
  readonly control: EmulationControl;
}

/**
 * An in-process undici dispatcher serving `handlers` (for example
 * `createDatagouvHandlers()`), with a log of the calls it answered.
 * Requests no handler matches fail with MockUnhandledRequestError.
 * Given the list `createDatagouvHandlers()` returned (not a copy), the handle
 * exposes its `control`.
 */
export function createMockDispatcher(handlers: DatagouvHandlers, options?: MockDispatcherOptions): DatagouvMockDispatcherHandle;
export function createMockDispatcher(handlers: readonly RequestHandler[], options?: MockDispatcherOptions): MockDispatcherHandle;
export function createMockDispatcher(handlers: readonly RequestHandler[], options: MockDispatcherOptions = {}): MockDispatcherHandle {
  const log = createCallLog();
  const dispatcher = new MockDispatcher(handlers, log, options);
  const handle: MockDispatcherHandle = {
    dispatcher,
    calls: log.calls,
    resetCalls: () => log.reset(),
  };
  if (!hasEmulationControl(handlers)) return handle;
  const withControl: DatagouvMockDispatcherHandle = { ...handle, control: handlers.control };
  return withControl;
}
