import { http, HttpResponse } from 'msw';
import { errors, fetch, interceptors, request, type Dispatcher } from 'undici';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../mocks/catalogue.js';
import { createMockDispatcher, MockUnhandledRequestError } from '../../../mocks/create-mock-dispatcher.js';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { API } from './mock-client.js';

const handlers = createDatagouvHandlers({ catalogue: loadCatalogue() });
const mock = createMockDispatcher(handlers);
const { dispatcher } = mock;

beforeEach(() => mock.resetCalls());

describe('createMockDispatcher with undici request()', () => {
  it('returns status, headers and body from the handlers', async () => {
    const response = await request(`${API}/1/datasets/population/`, { dispatcher });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['vary']).toBe('Origin');
    expect(response.headers['etag']).toBeUndefined();
    expect(((await response.body.json()) as { title: string }).title).toBe('Population');
  });

  it('passes request headers and the query option through to the handlers', async () => {
    const response = await request(`${API}/1/datasets/`, { dispatcher, query: { organization: 'cerema' }, headers: { origin: 'https://front.example' } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(await response.body.json()).toEqual({ message: 'Organization arg must be an identifier' });
  });

  it('does not follow a 308: the caller sees the relative Location', async () => {
    const response = await request(`${API}/1/datasets/carte-scolaire-des-colleges/`, { dispatcher });
    expect(response.statusCode).toBe(308);
    expect(response.headers['location']).toBe('/api/1/datasets/carte-scolaire-des-colleges-publics/');
    await response.body.dump();
  });

  it('aborts a hanging request when the caller\'s signal fires', async () => {
    const started = Date.now();
    const pending = request(`${API}/1/site/`, { dispatcher, headers: { 'x-mock-fault': 'hang' }, signal: AbortSignal.timeout(150) });
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
    // Generous: without the abort the request would hang until the test times out.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(mock.calls).toEqual([{ method: 'GET', url: `${API}/1/site/`, status: 'ERROR' }]);
  });

  it('fails a hanging request with undici\'s HeadersTimeoutError when headersTimeout elapses', async () => {
    const pending = request(`${API}/1/site/`, { dispatcher, headers: { 'x-mock-fault': 'hang' }, headersTimeout: 100 });
    await expect(pending).rejects.toBeInstanceOf(errors.HeadersTimeoutError);
  });

  it('fails a trickling body with BodyTimeoutError when chunks are further apart than bodyTimeout', async () => {
    const response = await request(`${API}/1/site/`, { dispatcher, headers: { 'x-mock-fault': 'slow:2000' }, bodyTimeout: 50 });
    expect(response.statusCode).toBe(200);
    await expect(response.body.text()).rejects.toBeInstanceOf(errors.BodyTimeoutError);
  });

  it('reports a reset as undici\'s SocketError "other side closed"', async () => {
    const pending = request(`${API}/1/site/`, { dispatcher, headers: { 'x-mock-fault': 'reset' } });
    await expect(pending).rejects.toMatchObject({ code: 'UND_ERR_SOCKET', message: 'other side closed' });
    expect(mock.calls.at(-1)?.status).toBe('ERROR');
  });

  it('fails loudly when no handler matches, naming the method and URL', async () => {
    const pending = request(`${API}/1/datasets/population`, { dispatcher });
    await expect(pending).rejects.toBeInstanceOf(MockUnhandledRequestError);
    await expect(request(`${API}/1/nope/`, { dispatcher })).rejects.toThrow(`The mock has no handler for GET ${API}/1/nope/`);
  });

  it('counts calls with their status, in order, and resets the log in place', async () => {
    const calls = mock.calls;
    await (await request(`${API}/1/site/`, { dispatcher })).body.dump();
    await (await request(`${API}/1/datasets/000000000000000000000000/`, { dispatcher })).body.dump();
    await (await request(`${API}/1/site/`, { dispatcher, headers: { 'x-mock-fault': '503' } })).body.dump();
    expect(calls.map((call) => call.status)).toEqual([200, 404, 503]);
    mock.resetCalls();
    expect(calls).toHaveLength(0);
  });

  it('streams a large body through back-pressure intact (v1 page of 129 inline resources)', async () => {
    const response = await request(`${API}/1/datasets/fichier-des-personnes-decedees/`, { dispatcher, highWaterMark: 1024 });
    const body = (await response.body.json()) as { resources: unknown[] };
    expect(body.resources).toHaveLength(129);
  });

  it('serves controller-style handlers from composed interceptors (retry on 503)', async () => {
    let attempts = 0;
    const flaky = createMockDispatcher([
      http.get('https://flaky.test/', () => (++attempts < 3 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ ok: true }))),
    ]);
    const retrying = flaky.dispatcher.compose(interceptors.retry({ maxRetries: 3, minTimeout: 1, timeoutFactor: 1, statusCodes: [503] }));
    const response = await request('https://flaky.test/', { dispatcher: retrying });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ ok: true });
    expect(flaky.calls.map((call) => call.status)).toEqual([503, 503, 200]);
  });

  it('holds back the end of a response while a controller-style handler is paused', async () => {
    const events: string[] = [];
    const paused = createMockDispatcher([http.get('https://pause.test/', () => new HttpResponse(null, { status: 204 }))]);
    let held: Dispatcher.DispatchController | undefined;
    const ended = new Promise<void>((resolve, reject) => {
      paused.dispatcher.dispatch({ origin: 'https://pause.test', path: '/', method: 'GET' }, {
        // undici tells the two handler styles apart by this callback.
        onRequestStart() {},
        onResponseStart(controller, status) {
          events.push(`start ${status}`);
          held = controller;
          controller.pause();
        },
        onResponseEnd() {
          events.push('end');
          resolve();
        },
        onResponseError: (_controller, error) => reject(error),
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual(['start 204']);
    held!.resume();
    await ended;
    expect(events).toEqual(['start 204', 'end']);
  });

  it('waits for a legacy handler\'s resume() after onHeaders returns false', async () => {
    const chunks: string[] = [];
    let resume: (() => void) | undefined;
    const done = new Promise<void>((resolve, reject) => {
      dispatcher.dispatch({ origin: 'https://www.data.gouv.fr', path: '/api/1/site/', method: 'GET' }, {
        onConnect() {},
        onHeaders(_status, _headers, resumeCallback) {
          resume = resumeCallback;
          return false;
        },
        onData(chunk) {
          chunks.push(chunk.toString());
          return true;
        },
        onComplete: () => resolve(),
        onError: reject,
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(chunks).toEqual([]);
    resume!();
    await done;
    expect(JSON.parse(chunks.join(''))).toMatchObject({ version: '17.6.0' });
  });

  it('refuses dispatches once closed', async () => {
    const closing = createMockDispatcher(handlers);
    await closing.dispatcher.close();
    await expect(request(`${API}/1/site/`, { dispatcher: closing.dispatcher })).rejects.toBeInstanceOf(errors.ClientClosedError);
  });
});

describe('createMockDispatcher with undici fetch()', () => {
  it('returns status, headers and JSON body', async () => {
    const response = await fetch(`${API}/2/datasets/population/`, { dispatcher });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(((await response.json()) as { resources: { total: number } }).resources.total).toBe(5);
  });

  it('follows the 308 of an old slug through the same dispatcher', async () => {
    const response = await fetch(`${API}/1/datasets/carte-scolaire-des-colleges/`, { dispatcher });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${API}/1/datasets/carte-scolaire-des-colleges-publics/`);
    expect(mock.calls.map((call) => call.status)).toEqual([308, 200]);
  });

  it('aborts a hanging request on the caller\'s signal', async () => {
    await expect(fetch(`${API}/1/site/`, { dispatcher, headers: { 'x-mock-fault': 'hang' }, signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('reports a reset as "fetch failed" caused by a SocketError', async () => {
    const failure = await fetch(`${API}/1/site/`, { dispatcher, headers: { 'x-mock-fault': 'reset' } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe('fetch failed');
    expect((failure as TypeError).cause).toMatchObject({ code: 'UND_ERR_SOCKET' });
  });

  it('delivers the truncated body of invalid-json so parsing fails at the caller', async () => {
    const response = await fetch(`${API}/1/site/`, { dispatcher, headers: { 'x-mock-fault': 'invalid-json' } });
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('follows the r/<rid> redirect to the static CSV', async () => {
    const response = await fetch(`${API}/1/datasets/carte-scolaire-des-colleges-publics/`, { dispatcher });
    const rid = ((await response.json()) as { resources: { id: string }[] }).resources[0]!.id;
    const file = await fetch(`${API}/1/datasets/r/${rid}`, { dispatcher });
    expect(file.url).toMatch(/^https:\/\/static\.data\.gouv\.fr\/resources\/carte-scolaire-des-colleges-publics\//);
    expect((await file.text()).startsWith('code_departement;')).toBe(true);
  });
});
