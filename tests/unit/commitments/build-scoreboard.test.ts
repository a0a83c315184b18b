import { describe, expect, it } from 'vitest';
import { UNSPECIFIED_GROUP, buildScoreboard, toPeriodLabel } from '../../../src/commitments/build-scoreboard.js';
import { COMMITMENT_STATES, type CommitmentState, type CommitmentStatus } from '../../../src/commitments/model.js';
import { parsePlannedPeriod } from '../../../src/commitments/parse-planned-period.js';
import { makeCommitment } from './builders.js';

function status(state: CommitmentState, daysLate: number | null = null): CommitmentStatus {
  return {
    state, confidence: 1, evidence: [], dataset: null, dataservice: null, repositoryUrl: null, firstPublishedAt: null,
    firstPublication: null, listedOnDatagouvAt: null, searches: [], daysLate, daysOverdue: null, candidates: [], freshness: null, documentationOnly: null, resourceCount: null,
    formats: [], checkedAt: '2024-01-01T00:00:00.000Z', stale: false,
  };
}

const EDUCATION = 'Ministère de l’Éducation nationale';
const AGRICULTURE = 'Ministère de l’Agriculture';
const rows = [
  { commitment: makeCommitment({ key: 'a', ministry: EDUCATION, kind: 'DATASET', plannedQuarter: 'T3 2021' }), status: status('PUBLISHED_ON_TIME') },
  { commitment: makeCommitment({ key: 'b', ministry: EDUCATION, kind: 'DATASET', plannedQuarter: '2021-Q3' }), status: status('PUBLISHED_LATE', 10) },
  { commitment: makeCommitment({ key: 'c', ministry: EDUCATION, kind: 'API', plannedQuarter: 'T4 2021' }), status: status('PUBLISHED_LATE', 30) },
  { commitment: makeCommitment({ key: 'd', ministry: EDUCATION, kind: 'API', plannedQuarter: 'T4 2021' }), status: status('PUBLISHED_LATE', 200) },
  { commitment: makeCommitment({ key: 'e', ministry: EDUCATION, kind: 'DATASET', plannedQuarter: null }), status: status('PUBLISHED_BEFORE_ANNOUNCEMENT') },
  { commitment: makeCommitment({ key: 'f', ministry: AGRICULTURE, kind: 'DATASET', plannedQuarter: 'fin 2021' }), status: status('OVERDUE') },
  { commitment: makeCommitment({ key: 'g', ministry: AGRICULTURE, kind: 'DATASET', plannedQuarter: '2022' }), status: status('PUBLISHED_LATE', 5) },
  { commitment: makeCommitment({ key: 'h', ministry: AGRICULTURE, kind: 'DATASET', plannedQuarter: 'T1 2022' }), status: status('PUBLISHED_LATE', 7) },
  { commitment: makeCommitment({ key: 'i', ministry: null, kind: 'SOURCE_CODE', plannedQuarter: 'bientôt', announcementSlug: null }), status: status('UNCHECKED_SOURCE_CODE') },
  { commitment: makeCommitment({ key: 'j', ministry: '  ', kind: 'API', plannedQuarter: null }), status: status('PENDING') },
];

describe('buildScoreboard', () => {
  it('groups by ministry, sorted, with the unspecified group last', () => {
    const board = buildScoreboard(rows, 'MINISTRY');
    expect(board.map((r) => [r.key, r.total])).toEqual([[AGRICULTURE, 3], [EDUCATION, 5], [UNSPECIFIED_GROUP, 2]]);
  });

  it('counts every state, zeros included, and the counts add up to the total', () => {
    for (const row of buildScoreboard(rows, 'MINISTRY')) {
      expect(Object.keys(row.countsByState).sort()).toEqual([...COMMITMENT_STATES].sort());
      expect(Object.values(row.countsByState).reduce((a, b) => a + b, 0)).toBe(row.total);
    }
    expect(buildScoreboard(rows, 'MINISTRY').reduce((sum, row) => sum + row.total, 0)).toBe(rows.length);
  });

  it('computes the on-time rate over items held to a deadline (on time, late, overdue), and the median days late', () => {
    const education = buildScoreboard(rows, 'MINISTRY').find((r) => r.key === EDUCATION)!;
    expect(education.countsByState).toMatchObject({ PUBLISHED_ON_TIME: 1, PUBLISHED_LATE: 3, PUBLISHED_BEFORE_ANNOUNCEMENT: 1, OVERDUE: 0 });
    expect(education.onTimeRate).toBe(0.25);
    expect(education.medianDaysLate).toBe(30); // 10, 30, 200
    const agriculture = buildScoreboard(rows, 'MINISTRY').find((r) => r.key === AGRICULTURE)!;
    expect(agriculture.onTimeRate).toBe(0); // 0 on time of 2 late + 1 overdue
    expect(agriculture.medianDaysLate).toBe(6); // mean of 5 and 7
  });

  it('counts overdue items against the on-time rate: 7 overdue and 1 on time is 1/8, not 1', () => {
    const group = [
      ...Array.from({ length: 7 }, (_, i) => ({ commitment: makeCommitment({ key: `o${i}`, ministry: EDUCATION }), status: status('OVERDUE') })),
      { commitment: makeCommitment({ key: 'on', ministry: EDUCATION }), status: status('PUBLISHED_ON_TIME') },
    ];
    expect(buildScoreboard(group, 'MINISTRY')[0]).toMatchObject({ onTimeRate: 0.125, publishedRate: 0.125 });
  });

  it('gives an on-time rate of 0, not null, when every item held to a deadline is overdue', () => {
    const group = ['x', 'y'].map((key) => ({ commitment: makeCommitment({ key, ministry: AGRICULTURE }), status: status('OVERDUE') }));
    expect(buildScoreboard(group, 'MINISTRY')[0]).toMatchObject({ onTimeRate: 0, publishedRate: 0 });
  });

  it('gives the published share among checkable items, leaving out unchecked source code and unverifiable items', () => {
    const education = buildScoreboard(rows, 'MINISTRY').find((r) => r.key === EDUCATION)!;
    expect(education.publishedRate).toBe(1);
    const unspecified = buildScoreboard(rows, 'MINISTRY').find((r) => r.key === UNSPECIFIED_GROUP)!;
    expect(unspecified.publishedRate).toBe(0); // one PENDING checkable, the source code left out
    const unverifiable = [{ commitment: makeCommitment({ key: 'u' }), status: status('UNVERIFIABLE') }];
    expect(buildScoreboard(unverifiable, 'KIND')[0]?.publishedRate).toBeNull();
  });

  it('gives null rate and median when nothing was held to a deadline', () => {
    const unspecified = buildScoreboard(rows, 'MINISTRY').find((r) => r.key === UNSPECIFIED_GROUP)!;
    expect(unspecified).toMatchObject({ onTimeRate: null, medianDaysLate: null });
  });

  it('groups by kind', () => {
    expect(buildScoreboard(rows, 'KIND').map((r) => [r.key, r.total])).toEqual([['API', 3], ['DATASET', 6], ['SOURCE_CODE', 1]]);
  });

  it('groups planned periods by interval, whatever their wording', () => {
    expect(buildScoreboard(rows, 'PLANNED_QUARTER').map((r) => [r.key, r.total])).toEqual([
      ['2021-T3', 2], ['2021-T4', 3], ['2022', 1], ['2022-T1', 1], [UNSPECIFIED_GROUP, 3],
    ]);
  });

  it('groups by announcement', () => {
    expect(buildScoreboard(rows, 'ANNOUNCEMENT').map((r) => [r.key, r.total])).toEqual([['release', 9], [UNSPECIFIED_GROUP, 1]]);
  });

  it('returns no rows for no commitments', () => {
    expect(buildScoreboard([], 'KIND')).toEqual([]);
  });
});

describe('toPeriodLabel', () => {
  it.each([
    ['T3 2021', '2021-T3'], ['S2 2022', '2022-S2'], ['2022', '2022'], ['juin 2021', '2021-06'],
    ['mi-2022', '2022-04-01..2022-09-30'], ['2021-2022', '2021-01-01..2022-12-31'],
  ])('labels "%s" as %s', (text, label) => {
    expect(toPeriodLabel(parsePlannedPeriod(text))).toBe(label);
  });

  it('has no label for an unparsed period', () => {
    expect(toPeriodLabel(parsePlannedPeriod('bientôt'))).toBeNull();
  });
});
