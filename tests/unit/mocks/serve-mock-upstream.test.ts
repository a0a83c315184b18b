import { http } from 'msw';
import { Agent, errors, fetch, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../../mocks/faults/fault-plan.js';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { startMockUpstream, type MockUpstream } from '../../../mocks/serve-mock-upstream.js';

// A real connection pool over real sockets: nothing in-process here.
const agent = new Agent({ keepAliveTimeout: 1_000 });
const faults = createFaultPlan();
let upstream: MockUpstream;

beforeAll(async () => {
  upstream = await startMockUpstream({ faults });
});
afterAll(async () => {
  await upstream.close();
  await agent.close();
});
beforeEach(() => {
  upstream.resetCalls();
  faults.clear();
});

describe('startMockUpstream', () => {
  it('listens on 127.0.0.1 at a random port and reports the API root', () => {
    expect(upstream.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(upstream.url).not.toBe('http://127.0.0.1:0/api');
  });

  it('serves the handlers over a socket, links pointing back to itself', async () => {
    const response = await request(`${upstream.url}/1/datasets/?q=colleges&page_size=1`, { dispatcher: agent });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['vary']).toBe('Origin');
    expect(response.headers['etag']).toBeUndefined();
    const body = (await response.body.json()) as { next_page: string; data: { uri: string }[] };
    expect(body.next_page).toBe(`${upstream.url}/1/datasets/?q=colleges&page_size=1&page=2`);
    expect(body.data[0]!.uri).toBe(`${upstream.url}/1/datasets/carte-scolaire-des-colleges-publics/`);
    expect(upstream.calls).toEqual([{ method: 'GET', url: `${upstream.url}/1/datasets/?q=colleges&page_size=1`, status: 200 }]);
  });

  it('answers a client that calls it localhost, whatever the Host header says', async () => {
    const local = upstream.url.replace('127.0.0.1', 'localhost');
    const response = await request(`${local}/1/site/`, { dispatcher: agent });
    expect(response.statusCode).toBe(200);
    expect(((await response.body.json()) as { version: string }).version).toBe('17.6.0');
  });

  it('lets undici fetch follow a 308 and a 302 to the static CSV on the same server', async () => {
    const dataset = await fetch(`${upstream.url}/1/datasets/carte-scolaire-des-colleges/`, { dispatcher: agent });
    expect(dataset.url).toBe(`${upstream.url}/1/datasets/carte-scolaire-des-colleges-publics/`);
    const rid = ((await dataset.json()) as { resources: { id: string }[] }).resources[0]!.id;
    const file = await fetch(`${upstream.url}/1/datasets/r/${rid}`, { dispatcher: agent });
    expect(file.url.startsWith(`${upstream.origin}/static/resources/`)).toBe(true);
    expect(file.headers.get('content-type')).toBe('text/csv');
    expect((await file.text()).split('\n')[0]).toContain('donnees_synthetiques');
  });

  it('drops the connection on reset: undici reports a SocketError', async () => {
    const pending = request(`${upstream.url}/1/site/`, { dispatcher: agent, headers: { 'x-mock-fault': 'reset' } });
    await expect(pending).rejects.toBeInstanceOf(errors.SocketError);
    expect(upstream.calls.at(-1)?.status).toBe('ERROR');
  });

  it('keeps a hanging request silent until the client gives up, then frees it', async () => {
    const started = Date.now();
    const pending = request(`${upstream.url}/1/site/?__fault=hang`, { dispatcher: agent, signal: AbortSignal.timeout(200) });
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
    // Generous: without the abort the request would hang until the test times out.
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect.poll(() => upstream.calls.at(-1)?.status).toBe('ERROR');
  });

  it('sends the headers of a slow answer before its first chunk', async () => {
    const started = Date.now();
    // 10 chunks over 20 s: the first is 2 s away, the headers must not wait for it (a generous bound).
    const response = await request(`${upstream.url}/1/site/`, { dispatcher: agent, headers: { 'x-mock-fault': 'slow:20000' } });
    expect(Date.now() - started).toBeLessThan(1_500);
    response.body.destroy();
  });

  it('trickles a slow body over the requested duration', async () => {
    const started = Date.now();
    const response = await request(`${upstream.url}/1/site/`, { dispatcher: agent, headers: { 'x-mock-fault': 'slow:400' } });
    expect(((await response.body.json()) as { version: string }).version).toBe('17.6.0');
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('times out a slow body with undici\'s bodyTimeout over the wire', async () => {
    // undici checks body timeouts on a coarse (~0.5 s) timer, so chunks must be further apart than that.
    const response = await request(`${upstream.url}/1/site/`, { dispatcher: agent, headers: { 'x-mock-fault': 'slow:30000' }, bodyTimeout: 100 });
    await expect(response.body.text()).rejects.toBeInstanceOf(errors.BodyTimeoutError);
  });

  it('plays the fault plan it was started with, then answers normally', async () => {
    faults.next('/api/1/organizations/etalab/', ['503', '429:0']);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await request(`${upstream.url}/1/organizations/etalab/`, { dispatcher: agent });
      statuses.push(response.statusCode);
      await response.body.dump();
    }
    expect(statuses).toEqual([503, 429, 200]);
  });

  it('answers an unhandled path with 404 and says so in a header', async () => {
    const response = await request(`${upstream.url}/1/datasets/population`, { dispatcher: agent });
    expect(response.statusCode).toBe(404);
    expect(response.headers['x-mock-unhandled']).toBe(`GET ${upstream.url}/1/datasets/population`);
    await response.body.dump();
  });

  it('builds custom handlers for its own base URL and closes despite a hanging request', async () => {
    let seenBaseUrl = '';
    let arrived = false;
    const custom = await startMockUpstream({
      handlers: (baseUrl) => {
        seenBaseUrl = baseUrl;
        // Returning nothing lets msw fall through to the next handler.
        const spy = http.get(`${baseUrl}/1/site/`, () => {
          arrived = true;
        });
        return [spy, ...createDatagouvHandlers({ baseUrl })];
      },
    });
    expect(seenBaseUrl).toBe(custom.url);
    const hanging = request(`${custom.url}/1/site/`, { dispatcher: agent, headers: { 'x-mock-fault': 'hang' } }).catch((error: unknown) => error);
    await expect.poll(() => arrived).toBe(true);
    await custom.close();
    expect(await hanging).toBeInstanceOf(errors.SocketError);
    expect(custom.calls).toEqual([{ method: 'GET', url: `${custom.url}/1/site/`, status: 'ERROR' }]);
  });
});
