import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../mocks/catalogue.js';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { getJson } from './mock-client.js';

const catalogue = loadCatalogue();
const handlers = createDatagouvHandlers({ catalogue });
const REAL_FILE = 'api1-dataservices-672cf67802ef6b1be63b8975.json';
const real = JSON.parse(readFileSync(new URL(`../../../mocks/fixtures/real/${REAL_FILE}`, import.meta.url), 'utf8')).body;
const DESCRIPTION_MARK = '[Données de démonstration synthétiques]';
const MIGRATION_START = Date.parse('2024-11-06T00:00:00Z');
const MIGRATION_END = Date.parse('2024-11-16T00:00:00Z');
const MONGO_DATETIME = /^2024-11-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}000\+00:00$/;

const synthetic = catalogue.dataservices.all.filter((entry) => entry.origin === 'synthetic').map((entry) => entry.payload);
const service = (slug: string): any => {
  const entry = catalogue.dataservices.bySlug.get(slug);
  if (entry === undefined) throw new Error(`missing dataservice ${slug}`);
  return entry.payload;
};
const titles = async (query: string): Promise<string[]> =>
  (await getJson(handlers, `/1/dataservices/?${query}`)).body.data.map((item: any) => item.title);

describe('dataservices migrated from api.gouv.fr', () => {
  it('keeps the real API Adresse, whose only date is its November 2024 migration', async () => {
    const { status, body } = await getJson(handlers, '/1/dataservices/api-adresse-base-adresse-nationale-ban/');
    expect(status).toBe(200);
    expect(body.created_at).toBe(real.created_at);
    expect(body.created_at).toMatch(/^2024-11-07T/);
  });

  it('dates every synthetic dataservice to the migration window, metadata modified later, ObjectId from created_at', () => {
    expect(synthetic.length).toBeGreaterThanOrEqual(9);
    const days = new Set<string>();
    for (const payload of synthetic) {
      const created = Date.parse(payload.created_at);
      expect(payload.created_at, payload.slug).toMatch(MONGO_DATETIME);
      expect(created >= MIGRATION_START && created < MIGRATION_END, payload.slug).toBe(true);
      expect(Date.parse(String(payload['metadata_modified_at'])) > created, payload.slug).toBe(true);
      expect(Number.parseInt(payload.id.slice(0, 8), 16), payload.slug).toBe(Math.floor(created / 1000));
      days.add(payload.created_at.slice(0, 10));
    }
    // Spread over the migration days, not one instant.
    expect(days.size).toBeGreaterThanOrEqual(4);
    expect(service('api-carte-scolaire').deleted_at > service('api-carte-scolaire').created_at).toBe(true);
  });

  it('shapes every synthetic dataservice with exactly the keys of the real recording, and labels it', () => {
    const keys = Object.keys(real).sort();
    for (const payload of synthetic) {
      expect(Object.keys(payload).sort(), payload.slug).toEqual(keys);
      expect(Object.keys(payload['extras'] as object).sort(), payload.slug).toEqual(['availability_url', 'is_franceconnect', 'public_cible', 'synthetic']);
      expect((payload['extras'] as Record<string, unknown>)['synthetic']).toBe(true);
      expect(payload.description.startsWith(DESCRIPTION_MARK), payload.slug).toBe(true);
      expect(payload['self_api_url']).toBe(`https://www.data.gouv.fr/api/1/dataservices/${payload.slug}/`);
      expect(payload['self_web_url']).toBe(`https://www.data.gouv.fr/dataservices/${payload.slug}`);
      expect(catalogue.organizations.byId.has(payload.organization!.id), payload.slug).toBe(true);
      for (const point of payload['contact_points'] as any[]) {
        expect(point).toMatchObject({ role: 'contact', organization: { id: payload.organization!.id } });
      }
    }
  });

  it('points most migrated APIs to their api.gouv.fr page, but not all of them', () => {
    expect(Object.fromEntries(synthetic.map((payload) => [payload.slug, payload['business_documentation_url']]))).toMatchObject({
      'api-statut-etudiant-boursier': 'https://api.gouv.fr/les-api/api-statut-etudiant-boursier',
      'api-statut-etudiant': 'https://api.gouv.fr/les-api/api-statut-etudiant',
      'api-bodacc': 'https://api.gouv.fr/les-api/api-bulletin-annonces-civiles-commerciales-bodacc',
      'api-boamp': 'https://api.gouv.fr/les-api/api-annonces-marches-publics-boamp',
      'annonces-officielles-et-comptes-annuels-des-associations': 'https://api.gouv.fr/les-api/api-annonces-comptes-annuels-associations-joafe',
      'api-judilibre': 'https://api.gouv.fr/les-api/api-judilibre',
      'api-annuaire-de-leducation-nationale': 'https://api.gouv.fr/les-api/api-annuaire-education',
      'api-qualite-de-leau-potable': 'https://hubeau.eaufrance.fr/page/api-qualite-eau-potable',
    });
  });

  it('publishes the two "statut étudiant" APIs under two producers', async () => {
    expect(service('api-statut-etudiant-boursier').organization).toMatchObject({
      acronym: 'CNOUS', name: 'Centre national des œuvres universitaires et scolaires',
    });
    expect(service('api-statut-etudiant').organization).toMatchObject({ acronym: 'MESR' });
    const cnous = await getJson(handlers, '/1/organizations/centre-national-des-oeuvres-universitaires-et-scolaires/');
    expect(cnous.status).toBe(200);
    expect(cnous.body.extras).toEqual({ synthetic: true });
    expect((await titles('q=statut+etudiant')).sort()).toEqual(['API Statut étudiant', 'API Statut étudiant boursier']);
    expect(await titles(`organization=${cnous.body.id}`)).toEqual(['API Statut étudiant boursier']);
  });

  it('publishes the JOAFE API under another name, without the word anywhere search looks', async () => {
    const associations = service('annonces-officielles-et-comptes-annuels-des-associations');
    expect(associations).toMatchObject({ acronym: null, organization: { acronym: 'DILA' } });
    expect(associations.tags).toEqual(expect.arrayContaining(['associations', 'annonces', 'journal-officiel']));
    expect(JSON.stringify([associations.title, associations.slug, associations.tags, associations.description]).toLowerCase()).not.toContain('joafe');
    expect(await titles('q=joafe')).toEqual([]);
    expect(await titles('q=comptes+annuels+associations')).toEqual(['Annonces officielles et comptes annuels des associations']);
  });

  it('serves Judilibre, BOAMP and BODACC, found by name and by words of their description', async () => {
    const judilibre = await getJson(handlers, '/1/dataservices/api-judilibre/');
    expect(judilibre.status).toBe(200);
    expect(judilibre.body.organization).toMatchObject({ name: 'Cour de cassation' });
    expect(judilibre.body.description).toMatch(/décisions de justice/);
    expect(judilibre.body.description).toMatch(/pseudonymisées/);
    expect(await titles('q=judilibre')).toEqual(['API Judilibre']);
    expect(await titles('q=decisions+de+justice')).toEqual(['API Judilibre']);
    expect(await titles('q=boamp')).toEqual(['API BOAMP']);
    expect(await titles('q=annonces+marches+publics')).toEqual(['API BOAMP']);
    expect(service('api-boamp').description).toContain('Bulletin officiel des annonces des marchés publics');
    expect(await titles('q=bodacc')).toEqual(['API BODACC']);
    const dila = catalogue.organizations.bySlug.get('direction-de-linformation-legale-et-administrative')!.payload.id;
    expect((await titles(`organization=${dila}`)).sort()).toEqual(['API BOAMP', 'API BODACC', 'Annonces officielles et comptes annuels des associations']);
  });
});
