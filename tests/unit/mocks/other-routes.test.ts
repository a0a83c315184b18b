import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../mocks/catalogue.js';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import { get, getJson } from './mock-client.js';

const catalogue = loadCatalogue();
const handlers = createDatagouvHandlers({ catalogue });
const recorded = (file: string): any => JSON.parse(readFileSync(new URL(`../../../mocks/fixtures/real/${file}`, import.meta.url), 'utf8'));
const MEN = catalogue.organizations.bySlug.get('ministere-de-leducation-nationale')!.payload.id;

describe('organizations', () => {
  it('answers Etalab by id and by slug', async () => {
    const byId = await getJson(handlers, '/1/organizations/534fff75a3a7292c64a77de4/');
    const bySlug = await getJson(handlers, '/1/organizations/etalab/');
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual(bySlug.body);
    expect(byId.body.name).toBe('Etalab');
  });

  it('redirects a former organization slug with 308', async () => {
    const response = await get(handlers, '/1/organizations/ministere-de-leducation-nationale-de-la-jeunesse-et-des-sports/datasets/?page=2');
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe('/api/1/organizations/ministere-de-leducation-nationale/datasets/');
  });

  it('answers 410 "Organization has been deleted" for a deleted organization', async () => {
    const { status, body } = await getJson(handlers, '/1/organizations/commissariat-general-a-legalite-des-territoires/');
    expect([status, body]).toEqual([410, { message: 'Organization has been deleted' }]);
  });

  it('answers 404 for an unknown organization', async () => {
    expect((await get(handlers, '/1/organizations/000000000000000000000000/')).status).toBe(404);
  });

  it('lists an organization\'s datasets including archived and deleted ones, as udata does', async () => {
    const { status, body } = await getJson(handlers, `/1/organizations/${MEN}/datasets/?page_size=50`);
    expect(status).toBe(200);
    const deleted = body.data.filter((dataset: any) => dataset.deleted !== null);
    expect(deleted.map((dataset: any) => dataset.title)).toEqual(["Effectifs d'élèves par établissement du second degré (2019)"]);
    const agenceBio = await getJson(handlers, '/1/organizations/agence-bio/datasets/');
    expect(agenceBio.body.data.some((dataset: any) => dataset.archived !== null)).toBe(true);
    expect((await get(handlers, `/1/organizations/${MEN}/datasets/?page=9`)).status).toBe(404);
  });
});

describe('dataservices', () => {
  it('answers API Adresse with its recorded payload (redactions retyped)', async () => {
    const { status, body } = await getJson(handlers, '/1/dataservices/672cf67802ef6b1be63b8975/');
    expect(status).toBe(200);
    const expected = recorded('api1-dataservices-672cf67802ef6b1be63b8975.json').body;
    expect(body.title).toBe(expected.title);
    expect(body.metrics).toMatchObject({ views: expect.any(Number) });
    expect(body.harvest).toBeNull();
  });

  it('answers an unknown dataservice with the recorded 404 body and a deleted one with 410', async () => {
    const missing = await getJson(handlers, '/1/dataservices/000000000000000000000000/');
    expect([missing.status, missing.body]).toEqual([404, recorded('api1-dataservices-000000000000000000000000.404.json').body]);
    const deleted = await getJson(handlers, '/1/dataservices/api-carte-scolaire/');
    expect([deleted.status, deleted.body]).toEqual([410, { message: 'Dataservice has been deleted' }]);
  });

  it('lists live dataservices filtered by q and organization, newest first', async () => {
    const all = await getJson(handlers, '/1/dataservices/');
    expect(all.body.total).toBe(9);
    expect(all.body.data.map((service: any) => service.slug)).not.toContain('api-carte-scolaire');
    const boursier = await getJson(handlers, '/1/dataservices/?q=etudiant+boursier');
    expect(boursier.body.data.map((service: any) => service.title)).toEqual(['API Statut étudiant boursier']);
    expect(boursier.body.data[0].created_at).toMatch(/^2024-11-/);
    const men = await getJson(handlers, `/1/dataservices/?organization=${MEN}`);
    expect(men.body.data.map((service: any) => service.title)).toEqual(["API Annuaire de l'Éducation nationale"]);
    expect((await getJson(handlers, '/1/dataservices/?organization=etalab')).status).toBe(400);
  });
});

describe('reuses and site', () => {
  it('lists the recorded reuses of Population and refuses a non-ObjectId dataset', async () => {
    const { body } = await getJson(handlers, '/1/reuses/?dataset=53699d0ea3a729239d205b2e&page_size=1');
    expect(body.total).toBe(2);
    expect(body.next_page).toBe('https://www.data.gouv.fr/api/1/reuses/?dataset=53699d0ea3a729239d205b2e&page_size=1&page=2');
    const none = await getJson(handlers, '/1/reuses/?dataset=61275b77aded9b4b47931a28');
    expect(none.body.total).toBe(0);
    const bad = await getJson(handlers, '/1/reuses/?dataset=population');
    expect([bad.status, bad.body]).toEqual([400, { message: 'Dataset arg must be an identifier' }]);
  });

  it('serves the recorded site body', async () => {
    const { body } = await getJson(handlers, '/1/site/');
    expect(body).toEqual(recorded('api1-site.body.json'));
  });
});

describe('another base URL', () => {
  it('answers on it and moves canonical API and file URLs in payloads there', async () => {
    const moved = createDatagouvHandlers({ catalogue, baseUrl: 'http://127.0.0.1:9999/api' });
    const { body } = await getJson(moved, 'http://127.0.0.1:9999/api/1/datasets/carte-scolaire-des-colleges-publics/');
    expect(body.uri).toBe('http://127.0.0.1:9999/api/1/datasets/carte-scolaire-des-colleges-publics/');
    expect(body.page).toBe('https://www.data.gouv.fr/datasets/carte-scolaire-des-colleges-publics');
    expect(body.resources[0].url).toMatch(/^http:\/\/127\.0\.0\.1:9999\/static\/resources\/carte-scolaire-des-colleges-publics\//);
    expect((await get(moved, body.resources[0].url)).status).toBe(200);
    await expect(get(moved, '/1/site/')).rejects.toThrow(/no handler/);
  });
});
