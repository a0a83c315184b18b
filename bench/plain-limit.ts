import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The limit of this machine for an answer of these bytes: a bare node:http
 * server that sends them for every request, with no routing, parsing or
 * GraphQL. `respondWith` changes the bytes between scenarios.
 */
export interface PlainServer {
  readonly origin: string;
  respondWith(body: Buffer, contentType: string): void;
  close(): Promise<void>;
}

export async function startPlainServer(): Promise<PlainServer> {
  let body: Buffer = Buffer.from('{}');
  let contentType = 'application/json';
  const server: Server = createServer((request, response) => {
    // A POST's body is read to its end, as any server must before answering on a keep-alive connection.
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    respondWith(next, nextType) {
      body = next;
      contentType = nextType;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
