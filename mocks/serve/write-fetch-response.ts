import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * Sends a WHATWG Response over a node:http response: headers at once (so a
 * `slow` body visibly trickles), then the body chunk by chunk with
 * back-pressure. Stops quietly when `signal` aborts (the client went away).
 */
export async function writeFetchResponse(response: Response, target: ServerResponse, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    headers[name] = value;
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  target.writeHead(response.status, response.statusText || undefined, headers);
  target.flushHeaders();
  if (response.body === null) {
    target.end();
    return;
  }
  const reader = response.body.getReader();
  const stop = (): void => {
    reader.cancel().catch(() => {});
  };
  signal.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || signal.aborted) break;
      if (!target.write(value)) await Promise.race([once(target, 'drain'), once(target, 'close')]);
    }
  } finally {
    signal.removeEventListener('abort', stop);
  }
  if (!signal.aborted) target.end();
}
