import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../mocks/catalogue.js';
import { createMockDispatcher } from '../../../mocks/create-mock-dispatcher.js';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { startMockUpstream, type MockUpstream } from '../../../mocks/serve-mock-upstream.js';
import { API, get, getJson } from './mock-client.js';

const catalogue = loadCatalogue();
const NOW = new Date('2026-11-30T08:15:42.317Z');
const fresh = () => createDatagouvHandlers({ catalogue, now: () => NOW });
const recorded = (file: string): any => JSON.parse(readFileSync(new URL(`../../../mocks/fixtures/real/${file}`, import.meta.url), 'utf8'));
const CARTE = 'carte-scolaire-des-colleges-publics';
const CARTE_ID = catalogue.datasets.bySlug.get(CARTE)!.payload.id;
const JUDILIBRE_ID = catalogue.dataservices.bySlug.get('api-judilibre')!.payload.id;
const MEN = catalogue.organizations.bySlug.get('ministere-de-leducation-nationale')!.payload.id;

const slugsOf = async (handlers: Parameters<typeof get>[0], path: string): Promise<string[]> => {
  const { status, body } = await getJson(handlers, path);
  expect(status, path).toBe(200);
  return body.data.map((item: { slug: string }) => item.slug);
};

describe('html-404 mode', () => {
  it('answers every /api/ path, the site included, with an HTML 404, and leaves hosted files alone', async () => {
    const handlers = fresh();
    handlers.control.setMode('html-404');
    for (const path of ['/1/site/', `/1/datasets/${CARTE}/`, '/2/datasets/search/?q=carte', '/1/dataservices/', '/9/not-a-route']) {
      const response = await get(handlers, path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toBe('text/html');
      expect(response.headers.get('x-datagouv-emulation'), path).not.toBeNull();
      expect(await response.text(), path).toContain('<h1>404 Not Found</h1>');
    }
    const dataset = catalogue.datasets.bySlug.get(CARTE)!.payload;
    expect((await get(handlers, dataset.resources[0]!.url)).status).toBe(200);
    handlers.control.setMode('normal');
    expect((await get(handlers, '/1/site/')).status).toBe(200);
    await expect(get(handlers, '/9/not-a-route')).rejects.toThrow(/no handler/);
  });

  it('reaches undici through createMockDispatcher, whose handle exposes the same control', async () => {
    const mock = createMockDispatcher(fresh());
    mock.control.setMode('html-404');
    const response = await request(`${API}/1/site/`, { dispatcher: mock.dispatcher });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('text/html');
    await response.body.text();
    expect(mock.calls).toEqual([{ method: 'GET', url: `${API}/1/site/`, status: 404 }]);
  });
});

describe('objects-404 mode', () => {
  it('answers every single-object GET with udata\'s JSON 404 while site, lists and search answer', async () => {
    const handlers = fresh();
    handlers.control.setMode('objects-404');
    const v1ById = await getJson(handlers, '/1/datasets/000000000000000000000000/');
    expect([v1ById.status, v1ById.body]).toEqual([404, recorded('api1-datasets-000000000000000000000000.404.json').body]);
    const v1 = await getJson(handlers, `/1/datasets/${CARTE_ID}/`);
    expect([v1.status, v1.body]).toEqual([404, v1ById.body]);
    expect(v1.headers.get('content-type')).toBe('application/json');
    const v1BySlug = await getJson(handlers, '/1/datasets/does-not-exist-xyz/');
    expect(v1BySlug.body).toEqual(recorded('api1-datasets-does-not-exist-xyz.404.body.json'));
    expect((await getJson(handlers, `/1/datasets/${CARTE}/`)).body.message).toContain(`[/api/1/datasets/${CARTE}/]`);
    expect(await getJson(handlers, `/2/datasets/${CARTE}/`)).toMatchObject({ status: 404, body: v1ById.body });
    const service = await getJson(handlers, '/1/dataservices/000000000000000000000000/');
    expect([service.status, service.body]).toEqual([404, recorded('api1-dataservices-000000000000000000000000.404.json').body]);
    expect((await getJson(handlers, '/1/dataservices/api-judilibre/')).status).toBe(404);
    expect(await getJson(handlers, '/1/organizations/etalab/')).toMatchObject({ status: 404, body: v1ById.body });

    expect((await getJson(handlers, '/1/site/')).status).toBe(200);
    expect(await slugsOf(handlers, '/1/datasets/?q=carte+scolaire')).toContain(CARTE);
    expect(await slugsOf(handlers, '/2/datasets/search/?q=carte+scolaire')).toContain(CARTE);
    expect(await slugsOf(handlers, '/1/dataservices/?q=judilibre')).toEqual(['api-judilibre']);
    expect(await slugsOf(handlers, `/1/organizations/${MEN}/datasets/`)).toContain(CARTE);

    handlers.control.reset();
    expect(handlers.control.mode).toBe('normal');
    expect((await getJson(handlers, `/1/datasets/${CARTE}/`)).status).toBe(200);
  });

  it('refuses a mode it does not know', () => {
    expect(() => fresh().control.setMode('offline' as never)).toThrow(RangeError);
  });
});

describe('deleteObject and archiveObject', () => {
  it('deletes a dataset: 410 on v1 and v2, gone from lists and search, kept in its organization listing', async () => {
    const handlers = fresh();
    expect(await slugsOf(handlers, '/2/datasets/search/?q=carte+scolaire')).toContain(CARTE);
    handlers.control.deleteObject('dataset', CARTE);
    for (const path of [`/1/datasets/${CARTE}/`, `/1/datasets/${CARTE_ID}/`, `/2/datasets/${CARTE}/`]) {
      const { status, body } = await getJson(handlers, path);
      expect([status, body], path).toEqual([410, { message: 'Dataset has been deleted' }]);
    }
    expect(await slugsOf(handlers, '/1/datasets/?q=carte+scolaire')).not.toContain(CARTE);
    expect(await slugsOf(handlers, '/2/datasets/search/?q=carte+scolaire')).not.toContain(CARTE);
    expect(await slugsOf(handlers, '/2/datasets/?q=carte+scolaire')).not.toContain(CARTE);
    const listing = await getJson(handlers, `/1/organizations/${MEN}/datasets/?page_size=50`);
    expect(listing.body.data.find((dataset: any) => dataset.slug === CARTE).deleted).toBe('2026-11-30T08:15:42.317000+00:00');
    // Handler sets sharing the loaded catalogue are untouched.
    expect((await getJson(fresh(), `/1/datasets/${CARTE}/`)).status).toBe(200);
    handlers.control.reset();
    expect((await getJson(handlers, `/1/datasets/${CARTE}/`)).status).toBe(200);
  });

  it('deletes a dataservice by id: 410 by id and slug, gone from the list and its search', async () => {
    const handlers = fresh();
    handlers.control.deleteObject('dataservice', JUDILIBRE_ID);
    for (const path of [`/1/dataservices/${JUDILIBRE_ID}/`, '/1/dataservices/api-judilibre/']) {
      const { status, body } = await getJson(handlers, path);
      expect([status, body], path).toEqual([410, { message: 'Dataservice has been deleted' }]);
    }
    expect(await slugsOf(handlers, '/1/dataservices/?q=judilibre')).toEqual([]);
    expect((await getJson(handlers, '/1/dataservices/')).body.total).toBe(8);
    expect(handlers.control.catalogue.dataservices.byId.get(JUDILIBRE_ID)!.payload.deleted_at).toBe('2026-11-30T08:15:42.317000+00:00');
  });

  it('archives a dataset and a dataservice: still served 200 with the date set, gone from lists and search', async () => {
    const handlers = fresh();
    handlers.control.archiveObject('dataset', CARTE_ID);
    handlers.control.archiveObject('dataservice', 'api-judilibre');
    const dataset = await getJson(handlers, `/1/datasets/${CARTE}/`);
    expect([dataset.status, dataset.body.archived]).toEqual([200, '2026-11-30T08:15:42.317000+00:00']);
    expect((await getJson(handlers, `/2/datasets/${CARTE_ID}/`)).body.archived).toBe('2026-11-30T08:15:42.317000+00:00');
    const service = await getJson(handlers, '/1/dataservices/api-judilibre/');
    expect([service.status, service.body.archived_at]).toEqual([200, '2026-11-30T08:15:42.317000+00:00']);
    expect(await slugsOf(handlers, '/2/datasets/search/?q=carte+scolaire')).not.toContain(CARTE);
    expect(await slugsOf(handlers, '/1/dataservices/?q=judilibre')).toEqual([]);
  });

  it('refuses an object the catalogue does not hold', () => {
    const { control } = fresh();
    expect(() => control.deleteObject('dataset', 'no-such-dataset')).toThrow(RangeError);
    expect(() => control.archiveObject('dataservice', '000000000000000000000000')).toThrow(/no dataservice/);
  });
});

describe('over the loopback server', () => {
  const agent = new Agent({ keepAliveTimeout: 1_000 });
  let upstream: MockUpstream;
  beforeAll(async () => {
    upstream = await startMockUpstream({ mode: 'objects-404' });
  });
  afterAll(async () => {
    await upstream.close();
    await agent.close();
  });

  const fetchOver = async (path: string): Promise<{ status: number; type: string | undefined; text: string }> => {
    const response = await request(`${upstream.url}${path}`, { dispatcher: agent });
    return { status: response.statusCode, type: response.headers['content-type'] as string | undefined, text: await response.body.text() };
  };

  it('starts in the mode asked for and switches at run time through upstream.control', async () => {
    expect(upstream.control.mode).toBe('objects-404');
    expect(await fetchOver(`/1/datasets/${CARTE}/`)).toMatchObject({ status: 404, type: 'application/json' });
    expect((await fetchOver('/1/site/')).status).toBe(200);
    upstream.control.setMode('html-404');
    expect(await fetchOver('/1/site/')).toMatchObject({ status: 404, type: 'text/html' });
    upstream.control.setMode('normal');
    upstream.control.deleteObject('dataset', CARTE);
    expect(await fetchOver(`/1/datasets/${CARTE}/`)).toEqual({ status: 410, type: 'application/json', text: '{"message":"Dataset has been deleted"}' });
    upstream.control.reset();
    expect(upstream.control.mode).toBe('objects-404');
  });
});

describe('a loopback server with custom handlers', () => {
  it('has no control to switch, and says so', async () => {
    const custom = await startMockUpstream({ handlers: [] });
    try {
      expect(() => custom.control.setMode('html-404')).toThrow(/no emulation control/);
      expect(() => custom.control.deleteObject('dataset', CARTE)).toThrow(/no emulation control/);
    } finally {
      await custom.close();
    }
  });
});

describe('npm run mock-upstream', () => {
  const SCRIPT = fileURLToPath(new URL('../../../mocks/serve-mock-upstream.ts', import.meta.url));
  const run = (mode: string): Promise<{ code: number | null; stdout: string; stderr: string; site?: number }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
        env: { ...process.env, MOCK_UPSTREAM_PORT: '0', MOCK_UPSTREAM_MODE: mode },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let site: number | undefined;
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
        const url = /listening on (\S+)/.exec(stdout)?.[1];
        if (url !== undefined && site === undefined && stdout.includes('Mode:')) {
          site = -1;
          request(`${url}/1/site/`).then(
            async (response) => {
              site = response.statusCode;
              await response.body.text();
              child.kill('SIGTERM');
            },
            (error: unknown) => {
              child.kill('SIGTERM');
              reject(error);
            },
          );
        }
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr, ...(site === undefined ? {} : { site }) }));
    });

  it('starts in the mode MOCK_UPSTREAM_MODE names and refuses an unknown one', async () => {
    const html = await run('html-404');
    expect(html.stdout).toContain('Mode: html-404');
    expect(html.site).toBe(404);
    const bad = await run('offline');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('MOCK_UPSTREAM_MODE="offline" is not one of normal, html-404, objects-404');
  }, 30_000);
});
