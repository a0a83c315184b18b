import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

/**
 * The callbacks a dispatch must drive, whichever handler style undici passed.
 * undici 7's own `request()` and `fetch()` still hand legacy handlers
 * (`onConnect/onHeaders/onData/onComplete/onError`); composed interceptors
 * hand the new controller style (`onRequestStart/onResponse*`). undici tells
 * them apart the same way: by the presence of `onRequestStart`.
 */
export interface ResponseSink {
  /** Gives the handler its way to abort (the caller's signal, a destroyed body stream). */
  start(abort: (reason?: Error) => void): void;
  /** False means "pause": wait for `resume` before the next `data`. */
  headers(status: number, headers: Headers, statusText: string, resume: () => void): boolean;
  /** False means "pause", as above. */
  data(chunk: Buffer): boolean;
  end(): void;
  error(error: Error): void;
}

function toRawHeaders(headers: Headers): Buffer[] {
  const raw: Buffer[] = [];
  for (const [name, value] of headers) raw.push(Buffer.from(name, 'latin1'), Buffer.from(value, 'latin1'));
  return raw;
}

function toHeaderObject(headers: Headers): IncomingHttpHeaders {
  const object: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    const previous = object[name];
    object[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return object;
}

function legacySink(handler: Dispatcher.DispatchHandler): ResponseSink {
  return {
    start: (abort) => handler.onConnect?.(abort),
    headers(status, headers, statusText, resume) {
      handler.onResponseStarted?.();
      return handler.onHeaders?.(status, toRawHeaders(headers), resume, statusText) !== false;
    },
    data: (chunk) => handler.onData?.(chunk) !== false,
    end: () => handler.onComplete?.([]),
    error(error) {
      if (handler.onError === undefined) throw error;
      handler.onError(error);
    },
  };
}

function controllerSink(handler: Dispatcher.DispatchHandler): ResponseSink {
  let abortHook: (reason?: Error) => void = () => {};
  let resumeHook: () => void = () => {};
  let paused = false;
  let aborted = false;
  let reason: Error | null = null;
  const controller: Dispatcher.DispatchController = {
    get aborted() {
      return aborted;
    },
    get paused() {
      return paused;
    },
    get reason() {
      return reason;
    },
    abort(error: Error) {
      if (aborted) return;
      aborted = true;
      reason = error;
      abortHook(error);
    },
    pause() {
      paused = true;
    },
    resume() {
      if (!paused) return;
      paused = false;
      resumeHook();
    },
  };
  return {
    start(abort) {
      abortHook = abort;
      handler.onRequestStart?.(controller, {});
    },
    headers(status, headers, statusText, resume) {
      resumeHook = resume;
      handler.onResponseStart?.(controller, status, toHeaderObject(headers), statusText);
      return !paused;
    },
    data(chunk) {
      handler.onResponseData?.(controller, chunk);
      return !paused;
    },
    end: () => handler.onResponseEnd?.(controller, {}),
    error: (error) => handler.onResponseError?.(controller, error),
  };
}

export function toResponseSink(handler: Dispatcher.DispatchHandler): ResponseSink {
  return typeof handler.onRequestStart === 'function' ? controllerSink(handler) : legacySink(handler);
}
