import { getResponse, type RequestHandler } from 'msw';
import { Dispatcher } from 'undici';

/** Every request the dispatcher received, in order. */
export interface RecordedCall {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface TestDispatcher {
  readonly dispatcher: Dispatcher;
  readonly calls: RecordedCall[];
  /** Calls whose URL path (and query) matches. */
  callsTo(pathAndQuery: string | RegExp): RecordedCall[];
}

function toHeaderRecord(headers: Dispatcher.DispatchOptions['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2) record[String(headers[index]).toLowerCase()] = String(headers[index + 1]);
    return record;
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value !== undefined) record[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return record;
}

class MswTestDispatcher extends Dispatcher {
  constructor(
    private readonly handlers: RequestHandler[],
    private readonly calls: RecordedCall[],
  ) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const url = new URL(options.path, options.origin).href;
    const headers = toHeaderRecord(options.headers);
    this.calls.push({ method: options.method, url, headers });
    let settled = false;
    // msw handlers that hold a request (the `hang` fault) let go when the client aborts.
    const requestAbort = new AbortController();
    const fail = (error: Error): void => {
      requestAbort.abort(error);
      if (settled) return;
      settled = true;
      handler.onError?.(error);
    };
    handler.onConnect?.((reason) => fail(reason ?? new Error('aborted')));
    void (async () => {
      const response = await getResponse(this.handlers, new Request(url, { method: options.method, headers, signal: requestAbort.signal }));
      if (settled) return;
      if (!response) return fail(new Error(`no msw handler for ${options.method} ${url}`));
      if (response.type === 'error') {
        return fail(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
      }
      const raw: Buffer[] = [];
      response.headers.forEach((value, name) => raw.push(Buffer.from(name), Buffer.from(value)));
      const body = Buffer.from(await response.arrayBuffer());
      if (settled) return;
      settled = true;
      handler.onHeaders?.(response.status, raw, () => undefined, response.statusText);
      if (body.length > 0) handler.onData?.(body);
      handler.onComplete?.([]);
    })().catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
    return true;
  }

  override async close(): Promise<void> {}
  override async destroy(): Promise<void> {}
}

/** An undici Dispatcher answering from msw handlers in process, recording every request. */
export function createTestDispatcher(handlers: RequestHandler[]): TestDispatcher {
  const calls: RecordedCall[] = [];
  return {
    dispatcher: new MswTestDispatcher(handlers, calls),
    calls,
    callsTo(pattern) {
      return calls.filter((call) => {
        const url = new URL(call.url);
        const pathAndQuery = url.pathname + url.search;
        return typeof pattern === 'string' ? pathAndQuery === pattern : pattern.test(pathAndQuery);
      });
    },
  };
}
