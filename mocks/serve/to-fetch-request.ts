import type { IncomingMessage } from 'node:http';

async function readBody(message: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A WHATWG Request for an incoming message. The URL is built on the server's
 * own origin, not the Host header, so the handlers (registered on that origin)
 * match whatever name the client used (`localhost`, `127.0.0.1`).
 */
export async function toFetchRequest(message: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const method = (message.method ?? 'GET').toUpperCase();
  const headers = new Headers();
  for (const [name, values] of Object.entries(message.headersDistinct)) {
    for (const value of values ?? []) headers.append(name, value);
  }
  const body = method === 'GET' || method === 'HEAD' ? null : await readBody(message);
  return new Request(new URL(message.url ?? '/', origin), { method, headers, body, signal });
}
