import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { isUdataErrorBody } from '../../../src/upstream/datagouv/is-udata-error-body.js';
import { createTestClient } from './support/create-test-client.js';

/** udata's real 404 body, with flask-restx's "did you mean" hint (recorded 2026-09). */
const REAL_404 = readFileSync(new URL('../../../mocks/fixtures/real/api1-datasets-does-not-exist-xyz.404.body.json', import.meta.url), 'utf8');
/** What a wrong API root or a proxy answers: nginx's page. */
const HTML_404 = '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

describe('a 404 that is not data.gouv.fr’s own answer', () => {
  it('recognises udata’s recorded JSON 404 and nothing else', () => {
    expect(isUdataErrorBody(REAL_404)).toBe(true);
    expect(isUdataErrorBody(HTML_404)).toBe(false);
    expect(isUdataErrorBody('[]')).toBe(false);
    expect(isUdataErrorBody('{"error": "x"}')).toBe(false);
  });

  it('reads udata’s JSON 404 as "no such object"', async () => {
    const { client } = createTestClient([http.get('https://www.data.gouv.fr/*', () => new HttpResponse(REAL_404, { status: 404, headers: { 'content-type': 'application/json' } }))]);
    await expect(client.getDataset('does-not-exist-xyz')).resolves.toBeNull();
    expect(client.status().breakerState).toBe('CLOSED');
  });

  it('reads an HTML 404 as an unusable upstream, never as "gone", and opens the breaker', async () => {
    const { client, upstream } = createTestClient(
      [http.get('https://www.data.gouv.fr/*', () => new HttpResponse(HTML_404, { status: 404, headers: { 'content-type': 'text/html' } }))],
      { breaker: { failureThreshold: 3, coolDownMs: 60_000 } },
    );
    for (const slug of ['a', 'b', 'c']) {
      await expect(client.getDataset(slug)).rejects.toMatchObject({ code: 'UPSTREAM_BAD_PAYLOAD' });
    }
    expect(client.status().breakerState).toBe('OPEN');
    await expect(client.getDataservice('d')).rejects.toMatchObject({ code: 'UPSTREAM_CIRCUIT_OPEN' });
    expect(upstream.calls).toHaveLength(3);
  });
});
