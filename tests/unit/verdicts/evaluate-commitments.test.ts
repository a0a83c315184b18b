import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/errors/gateway-error.js';
import type { UpstreamLoaders } from '../../../src/loaders/create-loaders.js';
import { evaluateCommitments } from '../../../src/verdicts/evaluate-commitments.js';
import { createUpstreamHealth } from '../../../src/verdicts/upstream-health.js';
import { createVerdictMemory } from '../../../src/verdicts/verdict-memory.js';
import type { Dataservice, Dataset, Page, SiteInfo } from '../../../src/upstream/datagouv/model.js';
import { makeCommitment, makeDataset } from '../commitments/builders.js';

const NOW = new Date('2026-11-29T10:00:00Z');
const empty = <T>(): Page<T> => ({ items: [], page: 1, pageSize: 10, total: 0, hasNextPage: false, fetchedAt: NOW.toISOString(), stale: false, revalidating: false });

/** Loaders over a mutable catalogue; `siteFails` breaks the canary. */
function fakeUpstream(datasets: Map<string, Dataset>) {
  const state = { siteFails: false, siteCalls: 0 };
  const loaders = {
    dataset: new DataLoader<string, Dataset | null>(async (keys) => keys.map((key) => datasets.get(key) ?? null)),
    dataservice: new DataLoader<string, Dataservice | null>(async (keys) => keys.map(() => null)),
    searchDatasets: new DataLoader(async (keys: readonly unknown[]) => keys.map(() => empty<Dataset>()), { cacheKeyFn: JSON.stringify }),
    searchDataservices: new DataLoader(async (keys: readonly unknown[]) => keys.map(() => empty<Dataservice>()), { cacheKeyFn: JSON.stringify }),
    site: async (): Promise<SiteInfo> => {
      state.siteCalls += 1;
      if (state.siteFails) throw new UpstreamError('UPSTREAM_BAD_PAYLOAD', 'data.gouv.fr sent an unusable response');
      return {} as SiteInfo;
    },
  } as unknown as UpstreamLoaders;
  // A new request gets new loaders: DataLoader caches within one.
  const fresh = (): UpstreamLoaders => ({
    ...loaders,
    dataset: new DataLoader<string, Dataset | null>(async (keys) => keys.map((key) => datasets.get(key) ?? null)),
  });
  return { fresh, state };
}

/** Twenty commitments, each linked to its own dataset, published on time. */
const commitments = Array.from({ length: 20 }, (_, i) => makeCommitment({
  key: `c${String(i).padStart(2, '0')}`, title: `Jeu ${i}`, plannedQuarter: 'T4 2022', hints: { datasetIdOrSlug: `jeu-${i}` },
}));
const catalogue = () => new Map(commitments.map((_c, i) => [`jeu-${i}`, makeDataset({ id: `id-${i}`, title: `Jeu ${i}`, createdAt: '2022-06-01T10:00:00Z', fetchedAt: NOW.toISOString() })]));

describe('evaluateCommitments', () => {
  it('believes a 404 for a linked object when the canary answers, and reports the upstream usable', async () => {
    const datasets = catalogue();
    datasets.delete('jeu-0');
    const upstream = fakeUpstream(datasets);
    const health = createUpstreamHealth();
    const statuses = await evaluateCommitments({ commitments, loaders: upstream.fresh(), memory: createVerdictMemory(), health, now: () => NOW });
    expect(statuses.get('c00')?.state).toBe('OVERDUE');
    expect(statuses.get('c01')?.state).toBe('PUBLISHED_ON_TIME');
    expect(upstream.state.siteCalls).toBe(1);
    expect(health.current().state).toBe('USABLE');
  });

  it('turns 404s into upstream failures when the canary fails: earlier verdicts served stale, memory kept, upstream unusable', async () => {
    const datasets = catalogue();
    const upstream = fakeUpstream(datasets);
    const memory = createVerdictMemory();
    const health = createUpstreamHealth();
    await evaluateCommitments({ commitments, loaders: upstream.fresh(), memory, health, now: () => NOW });
    datasets.clear();
    upstream.state.siteFails = true;
    const later = new Date('2026-11-30T10:00:00Z');
    const statuses = await evaluateCommitments({ commitments, loaders: upstream.fresh(), memory, health, now: () => later });
    for (const status of statuses.values()) {
      expect(status).toMatchObject({ state: 'PUBLISHED_ON_TIME', stale: true, checkedAt: NOW.toISOString() });
      expect(status.evidence.map((e) => e.kind)).toContain('UPSTREAM_FAILURE');
    }
    expect(memory.get('c00')?.stale).toBe(false);
    expect(health.current()).toMatchObject({ state: 'UNUSABLE' });
    expect(health.current().reason).toContain('UPSTREAM_UNUSABLE');
  });

  it('holds a mass disappearance with a healthy canary: earlier verdicts stale, memory not overwritten', async () => {
    const datasets = catalogue();
    const upstream = fakeUpstream(datasets);
    const memory = createVerdictMemory();
    const health = createUpstreamHealth();
    const warnings: unknown[] = [];
    await evaluateCommitments({ commitments, loaders: upstream.fresh(), memory, health, now: () => NOW });
    for (const key of ['jeu-0', 'jeu-1', 'jeu-2', 'jeu-3']) datasets.delete(key);
    const statuses = await evaluateCommitments({
      commitments, loaders: upstream.fresh(), memory, health, now: () => NOW, logger: { warn: (...args: unknown[]) => warnings.push(args) },
    });
    expect(statuses.get('c00')).toMatchObject({ state: 'PUBLISHED_ON_TIME', stale: true });
    expect(statuses.get('c00')?.evidence.map((e) => e.kind)).toContain('HELD_BY_GUARD');
    expect(statuses.get('c04')).toMatchObject({ state: 'PUBLISHED_ON_TIME', stale: false });
    expect(memory.get('c00')?.evidence.map((e) => e.kind)).not.toContain('HELD_BY_GUARD');
    expect(warnings).toHaveLength(1);
    expect(health.current().state).toBe('UNUSABLE');
  });

  it('lets one real disappearance through: WITHDRAWN is not held when few vanish', async () => {
    const datasets = catalogue();
    const upstream = fakeUpstream(datasets);
    const memory = createVerdictMemory();
    const health = createUpstreamHealth();
    await evaluateCommitments({ commitments, loaders: upstream.fresh(), memory, health, now: () => NOW });
    datasets.set('jeu-5', { ...(datasets.get('jeu-5') as Dataset), deleted: true });
    const statuses = await evaluateCommitments({ commitments, loaders: upstream.fresh(), memory, health, now: () => NOW });
    expect(statuses.get('c05')).toMatchObject({ state: 'WITHDRAWN', stale: false });
    expect(memory.get('c05')?.state).toBe('WITHDRAWN');
  });
});
