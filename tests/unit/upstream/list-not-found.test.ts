import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createTestClient } from './support/create-test-client.js';
import { expectGatewayError } from './support/expect-gateway-error.js';

/** An upstream that answers 404 everywhere, as a wrong API root or a broken proxy would. */
const everything404 = http.get('https://www.data.gouv.fr/*', () => HttpResponse.json({ message: 'not found' }, { status: 404 }));

describe('a list answering 404', () => {
  it('is an upstream failure on its first page, never an empty result', async () => {
    const { client } = createTestClient([everything404]);
    await expectGatewayError(client.searchDatasets({ q: 'permis de construire' }), 'UPSTREAM_UNAVAILABLE');
    await expectGatewayError(client.searchDataservices({ q: 'bodacc' }), 'UPSTREAM_UNAVAILABLE');
    await expectGatewayError(client.listDatasets({ q: 'permis' }), 'UPSTREAM_UNAVAILABLE');
    expect(client.status().lastError).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('is the end of the list past the first page', async () => {
    const { client } = createTestClient([everything404]);
    await expect(client.listDatasets({ q: 'permis', page: 3 })).resolves.toMatchObject({ items: [], total: 0, hasNextPage: false });
  });

  it('means no such organization for an organization’s datasets', async () => {
    const { client } = createTestClient([everything404]);
    await expect(client.listOrganizationDatasets('no-such-organization')).resolves.toBeNull();
  });
});
