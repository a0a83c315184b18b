import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { createSharedEvaluation, type EvaluationReads } from '../../../src/verdicts/create-shared-evaluation.js';
import { createVerdictService } from '../../../src/verdicts/create-verdict-service.js';
import type { UpstreamLoaders } from '../../../src/loaders/create-loaders.js';
import type { EvaluationDependencies } from '../../../src/verdicts/evaluate-commitments.js';
import { createUpstreamHealth } from '../../../src/verdicts/upstream-health.js';
import { createVerdictMemory } from '../../../src/verdicts/verdict-memory.js';
import type { Dataset, Page } from '../../../src/upstream/datagouv/model.js';
import { makeCommitment, makeDataset } from '../commitments/builders.js';

const FETCHED_AT = Date.parse('2026-11-29T09:00:00Z');
const FRESH_FOR_MS = 60_000;
const commitments = [makeCommitment({ key: 'c01', title: 'Jeu 1', plannedQuarter: 'T4 2022', hints: { datasetIdOrSlug: 'jeu-1' } })];

/** One request's loaders over a one-dataset catalogue, counting what it asks, and its reads as an upstream log would keep them. */
function request(clock: { upstreamMs: number; day: Date }, options: { failure?: boolean } = {}) {
  const asked = { count: 0 };
  let freshUntil = Number.POSITIVE_INFINITY;
  const dataset = makeDataset({ id: 'id-1', title: 'Jeu 1', createdAt: '2022-06-01T10:00:00Z', fetchedAt: new Date(FETCHED_AT).toISOString() });
  const empty: Page<Dataset> = { items: [], page: 1, pageSize: 10, total: 0, hasNextPage: false, fetchedAt: dataset.fetchedAt, stale: false, revalidating: false };
  const read = <T>(value: T): T => {
    asked.count += 1;
    freshUntil = Math.min(freshUntil, FETCHED_AT + FRESH_FOR_MS);
    return value;
  };
  const loaders = {
    dataset: new DataLoader<string, Dataset | null>(async (keys) => keys.map((key) => read(key === 'jeu-1' || key === 'id-1' ? dataset : null))),
    dataservice: new DataLoader(async (keys: readonly unknown[]) => keys.map(() => read(null))),
    searchDatasets: new DataLoader(async (keys: readonly unknown[]) => keys.map(() => read(empty)), { cacheKeyFn: JSON.stringify }),
    searchDataservices: new DataLoader(async (keys: readonly unknown[]) => keys.map(() => read(empty)), { cacheKeyFn: JSON.stringify }),
    site: async () => read({}),
  } as unknown as UpstreamLoaders;
  const deps: EvaluationDependencies = { commitments, loaders, memory: createVerdictMemory(), health: createUpstreamHealth(), now: () => clock.day };
  const reads: EvaluationReads & { noted: number } = {
    noted: Number.NaN,
    freshUntil: () => freshUntil,
    failures: () => (options.failure ? [{ code: 'UPSTREAM_TIMEOUT' }] : []),
    noteFreshUntil(deadline) {
      this.noted = deadline;
    },
  };
  return { deps, reads, asked };
}

describe('createSharedEvaluation', () => {
  const setup = () => {
    const clock = { upstreamMs: FETCHED_AT + 1_000, day: new Date('2026-11-29T10:00:00+01:00') };
    const shared = createSharedEvaluation({ upstreamNow: () => clock.upstreamMs, now: () => clock.day });
    return { clock, shared };
  };

  it('judges again when a commitment was added since (a tracking-table row): the kept verdicts say nothing of it', async () => {
    const { clock, shared } = setup();
    const first = request(clock);
    await shared.evaluate(first.deps, first.reads);
    const second = request(clock);
    const added = [...commitments, makeCommitment({ key: 't-0123456789', source: 'TRACKER', title: 'Jeu 2' })];
    const verdicts = await shared.evaluate({ ...second.deps, commitments: added }, second.reads);
    expect([...verdicts.keys()].sort()).toEqual(['c01', 't-0123456789']);
  });

  it('judges once and lends the verdicts, with their deadline, to the next request', async () => {
    const { clock, shared } = setup();
    const first = request(clock);
    const verdicts = await shared.evaluate(first.deps, first.reads);
    expect(verdicts.get('c01')?.state).toBe('PUBLISHED_ON_TIME');
    expect(first.asked.count).toBeGreaterThan(0);

    const second = request(clock);
    expect(await shared.evaluate(second.deps, second.reads)).toBe(verdicts);
    expect(second.asked.count).toBe(0);
    expect(second.reads.noted).toBe(FETCHED_AT + FRESH_FOR_MS);
  });

  it('judges again once a source expires, the Paris day changes, or records are reloaded', async () => {
    const { clock, shared } = setup();
    const cold = request(clock);
    await shared.evaluate(cold.deps, cold.reads);
    const warm = request(clock);
    await shared.evaluate(warm.deps, warm.reads);
    expect(warm.asked.count).toBe(0);

    clock.upstreamMs = FETCHED_AT + FRESH_FOR_MS;
    const expired = request(clock);
    await shared.evaluate(expired.deps, expired.reads);
    expect(expired.asked.count).toBeGreaterThan(0);

    clock.upstreamMs = FETCHED_AT + 1_000;
    const seed = request(clock);
    await shared.evaluate(seed.deps, seed.reads);
    clock.day = new Date('2026-11-30T00:00:00+01:00');
    const nextDay = request(clock);
    await shared.evaluate(nextDay.deps, nextDay.reads);
    expect(nextDay.asked.count).toBeGreaterThan(0);

    shared.invalidate();
    const reloaded = request(clock);
    await shared.evaluate(reloaded.deps, reloaded.reads);
    expect(reloaded.asked.count).toBeGreaterThan(0);
  });

  it('does not lend an evaluation that met an upstream failure', async () => {
    const { clock, shared } = setup();
    const failed = request(clock, { failure: true });
    await shared.evaluate(failed.deps, failed.reads);
    const next = request(clock);
    await shared.evaluate(next.deps, next.reads);
    expect(next.asked.count).toBeGreaterThan(0);
  });
});

describe('createVerdictService with commitments added after a run was recorded', () => {
  it('serves the recorded run while it covers every commitment, and judges when one was added since', async () => {
    const clock = { upstreamMs: FETCHED_AT + 1_000, day: new Date('2026-11-29T10:00:00+01:00') };
    let listed: readonly ReturnType<typeof makeCommitment>[] = commitments;
    const service = createVerdictService({
      commitments: () => listed, now: () => clock.day, upstreamNow: () => clock.upstreamMs, shareEvaluations: false, recordedMaxAgeMs: 3_600_000,
    });
    const recordedStatuses = await service.forRequest(request(clock).deps.loaders);
    service.adopt({ runId: 1, finishedAt: clock.day.toISOString(), statuses: recordedStatuses });
    expect(await service.forRequest(request(clock).deps.loaders)).toBe(recordedStatuses);

    listed = [...commitments, makeCommitment({ key: 't-0123456789', source: 'TRACKER', title: 'Jeu 2' })];
    const judged = await service.forRequest(request(clock).deps.loaders);
    expect(judged).not.toBe(recordedStatuses);
    expect(judged.has('t-0123456789')).toBe(true);
  });
});
