import { proxyPage } from '../http/proxy-page.js';
import type { Fault } from './parse-fault.js';

const PROXY_TITLES = { 429: 'Too Many Requests', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable' } as const;

/** Most chunks a `slow` body is cut into. */
const SLOW_CHUNKS = 10;

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function trickle(bytes: Uint8Array, totalMs: number): ReadableStream<Uint8Array> {
  const count = Math.max(1, Math.min(SLOW_CHUNKS, bytes.length));
  const size = Math.ceil(bytes.length / count);
  const interval = totalMs / count;
  let sent = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>({
    // One chunk per pull, each after a pause: headers go out at once, the body takes totalMs.
    pull(controller) {
      return new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          controller.enqueue(bytes.subarray(sent, sent + size));
          sent += size;
          if (sent >= bytes.length) controller.close();
          resolve();
        }, interval);
      });
    },
    cancel() {
      clearTimeout(timer);
    },
  });
}

/**
 * Answers `request` with `fault` applied; `respond` computes the normal
 * answer when the fault needs it (slow and invalid-json reuse the real body).
 */
export async function applyFault(fault: Fault, request: Request, respond: () => Promise<Response>): Promise<Response> {
  switch (fault.kind) {
    case 'none':
      return respond();
    case 'status': {
      const headers: Record<string, string> = { 'Content-Type': 'text/html' };
      if (fault.retryAfterSeconds !== null) headers['Retry-After'] = String(fault.retryAfterSeconds);
      return new Response(proxyPage(fault.status, PROXY_TITLES[fault.status]), { status: fault.status, headers });
    }
    case 'slow': {
      const normal = await respond();
      const bytes = new Uint8Array(await normal.arrayBuffer());
      const headers = new Headers(normal.headers);
      headers.set('Content-Length', String(bytes.length));
      return new Response(trickle(bytes, fault.totalMs), { status: normal.status, headers });
    }
    case 'hang':
      // Holds the request until the client aborts; then there is nobody left to answer.
      await waitForAbort(request.signal);
      return Response.error();
    case 'reset':
      return Response.error();
    case 'invalid-json': {
      const text = await (await respond()).text();
      return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }
  }
}
