import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { createTestClient } from './support/create-test-client.js';
import { expectGatewayError } from './support/expect-gateway-error.js';

const POPULATION_ID = '53699d0ea3a729239d205b2e';
const CARTE_SCOLAIRE_ID = '61275b77aded9b4b47931a28';
const CARTE_SCOLAIRE_CSV =
  'https://static.data.gouv.fr/resources/carte-scolaire-des-colleges-publics/20250918-091503/carte-scolaire-colleges-publics-2025.csv';

function setup() {
  return createTestClient(createDatagouvHandlers());
}

function pathsOf(calls: readonly { url: string }[]): string[] {
  return calls.map((call) => {
    const url = new URL(call.url);
    return `${url.host}${url.pathname}${url.search}`;
  });
}

describe('each endpoint calls the route data.gouv.fr declares and maps its answer', () => {
  it('getDataset: v1 by id, resources inline', async () => {
    const sent: Headers[] = [];
    // Records the request headers, then falls through to the shared handlers.
    const spy = http.get('*', ({ request }) => void sent.push(request.headers));
    const { client, upstream } = createTestClient([spy, ...createDatagouvHandlers()]);
    const dataset = await client.getDataset(POPULATION_ID);
    expect(pathsOf(upstream.calls)).toEqual([`www.data.gouv.fr/api/1/datasets/${POPULATION_ID}/`]);
    expect(dataset).toMatchObject({ title: 'Population', slug: 'population', temporalCoverage: null, deleted: false });
    expect(dataset?.resourceCount).toBe(dataset?.inlineResources?.length);
    expect(sent[0]?.get('accept')).toBe('application/json');
    expect(sent[0]?.get('user-agent')).toBe('datagouv-commitments-gateway');
  });

  it('getDatasetV2: v2 by id, resource count from the link', async () => {
    const { client, upstream } = setup();
    const dataset = await client.getDatasetV2(POPULATION_ID);
    expect(pathsOf(upstream.calls)).toEqual([`www.data.gouv.fr/api/2/datasets/${POPULATION_ID}/`]);
    // The mock serves the five resources the recorder kept of the real eight.
    expect(dataset).toMatchObject({ title: 'Population', inlineResources: null, resourceCount: 5 });
  });

  it('listDatasetResources: v2 pages with sorted query parameters', async () => {
    const { client, upstream } = setup();
    const page = await client.listDatasetResources(POPULATION_ID, { pageSize: 2 });
    await client.listDatasetResources(POPULATION_ID, { type: 'main', q: 'naissances', page: 2, pageSize: 3 });
    expect(pathsOf(upstream.calls)).toEqual([
      `www.data.gouv.fr/api/2/datasets/${POPULATION_ID}/resources/?page=1&page_size=2`,
      `www.data.gouv.fr/api/2/datasets/${POPULATION_ID}/resources/?page=2&page_size=3&q=naissances&type=main`,
    ]);
    expect(page).toMatchObject({ total: 5, page: 1, pageSize: 2, hasNextPage: true });
    expect(page?.items.map((resource) => resource.id)).toEqual(['4792c248-8b80-4524-8605-7d4213e49051', 'd2a15598-9573-4082-bacd-7c73504e7839']);
  });

  it('listDatasetResources defaults to 50 per page, as upstream does', async () => {
    const { client, upstream } = setup();
    const page = await client.listDatasetResources(POPULATION_ID);
    expect(pathsOf(upstream.calls)).toEqual([`www.data.gouv.fr/api/2/datasets/${POPULATION_ID}/resources/?page=1&page_size=50`]);
    expect(page).toMatchObject({ total: 5, pageSize: 50, hasNextPage: false });
  });

  it('listDatasets: v1 list with every filter', async () => {
    const { client, upstream } = setup();
    const page = await client.listDatasets({ q: 'population', pageSize: 3 });
    await client.listDatasets({
      q: 'école',
      organization: '534fff81a3a7292c64a77e5c',
      tag: 'demographie',
      sort: '-last_update',
      dataservice: '672cf67802ef6b1be63b8975',
    });
    expect(pathsOf(upstream.calls)).toEqual([
      'www.data.gouv.fr/api/1/datasets/?page=1&page_size=3&q=population',
      'www.data.gouv.fr/api/1/datasets/?dataservice=672cf67802ef6b1be63b8975&organization=534fff81a3a7292c64a77e5c&page=1&page_size=20&q=%C3%A9cole&sort=-last_update&tag=demographie',
    ]);
    expect(page.items.map((dataset) => dataset.id)).toContain(POPULATION_ID);
  });

  it('searchDatasets: v2 search', async () => {
    const { client, upstream } = setup();
    const page = await client.searchDatasets({ q: 'population', pageSize: 3, sort: 'views' });
    expect(pathsOf(upstream.calls)).toEqual(['www.data.gouv.fr/api/2/datasets/search/?page=1&page_size=3&q=population&sort=views']);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((dataset) => dataset.inlineResources === null && dataset.resourceCount !== null)).toBe(true);
  });

  it('getOrganization and listOrganizationDatasets', async () => {
    const { client, upstream } = setup();
    const etalab = await client.getOrganization('etalab');
    const datasets = await client.listOrganizationDatasets('534fff81a3a7292c64a77e5c', { pageSize: 2 });
    expect(pathsOf(upstream.calls)).toEqual([
      'www.data.gouv.fr/api/1/organizations/etalab/',
      'www.data.gouv.fr/api/1/organizations/534fff81a3a7292c64a77e5c/datasets/?page=1&page_size=2',
    ]);
    expect(etalab).toMatchObject({ id: '534fff75a3a7292c64a77de4', name: 'Etalab' });
    expect(datasets?.items.every((dataset) => dataset.organization?.id === '534fff81a3a7292c64a77e5c')).toBe(true);
    await client.getOrganization('534fff75a3a7292c64a77de4');
    expect(upstream.calls).toHaveLength(2);
  });

  it('getDataservice and searchDataservices', async () => {
    const { client, upstream } = setup();
    const service = await client.getDataservice('672cf67802ef6b1be63b8975');
    const page = await client.searchDataservices({ q: 'adresse', organization: '534fff80a3a7292c64a77e41', pageSize: 5 });
    expect(pathsOf(upstream.calls)).toEqual([
      'www.data.gouv.fr/api/1/dataservices/672cf67802ef6b1be63b8975/',
      'www.data.gouv.fr/api/1/dataservices/?organization=534fff80a3a7292c64a77e41&page=1&page_size=5&q=adresse',
    ]);
    expect(service).toMatchObject({ title: 'API Adresse (Base Adresse Nationale - BAN)', deleted: false });
    expect(page.items.map((item) => item.id)).toContain('672cf67802ef6b1be63b8975');
  });

  it('listDatasetReuses', async () => {
    const { client, upstream } = setup();
    const page = await client.listDatasetReuses(POPULATION_ID, { pageSize: 3 });
    expect(pathsOf(upstream.calls)).toEqual([`www.data.gouv.fr/api/1/reuses/?dataset=${POPULATION_ID}&page=1&page_size=3`]);
    expect(page.items[0]).toMatchObject({ id: '6a96cc1b2aeed626b1cb300e', type: 'application' });
  });

  it('getSite', async () => {
    const { client, upstream } = setup();
    await expect(client.getSite()).resolves.toMatchObject({ version: '17.6.0', datasetCount: 74202 });
    expect(pathsOf(upstream.calls)).toEqual(['www.data.gouv.fr/api/1/site/']);
  });

  it('follows the 308 of an old slug and shares the entry with the id', async () => {
    const { client, upstream } = setup();
    const dataset = await client.getDataset('carte-scolaire-des-colleges');
    expect(dataset).toMatchObject({ id: CARTE_SCOLAIRE_ID, slug: 'carte-scolaire-des-colleges-publics' });
    expect(upstream.calls.length).toBe(2);
    await client.getDataset(CARTE_SCOLAIRE_ID);
    await client.getDataset('carte-scolaire-des-colleges-publics');
    expect(upstream.calls.length).toBe(2);
  });

  it('fetchResourceText reads a static file and follows `latest` from www to static', async () => {
    const { client, upstream } = setup();
    const direct = await client.fetchResourceText(CARTE_SCOLAIRE_CSV);
    expect(direct.text.length).toBeGreaterThan(0);
    expect(direct.stale).toBe(false);
    const viaLatest = await client.fetchResourceText('https://www.data.gouv.fr/api/1/datasets/r/cbb727ca-ecfa-4680-9ed9-6cae0bde3c8b');
    expect(viaLatest.text).toBe(direct.text);
    expect(pathsOf(upstream.calls)).toEqual([
      new URL(CARTE_SCOLAIRE_CSV).host + new URL(CARTE_SCOLAIRE_CSV).pathname,
      'www.data.gouv.fr/api/1/datasets/r/cbb727ca-ecfa-4680-9ed9-6cae0bde3c8b',
      new URL(CARTE_SCOLAIRE_CSV).host + new URL(CARTE_SCOLAIRE_CSV).pathname,
    ]);
    await client.fetchResourceText(CARTE_SCOLAIRE_CSV);
    expect(upstream.calls).toHaveLength(3);
  });

  it('fetchResourceText reports a missing file as NOT_FOUND', async () => {
    const { client } = setup();
    await expectGatewayError(client.fetchResourceText('https://static.data.gouv.fr/resources/nothing/here.csv'), 'NOT_FOUND');
  });

  it('reports its status: source, breaker, cache and calls by status', async () => {
    const { client } = setup();
    await client.getDataset(POPULATION_ID);
    await client.getDataset(POPULATION_ID);
    await client.getDataset('000000000000000000000000');
    expect(client.status()).toEqual({
      baseUrl: 'https://www.data.gouv.fr/api',
      source: 'MOCK',
      breakerState: 'CLOSED',
      cacheEntries: 2,
      cacheBytes: expect.any(Number),
      cacheHits: 1,
      cacheMisses: 2,
      cacheStaleServes: 0,
      cacheRevalidatingServes: 0,
      callsByStatus: { '200': 1, '404': 1 },
      // Route templates, never raw URLs: metrics labels stay bounded whatever ids clients ask for.
      callsByRoute: [
        { route: '/1/datasets/:ref/', status: '200', count: 1 },
        { route: '/1/datasets/:ref/', status: '404', count: 1 },
      ],
      lastError: null,
    });
  });
});
