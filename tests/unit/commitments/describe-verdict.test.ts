import { describe, expect, it } from 'vitest';
import { describeVerdict, formatFrenchDate, formatFrenchNumber } from '../../../src/commitments/describe-verdict.js';
import { COMMITMENT_STATES, type CommitmentLookup, type CommitmentState, type CommitmentStatus } from '../../../src/commitments/model.js';
import { parsePlannedPeriod } from '../../../src/commitments/parse-planned-period.js';
import { resolveCommitmentStatus } from '../../../src/commitments/resolve-commitment-status.js';
import type { Dataservice, Dataset } from '../../../src/upstream/datagouv/model.js';
import { makeCommitment, makeDataservice, makeDataset } from './builders.js';

/** French digit grouping, with a no-break space between thousands. */
const NBSP = '\u00a0';
const NOW = new Date('2026-11-29T10:00:00+01:00');
const HORIZON = parsePlannedPeriod('2021 et 2022');
const T3 = { key: 'c014', title: 'Carte scolaire', plannedQuarter: 'T3 2021', announcedOn: '2021-04-29' };

const linked = (object: Dataset | Dataservice): CommitmentLookup => ({
  kind: 'FETCHED', linked: [{ collection: 'baseApiUrl' in object ? 'dataservices' : 'datasets', idOrSlug: object.id, object }],
  found: [], remembered: null, searches: [],
});
const dataset = (extra: Parameters<typeof makeDataset>[0] = {}): CommitmentLookup =>
  linked(makeDataset({ id: 'd1', title: T3.title, fetchedAt: '2026-11-29T08:00:00.000Z', ...extra }));
const nothing: CommitmentLookup = { kind: 'FETCHED', linked: [], found: [], remembered: null, searches: [] };

function judge(commitment: Parameters<typeof makeCommitment>[0], lookup: CommitmentLookup, previous?: CommitmentStatus) {
  const record = makeCommitment(commitment);
  const status = resolveCommitmentStatus({ commitment: record, now: NOW, lookup, ...(previous ? { previous } : {}) });
  return { status, sentence: describeVerdict(record, status, { now: NOW }) };
}

describe('describeVerdict', () => {
  it('states the days late of a late publication, with the French date of first publication', () => {
    const { status, sentence } = judge(T3, dataset({ createdAt: '2023-01-12T09:00:00Z' }));
    expect(status.state).toBe('PUBLISHED_LATE');
    expect(sentence).toBe('Promis pour le T3 2021, publié le 12 janvier 2023 : 469 jours de retard');
  });

  it('reads a publication late in the evening UTC as the next Paris day', () => {
    const { sentence } = judge(T3, dataset({ createdAt: '2021-09-30T22:30:00Z' }));
    expect(sentence).toBe('Promis pour le T3 2021, publié le 1er octobre 2021 : 1 jour de retard');
  });

  it('says on time for a publication within the period', () => {
    const { status, sentence } = judge(T3, dataset({ createdAt: '2021-08-03T10:00:00Z' }));
    expect(status.state).toBe('PUBLISHED_ON_TIME');
    expect(sentence).toBe('Promis pour le T3 2021, publié le 3 août 2021 : dans les délais');
  });

  it('counts the days past the horizon of an item announced without a period, with French grouping', () => {
    const { status, sentence } = judge({ ...T3, plannedQuarter: null, horizon: HORIZON }, nothing);
    expect(status.state).toBe('OVERDUE');
    expect(sentence).toBe(`Promis pour fin 2022 (horizon de l'annonce), introuvable sur data.gouv.fr : 1${NBSP}429 jours après l'échéance`);
  });

  it('says "fin 2022" for a period announced that way', () => {
    const { sentence } = judge({ ...T3, plannedQuarter: 'fin 2022' }, nothing);
    expect(sentence).toMatch(/^Promis pour fin 2022, introuvable sur data\.gouv\.fr : 1\u00a0429 jours après l'échéance$/);
  });

  it('names the year, month or semester of other periods', () => {
    expect(judge({ ...T3, plannedQuarter: '2022' }, nothing).sentence).toMatch(/^Promis pour 2022, /);
    expect(judge({ ...T3, plannedQuarter: 'juin 2021' }, nothing).sentence).toMatch(/^Promis pour juin 2021, /);
    expect(judge({ ...T3, plannedQuarter: 'S1 2022' }, nothing).sentence).toMatch(/^Promis pour le 1er semestre 2022, /);
  });

  it('counts the days left before a deadline still to come', () => {
    const { status, sentence } = judge({ ...T3, plannedQuarter: 'T4 2026' }, nothing);
    expect(status.state).toBe('PENDING');
    expect(sentence).toBe('Promis pour le T4 2026, pas encore trouvé sur data.gouv.fr : échéance dans 32 jours');
  });

  it('gives no count for a pending item without a deadline', () => {
    const { status, sentence } = judge({ ...T3, plannedQuarter: null }, nothing);
    expect(status.state).toBe('PENDING');
    expect(sentence).toBe('Annoncé sans échéance, pas encore trouvé sur data.gouv.fr');
  });

  it('dates a publication that predates the announcement', () => {
    const { status, sentence } = judge(T3, dataset({ createdAt: '2019-03-01T10:00:00Z' }));
    expect(status.state).toBe('PUBLISHED_BEFORE_ANNOUNCEMENT');
    expect(sentence).toBe("Déjà publié le 1er mars 2019, avant l'annonce du 29 avril 2021");
  });

  it('says a publication without a deadline is neither on time nor late', () => {
    const { status, sentence } = judge({ ...T3, plannedQuarter: null }, dataset({ createdAt: '2022-05-05T10:00:00Z' }));
    expect(status.state).toBe('PUBLISHED');
    expect(sentence).toBe('Publié le 5 mai 2022, sans échéance annoncée à laquelle le comparer');
  });

  it('tells deleted from archived objects', () => {
    const deleted = judge(T3, dataset({ createdAt: '2021-08-03T10:00:00Z', deleted: true, deletedAt: '2024-01-01T00:00:00Z' }));
    expect(deleted.status.state).toBe('WITHDRAWN');
    expect(deleted.sentence).toBe('Promis pour le T3 2021, publié le 3 août 2021 puis supprimé de data.gouv.fr');
    const archived = judge(T3, dataset({ createdAt: '2021-08-03T10:00:00Z', archivedAt: '2024-01-01T00:00:00Z' }));
    expect(archived.status.state).toBe('WITHDRAWN');
    expect(archived.sentence).toBe('Promis pour le T3 2021, publié le 3 août 2021 puis archivé sur data.gouv.fr');
  });

  it('draws no conclusion when data.gouv.fr failed and nothing was known before', () => {
    const { status, sentence } = judge(T3, { kind: 'UPSTREAM_FAILED', error: { code: 'UPSTREAM_TIMEOUT', message: 'timeout' } });
    expect(status.state).toBe('UNVERIFIABLE');
    expect(sentence).toBe("Vérification impossible : data.gouv.fr n'a pas répondu");
  });

  it('says data.gouv.fr answered with something other than its API when it did', () => {
    const { sentence } = judge(T3, { kind: 'UPSTREAM_FAILED', error: { code: 'UPSTREAM_BAD_PAYLOAD', message: 'an HTML 404' } });
    expect(sentence).toBe("Vérification impossible : data.gouv.fr ne répond pas par son API (page d'erreur au lieu des données)");
  });

  it('dates a verdict kept through an outage', () => {
    const record = makeCommitment(T3);
    const previous = resolveCommitmentStatus({
      commitment: record, now: new Date('2026-11-20T10:00:00Z'), lookup: dataset({ createdAt: '2021-08-03T10:00:00Z', fetchedAt: '2026-11-20T09:00:00Z' }),
    });
    const { status, sentence } = judge(T3, { kind: 'UPSTREAM_FAILED', error: { code: 'UPSTREAM_TIMEOUT', message: 'timeout' } }, previous);
    expect(status.stale).toBe(true);
    expect(sentence).toBe('Promis pour le T3 2021, publié le 3 août 2021 : dans les délais (constat du 20 novembre 2026, non actualisé)');
  });

  it('never claims source code is published, and names its repository when known', () => {
    const withRepo = judge({ ...T3, kind: 'SOURCE_CODE', hints: { repositoryUrl: 'https://git.example/org/repo' } }, { kind: 'NOT_APPLICABLE' });
    expect(withRepo.status.state).toBe('UNCHECKED_SOURCE_CODE');
    expect(withRepo.sentence).toBe('Promis pour le T3 2021 ; code source non vérifié en direct, dépôt indiqué : https://git.example/org/repo');
    const without = judge({ ...T3, kind: 'SOURCE_CODE' }, { kind: 'NOT_APPLICABLE' });
    expect(without.sentence).toBe('Promis pour le T3 2021 ; code source non vérifié en direct, aucun dépôt connu');
  });

  it('reads an API’s data.gouv.fr listing as "at the latest", which can show it on time', () => {
    const { sentence } = judge(
      { ...T3, kind: 'API' },
      linked(makeDataservice({ id: 's1', createdAt: '2021-07-01T10:00:00Z', fetchedAt: '2026-11-29T08:00:00Z' })),
    );
    expect(sentence).toBe('Promis pour le T3 2021, publié au plus tard le 1er juillet 2021 (référencement sur data.gouv.fr) : dans les délais');
  });

  it('never calls an API late on its migration listing date alone', () => {
    const { status, sentence } = judge(
      { ...T3, kind: 'API' },
      linked(makeDataservice({ id: 's1', createdAt: '2024-11-07T17:18:48Z', fetchedAt: '2026-11-29T08:00:00Z' })),
    );
    expect(status.state).toBe('PUBLISHED');
    expect(sentence).toBe(
      'Promis pour le T3 2021, publié au plus tard le 7 novembre 2024 (référencement sur data.gouv.fr) : seule date connue, postérieure à l\'échéance ; retard impossible à établir',
    );
  });

  it('names where a sourced first publication happened, and says when the item is no longer on data.gouv.fr', () => {
    const listed = { ...T3, kind: 'API' as const, firstListed: [{ on: '2021-06-22', where: 'api.gouv.fr', source: 'https://example.org/commit' }] };
    const { status, sentence } = judge(listed, nothing);
    expect(status.state).toBe('PUBLISHED_ON_TIME');
    expect(sentence).toBe("Promis pour le T3 2021, publié le 22 juin 2021 sur api.gouv.fr : dans les délais, absent aujourd'hui de data.gouv.fr");
  });

  it('says the deadline cannot be read when the announced period is not a period', () => {
    const { sentence } = judge({ ...T3, plannedQuarter: '(ouvert entre février et avril)' }, dataset({ createdAt: '2022-05-05T10:00:00Z' }));
    expect(sentence).toBe("Publié le 5 mai 2022 ; la période annoncée (« (ouvert entre février et avril) ») ne donne pas d'échéance lisible");
  });

  it('has a sentence for every state', () => {
    const record = makeCommitment(T3);
    const base = judge(T3, nothing).status;
    const seen = new Set<CommitmentState>();
    for (const state of COMMITMENT_STATES) {
      const sentence = describeVerdict(record, { ...base, state }, { now: NOW });
      expect(sentence.length).toBeGreaterThan(20);
      expect(sentence).not.toMatch(/undefined|null|NaN/);
      seen.add(state);
    }
    expect(seen.size).toBe(COMMITMENT_STATES.length);
  });
});

describe('French formatting', () => {
  it('formats Paris days and French numbers', () => {
    expect(formatFrenchDate('2022-10-12')).toBe('12 octobre 2022');
    expect(formatFrenchDate('2022-12-31T23:30:00Z')).toBe('1er janvier 2023');
    expect(formatFrenchDate('not a date')).toBeNull();
    expect(formatFrenchNumber(1429)).toBe(`1${NBSP}429`);
  });
});
