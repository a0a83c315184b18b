import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/errors/gateway-error.js';
import type { UpstreamLoaders } from '../../../src/loaders/create-loaders.js';
import { fetchCommitmentLookup } from '../../../src/loaders/fetch-commitment-lookup.js';
import type { DatasetListRequest } from '../../../src/upstream/datagouv/datagouv-client.js';
import type { Dataset, Page } from '../../../src/upstream/datagouv/model.js';
import { makeCommitment, makeDataset, makeResource } from '../commitments/builders.js';

const page = (items: Dataset[]): Page<Dataset> => ({
  items,
  page: 1,
  pageSize: 10,
  total: items.length,
  hasNextPage: false,
  fetchedAt: '2026-11-29T09:00:00.000Z',
  stale: false,
});

/** Loaders whose dataset search answers from `results` by query, recording each query and detail read. */
function fakeWorld(results: Record<string, Dataset[]>, details: Record<string, Dataset> = {}) {
  const searches: string[] = [];
  const detailReads: string[] = [];
  const state = {
    search: async (request: DatasetListRequest): Promise<Page<Dataset>> => {
      searches.push(request.q ?? '');
      return page(results[request.q ?? ''] ?? []);
    },
  };
  const loaders = {
    dataset: new DataLoader<string, Dataset | null>(async (keys) =>
      keys.map((key) => {
        detailReads.push(key);
        return details[key] ?? null;
      }),
    ),
    organization: new DataLoader(async (keys: readonly string[]) => keys.map(() => null)),
    dataservice: new DataLoader(async (keys: readonly string[]) => keys.map(() => null)),
    searchDatasets: new DataLoader<DatasetListRequest, Page<Dataset>, string>(
      (requests) => Promise.all(requests.map((request) => state.search(request).catch((error: Error) => error))),
      { cacheKeyFn: JSON.stringify },
    ),
    searchDataservices: new DataLoader(async (requests: readonly unknown[]) => requests.map(() => page([]))),
  } as unknown as UpstreamLoaders;
  return { loaders, state, searches, detailReads };
}

const permis = makeCommitment({ title: 'Permis de construire des personnes physiques et morales déposés en mairie' });
const sitadelHit = makeDataset({ id: 'sitadel', title: permis.title, createdAt: '2022-01-27T10:00:00+00:00' });
const sitadelFull = makeDataset({ ...sitadelHit, inlineResources: [makeResource({ format: 'csv' })] });

describe('fetchCommitmentLookup', () => {
  it('searches with the title words and re-reads the winning hit in full', async () => {
    const world = fakeWorld({ 'Permis construire personnes physiques morales déposés': [sitadelHit] }, { sitadel: sitadelFull });
    const lookup = await fetchCommitmentLookup(permis, world);
    expect(world.searches).toEqual(['Permis construire personnes physiques morales déposés']);
    expect(world.detailReads).toEqual(['sitadel']);
    expect(lookup).toMatchObject({ kind: 'SEARCH', candidates: [sitadelFull] });
  });

  it('retries with the leading words when the full-title search finds nothing', async () => {
    const world = fakeWorld({ 'Permis construire personnes': [sitadelHit] }, { sitadel: sitadelFull });
    const lookup = await fetchCommitmentLookup(permis, world);
    expect(world.searches).toEqual(['Permis construire personnes physiques morales déposés', 'Permis construire personnes']);
    expect(lookup).toMatchObject({ kind: 'SEARCH', candidates: [sitadelFull] });
  });

  it('does not re-read a hit that scores below the resolution threshold', async () => {
    const decoy = makeDataset({ id: 'decoy', title: 'Permis de chasser' });
    const world = fakeWorld({ 'Permis construire personnes physiques morales déposés': [decoy] });
    const lookup = await fetchCommitmentLookup(permis, world);
    expect(world.detailReads).toEqual([]);
    expect(lookup).toMatchObject({ kind: 'SEARCH', candidates: [decoy] });
  });

  it('follows an explicit link without searching', async () => {
    const world = fakeWorld({}, { 'carte-scolaire': sitadelFull });
    const lookup = await fetchCommitmentLookup(makeCommitment({ hints: { datasetIdOrSlug: 'carte-scolaire' } }), world);
    expect(world.searches).toEqual([]);
    expect(lookup).toEqual({ kind: 'EXPLICIT', dataset: sitadelFull });
  });

  it('turns an upstream failure into an UPSTREAM_FAILED lookup instead of throwing', async () => {
    const world = fakeWorld({});
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
    const world = fakeWorld({});
    expect(await fetchCommitmentLookup(makeCommitment({ kind: 'SOURCE_CODE' }), world)).toEqual({ kind: 'NOT_APPLICABLE' });
    expect(world.searches).toEqual([]);
  });
});
