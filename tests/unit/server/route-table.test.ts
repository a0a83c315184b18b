import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpFront } from '../../../src/server/create-http-front.js';
import { handledBy, under } from '../../../src/server/routes/route.js';

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function serve(answers: (path: string) => boolean): Promise<string> {
  const front = createHttpFront({
    logger: pino({ level: 'silent' }),
    operational: [],
    guards: [],
    routes: [
      handledBy('/x/*', under('/x/'), (request, response) => {
        if (!answers(request.url ?? '')) return false;
        response.end('answered');
        return true;
      }),
    ],
    draining: () => false,
    closeIdleConnections: () => undefined,
  });
  server = createServer(front);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a route over a handler that says whether it answered', () => {
  it('lets the handler answer the paths it serves', async () => {
    const origin = await serve(() => true);
    const response = await fetch(`${origin}/x/served`);
    expect([response.status, await response.text()]).toEqual([200, 'answered']);
  });

  it('answers 404 NOT_FOUND for a matched path the handler left unanswered, instead of leaving the request open', async () => {
    const origin = await serve((url) => url !== '/x/unknown');
    const response = await fetch(`${origin}/x/unknown`, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('NOT_FOUND');
  });
});
