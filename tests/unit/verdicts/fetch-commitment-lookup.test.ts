import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/errors/gateway-error.js';
import type { UpstreamLoaders } from '../../../src/loaders/create-loaders.js';
import { fetchCommitmentLookup } from '../../../src/verdicts/fetch-commitment-lookup.js';
import type { DataserviceSearchRequest, DatasetListRequest } from '../../../src/upstream/datagouv/datagouv-client.js';
import type { Dataservice, Dataset, Page } from '../../../src/upstream/datagouv/model.js';
import { makeCommitment, makeDataservice, makeDataset, makeResource } from '../commitments/builders.js';

function page<T>(items: T[]): Page<T> {
  return { items, page: 1, pageSize: 10, total: items.length, hasNextPage: false, fetchedAt: '2026-11-29T09:00:00.000Z', stale: false, revalidating: false };
}

/**
 * Loaders answering from in-memory tables: dataset and dataservice searches by
 * query, reads by id or slug; every call is recorded as `<what> <key>`.
 */
function fakeWorld(tables: {
  datasetSearch?: Record<string, Dataset[]>;
  dataserviceSearch?: Record<string, Dataservice[]>;
  datasets?: Record<string, Dataset>;
  dataservices?: Record<string, Dataservice>;
} = {}) {
  const calls: string[] = [];
  const state = {
    search: async (request: DatasetListRequest): Promise<Page<Dataset>> => page(tables.datasetSearch?.[request.q ?? ''] ?? []),
  };
  const loaders = {
    dataset: new DataLoader<string, Dataset | null>(async (keys) => keys.map((key) => {
      calls.push(`dataset ${key}`);
      return tables.datasets?.[key] ?? null;
    })),
    dataservice: new DataLoader<string, Dataservice | null>(async (keys) => keys.map((key) => {
      calls.push(`dataservice ${key}`);
      return tables.dataservices?.[key] ?? null;
    })),
    organization: new DataLoader(async (keys: readonly string[]) => keys.map(() => null)),
    searchDatasets: new DataLoader<DatasetListRequest, Page<Dataset>, string>(
      (requests) => Promise.all(requests.map((request) => {
        calls.push(`datasets? ${request.q}`);
        return state.search(request).catch((error: Error) => error);
      })),
      { cacheKeyFn: JSON.stringify },
    ),
    searchDataservices: new DataLoader<DataserviceSearchRequest, Page<Dataservice>, string>(
      async (requests) => requests.map((request) => {
        calls.push(`dataservices? ${request.q}`);
        return page(tables.dataserviceSearch?.[request.q ?? ''] ?? []);
      }),
      { cacheKeyFn: JSON.stringify },
    ),
  } as unknown as UpstreamLoaders;
  return { loaders, state, calls };
}

const QUERY = 'Permis construire personnes physiques morales déposés';
const permis = makeCommitment({ title: 'Permis de construire des personnes physiques et morales déposés en mairie' });
const sitadelHit = makeDataset({ id: 'sitadel', title: permis.title, createdAt: '2022-01-27T10:00:00+00:00' });
const sitadelFull = makeDataset({ ...sitadelHit, inlineResources: [makeResource({ format: 'csv' })] });

describe('fetchCommitmentLookup', () => {
  it('searches both catalogues with the title words, the promised kind first, and re-reads the winning dataset in full', async () => {
    const world = fakeWorld({ datasetSearch: { [QUERY]: [sitadelHit] }, datasets: { sitadel: sitadelFull } });
    const lookup = await fetchCommitmentLookup(permis, world);
    // The other kind's catalogue is a cross-check: an empty answer there is not retried shorter.
    expect(world.calls).toEqual([`datasets? ${QUERY}`, `dataservices? ${QUERY}`, 'dataset sitadel']);
    expect(lookup).toMatchObject({ kind: 'FETCHED', linked: [], found: [sitadelFull], remembered: null });
    expect(lookup.kind === 'FETCHED' && lookup.searches).toEqual([
      { catalogue: 'DATASERVICES', query: QUERY, total: 0, examined: 0 },
      { catalogue: 'DATASETS', query: QUERY, total: 1, examined: 1 },
    ]);
  });

  it('retries with the leading words when the full-title search finds nothing', async () => {
    const world = fakeWorld({ datasetSearch: { 'Permis construire personnes': [sitadelHit] }, datasets: { sitadel: sitadelFull } });
    const lookup = await fetchCommitmentLookup(permis, world);
    expect(world.calls).toContain('datasets? Permis construire personnes');
    expect(lookup).toMatchObject({ kind: 'FETCHED', found: [sitadelFull] });
  });

  it('searches each alternative name too, and finds an API published for a promised dataset', async () => {
    const judilibre = makeDataservice({ id: 'jl', title: 'API Judilibre' });
    const decisions = makeCommitment({ title: 'Décisions de justice', hints: { alternativeNames: ['Judilibre'] } });
    const world = fakeWorld({ dataserviceSearch: { Judilibre: [judilibre] } });
    const lookup = await fetchCommitmentLookup(decisions, world);
    expect(world.calls).toEqual(expect.arrayContaining(['datasets? Décisions justice', 'datasets? Judilibre', 'dataservices? Judilibre']));
    expect(lookup).toMatchObject({ kind: 'FETCHED', found: [judilibre] });
  });

  it('does not re-read a hit that scores below the resolution threshold', async () => {
    const decoy = makeDataset({ id: 'decoy', title: 'Permis de chasser' });
    const world = fakeWorld({ datasetSearch: { [QUERY]: [decoy] } });
    const lookup = await fetchCommitmentLookup(permis, world);
    expect(world.calls.filter((call) => call.startsWith('dataset '))).toEqual([]);
    expect(lookup).toMatchObject({ kind: 'FETCHED', found: [decoy] });
  });

  it('follows an explicit link without searching', async () => {
    const world = fakeWorld({ datasets: { 'carte-scolaire': sitadelFull } });
    const lookup = await fetchCommitmentLookup(makeCommitment({ hints: { datasetIdOrSlug: 'carte-scolaire' } }), world);
    expect(world.calls).toEqual(['dataset carte-scolaire']);
    expect(lookup).toEqual({
      kind: 'FETCHED', linked: [{ collection: 'datasets', idOrSlug: 'carte-scolaire', object: sitadelFull }],
      found: [], remembered: null, searches: [], stale: false,
    });
  });

  it('searches when the record’s link answers 404', async () => {
    const world = fakeWorld({ datasetSearch: { [QUERY]: [sitadelHit] }, datasets: { sitadel: sitadelFull } });
    const lookup = await fetchCommitmentLookup(makeCommitment({ ...permis, hints: { datasetIdOrSlug: 'dead-link' } }), world);
    expect(world.calls[0]).toBe('dataset dead-link');
    expect(lookup).toMatchObject({ kind: 'FETCHED', linked: [{ object: null }], found: [sitadelFull] });
  });

  it('re-reads the object of the last verdict when no search brings it back (a deleted object leaves search)', async () => {
    const deleted = makeDataset({ id: 'gone-1', title: permis.title, deleted: true });
    const world = fakeWorld({ datasets: { 'gone-1': deleted } });
    const lookup = await fetchCommitmentLookup(permis, { ...world, remembered: { collection: 'datasets', id: 'gone-1' } });
    expect(world.calls).toContain('dataset gone-1');
    expect(lookup).toMatchObject({ kind: 'FETCHED', remembered: { collection: 'datasets', id: 'gone-1', object: deleted } });
  });

  it('does not re-read the remembered object when the search already brought it', async () => {
    const world = fakeWorld({ datasetSearch: { [QUERY]: [sitadelHit] }, datasets: { sitadel: sitadelFull } });
    const lookup = await fetchCommitmentLookup(permis, { ...world, remembered: { collection: 'datasets', id: 'sitadel' } });
    expect(world.calls.filter((call) => call === 'dataset sitadel')).toHaveLength(1);
    expect(lookup).toMatchObject({ kind: 'FETCHED', remembered: null });
  });

  it('turns an upstream failure into an UPSTREAM_FAILED lookup instead of throwing', async () => {
    const world = fakeWorld();
    world.state.search = async () => {
      throw new UpstreamError('UPSTREAM_TIMEOUT', 'data.gouv.fr did not answer within 10000 ms');
    };
    const lookup = await fetchCommitmentLookup(permis, world);
    expect(lookup).toEqual({
      kind: 'UPSTREAM_FAILED',
      error: { code: 'UPSTREAM_TIMEOUT', message: 'data.gouv.fr did not answer within 10000 ms' },
    });
  });

  it('looks nothing up for source code', async () => {
    const world = fakeWorld();
    expect(await fetchCommitmentLookup(makeCommitment({ kind: 'SOURCE_CODE' }), world)).toEqual({ kind: 'NOT_APPLICABLE' });
    expect(world.calls).toEqual([]);
  });
});
