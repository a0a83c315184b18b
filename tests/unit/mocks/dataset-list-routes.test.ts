import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../mocks/catalogue.js';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { NOT_FOUND_MESSAGE } from '../../../mocks/http/error-bodies.js';
import { getJson } from './mock-client.js';

const catalogue = loadCatalogue();
const NOW = new Date('2026-09-03T12:00:00Z');
const handlers = createDatagouvHandlers({ catalogue, now: () => NOW });
const titles = (body: any): string[] => body.data.map((dataset: any) => dataset.title);

describe('GET /api/1/datasets/', () => {
  it('wraps datasets in the page envelope, 20 per page, with absolute links preserving the query', async () => {
    const { status, body } = await getJson(handlers, '/1/datasets/?tag=colleges&tag=education&page_size=2');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['data', 'next_page', 'page', 'page_size', 'previous_page', 'total']);
    expect(body).toMatchObject({ page: 1, page_size: 2, total: 3, previous_page: null });
    expect(body.data).toHaveLength(2);
    expect(body.next_page).toBe('https://www.data.gouv.fr/api/1/datasets/?tag=colleges&tag=education&page_size=2&page=2');
    const second = await getJson(handlers, '/1/datasets/?page=2&tag=colleges&tag=education&page_size=2');
    expect(second.body.data).toHaveLength(1);
    expect(second.body.previous_page).toBe('https://www.data.gouv.fr/api/1/datasets/?page=1&tag=colleges&tag=education&page_size=2');
    expect(second.body.next_page).toBeNull();
    const defaults = await getJson(handlers, '/1/datasets/');
    expect(defaults.body.page_size).toBe(20);
    expect(defaults.body.data).toHaveLength(Math.min(20, defaults.body.total));
  });

  it('lists only public, non-archived, non-deleted datasets, newest first by default', async () => {
    const { body } = await getJson(handlers, '/1/datasets/?page_size=100');
    const listed = catalogue.datasets.all.filter((entry) => entry.payload.archived === null && entry.payload.deleted === null);
    expect(body.total).toBe(listed.length);
    const created = body.data.map((dataset: any) => dataset.created_at);
    expect(created).toEqual([...created].sort().reverse());
    expect(titles(body)).not.toContain('Annuaire des opérateurs certifiés en agriculture biologique (2019)');
    expect(titles(body)).not.toContain("Effectifs d'élèves par établissement du second degré (2019)");
  });

  it('treats q as an AND of words, ignoring case and accents, over title and description', async () => {
    const both = await getJson(handlers, '/1/datasets/?q=CARTE%20scolaire%20COLLEGES');
    expect(titles(both.body)[0]).toBe('Carte scolaire des collèges publics');
    expect(titles(both.body)).not.toContain('Carte des écoles maternelles publiques et privées');
    const permis = await getJson(handlers, '/1/datasets/?q=permis+de+construire');
    expect(titles(permis.body)).toEqual(
      expect.arrayContaining([
        "Base des permis de construire et autres autorisations d'urbanisme (Sitadel)",
        "Liste des permis de construire et autres autorisations d'urbanisme des personnes physiques",
      ]),
    );
    expect(titles(permis.body)).not.toContain('Permis de chasser : nombre de validations par département');
    const none = await getJson(handlers, '/1/datasets/?q=carte+chasser');
    expect(none.body.total).toBe(0);
  });

  it('filters by organization ObjectId and by dataservice', async () => {
    const cerema = catalogue.organizations.bySlug.get('cerema')!.payload.id;
    const byOrg = await getJson(handlers, `/1/datasets/?organization=${cerema}`);
    expect(titles(byOrg.body)).toEqual(['Sites référencés dans Cartofriches']);
    const byService = await getJson(handlers, '/1/datasets/?dataservice=672cf67802ef6b1be63b8975');
    expect(titles(byService.body)).toEqual(['Base Adresse Nationale']);
  });

  it('refuses an organization slug with "Organization arg must be an identifier"', async () => {
    const { status, body } = await getJson(handlers, '/1/datasets/?organization=cerema');
    expect(status).toBe(400);
    expect(body).toEqual({ message: 'Organization arg must be an identifier' });
  });

  it('refuses bad page, page_size and sort values with flask-restx bodies', async () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['page=0', { page: 'The page to display Invalid page: 0. page must be a positive integer' }],
      ['page=abc', { page: 'The page to display abc is not a valid integer' }],
      ['page_size=-5', { page_size: 'The page size Invalid page_size: -5. page_size must be a positive integer' }],
      ['sort=foo', { sort: "The field (and direction) on which sorting apply The value 'foo' is not a valid choice for 'sort'." }],
    ];
    for (const [query, errors] of cases) {
      const { status, body } = await getJson(handlers, `/1/datasets/?${query}`);
      expect(status, query).toBe(400);
      expect(body).toEqual({ message: 'Input payload validation failed', errors });
    }
  });

  it('sorts by an allowed key in either direction', async () => {
    const { body } = await getJson(handlers, '/1/datasets/?sort=title&page_size=100');
    expect(titles(body)).toEqual([...titles(body)].sort((a, b) => a.localeCompare(b, 'fr')));
    const reversed = await getJson(handlers, '/1/datasets/?sort=-title&page_size=100');
    expect(titles(reversed.body)).toEqual([...titles(body)].reverse());
  });

  it('answers 404 with the generic body past the last page, but an empty first page is 200', async () => {
    const past = await getJson(handlers, '/1/datasets/?page=50');
    expect(past.status).toBe(404);
    expect(past.body).toEqual({ message: NOT_FOUND_MESSAGE });
    const empty = await getJson(handlers, '/1/datasets/?q=inexistant');
    expect([empty.status, empty.body.total, empty.body.data]).toEqual([200, 0, []]);
  });

  it('refuses the archived/deleted/private filters to an anonymous caller (401)', async () => {
    const { status } = await getJson(handlers, '/1/datasets/?archived=true');
    expect(status).toBe(401);
  });
});

describe('GET /api/2/datasets/search/', () => {
  it('returns v2 shapes with resource links and facets led by the "all" bucket', async () => {
    const { status, body } = await getJson(handlers, '/2/datasets/search/?q=agriculture+biologique');
    expect(status).toBe(200);
    expect(titles(body).sort()).toEqual([
      'Agriculture biologique : surfaces et opérateurs à la maille communale',
      'Parcelles en Agriculture Biologique (AB) déclarées à la PAC',
    ]);
    expect(body.data[0].resources).toMatchObject({ rel: 'subsection', type: 'GET' });
    expect(Object.keys(body.facets).sort()).toEqual([
      'access_type', 'badge', 'format', 'format_family', 'geozone', 'granularity', 'last_update', 'license',
      'organization_id_with_name', 'producer_type', 'schema', 'tag', 'topics',
    ]);
    for (const buckets of Object.values(body.facets) as any[]) expect(buckets[0]).toEqual({ name: 'all', count: 2 });
    expect(body.facets.tag).toContainEqual({ name: 'agriculture-biologique', count: 2 });
  });

  it('refuses a window beyond 10 000 results', async () => {
    const { status, body } = await getJson(handlers, '/2/datasets/search/?page=501&page_size=20');
    expect(status).toBe(400);
    expect(body.message).toMatch(/^Result window is too large: /);
    const edge = await getJson(handlers, '/2/datasets/search/?page=500&page_size=20');
    expect(edge.status).toBe(200);
  });

  it('answers an empty 200 past the end (search engine, not Mongo pagination)', async () => {
    const { status, body } = await getJson(handlers, '/2/datasets/search/?page=40');
    expect([status, body.data.length]).toEqual([200, 0]);
    expect(body.previous_page).toBe('https://www.data.gouv.fr/api/2/datasets/search/?page=39');
  });

  it('rejects the v1-only `title` sort and a non-ObjectId organization', async () => {
    expect((await getJson(handlers, '/2/datasets/search/?sort=title')).status).toBe(400);
    expect((await getJson(handlers, '/2/datasets/search/?organization=cerema')).body).toEqual({ message: 'Organization arg must be an identifier' });
  });
});
