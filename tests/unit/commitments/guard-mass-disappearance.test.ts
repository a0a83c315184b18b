import { describe, expect, it } from 'vitest';
import { guardMassDisappearance } from '../../../src/commitments/guard-mass-disappearance.js';
import type { CommitmentState, CommitmentStatus } from '../../../src/commitments/model.js';

function status(state: CommitmentState, checkedAt = '2026-11-30T09:00:00.000Z'): CommitmentStatus {
  return {
    state, confidence: 1, evidence: [], dataset: null, dataservice: null, repositoryUrl: null, firstPublishedAt: null,
    firstPublication: null, listedOnDatagouvAt: null, searches: [], daysLate: null, daysOverdue: null, candidates: [],
    freshness: null, documentationOnly: null, resourceCount: null, formats: [], checkedAt, stale: false,
  };
}

/** Twenty commitments found yesterday. */
const before = new Map(Array.from({ length: 20 }, (_, i) => [`c${i}`, status('PUBLISHED_ON_TIME')]));

function today(vanished: number, state: CommitmentState = 'OVERDUE'): Map<string, CommitmentStatus> {
  return new Map([...before.keys()].map((key, i) => [key, i < vanished ? status(state, '2026-12-01T09:00:00.000Z') : status('PUBLISHED_ON_TIME')]));
}

describe('guardMassDisappearance', () => {
  it('lets two of twenty (10 %) vanish: that is not more than the share', () => {
    const outcome = guardMassDisappearance(today(2), (key) => before.get(key) ?? null);
    expect(outcome.held).toEqual([]);
    expect(outcome.statuses.get('c0')?.state).toBe('OVERDUE');
  });

  it('holds three of twenty vanishing at once: each keeps its earlier verdict, stale, with the reason', () => {
    const outcome = guardMassDisappearance(today(3, 'WITHDRAWN'), (key) => before.get(key) ?? null);
    expect(outcome.held).toEqual(['c0', 'c1', 'c2']);
    const held = outcome.statuses.get('c1');
    expect(held).toMatchObject({ state: 'PUBLISHED_ON_TIME', stale: true, checkedAt: '2026-11-30T09:00:00.000Z' });
    expect(held?.evidence.map((e) => e.kind)).toEqual(['HELD_BY_GUARD']);
    expect(held?.evidence[0]?.detail).toContain('3 des 20');
    expect(outcome.statuses.get('c3')?.stale).toBe(false);
  });

  it('never holds a single disappearance, so one real withdrawal in a short list shows', () => {
    const short = new Map([['a', status('PUBLISHED')], ['b', status('PUBLISHED')]]);
    const outcome = guardMassDisappearance(new Map([['a', status('WITHDRAWN')], ['b', status('PUBLISHED')]]), (key) => short.get(key) ?? null);
    expect(outcome.held).toEqual([]);
  });

  it('ignores commitments that were not found before', () => {
    const pending = new Map(Array.from({ length: 5 }, (_, i) => [`p${i}`, status('PENDING')]));
    const outcome = guardMassDisappearance(new Map([...pending.keys()].map((k) => [k, status('OVERDUE')])), (key) => pending.get(key) ?? null);
    expect(outcome).toMatchObject({ held: [], previouslyFound: 0 });
  });
});
