import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway, type TestGatewayOptions } from '../helpers/create-test-gateway.js';

let open: TestGateway[] = [];
afterEach(async () => {
  for (const gateway of open) {
    await gateway.gateway.shutdown();
    await gateway.close();
  }
  open = [];
});

async function listen(options: TestGatewayOptions = {}): Promise<{ origin: string; gateway: TestGateway }> {
  const gateway = await createTestGateway(options);
  open.push(gateway);
  await new Promise<void>((resolve) => gateway.gateway.server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(gateway.gateway.server.address() as AddressInfo).port}`, gateway };
}

const graphql = (origin: string, source: string, headers: Record<string, string> = {}) =>
  request(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: source }) });

describe('CORS', () => {
  it('allows any origin with a literal *, never with credentials', async () => {
    const { origin } = await listen();
    const answer = await graphql(origin, '{ __typename }', { origin: 'https://somewhere.example' });
    await answer.body.dump();
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await request(`${origin}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://somewhere.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    await preflight.body.dump();
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('names only an allowed origin when a list is configured', async () => {
    const { origin } = await listen({ gateway: { clientPolicy: { corsOrigins: ['https://a.example', 'https://b.example'] } } });
    const allowed = await graphql(origin, '{ __typename }', { origin: 'https://b.example' });
    await allowed.body.dump();
    expect(allowed.headers['access-control-allow-origin']).toBe('https://b.example');
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await graphql(origin, '{ __typename }', { origin: 'https://evil.example' });
    await other.body.dump();
    expect(other.headers['access-control-allow-origin']).not.toBe('https://evil.example');
  });
});

describe('rate limiting', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a client spent its burst, and spares /health', async () => {
    let now = 0;
    const { origin } = await listen({ gateway: { clientPolicy: { rateLimit: { perMinute: 60, burst: 2 }, now: () => now } } });
    for (let n = 0; n < 2; n += 1) {
      const answer = await graphql(origin, '{ __typename }');
      await answer.body.dump();
      expect(answer.statusCode).toBe(200);
    }
    const refused = await graphql(origin, '{ __typename }');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(await refused.body.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED', requestId: refused.headers['x-request-id'] } }] });
    const health = await request(`${origin}/health`);
    await health.body.dump();
    expect(health.statusCode).toBe(200);
    now += 1_000;
    const again = await graphql(origin, '{ __typename }');
    await again.body.dump();
    expect(again.statusCode).toBe(200);
  });

  it('tells clients apart by X-Forwarded-For only behind trusted proxies', async () => {
    const { origin } = await listen({ gateway: { clientPolicy: { rateLimit: { perMinute: 1, burst: 1 }, trustedProxyHops: 1, now: () => 0 } } });
    const first = await graphql(origin, '{ __typename }', { 'x-forwarded-for': '192.0.2.1' });
    const second = await graphql(origin, '{ __typename }', { 'x-forwarded-for': '192.0.2.2' });
    const repeat = await graphql(origin, '{ __typename }', { 'x-forwarded-for': '192.0.2.1' });
    await Promise.all([first, second, repeat].map((answer) => answer.body.dump()));
    expect([first.statusCode, second.statusCode, repeat.statusCode]).toEqual([200, 200, 429]);
  });
});

describe('/metrics', () => {
  it('serves Prometheus text with requests by operation and outcome, upstream calls by route, cache, breaker and refusals', async () => {
    const { origin } = await listen();
    await (await graphql(origin, 'query Population { dataset(idOrSlug: "population") { title } }')).body.dump();
    // Another selection executes again (the upstream cache answers); the same one again is a response-cache hit, never executed.
    await (await graphql(origin, 'query Population { dataset(idOrSlug: "population") { id title } }')).body.dump();
    await (await graphql(origin, 'query Population { dataset(idOrSlug: "population") { title } }')).body.dump();
    await (await graphql(origin, `{ ${Array.from({ length: 61 }, (_, n) => `a${n}: announcements { totalCount }`).join(' ')} }`)).body.dump();
    const scrape = await request(`${origin}/metrics`);
    expect(scrape.headers['content-type']).toContain('text/plain');
    const text = await scrape.body.text();
    expect(text).toContain('gateway_graphql_requests_total{operation="Population",outcome="ok"} 2');
    expect(text).toContain('gateway_graphql_requests_total{operation="anonymous",outcome="refused"} 1');
    expect(text).toMatch(/gateway_graphql_request_duration_seconds_count\{operation="Population"\} 2/);
    expect(text).toContain('gateway_upstream_requests_total{host="www.data.gouv.fr",route="/1/datasets/:ref/",status="200"} 1');
    expect(text).toContain('gateway_cache_lookups_total{host="www.data.gouv.fr",result="hit"} 1');
    expect(text).toContain('gateway_cache_lookups_total{host="www.data.gouv.fr",result="miss"} 1');
    expect(text).toContain('gateway_response_cache_total{result="hit"} 1');
    expect(text).toContain('gateway_upstream_breaker_state{host="www.data.gouv.fr",state="CLOSED"} 1');
    // code.gouv.fr's hosts have series of their own.
    expect(text).toContain('gateway_upstream_breaker_state{host="code.gouv.fr",state="CLOSED"} 1');
    expect(text).toContain('gateway_upstream_breaker_state{host="data.code.gouv.fr",state="CLOSED"} 1');
    expect(text).toContain('gateway_refusals_total{reason="ALIAS_LIMIT_EXCEEDED"} 1');
    expect(text).toContain('process_resident_memory_bytes');
    // Raw ids and slugs never become label values.
    expect(text).not.toContain('population');
  });
});
