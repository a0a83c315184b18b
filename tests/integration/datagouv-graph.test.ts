import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCatalogue } from '../../mocks/catalogue.js';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import { encodeOffsetCursor } from '../../src/schema/connection-args.js';
import { useTestGateways } from '../helpers/create-test-gateway.js';

const catalogue = loadCatalogue();
const datasetIds = [...catalogue.datasets.byId.keys()];
const POPULATION = '53699d0ea3a729239d205b2e';
const DELETED = '5e4174c1d40e89541a783d32';

const gateway = useTestGateways(afterEach);

/** 50 aliased dataset lookups over the emulated catalogue, each with its organization (ids repeat). */
function fiftyDatasetsQuery(organizationFields = 'id name'): string {
  const fields = Array.from({ length: 50 }, (_, index) => {
    const id = datasetIds[index % datasetIds.length];
    return `d${index}: dataset(idOrSlug: "${id}") { id title deleted organization { ${organizationFields} } }`;
  });
  return `{ ${fields.join('\n')} }`;
}

type DatasetAlias = { id: string; title: string | null; deleted: boolean; organization: { id: string; name: string } | null } | null;

describe('data.gouv.fr objects in the graph', () => {
  it('costs one upstream request per distinct dataset for 50 datasets with their publishers’ embedded fields', async () => {
    const t = await gateway();
    const body = await t.query<Record<string, DatasetAlias>>(fiftyDatasetsQuery());
    expect(body.errors).toBeUndefined();
    const results = Object.values(body.data!);
    expect(results).toHaveLength(50);
    expect(new Set(results.flatMap((d) => (d?.organization ? [d.organization.id] : []))).size).toBeGreaterThan(3);
    const calls = t.upstreamCalls();
    expect(calls.length).toBe(new Set(datasetIds.slice(0, 50)).size);
    expect(calls.every((c) => c.url.includes('/datasets/'))).toBe(true);
  });

  it('fetches each distinct organization once when the query asks for more than the dataset embeds', async () => {
    const t = await gateway();
    const body = await t.query<Record<string, { organization: { id: string; name: string; description: string | null } | null } | null>>(
      fiftyDatasetsQuery('id name ... on Organization { description }'),
    );
    expect(body.errors).toBeUndefined();
    const results = Object.values(body.data!);
    const distinctOrganizations = new Set(results.flatMap((d) => (d?.organization ? [d.organization.id] : []))).size;
    const calls = t.upstreamCalls();
    expect(calls.length).toBe(new Set(datasetIds.slice(0, 50)).size + distinctOrganizations);
    expect(new Set(calls.map((c) => c.url)).size).toBe(calls.length);
    expect(results.some((d) => typeof d?.organization?.description === 'string')).toBe(true);
  });

  it('gives the same embedded organization fields as a full read', async () => {
    const t = await gateway();
    const fields = 'id slug name acronym url logo badges';
    const embedded = await t.query<{ dataset: { organization: Record<string, unknown> } }>(
      `{ dataset(idOrSlug: "${POPULATION}") { organization { ${fields} } } }`,
    );
    const full = await t.query<{ organization: Record<string, unknown> }>(
      `{ organization(idOrSlug: "${(embedded.data!.dataset.organization['id'] as string)}") { ${fields} } }`,
    );
    expect(embedded.data!.dataset.organization).toEqual(full.data!.organization);
  });

  it('answers the same query again within the TTL without any upstream request', async () => {
    const t = await gateway();
    await t.query(fiftyDatasetsQuery());
    t.resetUpstreamCalls();
    const again = await t.query<Record<string, DatasetAlias>>(fiftyDatasetsQuery());
    expect(again.errors).toBeUndefined();
    expect(t.upstreamCalls()).toEqual([]);
  });

  it('costs the same for two concurrent identical queries as for one', async () => {
    const single = await gateway();
    await single.query(fiftyDatasetsQuery());
    const alone = single.upstreamCalls().length;

    const t = await gateway();
    const [a, b] = await Promise.all([t.query(fiftyDatasetsQuery()), t.query(fiftyDatasetsQuery())]);
    expect(a.data).toEqual(b.data);
    expect(t.upstreamCalls().length).toBe(alone);
  });

  it('refuses a malformed id with BAD_USER_INPUT before any upstream call', async () => {
    const t = await gateway();
    const body = await t.query(`{ a: dataset(idOrSlug: "../../x") { id } b: organization(idOrSlug: "a/b") { id } }`);
    expect(body.errors?.map((e) => e.extensions?.['code'])).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(t.upstreamCalls()).toEqual([]);
  });

  it('returns null for an unknown dataset and a deleted one as deleted', async () => {
    const t = await gateway();
    const body = await t.query<{ missing: unknown; gone: { id: string; deleted: boolean; title: string | null } }>(
      `{ missing: dataset(idOrSlug: "000000000000000000000000") { id } gone: dataset(idOrSlug: "${DELETED}") { id deleted title } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ missing: null, gone: { id: DELETED, deleted: true, title: null } });
  });

  it('fails only the field whose upstream call fails, with a coded error, while siblings resolve', async () => {
    const faults = createFaultPlan().next(`/api/1/datasets/${POPULATION}/`, ['503', '503', '503']);
    const t = await gateway({ handlers: { faults } });
    const body = await t.query<{ broken: unknown; fine: { title: string } }>(
      `{ broken: dataset(idOrSlug: "${POPULATION}") { title } fine: dataset(idOrSlug: "carte-scolaire-des-colleges-publics") { title } }`,
    );
    expect(body.data).toEqual({ broken: null, fine: { title: 'Carte scolaire des collèges publics' } });
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({ path: ['broken'], extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
  });

  it('keeps the rest of the answer when a catalogue search fails', async () => {
    const faults = createFaultPlan().next('*', Array(20).fill('503'));
    const t = await gateway({ handlers: { faults } });
    const body = await t.query<{ announcements: { totalCount: number }; datasets: unknown; dataservices: unknown }>(
      `{ announcements { totalCount } datasets(query: "permis") { totalCount } dataservices(query: "api") { totalCount } }`,
    );
    expect(body.data).toEqual({ announcements: { totalCount: 7 }, datasets: null, dataservices: null });
    const failures = (body.errors ?? []).map((e) => [String(e.path?.[0]), e.extensions?.['code']] as const).sort();
    expect(failures.map(([path]) => path)).toEqual(['dataservices', 'datasets']);
    // The second may find the circuit already open after the first one's retries.
    for (const [, code] of failures) expect(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_CIRCUIT_OPEN']).toContain(code);
  });

  it('serves the last good value flagged revalidating past the TTL, then stale once the refresh failed', async () => {
    let clock = Date.parse('2026-11-29T09:00:00Z');
    const faults = createFaultPlan();
    const t = await gateway({
      handlers: { faults },
      client: { cache: { ttlMs: 60_000 }, clock: { now: () => clock, sleep: () => Promise.resolve() } },
    });
    const fresh = await t.query<{ dataset: { title: string; stale: boolean; fetchedAt: string } }>(
      `{ dataset(idOrSlug: "${POPULATION}") { title stale fetchedAt } }`,
    );
    expect(fresh.data?.dataset).toMatchObject({ title: 'Population', stale: false });
    clock += 120_000;
    faults.next(`/api/1/datasets/${POPULATION}/`, ['503', '503', '503', '503', '503', '503']);
    const ask = () => t.query<{ dataset: { title: string; stale: boolean; revalidating: boolean; fetchedAt: string } }>(
      `{ dataset(idOrSlug: "${POPULATION}") { title stale revalidating fetchedAt } }`,
    );
    const revalidating = await ask();
    expect(revalidating.errors).toBeUndefined();
    expect(revalidating.data?.dataset).toEqual({ title: 'Population', stale: false, revalidating: true, fetchedAt: fresh.data!.dataset.fetchedAt });
    await vi.waitFor(async () => {
      const stale = await ask();
      expect(stale.errors).toBeUndefined();
      expect(stale.data?.dataset).toEqual({ title: 'Population', stale: true, revalidating: false, fetchedAt: fresh.data!.dataset.fetchedAt });
    });
  });

  it('refuses a page beyond the search window with BAD_USER_INPUT instead of leaking the upstream 400', async () => {
    const t = await gateway();
    const body = await t.query(`query($after: String) { datasets(first: 100, after: $after) { totalCount } }`, {
      after: encodeOffsetCursor(10_050),
    });
    expect(body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/10[  ]?000/);
    expect(t.upstreamCalls()).toEqual([]);
  });

  it('pages a search with the upstream total and continues with cursors', async () => {
    const t = await gateway();
    const query = `query($after: String) { datasets(query: "permis", first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } }`;
    type Page = { datasets: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { title: string } }[] } };
    const first = await t.query<Page>(query);
    expect(first.errors).toBeUndefined();
    const total = first.data!.datasets.totalCount;
    expect(total).toBeGreaterThanOrEqual(2);
    expect(first.data!.datasets.pageInfo.hasNextPage).toBe(true);
    const second = await t.query<Page>(query, { after: first.data!.datasets.pageInfo.endCursor });
    expect(second.data!.datasets.edges[0]!.node.title).not.toBe(first.data!.datasets.edges[0]!.node.title);
    expect(second.data!.datasets.totalCount).toBe(total);
  });

  it('filters a dataset’s files by format and labels every answer as demo data', async () => {
    const t = await gateway();
    const body = await t.query<{ dataset: { source: string; resources: { totalCount: number; edges: { node: { format: string } }[] } }; upstreamStatus: { source: string } }>(
      `{ dataset(idOrSlug: "fichier-des-personnes-decedees") { source resources(first: 5, format: "TXT") { totalCount edges { node { format } } } } upstreamStatus { source } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.dataset.resources.totalCount).toBe(128);
    expect(body.data!.dataset.resources.edges.map((e) => e.node.format)).toEqual(Array(5).fill('txt'));
    expect(body.data!.dataset.source).toBe('MOCK');
    const site = await t.query<{ upstreamStatus: { site: { version: string; datasetCount: number } } }>(
      `{ upstreamStatus { site { version datasetCount } } }`,
    );
    expect(site.data!.upstreamStatus.site).toMatchObject({ version: '17.6.0' });
    expect(site.data!.upstreamStatus.site.datasetCount).toBeGreaterThan(1000);
    expect(body.data!.upstreamStatus.source).toBe('MOCK');
    expect(body.extensions).toMatchObject({ upstreamSource: 'MOCK', notice: expect.stringContaining('démonstration') });
  });
});

describe('an upstream that is the bundled emulation', () => {
  const gatewayFor = useTestGateways(afterEach);

  it('is labelled MOCK even when the configuration claims LIVE', async () => {
    const t = await gatewayFor({ client: { source: 'LIVE' } });
    const before = await t.query<{ upstreamStatus: { source: string } }>(`{ upstreamStatus { source } }`);
    expect(before.data!.upstreamStatus.source).toBe('LIVE');
    await t.query(`{ dataset(idOrSlug: "${POPULATION}") { title } }`);
    const after = await t.query<{ upstreamStatus: { source: string }; dataset: { source: string } }>(
      `{ upstreamStatus { source } dataset(idOrSlug: "${POPULATION}") { source } }`,
    );
    expect(after.data).toEqual({ upstreamStatus: { source: 'MOCK' }, dataset: { source: 'MOCK' } });
    expect(after.extensions).toMatchObject({ upstreamSource: 'MOCK', notice: expect.any(String) });
  });
});

describe('query limits', () => {
  const gatewayFor = useTestGateways(afterEach);

  it('refuses an operation with too many aliases before calling data.gouv.fr', async () => {
    const t = await gatewayFor();
    const fields = Array.from({ length: 61 }, (_, index) => `d${index}: dataset(idOrSlug: "${POPULATION}") { title }`);
    const body = await t.query(`{ ${fields.join(' ')} }`);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.message).toMatch(/Aliases limit of 60 exceeded/);
    expect(t.upstreamCalls()).toEqual([]);
  });

  it('refuses a selection deeper than the limit', async () => {
    const t = await gatewayFor();
    const deep = `{ organization(idOrSlug: "etalab") { datasets { edges { node { organization { datasets { edges { node { organization { datasets { edges { node { title } } } } } } } } } } } } }`;
    const body = await t.query(deep);
    expect(body.errors?.[0]?.message).toMatch(/Query depth limit of 12 exceeded/);
    expect(t.upstreamCalls()).toEqual([]);
  });
});
