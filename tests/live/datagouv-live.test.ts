import { afterAll, describe, expect, it } from 'vitest';
import { createDatagouvClient } from '../../src/upstream/datagouv/client.js';
import { probeReachability } from './probe-reachability.js';

const BASE_URL = 'https://www.data.gouv.fr/api';
const POPULATION_ID = '53699d0ea3a729239d205b2e';
const OBJECT_ID = /^[0-9a-f]{24}$/;

const reachability = await probeReachability(`${BASE_URL}/1/site/`);
if (!reachability.online) {
  console.warn(`data.gouv.fr unreachable (${reachability.detail}): live tests skipped`);
}

function expectFetchedRecently(fetchedAt: string): void {
  const at = Date.parse(fetchedAt);
  expect(Number.isNaN(at)).toBe(false);
  expect(Math.abs(Date.now() - at)).toBeLessThan(5 * 60_000);
}

describe.skipIf(!reachability.online)('the real data.gouv.fr API through the gateway client', () => {
  const datagouv = createDatagouvClient({ baseUrl: BASE_URL, source: 'LIVE' });

  afterAll(async () => {
    await datagouv.close();
  });

  it('reads the Population dataset by id', async () => {
    const dataset = await datagouv.getDataset(POPULATION_ID);
    expect(dataset).not.toBeNull();
    expect(dataset?.id).toBe(POPULATION_ID);
    expect(dataset?.title?.trim()).toBeTruthy();
    expect(dataset?.deleted).toBe(false);
    expect(dataset?.organization?.id).toMatch(OBJECT_ID);
    expectFetchedRecently(dataset!.fetchedAt);
    expect(datagouv.status().source).toBe('LIVE');
  });

  it('reads the etalab organization by slug', async () => {
    const organization = await datagouv.getOrganization('etalab');
    expect(organization).not.toBeNull();
    expect(organization?.slug).toBe('etalab');
    expect(organization?.id).toMatch(OBJECT_ID);
    expect(organization?.name?.trim()).toBeTruthy();
    expectFetchedRecently(organization!.fetchedAt);
  });

  it('searches datasets for "population" and gets a page of titled datasets', async () => {
    const page = await datagouv.searchDatasets({ q: 'population', pageSize: 3 });
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.length).toBeLessThanOrEqual(3);
    for (const dataset of page.items) {
      expect(dataset.id).toMatch(OBJECT_ID);
      expect(dataset.title?.trim()).toBeTruthy();
    }
    expectFetchedRecently(page.fetchedAt);
  });
});
