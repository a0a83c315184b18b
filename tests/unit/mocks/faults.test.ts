import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../mocks/catalogue.js';
import { createFaultPlan } from '../../../mocks/faults/fault-plan.js';
import { parseFault } from '../../../mocks/faults/parse-fault.js';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { API, get } from './mock-client.js';

const catalogue = loadCatalogue();
const handlers = createDatagouvHandlers({ catalogue });
const fault = (value: string): RequestInit => ({ headers: { 'x-mock-fault': value } });

describe('parseFault', () => {
  it('reads every documented value and rejects the rest', () => {
    expect(parseFault('429')).toEqual({ kind: 'status', status: 429, retryAfterSeconds: 1 });
    expect(parseFault('429:0')).toEqual({ kind: 'status', status: 429, retryAfterSeconds: 0 });
    expect(parseFault('503')).toEqual({ kind: 'status', status: 503, retryAfterSeconds: null });
    expect(parseFault('slow')).toEqual({ kind: 'slow', totalMs: 5000 });
    expect(parseFault('slow:250')).toEqual({ kind: 'slow', totalMs: 250 });
    expect(parseFault('hang')).toEqual({ kind: 'hang' });
    expect(parseFault('reset')).toEqual({ kind: 'reset' });
    expect(parseFault('invalid-json')).toEqual({ kind: 'invalid-json' });
    for (const bad of ['500', 'slow:abc', 'hang:1', '503:2', '']) expect(parseFault(bad), bad).toBeNull();
  });
});

describe('the fault switch', () => {
  it('answers 429 with Retry-After 1 (or the given seconds) from the proxy', async () => {
    const response = await get(handlers, '/1/datasets/population/', fault('429'));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('content-type')).toBe('text/html');
    expect((await get(handlers, '/1/site/', fault('429:0'))).headers.get('retry-after')).toBe('0');
  });

  it('answers 502 and 503 without Retry-After', async () => {
    for (const status of [502, 503]) {
      const response = await get(handlers, '/2/datasets/search/', fault(String(status)));
      expect(response.status).toBe(status);
      expect(response.headers.has('retry-after')).toBe(false);
    }
  });

  it('turns reset into a network error (Response.error)', async () => {
    const response = await get(handlers, '/1/organizations/etalab/', fault('reset'));
    expect(response.type).toBe('error');
  });

  it('cuts the JSON body in half on invalid-json, with status 200', async () => {
    const response = await get(handlers, '/1/datasets/population/', fault('invalid-json'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(text.startsWith('{"access_audiences"')).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('sends headers at once and trickles the body over slow:MS', async () => {
    const started = Date.now();
    const response = await get(handlers, '/1/site/', fault('slow:2000'));
    // Generous: the headers must not wait for the trickled body (2 s).
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(body).toMatchObject({ version: '17.6.0' });
  });

  it('hangs until the request is aborted', async () => {
    const controller = new AbortController();
    let settled = false;
    const pending = getResponse([...handlers], new Request(`${API}/1/site/`, { headers: { 'x-mock-fault': 'hang' }, signal: controller.signal })).then((response) => {
      settled = true;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(false);
    controller.abort();
    const response = await pending;
    expect(response?.type).toBe('error');
  });

  it('takes the same values from the __fault query parameter and hides it from the route', async () => {
    expect((await get(handlers, '/1/datasets/?__fault=503')).status).toBe(503);
    const response = await get(handlers, '/1/datasets/?page_size=1&__fault=slow:10');
    const body = await response.json();
    expect(body.next_page).toBe('https://www.data.gouv.fr/api/1/datasets/?page_size=1&page=2');
  });

  it('answers 400 for an unknown fault value rather than ignoring it', async () => {
    const response = await get(handlers, '/1/site/', fault('explode'));
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/Unknown mock fault "explode"/);
  });

  it('applies to the static file route as well', async () => {
    const url = catalogue.datasets.bySlug.get('carte-scolaire-des-colleges-publics')!.payload.resources[0]!.url;
    expect((await get(handlers, url, fault('503'))).status).toBe(503);
  });
});

describe('FaultPlan', () => {
  it('plays queued faults in order for one path, then answers normally, leaving other paths alone', async () => {
    const plan = createFaultPlan().next('/api/1/datasets/population/', ['503', '429:0']);
    const planned = createDatagouvHandlers({ catalogue, faults: plan });
    expect((await get(planned, '/1/site/')).status).toBe(200);
    expect((await get(planned, '/1/datasets/population/')).status).toBe(503);
    expect((await get(planned, '/1/datasets/population/?page=3')).status).toBe(429);
    expect((await get(planned, '/1/datasets/population/')).status).toBe(200);
    expect(plan.pending()).toEqual({});
  });

  it('accepts a full URL or * for any path, and lets the header win over the plan', async () => {
    const plan = createFaultPlan().next(`${API}/1/site/`, ['502']).next('*', ['reset']);
    const planned = createDatagouvHandlers({ catalogue, faults: plan });
    expect((await get(planned, '/1/site/', fault('none'))).status).toBe(200);
    expect(plan.pending()).toEqual({ '/api/1/site/': ['502'], '*': ['reset'] });
    expect((await get(planned, '/1/site/')).status).toBe(502);
    expect((await get(planned, '/1/organizations/etalab/')).type).toBe('error');
    plan.next('*', ['503']).clear();
    expect((await get(planned, '/1/site/')).status).toBe(200);
  });
});
