import { describe, expect, it } from 'vitest';
import { createDatagouvHandlers } from '../../../mocks/handlers.js';
import type { DatagouvClient } from '../../../src/upstream/datagouv/datagouv-client.js';
import { createTestClient } from './support/create-test-client.js';
import { expectGatewayError } from './support/expect-gateway-error.js';

const BAD_SEGMENTS = ['../../x', 'a/b', '', '%2e%2e', '..', '.hidden', 'a b', 'x?page=2', 'é', 'x'.repeat(201)];

const BY_ID_OR_SLUG: Array<[string, (client: DatagouvClient, value: string) => Promise<unknown>]> = [
  ['getDataset', (client, value) => client.getDataset(value)],
  ['getDatasetV2', (client, value) => client.getDatasetV2(value)],
  ['listDatasetResources', (client, value) => client.listDatasetResources(value)],
  ['getOrganization', (client, value) => client.getOrganization(value)],
  ['listOrganizationDatasets', (client, value) => client.listOrganizationDatasets(value)],
  ['getDataservice', (client, value) => client.getDataservice(value)],
];

describe('path segments are validated before any network call', () => {
  it.each(BY_ID_OR_SLUG)('%s refuses traversal, separators, encodings, empty and overlong values', async (_name, call) => {
    const { client, upstream } = createTestClient(createDatagouvHandlers());
    for (const value of BAD_SEGMENTS) {
      await expectGatewayError(call(client, value), 'BAD_USER_INPUT');
    }
    expect(upstream.calls).toHaveLength(0);
  });

  it('accepts ObjectIds, UUID-like and real slugs, including 200 characters', async () => {
    const { client, upstream } = createTestClient(createDatagouvHandlers());
    for (const value of ['53699d0ea3a729239d205b2e', 'fichier-des-personnes-decedees', 'Base_Adresse.v2', 'x'.repeat(200)]) {
      await client.getDataset(value);
    }
    expect(upstream.calls).toHaveLength(4);
  });
});

describe('filters and pages are validated before any network call', () => {
  const cases: Array<[string, (client: DatagouvClient) => Promise<unknown>, RegExp]> = [
    ['a slug as organization filter', (client) => client.listDatasets({ organization: 'etalab' }), /organization/],
    ['a slug as dataservice filter', (client) => client.listDatasets({ dataservice: 'api-adresse' }), /dataservice/],
    ['a dataservice filter on search', (client) => client.searchDatasets({ dataservice: '672cf67802ef6b1be63b8975' }), /dataservice/],
    ['a slug as reuses dataset', (client) => client.listDatasetReuses('population'), /dataset/],
    ['a slug as dataservices organization', (client) => client.searchDataservices({ organization: 'ign' }), /organization/],
    ['page 0', (client) => client.listDatasets({ page: 0 }), /page/],
    ['a fractional page', (client) => client.listDatasets({ page: 1.5 }), /page/],
    ['pageSize 101', (client) => client.listDatasets({ pageSize: 101 }), /pageSize/],
    ['an unknown sort', (client) => client.listDatasets({ sort: 'relevance' }), /sort/],
    ['a v1-only sort on search', (client) => client.searchDatasets({ sort: 'title' }), /sort/],
    ['an unknown resource type', (client) => client.listDatasetResources('population', { type: 'data' }), /type/],
    ['an overlong query', (client) => client.searchDatasets({ q: 'x'.repeat(201) }), /q/],
    ['a search past the 10 000 window', (client) => client.searchDatasets({ page: 101, pageSize: 100 }), /10000 results/],
  ];

  it.each(cases)('refuses %s', async (_name, call, message) => {
    const { client, upstream } = createTestClient(createDatagouvHandlers());
    const error = await expectGatewayError(call(client), 'BAD_USER_INPUT');
    expect(error.message).toMatch(message);
    expect(upstream.calls).toHaveLength(0);
  });

  it('lets the last page of the search window through', async () => {
    const { client, upstream } = createTestClient(createDatagouvHandlers());
    await client.searchDatasets({ page: 100, pageSize: 100 });
    expect(upstream.calls).toHaveLength(1);
  });
});

describe('fetchResourceText only reads data.gouv.fr files', () => {
  it.each([
    ['another host', 'https://evil.example/resources/x.csv'],
    ['a look-alike host', 'https://static.data.gouv.fr.evil.example/x.csv'],
    ['plain http', 'http://static.data.gouv.fr/resources/x.csv'],
    ['credentials', 'https://user:secret@static.data.gouv.fr/resources/x.csv'],
    ['a relative URL', '/resources/x.csv'],
    ['a file URL', 'file:///etc/passwd'],
  ])('refuses %s', async (_name, url) => {
    const { client, upstream } = createTestClient(createDatagouvHandlers());
    await expectGatewayError(client.fetchResourceText(url), 'BAD_USER_INPUT');
    expect(upstream.calls).toHaveLength(0);
  });
});
