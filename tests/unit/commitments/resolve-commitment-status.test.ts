import { describe, expect, it } from 'vitest';
import {
  COMMITMENT_STATES,
  type Commitment,
  type CommitmentLookup,
  type CommitmentState,
  type CommitmentStatus,
  type EvidenceKind,
} from '../../../src/commitments/model.js';
import { parsePlannedPeriod } from '../../../src/commitments/parse-planned-period.js';
import { RESOLUTION_THRESHOLD, resolveCommitmentStatus } from '../../../src/commitments/resolve-commitment-status.js';
import type { Dataservice, Dataset } from '../../../src/upstream/datagouv/model.js';
import { makeCommitment, makeDataservice, makeDataset, makeOrganization, makeResource } from './builders.js';

/** Planned T3 2021 (deadline 2021-09-30), announced 2021-04-29. */
const T3 = { title: 'Carte scolaire des collèges', plannedQuarter: 'T3 2021', announcedOn: '2021-04-29' };
/** The 63-list's overall horizon ("qui seront ouverts en 2021 et 2022"). */
const HORIZON = parsePlannedPeriod('2021 et 2022');
/** Fixed clock, well after the deadline. */
const NOW = new Date('2022-01-15T10:00:00Z');

/** What the lookup brings back when the record's link answers (a null object is a 404). */
const linked = (object: Dataset | Dataservice | null, idOrSlug = 'd1'): CommitmentLookup => ({
  kind: 'FETCHED',
  linked: [{ collection: object !== null && 'baseApiUrl' in object ? 'dataservices' : 'datasets', idOrSlug, object }],
  found: [], remembered: null, searches: [],
});
/** What a search brings back. */
const searched = (found: readonly (Dataset | Dataservice)[], extra: { fetchedAt?: string; stale?: boolean } = {}): CommitmentLookup => ({
  kind: 'FETCHED', linked: [], found, remembered: null, searches: [], ...extra,
});
const found = (createdAt: string | null, extra: Parameters<typeof makeDataset>[0] = {}): CommitmentLookup =>
  linked(makeDataset({ id: 'd1', title: T3.title, createdAt, fetchedAt: '2022-01-15T09:59:00.000Z', ...extra }));
const nothing: CommitmentLookup = searched([]);

interface Case {
  readonly name: string;
  readonly commitment?: Parameters<typeof makeCommitment>[0];
  readonly now?: Date;
  readonly lookup: CommitmentLookup;
  readonly previous?: CommitmentStatus;
  readonly state: CommitmentState;
  readonly expected?: Partial<CommitmentStatus>;
  readonly evidence?: readonly EvidenceKind[];
}

const previousOnTime: CommitmentStatus = resolveCommitmentStatus({
  commitment: makeCommitment(T3), now: new Date('2021-10-05T10:00:00Z'), lookup: found('2021-08-01T10:00:00Z'),
});
const previousPending: CommitmentStatus = resolveCommitmentStatus({
  commitment: makeCommitment(T3), now: new Date('2021-09-01T10:00:00Z'), lookup: nothing,
});

const CASES: readonly Case[] = [
  {
    name: 'published on the last day of the quarter (23:59 Paris) is on time',
    lookup: found('2021-09-30T21:59:00Z'),
    state: 'PUBLISHED_ON_TIME', expected: { daysLate: null, daysOverdue: null, confidence: 1, firstPublishedAt: '2021-09-30T21:59:00Z' },
    evidence: ['EXPLICIT_LINK', 'FIRST_PUBLICATION', 'DEADLINE'],
  },
  {
    name: 'published the day after the quarter (00:30 Paris on 1 October) is late by 1 day',
    lookup: found('2021-09-30T22:30:00Z'),
    state: 'PUBLISHED_LATE', expected: { daysLate: 1 },
  },
  {
    name: 'published 92 days after the deadline is late by 92 days',
    lookup: found('2021-12-31T10:00:00Z'),
    state: 'PUBLISHED_LATE', expected: { daysLate: 92 },
  },
  {
    name: 'published inside the planned period, before its start, is on time',
    lookup: found('2021-05-10T10:00:00Z'),
    state: 'PUBLISHED_ON_TIME',
  },
  {
    name: 'published before the announcement day (Paris) is PUBLISHED_BEFORE_ANNOUNCEMENT',
    lookup: found('2021-04-28T21:00:00Z'),
    state: 'PUBLISHED_BEFORE_ANNOUNCEMENT', evidence: ['EXPLICIT_LINK', 'FIRST_PUBLICATION', 'CREATED_BEFORE_ANNOUNCEMENT'],
  },
  {
    name: 'published on the announcement day is not "before the announcement"',
    lookup: found('2021-04-29T06:00:00Z'),
    state: 'PUBLISHED_ON_TIME',
  },
  {
    name: 'a resource created before the dataset sets the first publication',
    lookup: found('2021-10-20T10:00:00Z', { inlineResources: [makeResource({ createdAt: '2021-09-15T10:00:00Z' })] }),
    state: 'PUBLISHED_ON_TIME', expected: { firstPublishedAt: '2021-09-15T10:00:00Z' },
  },
  {
    name: 'without a dataset creation date, the earliest resource date is the first publication',
    lookup: found(null, { inlineResources: [makeResource({ createdAt: '2021-11-02T10:00:00Z' }), makeResource({ createdAt: '2021-10-02T10:00:00Z' })] }),
    state: 'PUBLISHED_LATE', expected: { firstPublishedAt: '2021-10-02T10:00:00Z', daysLate: 2 },
  },
  {
    name: 'found without any publication date is PUBLISHED, neither on time nor late',
    lookup: found(null),
    state: 'PUBLISHED', expected: { daysLate: null }, evidence: ['EXPLICIT_LINK', 'NO_PUBLICATION_DATE'],
  },
  {
    name: 'found with no planned date is PUBLISHED, with no lateness',
    commitment: { ...T3, plannedQuarter: null },
    lookup: found('2023-06-01T10:00:00Z'),
    state: 'PUBLISHED', expected: { daysLate: null }, evidence: ['EXPLICIT_LINK', 'FIRST_PUBLICATION', 'NO_PLANNED_DATE'],
  },
  {
    name: 'found with an unparseable planned period is PUBLISHED: the deadline is unknown, never the horizon',
    commitment: { ...T3, plannedQuarter: '(opened between 2021-02-05 and 2021-04-29)', horizon: HORIZON },
    lookup: found('2023-06-01T10:00:00Z'),
    state: 'PUBLISHED', expected: { daysLate: null }, evidence: ['EXPLICIT_LINK', 'FIRST_PUBLICATION', 'DEADLINE_UNKNOWN'],
  },
  {
    name: 'not found with an unparseable planned period stays PENDING: the deadline is unknown',
    commitment: { ...T3, plannedQuarter: '(opened between 2021-02-05 and 2021-04-29)', horizon: HORIZON },
    now: new Date('2026-11-29T10:00:00Z'),
    lookup: nothing,
    state: 'PENDING', expected: { daysOverdue: null }, evidence: ['NO_CANDIDATE', 'DEADLINE_UNKNOWN'],
  },
  {
    name: 'a postponement does not move the deadline: published in the postponed quarter is late',
    commitment: { ...T3, plannedQuarter: 'T2 2021, postponed to T3 2021' },
    lookup: found('2021-07-02T10:00:00Z'),
    state: 'PUBLISHED_LATE', expected: { daysLate: 2 }, evidence: ['EXPLICIT_LINK', 'FIRST_PUBLICATION', 'DEADLINE', 'POSTPONED'],
  },
  {
    name: 'not found on the deadline day (23:00 Paris) is PENDING',
    now: new Date('2021-09-30T21:00:00Z'),
    lookup: nothing,
    state: 'PENDING', expected: { daysOverdue: null }, evidence: ['NO_CANDIDATE', 'DEADLINE'],
  },
  {
    name: 'not found one day after the deadline is OVERDUE by 1 day',
    now: new Date('2021-10-01T10:00:00Z'),
    lookup: nothing,
    state: 'OVERDUE', expected: { daysOverdue: 1 }, evidence: ['NO_CANDIDATE', 'DEADLINE'],
  },
  {
    name: 'not found with no planned date stays PENDING forever',
    commitment: { ...T3, plannedQuarter: null },
    lookup: nothing,
    state: 'PENDING', expected: { daysOverdue: null }, evidence: ['NO_CANDIDATE', 'NO_PLANNED_DATE'],
  },
  {
    name: 'a linked dataset answering 404 (with a healthy upstream) is not found: OVERDUE after the deadline',
    lookup: linked(null),
    state: 'OVERDUE', expected: { daysOverdue: 107, confidence: 0.8 }, evidence: ['LINK_NOT_FOUND', 'DEADLINE'],
  },
  {
    name: 'a private dataset is not published',
    lookup: found('2021-08-01T10:00:00Z', { private: true }),
    state: 'OVERDUE', evidence: ['EXPLICIT_LINK', 'PRIVATE', 'DEADLINE'],
  },
  {
    name: 'a deleted dataset is WITHDRAWN',
    lookup: found('2021-08-01T10:00:00Z', { deleted: true, deletedAt: '2021-12-01T00:00:00Z' }),
    state: 'WITHDRAWN', expected: { firstPublishedAt: '2021-08-01T10:00:00Z' }, evidence: ['EXPLICIT_LINK', 'DELETED'],
  },
  {
    name: 'an archived dataset is WITHDRAWN',
    lookup: found('2021-08-01T10:00:00Z', { archivedAt: '2021-12-01T00:00:00Z' }),
    state: 'WITHDRAWN', evidence: ['EXPLICIT_LINK', 'ARCHIVED'],
  },
  {
    name: 'an archived dataservice is WITHDRAWN',
    commitment: { ...T3, kind: 'API' },
    lookup: linked(makeDataservice({ createdAt: '2021-08-01T10:00:00Z', archivedAt: '2022-01-01T00:00:00Z' })),
    state: 'WITHDRAWN', evidence: ['EXPLICIT_LINK', 'ARCHIVED'],
  },
  {
    name: 'upstream failing without a previous verdict is UNVERIFIABLE, never OVERDUE, and was never checked',
    lookup: { kind: 'UPSTREAM_FAILED', error: { code: 'UPSTREAM_TIMEOUT', message: 'timed out after 5000 ms' } },
    state: 'UNVERIFIABLE', expected: { confidence: 0, stale: false, daysOverdue: null, checkedAt: null }, evidence: ['UPSTREAM_FAILURE'],
  },
  {
    name: 'an upstream answering HTML pages instead of its API is named unusable, and no conclusion is drawn',
    lookup: { kind: 'UPSTREAM_FAILED', error: { code: 'UPSTREAM_BAD_PAYLOAD', message: 'a 404 that is not data.gouv.fr’s JSON error' } },
    state: 'UNVERIFIABLE', expected: { checkedAt: null, daysOverdue: null }, evidence: ['UPSTREAM_FAILURE', 'UPSTREAM_UNUSABLE'],
  },
  {
    name: 'upstream failing keeps the previous verdict, flagged stale',
    lookup: { kind: 'UPSTREAM_FAILED', error: { code: 'UPSTREAM_UNAVAILABLE', message: '503' } },
    previous: previousOnTime,
    state: 'PUBLISHED_ON_TIME', expected: { stale: true, checkedAt: previousOnTime.checkedAt, dataset: previousOnTime.dataset },
    evidence: ['EXPLICIT_LINK', 'FIRST_PUBLICATION', 'DEADLINE', 'STALE_EVIDENCE', 'UPSTREAM_FAILURE'],
  },
  {
    name: 'upstream failing never flips a previous PENDING to OVERDUE, even past the deadline',
    lookup: { kind: 'UPSTREAM_FAILED', error: { code: 'UPSTREAM_CIRCUIT_OPEN', message: 'breaker open' } },
    previous: previousPending,
    state: 'PENDING', expected: { stale: true, daysOverdue: null },
  },
  {
    name: 'a dataset served stale from cache gives a stale verdict',
    lookup: found('2021-08-01T10:00:00Z', { stale: true, fetchedAt: '2022-01-10T08:00:00.000Z' }),
    state: 'PUBLISHED_ON_TIME', expected: { stale: true, checkedAt: '2022-01-10T08:00:00.000Z' },
    evidence: ['EXPLICIT_LINK', 'FIRST_PUBLICATION', 'DEADLINE', 'STALE_EVIDENCE'],
  },
  {
    name: 'a stale search fetched before the deadline is judged as of its fetch: PENDING, not OVERDUE',
    lookup: searched([], { stale: true, fetchedAt: '2021-09-20T08:00:00.000Z' }),
    state: 'PENDING', expected: { stale: true, daysOverdue: null }, evidence: ['NO_CANDIDATE', 'DEADLINE', 'STALE_EVIDENCE'],
  },
  {
    name: 'source code with a repository URL is UNCHECKED_SOURCE_CODE carrying the URL',
    commitment: { ...T3, kind: 'SOURCE_CODE', hints: { repositoryUrl: 'https://github.com/france-connect/sources' } },
    lookup: { kind: 'NOT_APPLICABLE' },
    state: 'UNCHECKED_SOURCE_CODE', expected: { repositoryUrl: 'https://github.com/france-connect/sources', confidence: 1, daysOverdue: null },
    evidence: ['REPOSITORY_URL', 'DEADLINE'],
  },
  {
    name: 'source code without a repository, deadline passed, is UNCHECKED_SOURCE_CODE, not OVERDUE',
    commitment: { ...T3, kind: 'SOURCE_CODE' },
    lookup: { kind: 'NOT_APPLICABLE' },
    state: 'UNCHECKED_SOURCE_CODE', expected: { repositoryUrl: null, confidence: 0, daysOverdue: null },
    evidence: ['NO_REPOSITORY_URL', 'DEADLINE'],
  },
  {
    name: 'a dataset commitment with nothing looked up is UNVERIFIABLE',
    lookup: { kind: 'NOT_APPLICABLE' },
    state: 'UNVERIFIABLE', evidence: ['NOT_LOOKED_UP'],
  },
  {
    name: 'no planned period but an announced horizon: published the day after it (Paris) is late by 1 day',
    commitment: { ...T3, plannedQuarter: null, horizon: HORIZON },
    now: new Date('2026-11-29T10:00:00Z'),
    lookup: found('2022-12-31T23:30:00Z'),
    state: 'PUBLISHED_LATE', expected: { daysLate: 1 }, evidence: ['EXPLICIT_LINK', 'FIRST_PUBLICATION', 'NO_PLANNED_DATE', 'DEADLINE'],
  },
  {
    name: 'no planned period but an announced horizon: published on its last day is on time',
    commitment: { ...T3, plannedQuarter: null, horizon: HORIZON },
    now: new Date('2026-11-29T10:00:00Z'),
    lookup: found('2022-12-31T10:00:00Z'),
    state: 'PUBLISHED_ON_TIME', evidence: ['EXPLICIT_LINK', 'FIRST_PUBLICATION', 'NO_PLANNED_DATE', 'DEADLINE'],
  },
  {
    name: 'no planned period but an announced horizon: not found after it is overdue',
    commitment: { ...T3, plannedQuarter: null, horizon: HORIZON },
    now: new Date('2023-01-02T10:00:00Z'),
    lookup: nothing,
    state: 'OVERDUE', expected: { daysOverdue: 2 }, evidence: ['NO_CANDIDATE', 'NO_PLANNED_DATE', 'DEADLINE'],
  },
  {
    name: 'an item’s own planned period wins over the announced horizon',
    commitment: { ...T3, horizon: HORIZON },
    lookup: found('2021-12-31T10:00:00Z'),
    state: 'PUBLISHED_LATE', expected: { daysLate: 92 },
  },
];

describe('resolveCommitmentStatus (state machine, fixed clock)', () => {
  it.each(CASES)('$name', ({ commitment, now, lookup, previous, state, expected, evidence }) => {
    const status = resolveCommitmentStatus({ commitment: makeCommitment(commitment ?? T3), now: now ?? NOW, lookup, previous: previous ?? null });
    expect(status.state).toBe(state);
    if (expected) expect(status).toMatchObject(expected);
    if (evidence) expect(status.evidence.map((e) => e.kind)).toEqual(evidence);
  });

  it('covers every state', () => {
    expect(new Set(CASES.map((c) => c.state))).toEqual(new Set(COMMITMENT_STATES));
  });
});

describe('resolveCommitmentStatus (search)', () => {
  const commitment: Commitment = makeCommitment({
    title: 'Fichiers des locaux et des parcelles des personnes morales',
    ministry: 'Ministère de l’Économie, des Finances et de la Relance',
    plannedQuarter: 'T4 2021',
  });
  const economie = makeOrganization({ name: "Ministère de l'Économie, des Finances et de la Souveraineté industrielle et numérique" });
  const majic = makeDataset({
    id: '605d268f4661cf23272817c3', title: 'Fichiers des locaux et des parcelles des personnes morales',
    organization: economie, createdAt: '2021-03-25T09:31:57+00:00', fetchedAt: '2022-01-15T09:00:00.000Z',
  });
  const related = makeDataset({ id: 'r1', title: 'Fichiers fonciers des personnes morales', organization: economie });
  const unrelated = makeDataset({ id: 'u1', title: 'Carte des écoles maternelles' });

  it('resolves to the best candidate above the threshold and lists the others as runners-up', () => {
    const status = resolveCommitmentStatus({ commitment, now: NOW, lookup: searched([unrelated, majic, related]) });
    expect(status.state).toBe('PUBLISHED_BEFORE_ANNOUNCEMENT');
    expect(status.dataset?.id).toBe(majic.id);
    expect(status.confidence).toBeGreaterThanOrEqual(RESOLUTION_THRESHOLD);
    expect(status.checkedAt).toBe(majic.fetchedAt);
    expect(status.candidates.map((c) => c.dataset?.id)).toEqual(['r1', 'u1']);
    expect(status.candidates[0]!.score).toBeGreaterThan(status.candidates[1]!.score);
  });

  it('resolves nothing when every candidate is below the threshold, keeping them as near misses', () => {
    const status = resolveCommitmentStatus({ commitment, now: NOW, lookup: searched([unrelated, related], { fetchedAt: '2022-01-15T08:00:00.000Z' }) });
    expect(status.state).toBe('OVERDUE');
    expect(status.dataset).toBeNull();
    expect(status.daysOverdue).toBe(15);
    expect(status.candidates.map((c) => c.dataset?.id)).toEqual(['r1', 'u1']);
    expect(status.evidence[0]?.kind).toBe('BELOW_THRESHOLD');
    expect(status.checkedAt).toBe('2022-01-15T08:00:00.000Z');
  });

  it('resolves an API commitment to a dataservice found by search, its listing date never making it late', () => {
    const api = makeDataservice({ id: 'ds', title: 'API Statut étudiant boursier', createdAt: '2024-11-08T10:00:00Z' });
    const status = resolveCommitmentStatus({
      commitment: makeCommitment({ kind: 'API', title: 'API Statut étudiant boursier', plannedQuarter: 'T3 2021' }),
      now: NOW, lookup: searched([api]),
    });
    expect(status).toMatchObject({ state: 'PUBLISHED', dataset: null, daysLate: null, freshness: null, resourceCount: null });
    expect(status.firstPublication).toMatchObject({ source: 'DATASERVICE_LISTING', exact: false, day: '2024-11-08' });
    expect(status.listedOnDatagouvAt).toBe('2024-11-08T10:00:00Z');
    expect(status.evidence.map((e) => e.kind)).toContain('LISTING_DATE_ONLY');
    expect(status.dataservice?.id).toBe('ds');
  });
});

describe('resolveCommitmentStatus (what was published)', () => {
  it('describes the resources of a resolved dataset: count, formats, documentation-only, freshness', () => {
    const status = resolveCommitmentStatus({
      commitment: makeCommitment(T3),
      now: NOW,
      lookup: found('2021-08-01T10:00:00Z', {
        frequency: 'monthly', lastUpdate: '2021-10-01T10:00:00Z', resourceCount: 2,
        inlineResources: [makeResource({ format: 'PDF', type: 'main' }), makeResource({ format: 'pdf', type: 'documentation' })],
      }),
    });
    expect(status).toMatchObject({
      resourceCount: 2, formats: ['pdf'], documentationOnly: true,
      freshness: { state: 'LATE_UPDATE', expectedNextUpdate: '2021-11-01', frequency: 'monthly' },
    });
  });

  it('takes the confidence of a link from its certainty (PROBABLE = 0.8, POSSIBLE = 0.6)', () => {
    const probable = resolveCommitmentStatus({ commitment: makeCommitment({ ...T3, hints: { linkCertainty: 'PROBABLE' } }), now: NOW, lookup: found('2021-08-01T10:00:00Z') });
    const possible = resolveCommitmentStatus({ commitment: makeCommitment({ ...T3, hints: { linkCertainty: 'POSSIBLE' } }), now: NOW, lookup: found('2021-08-01T10:00:00Z') });
    expect([probable.confidence, possible.confidence]).toEqual([0.8, 0.6]);
  });
});

describe('resolveCommitmentStatus (an object found before)', () => {
  const api = makeDataservice({ id: 'api-1', title: 'API Carte scolaire', createdAt: '2021-08-01T10:00:00Z', fetchedAt: '2022-01-10T08:00:00.000Z' });
  const commitment = makeCommitment({ ...T3, kind: 'API', title: 'API Carte scolaire' });
  const before = resolveCommitmentStatus({ commitment, now: new Date('2022-01-10T09:00:00Z'), lookup: searched([api]) });

  it('is WITHDRAWN when the object of the last verdict is now deleted (410), though search no longer finds it', () => {
    const deleted = { ...api, deleted: true, deletedAt: '2022-01-12T00:00:00Z', fetchedAt: '2022-01-15T09:00:00.000Z' };
    const status = resolveCommitmentStatus({
      commitment, now: NOW, previous: before,
      lookup: { kind: 'FETCHED', linked: [], found: [], remembered: { collection: 'dataservices', id: api.id, object: deleted }, searches: [] },
    });
    expect(before.state).toBe('PUBLISHED_ON_TIME');
    expect(status).toMatchObject({ state: 'WITHDRAWN', stale: false });
    expect(status.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['REMEMBERED_OBJECT', 'DELETED']));
  });

  it('is WITHDRAWN when that object now answers 404 while data.gouv.fr answers otherwise, with the earlier object shown', () => {
    const status = resolveCommitmentStatus({
      commitment, now: NOW, previous: before,
      lookup: { kind: 'FETCHED', linked: [], found: [], remembered: { collection: 'dataservices', id: api.id, object: null }, searches: [] },
    });
    expect(status).toMatchObject({ state: 'WITHDRAWN', dataservice: { id: 'api-1' }, daysLate: null });
    expect(status.evidence.map((e) => e.kind)).toContain('GONE');
  });

  it('says where first publication comes from for a dataset: its creation, with its page', () => {
    const status = resolveCommitmentStatus({
      commitment: makeCommitment(T3), now: NOW,
      lookup: found('2021-08-01T10:00:00Z', { webUrl: 'https://www.data.gouv.fr/datasets/carte-scolaire' }),
    });
    expect(status.firstPublication).toEqual({
      at: '2021-08-01T10:00:00Z', day: '2021-08-01', source: 'DATASET', url: 'https://www.data.gouv.fr/datasets/carte-scolaire', exact: true,
    });
    expect(status.listedOnDatagouvAt).toBe('2021-08-01T10:00:00Z');
  });

  it('lists the searches made and the near misses as the evidence of absence', () => {
    const near = makeDataset({ id: 'near', title: 'Carte des collèges privés' });
    const status = resolveCommitmentStatus({
      commitment: makeCommitment(T3), now: NOW,
      lookup: { kind: 'FETCHED', linked: [], found: [near], remembered: null, searches: [
        { catalogue: 'DATASETS', query: 'Carte scolaire collèges', total: 1, examined: 1 },
      ] },
    });
    expect(status.state).toBe('OVERDUE');
    expect(status.evidence.map((e) => e.kind)).toEqual(['BELOW_THRESHOLD', 'SEARCH_MADE', 'NEAR_MISS', 'DEADLINE']);
    expect(status.evidence[1]?.detail).toBe('recherche « Carte scolaire collèges » parmi les jeux de données : 1 résultat, 1 examiné');
    expect(status.confidence).toBeLessThan(0.8);
  });
});
