import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import { startMockUpstream } from '../../mocks/serve-mock-upstream.js';
import { createCommitmentRegistry } from '../../src/commitments/create-commitment-registry.js';
import { loadCommitmentRecords } from '../../src/commitments/load-commitment-records.js';
import { loadPressReleaseStore } from '../../src/press-releases/load-press-release-store.js';
import { createGateway, type Gateway } from '../../src/server/create-gateway.js';
import { createDatagouvClient } from '../../src/upstream/datagouv/client.js';
import type { DatagouvClient } from '../../src/upstream/datagouv/datagouv-client.js';
import { SHIPPED_COMMITMENTS, SHIPPED_PRESS_RELEASES } from '../helpers/create-test-gateway.js';

const DECEASED_ID = '5de8f397634f4164071119c5';

describe('gateway and emulated upstream over real loopback sockets', () => {
  const faults = createFaultPlan();
  let upstream: Awaited<ReturnType<typeof startMockUpstream>>;
  let datagouv: DatagouvClient;
  let gateway: Gateway;
  let origin: string;

  beforeAll(async () => {
    upstream = await startMockUpstream({ port: 0, faults });
    datagouv = createDatagouvClient({ baseUrl: upstream.url, source: 'MOCK' });
    const records = await loadCommitmentRecords(SHIPPED_COMMITMENTS);
    gateway = createGateway({
      pressReleases: await loadPressReleaseStore({ directory: SHIPPED_PRESS_RELEASES }),
      commitments: createCommitmentRegistry(records.commitments, records.errors),
      datagouv,
      logger: pino({ level: 'silent' }),
      shutdownTimeoutMs: 5_000,
    });
    await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await gateway.shutdown();
    await datagouv.close();
    await upstream.close();
  });

  async function post(query: string) {
    const response = await request(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'e2e-test-1' },
      body: JSON.stringify({ query }),
    });
    return { status: response.statusCode, headers: response.headers, body: (await response.body.json()) as Record<string, any> };
  }

  it('answers health and readiness probes', async () => {
    const health = await request(`${origin}/health`);
    expect(health.statusCode).toBe(200);
    expect(await health.body.json()).toEqual({ status: 'ok' });
    const ready = await request(`${origin}/ready`);
    expect(ready.statusCode).toBe(200);
    expect(await ready.body.json()).toMatchObject({ status: 'ready', announcements: 7, loadErrors: 0 });
  });

  it('serves GraphiQL to a browser as a small page and its own hashed, cacheable, compressed files', async () => {
    const page = await request(`${origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    const html = await page.body.text();
    expect(html.length).toBeLessThan(64 * 1024);
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    // The saved queries are what the editor opens on (GraphiQL 4 reads `query`).
    expect(html).toMatch(/"query":"# ⚠ MODE DÉMONSTRATION[^"]*PromessesDu29Avril2021/);
    // Nothing is fetched from a CDN: every file comes from the gateway itself.
    expect(html).not.toMatch(/(src|href)="?(https?:)?\/\//);
    const files = [...html.matchAll(/"(\/graphiql\/assets\/[\w.-]+)"/g)].map((match) => match[1] as string);
    expect(new Set(files.map((file) => file.split('.').pop()))).toEqual(new Set(['ico', 'css', 'js']));
    expect(files).toHaveLength(6);
    for (const file of files) {
      const asset = await request(`${origin}${file}`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(asset.statusCode, file).toBe(200);
      expect(asset.headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
      const bytes = Buffer.from(await asset.body.arrayBuffer());
      const body = asset.headers['content-encoding'] === 'br' ? brotliDecompressSync(bytes) : bytes;
      // The name carries the content's hash: a new GraphiQL gets a new URL, never a stale cached file.
      const hash = /\.([0-9a-f]{16})\.\w+$/.exec(file)?.[1];
      expect(createHash('sha256').update(body).digest('hex').slice(0, 16), file).toBe(hash);
    }
    const script = files.find((file) => file.includes('/graphiql.') && file.endsWith('.js')) as string;
    const gzipped = await request(`${origin}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    const gzippedBytes = Buffer.from(await gzipped.body.arrayBuffer());
    expect(gunzipSync(gzippedBytes).toString()).toContain('renderYogaGraphiQL');
    const plain = await request(`${origin}${script}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzippedBytes.length).toBeLessThan(Number(plain.headers['content-length']) / 2);
    await plain.body.dump();
    const revalidated = await request(`${origin}${script}`, { headers: { 'if-none-match': String(plain.headers['etag']) } });
    expect(revalidated.statusCode).toBe(304);
    await revalidated.body.dump();
    const unknown = await request(`${origin}/graphiql/assets/graphiql.0000000000000000.js`);
    expect(unknown.statusCode).toBe(404);
    await unknown.body.dump();
  });

  it('resolves press releases, catalogue objects and verdicts through the real undici path', async () => {
    const { status, headers, body } = await post(`{
      dataset(idOrSlug: "population") { id title organization { name } }
      commitment(key: "c001") { status { state dataset { title } } }
      announcements(first: 1) { totalCount }
      upstreamStatus { source baseUrl }
    }`);
    expect(status).toBe(200);
    expect(headers['x-request-id']).toBe('e2e-test-1');
    expect(body.errors).toBeUndefined();
    expect(body.data.dataset).toEqual({
      id: '53699d0ea3a729239d205b2e',
      title: 'Population',
      organization: { name: 'Institut national de la statistique et des études économiques (Insee)' },
    });
    expect(body.data.commitment.status).toEqual({ state: 'PUBLISHED_ON_TIME', dataset: { title: 'Carte scolaire des collèges publics' } });
    expect(body.data.announcements.totalCount).toBe(7);
    expect(body.data.upstreamStatus).toEqual({ source: 'MOCK', baseUrl: upstream.url });
    expect(upstream.calls.length).toBeGreaterThan(0);
  });

  it('finishes an in-flight request on shutdown, then stops accepting connections', async () => {
    // A dataset not cached yet, whose body the upstream trickles over 1 s.
    faults.next(`/api/1/datasets/${DECEASED_ID}/`, ['slow:1000']);
    const startedAt = performance.now();
    const inFlight = post(`{ dataset(idOrSlug: "${DECEASED_ID}") { resources(first: 1) { totalCount } } }`);
    // Shut down only once the request is inside the gateway, however busy the machine.
    while ((await new Promise<number>((resolve) => gateway.server.getConnections((_e, count) => resolve(count)))) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
    const stopping = gateway.shutdown();
    const answered = await inFlight;
    await stopping;
    expect(performance.now() - startedAt).toBeGreaterThan(900);
    expect(answered.status).toBe(200);
    expect(answered.body.data.dataset.resources.totalCount).toBe(129);
    await expect(request(`${origin}/health`)).rejects.toThrow();
  });
});
