import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../mocks/catalogue.js';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { get, getJson } from './mock-client.js';

const catalogue = loadCatalogue();
const handlers = createDatagouvHandlers({ catalogue });
const recorded = (file: string): any => JSON.parse(readFileSync(new URL(`../../../mocks/fixtures/real/${file}`, import.meta.url), 'utf8'));

describe('GET /api/1/datasets/<dataset>/', () => {
  it('answers by id and by slug with the v1 payload, resources inline', async () => {
    const byId = await getJson(handlers, '/1/datasets/53699d0ea3a729239d205b2e/');
    const bySlug = await getJson(handlers, '/1/datasets/population/');
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual(bySlug.body);
    expect(byId.body.title).toBe('Population');
    expect(Array.isArray(byId.body.resources)).toBe(true);
  });

  it('sends JSON with Vary: Origin and neither ETag nor Last-Modified', async () => {
    const response = await get(handlers, '/1/datasets/population/');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.has('etag')).toBe(false);
    expect(response.headers.has('last-modified')).toBe(false);
    expect(response.headers.has('access-control-allow-origin')).toBe(false);
  });

  it('adds Access-Control-Allow-Origin: * only when the request has an Origin', async () => {
    const response = await get(handlers, '/1/datasets/population/', { headers: { Origin: 'https://example.org' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers an unknown ObjectId with the recorded plain 404 body', async () => {
    const { status, body } = await getJson(handlers, '/1/datasets/000000000000000000000000/');
    expect(status).toBe(404);
    expect(body).toEqual(recorded('api1-datasets-000000000000000000000000.404.json').body);
  });

  it('answers an unknown slug with the recorded 404 body carrying the "did you mean" hint', async () => {
    const { status, body } = await getJson(handlers, '/1/datasets/does-not-exist-xyz/');
    expect(status).toBe(404);
    expect(body).toEqual(recorded('api1-datasets-does-not-exist-xyz.404.body.json'));
  });

  it('answers 410 with "Dataset has been deleted" for a deleted dataset, on v1, v2 and v2 resources', async () => {
    for (const path of ['/1/datasets/5e4174c1d40e89541a783d32/', '/2/datasets/5e4174c1d40e89541a783d32/', '/2/datasets/5e4174c1d40e89541a783d32/resources/']) {
      const { status, body } = await getJson(handlers, path);
      expect(status, path).toBe(410);
      expect(body).toEqual({ message: 'Dataset has been deleted' });
    }
  });

  it('answers 200 for an archived dataset, with its archived date', async () => {
    const { status, body } = await getJson(handlers, '/1/datasets/annuaire-des-operateurs-certifies-en-agriculture-biologique-2019/');
    expect(status).toBe(200);
    expect(body.archived).toMatch(/^2021-12-02T/);
  });

  it('redirects an old slug with a relative 308 Location and drops the query', async () => {
    const response = await get(handlers, '/1/datasets/carte-scolaire-des-colleges/?lang=fr');
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe('/api/1/datasets/carte-scolaire-des-colleges-publics/');
  });

  it('redirects a slug that only matches once slugified, on v2 too', async () => {
    const v1 = await get(handlers, '/1/datasets/Population/');
    expect([v1.status, v1.headers.get('location')]).toEqual([308, '/api/1/datasets/population/']);
    const v2 = await get(handlers, '/2/datasets/Carte-Scolaire-des-Colleges-Publics/resources/?page=2');
    expect([v2.status, v2.headers.get('location')]).toEqual([308, '/api/2/datasets/carte-scolaire-des-colleges-publics/resources/']);
  });

  it('is not routed without the trailing slash udata declares', async () => {
    await expect(get(handlers, '/1/datasets/population')).rejects.toThrow(/no handler/);
  });
});

describe('GET /api/2/datasets/<dataset>/', () => {
  it('has the key set of the recorded v2 payload, with resource and community links', async () => {
    const { status, body } = await getJson(handlers, '/2/datasets/population/');
    expect(status).toBe(200);
    const recordedItem = recorded('api2-datasets-search-q-population-size3.json').body.data[0];
    expect(Object.keys(body).sort()).toEqual(Object.keys(recordedItem).sort());
    expect(body.resources).toEqual({
      href: 'https://www.data.gouv.fr/api/2/datasets/53699d0ea3a729239d205b2e/resources/?page=1&page_size=50',
      rel: 'subsection',
      total: 5,
      type: 'GET',
    });
    expect(body.community_resources).toEqual(recordedItem.community_resources);
  });
});

describe('GET /api/2/datasets/<dataset>/resources/', () => {
  it('reproduces the recorded first page of Population resources (page_size=5)', async () => {
    const { body } = await getJson(handlers, '/2/datasets/53699d0ea3a729239d205b2e/resources/?page=1&page_size=5');
    const expected = recorded('api2-datasets-53699d0ea3a729239d205b2e-resources-page1-size5.json').body;
    expect(body.data.map((resource: any) => resource.id)).toEqual(expected.data.map((resource: any) => resource.id));
    // The recorder kept 5 of the 8 resources, so the mock has nothing after them.
    expect(body).toMatchObject({ page: 1, page_size: 5, previous_page: null, total: 5, next_page: null });
  });

  it('pages with a default page_size of 50 and hand-built links, and past the end answers an empty 200', async () => {
    const first = await getJson(handlers, '/2/datasets/fichier-des-personnes-decedees/resources/');
    expect(first.body).toMatchObject({ page: 1, page_size: 50, total: 129, previous_page: null });
    expect(first.body.data).toHaveLength(50);
    expect(first.body.next_page).toBe('https://www.data.gouv.fr/api/2/datasets/5de8f397634f4164071119c5/resources/?page=2&page_size=50');
    const last = await getJson(handlers, '/2/datasets/fichier-des-personnes-decedees/resources/?page=3');
    expect(last.body.data).toHaveLength(29);
    expect(last.body.next_page).toBeNull();
    const past = await getJson(handlers, '/2/datasets/fichier-des-personnes-decedees/resources/?page=9');
    expect([past.status, past.body.data.length, past.body.total]).toEqual([200, 0, 129]);
  });

  it('filters by exact type and by case-insensitive title substring, keeping both in the links', async () => {
    const docs = await getJson(handlers, '/2/datasets/carte-scolaire-des-colleges-publics/resources/?type=documentation');
    expect(docs.body.data.map((resource: any) => resource.type)).toEqual(['documentation']);
    const byTitle = await getJson(handlers, '/2/datasets/fichier-des-personnes-decedees/resources/?q=DECES-2023&page_size=1');
    expect(byTitle.body.total).toBeGreaterThan(1);
    expect(byTitle.body.next_page).toBe('https://www.data.gouv.fr/api/2/datasets/5de8f397634f4164071119c5/resources/?page=2&page_size=1&q=DECES-2023');
  });

  it('refuses page=0 with the flask-restx validation body', async () => {
    const { status, body } = await getJson(handlers, '/2/datasets/population/resources/?page=0');
    expect(status).toBe(400);
    expect(body).toEqual({ message: 'Input payload validation failed', errors: { page: 'The page to display Invalid page: 0. page must be a positive integer' } });
  });
});

describe('resource files', () => {
  it('redirects /api/1/datasets/r/<rid> to the file and serves the carte scolaire CSV', async () => {
    const dataset = catalogue.datasets.bySlug.get('carte-scolaire-des-colleges-publics')!.payload;
    const resource = dataset.resources[0]!;
    const redirect = await get(handlers, `/1/datasets/r/${resource.id}`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(resource.url);
    const file = await get(handlers, resource.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv');
    expect((await file.text()).split('\n')[0]).toMatch(/^code_departement;/);
  });

  it('answers a static file it does not hold with a plain 404', async () => {
    const response = await get(handlers, 'https://static.data.gouv.fr/resources/nothing/here.csv');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html');
  });
});
