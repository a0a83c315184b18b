import { describe, expect, it } from 'vitest';
import { toDataservice, toDataset, toOrganization, toPage, toResource, toReuse, toSite } from '../../../src/upstream/datagouv/map.js';
import {
  isDataservicePayload,
  isDatasetPayload,
  isOrganizationPayload,
  isPagePayload,
  isResourcePayload,
  isReusePayload,
  isSitePayload,
} from '../../../src/upstream/datagouv/payload.js';
import { readFixture } from './support/read-fixture.js';

const FRESH = { fetchedAt: '2026-09-03T12:00:00.000Z', stale: false, revalidating: false };
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

function guarded<T>(value: unknown, guard: (value: unknown) => value is T): T {
  if (!guard(value)) throw new Error('fixture did not pass its guard');
  return value;
}

describe('v1 dataset "Population" (recorded 2026-09)', () => {
  const dataset = toDataset(guarded(readFixture('api1-datasets-53699d0ea3a729239d205b2e.json').body, isDatasetPayload), FRESH);

  it('keeps identity, dates with offsets and the recorder-trimmed inline resources', () => {
    expect(dataset).toMatchObject({
      id: '53699d0ea3a729239d205b2e',
      slug: 'population',
      title: 'Population',
      webUrl: 'https://www.data.gouv.fr/datasets/population',
      createdAt: '2013-08-23T08:43:28.560+00:00',
      lastModified: '2024-12-10T16:27:01.529+00:00',
      lastUpdate: '2026-08-19T10:27:05.636+00:00',
      frequency: 'monthly',
      license: 'fr-lo',
      temporalCoverage: null,
      spatial: { zones: ['country:fr'], granularity: 'fr:commune' },
      deleted: false,
      archivedAt: null,
      private: false,
      resourceCount: 5,
      contactPoints: [],
      fetchedAt: FRESH.fetchedAt,
      stale: false,
      revalidating: false,
    });
    expect(dataset.inlineResources).toHaveLength(5);
    expect(dataset.organization).toMatchObject({ id: '534fff81a3a7292c64a77e5c', badges: ['public-service', 'certified'] });
  });

  it('treats "[redacted]" metrics and quality as unknown', () => {
    expect(dataset.metrics).toBeNull();
    expect(dataset.quality).toBeNull();
  });

  it('normalises resource formats, the all-null schema and the availability probe', () => {
    const [html, csvDbase, , , spaced] = dataset.inlineResources ?? [];
    expect(html).toMatchObject({
      id: '4792c248-8b80-4524-8605-7d4213e49051',
      format: 'html',
      filesize: null,
      mime: null,
      checksum: null,
      schema: null,
      availability: { available: false, status: 400, checkedAt: null },
      lastModified: '2026-03-06T16:18:13.089+00:00',
    });
    expect(csvDbase?.schema).toBeNull();
    expect(spaced?.format).toBe('csv, dbase');
  });
});

describe('v1 datasets from the official Python client and udata-front-kit', () => {
  it('maps the catalogue dataset with its checksums, sizes, quality and eight exports', () => {
    const dataset = toDataset(guarded(readFixture('api1-datasets-catalogue-des-donnees-de-data-gouv-fr.json').body, isDatasetPayload), FRESH);
    expect(dataset).toMatchObject({ id: '5d13a8b6634f41070a43dff3', resourceCount: 8, frequency: 'weekly', frequencyDate: '2019-07-03T23:17:38.000+00:00' });
    expect(dataset.quality).toMatchObject({ score: 0.666666666666667, hasOpenFormat: true, spatialOk: false });
    expect(dataset.metrics).toMatchObject({ views: 196022, resourcesDownloads: 18476 });
    const exportFile = dataset.inlineResources?.find((resource) => resource.title === 'export-dataset-20250407-054928.csv');
    expect(exportFile).toMatchObject({
      filesize: 176653507,
      mime: 'text/csv',
      checksum: { type: 'sha1', value: 'ac6f302f0f3fe34604fc65c6e24259f6a1874cb7' },
      // `check:date` is naive in extras: read as UTC.
      availability: { available: true, status: 200, checkedAt: '2024-10-22T15:25:46.404+00:00' },
    });
  });

  it('maps the 129 resources of "Fichier des personnes décédées" whose schema is {}', () => {
    const dataset = toDataset(guarded(readFixture('api1-datasets-fichier-des-personnes-decedees.json').body, isDatasetPayload), FRESH);
    expect(dataset.resourceCount).toBe(129);
    expect(dataset.temporalCoverage).toEqual({ start: '1970-01-01', end: '2022-12-31' });
    expect(dataset.acronym).toBe('Décès');
    expect(dataset.inlineResources?.every((resource) => resource.schema === null)).toBe(true);
    expect(dataset.inlineResources?.every((resource) => resource.createdAt !== null && DATETIME.test(resource.createdAt))).toBe(true);
  });
});

describe('v2 payloads', () => {
  it('takes resourceCount from the resources link and date-only temporal coverage from search items', () => {
    const body = guarded(readFixture('api2-datasets-search-q-population-size3.json').body, (value) => isPagePayload(value, isDatasetPayload));
    const page = toPage(body, (item) => toDataset(item, FRESH), FRESH, { page: 1, pageSize: 3 });
    expect(page).toMatchObject({ page: 1, pageSize: 3, hasNextPage: true });
    expect(page.total).toBeGreaterThan(3);
    const [population, carroyees, third] = page.items;
    expect(population).toMatchObject({ id: '53699d0ea3a729239d205b2e', resourceCount: 8, inlineResources: null });
    expect(carroyees?.temporalCoverage).toEqual({ start: '2010-12-31', end: '2011-01-01' });
    expect(third?.contactPoints[0]).toMatchObject({ name: 'Contact', email: null, role: 'contact' });
    expect(third?.contactPoints[0]?.contactForm).toMatch(/^https:\/\/api\.insee\.fr\//);
  });

  it('reads the 2024 search page with the old contact_point field and a capped total', () => {
    const body = guarded(readFixture('api2-datasets-search-default-2024-09.json').body, (value) => isPagePayload(value, isDatasetPayload));
    const page = toPage(body, (item) => toDataset(item, FRESH), FRESH, { page: 1, pageSize: 20 });
    expect(page.total).toBe(10000);
    expect(page.items).toHaveLength(20);
    expect(page.items.every((dataset) => dataset.contactPoints.length === 0)).toBe(true);
    const sitadel = page.items.find((dataset) => dataset.id === '5a5f4f6c88ee387da4d252a3');
    expect(sitadel?.slug).toBe('base-des-permis-de-construire-et-autres-autorisations-durbanisme-sitadel');
    expect(page.items[0]).toMatchObject({ id: '5b7ffc618b4c4169d30727e0', resourceCount: 18, badges: ['spd'] });
  });

  it('pages v2 resources (5 of 8) and knows there is a next page', () => {
    const body = guarded(
      readFixture('api2-datasets-53699d0ea3a729239d205b2e-resources-page1-size5.json').body,
      (value) => isPagePayload(value, isResourcePayload),
    );
    const page = toPage(body, toResource, FRESH, { page: 1, pageSize: 5 });
    expect(page).toMatchObject({ total: 8, page: 1, pageSize: 5, hasNextPage: true });
    expect(page.items).toHaveLength(5);
    expect(page.items.every((resource) => resource.id.length === 36)).toBe(true);
  });

  it('maps the resource inside the v2 {resource, dataset_id} envelope and the v1 resource', () => {
    const v2 = readFixture('api2-datasets-resources-322d1475-f36a-472d-97ce-d218c8f79092.json').body as { resource: unknown; dataset_id: string };
    const v1 = readFixture('api1-datasets-5d13a8b6634f41070a43dff3-resources-322d1475-f36a-472d-97ce-d218c8f79092.json').body;
    const fromV2 = toResource(guarded(v2.resource, isResourcePayload));
    const fromV1 = toResource(guarded(v1, isResourcePayload));
    expect(v2.dataset_id).toBe('5d13a8b6634f41070a43dff3');
    expect(fromV2).toMatchObject({ id: '322d1475-f36a-472d-97ce-d218c8f79092', format: 'csv', filesize: 1643394, type: 'main' });
    expect(fromV1.id).toBe(fromV2.id);
    expect(fromV1.url).toBe(fromV2.url);
  });
});

describe('organizations, dataservices, reuses, site', () => {
  it('maps Etalab (recorded) and data.gouv.fr (Python client)', () => {
    const etalab = toOrganization(guarded(readFixture('api1-organizations-534fff75a3a7292c64a77de4.json').body, isOrganizationPayload), FRESH);
    expect(etalab).toMatchObject({ id: '534fff75a3a7292c64a77de4', slug: 'etalab', name: 'Etalab', website: 'https://www.etalab.gouv.fr', deleted: false, metrics: null });
    const datagouv = toOrganization(guarded(readFixture('api1-organizations-data-gouv-fr.json').body, isOrganizationPayload), FRESH);
    expect(datagouv).toMatchObject({ id: '646b7187b50b2a93b1ae3d45', slug: 'data-gouv-fr', badges: expect.arrayContaining(['public-service']) });
  });

  it('maps API Adresse with archived_at/deleted_at, the datasets link and its contact point', () => {
    const service = toDataservice(guarded(readFixture('api1-dataservices-672cf67802ef6b1be63b8975.json').body, isDataservicePayload), FRESH);
    expect(service).toMatchObject({
      id: '672cf67802ef6b1be63b8975',
      title: 'API Adresse (Base Adresse Nationale - BAN)',
      baseApiUrl: 'https://data.geopf.fr/geocodage/',
      documentationUrl: 'https://data.geopf.fr/geocodage/openapi.yaml',
      webUrl: 'https://www.data.gouv.fr/dataservices/api-adresse-base-adresse-nationale-ban',
      accessType: 'open',
      archivedAt: null,
      deletedAt: null,
      deleted: false,
      datasetCount: 1,
      contactPoints: [{ name: "Institut national de l'information géographique et forestière (IGN-F)", email: 'geoplateforme@ign.fr', contactForm: null, role: 'contact' }],
    });
  });

  it('maps the reuses page of Population (2 of 102 kept by the recorder)', () => {
    const body = guarded(readFixture('api1-reuses-dataset-53699d0ea3a729239d205b2e-size3.json').body, (value) => isPagePayload(value, isReusePayload));
    const page = toPage(body, toReuse, FRESH, { page: 1, pageSize: 3 });
    expect(page).toMatchObject({ total: 102, pageSize: 3, hasNextPage: true });
    expect(page.items[0]).toMatchObject({ id: '6a96cc1b2aeed626b1cb300e', type: 'application', organization: { slug: 'zonelo' } });
    expect(page.items[1]?.organization).toBeNull();
  });

  it('maps the site counters and release', () => {
    const site = toSite(guarded(readFixture('api1-site.body.json').body, isSitePayload), FRESH);
    expect(site).toMatchObject({ title: 'data.gouv.fr', version: '17.6.0', datasetCount: 74202, dataserviceCount: 1235, resourceCount: 392142 });
  });
});

describe('udata fixtures file (derived: generator removed some keys)', () => {
  const derived = readFixture('derived-udata-fixtures-results.json').body as {
    datasets: Array<{ dataset: unknown; resources: unknown[]; organization: unknown; reuses: unknown[]; dataservices: unknown[] }>;
    site: unknown;
  };

  it('maps all 15 datasets, falling back to the internal dates the generator flattened', () => {
    expect(derived.datasets).toHaveLength(15);
    const datasets = derived.datasets.map((entry) => toDataset(guarded(entry.dataset, isDatasetPayload), FRESH));
    expect(datasets.every((dataset) => dataset.createdAt !== null && dataset.lastModified !== null)).toBe(true);
    const sirene = datasets.find((dataset) => dataset.id === '5b7ffc618b4c4169d30727e0');
    expect(sirene?.temporalCoverage).toEqual({ start: '1973-01-01', end: '2023-12-31' });
    expect(sirene?.resourceCount).toBeNull();
  });

  it('maps every resource, keeping the two filled schemas and dropping the empty ones', () => {
    const resources = derived.datasets.flatMap((entry) => entry.resources.map((resource) => toResource(guarded(resource, isResourcePayload))));
    expect(resources.length).toBe(99);
    const withSchema = resources.filter((resource) => resource.schema !== null);
    expect(withSchema.map((resource) => resource.schema?.name).sort()).toEqual([
      'etalab/schema-irve-statique',
      'etalab/schema-vehicules-faibles-emissions-renouvellement-parc',
      'etalab/schema-vehicules-faibles-emissions-renouvellement-parc',
    ]);
    expect(withSchema.find((resource) => resource.schema?.name === 'etalab/schema-irve-statique')?.schema?.version).toBe('2.2.0');
  });

  it('maps the organizations, reuses, dataservices and site', () => {
    const organizations = derived.datasets.map((entry) => toOrganization(guarded(entry.organization, isOrganizationPayload), FRESH));
    const reuses = derived.datasets.flatMap((entry) => entry.reuses.map((reuse) => toReuse(guarded(reuse, isReusePayload))));
    const services = derived.datasets.flatMap((entry) => entry.dataservices.map((service) => toDataservice(guarded(service, isDataservicePayload), FRESH)));
    expect(organizations.every((organization) => organization.id.length === 24)).toBe(true);
    expect(reuses.length).toBeGreaterThan(0);
    expect(services.find((service) => service.slug === 'api-sirene')).toMatchObject({ accessType: 'open_with_account', contactPoints: [{ email: 'sirene@insee.fr' }] });
    expect(toSite(guarded(derived.site, isSitePayload), FRESH).datasetCount).toBe(73211);
  });
});

describe('guards', () => {
  it('refuse payloads without essentials: no id, a list without data, a non-object', () => {
    expect(isDatasetPayload({ title: 'no id' })).toBe(false);
    expect(isDatasetPayload({ id: '' })).toBe(false);
    expect(isDatasetPayload(readFixture('api1-datasets-000000000000000000000000.404.json').body)).toBe(false);
    expect(isPagePayload({ total: 3 }, isDatasetPayload)).toBe(false);
    expect(isPagePayload({ data: [{ id: 'a' }, { title: 'x' }] }, isDatasetPayload)).toBe(false);
    expect(isSitePayload('[redacted]')).toBe(false);
  });
});
