import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../mocks/catalogue.js';
import { loadCommitmentRecords } from '../../../src/commitments/load-commitment-records.js';
import type { Commitment, CommitmentLookup, CommitmentStatus } from '../../../src/commitments/model.js';
import { parsePlannedPeriod } from '../../../src/commitments/parse-planned-period.js';
import { resolveCommitmentStatus } from '../../../src/commitments/resolve-commitment-status.js';
import { resolveFirstPublication } from '../../../src/commitments/resolve-first-publication.js';
import { toDataservice, toDataset } from '../../../src/upstream/datagouv/map.js';
import { isDataservicePayload, isDatasetPayload } from '../../../src/upstream/datagouv/payload.js';
import type { Dataservice } from '../../../src/upstream/datagouv/model.js';
import { SHIPPED_COMMITMENTS } from '../../helpers/create-test-gateway.js';
import { makeCommitment } from './builders.js';

const FRESH = { fetchedAt: '2026-11-29T09:00:00.000Z', stale: false, revalidating: false };
const NOW = new Date('2026-11-29T10:00:00Z');

/** The real recording of the IGN "API Adresse" (2026-09): an API years old, dated 2024-11-07 by the api.gouv.fr migration. */
function apiAdresse(): Dataservice {
  const entry = loadCatalogue().dataservices.byId.get('672cf67802ef6b1be63b8975');
  if (!entry || entry.origin !== 'real' || !isDataservicePayload(entry.payload)) throw new Error('the real API Adresse recording is missing');
  return toDataservice(entry.payload, FRESH);
}

const linkedTo = (object: Dataservice): CommitmentLookup => ({
  kind: 'FETCHED', linked: [{ collection: 'dataservices', idOrSlug: object.id, object }], found: [], remembered: null, searches: [],
});

describe('first publication of an API (real recording: API Adresse, listed 2024-11-07)', () => {
  const adresse = makeCommitment({ kind: 'API', title: 'API Adresse', plannedQuarter: 'T3 2021', announcedOn: '2021-04-29' });

  it('reads the listing date as the migration it is: real recording says 2024-11-07', () => {
    expect(apiAdresse().createdAt?.slice(0, 10)).toBe('2024-11-07');
  });

  it('never makes an API late on its data.gouv.fr listing date alone: PUBLISHED, lateness unknown', () => {
    const status = resolveCommitmentStatus({ commitment: adresse, now: NOW, lookup: linkedTo(apiAdresse()) });
    expect(status).toMatchObject({ state: 'PUBLISHED', daysLate: null, listedOnDatagouvAt: apiAdresse().createdAt });
    expect(status.firstPublication).toMatchObject({ source: 'DATASERVICE_LISTING', exact: false, day: '2024-11-07' });
    expect(status.evidence.find((e) => e.kind === 'LISTING_DATE_ONLY')?.detail).toContain('migration');
  });

  it('takes sourced record evidence as first publication: listed in June 2021 is on time for T3 2021', () => {
    const sourced = makeCommitment({ ...adresse, firstListed: [{ on: '2021-06-11', where: 'api.gouv.fr', source: 'https://github.com/betagouv/api.gouv.fr/commit/ef253174' }] });
    const status = resolveCommitmentStatus({ commitment: sourced, now: NOW, lookup: linkedTo(apiAdresse()) });
    expect(status).toMatchObject({ state: 'PUBLISHED_ON_TIME', firstPublishedAt: '2021-06-11', listedOnDatagouvAt: apiAdresse().createdAt });
    expect(status.firstPublication).toEqual({
      at: '2021-06-11', day: '2021-06-11', source: 'RECORD', url: 'https://github.com/betagouv/api.gouv.fr/commit/ef253174', exact: true,
    });
    expect(status.evidence.map((e) => e.kind)).toContain('RECORD_FIRST_LISTING');
  });

  it('takes a listing date before the deadline as proof of being on time (it is an upper bound)', () => {
    const early = { ...apiAdresse(), createdAt: '2021-08-02T09:00:00+00:00' };
    expect(resolveCommitmentStatus({ commitment: adresse, now: NOW, lookup: linkedTo(early) }).state).toBe('PUBLISHED_ON_TIME');
  });
});

describe('first publication of the shipped API commitments (sourced api.gouv.fr dates)', () => {
  let records: Commitment[];
  beforeAll(async () => {
    ({ commitments: records } = await loadCommitmentRecords(SHIPPED_COMMITMENTS));
  });
  const record = (key: string) => records.find((c) => c.key === key) as Commitment;
  const nothingFound: CommitmentLookup = { kind: 'FETCHED', linked: [], found: [], remembered: null, searches: [
    { catalogue: 'DATASERVICES', query: 'API Service national', total: 0, examined: 0 },
  ] };

  it('c014, listed on api.gouv.fr on 2022-02-08, is on time against the 2021-2022 horizon', () => {
    const migrated = { ...apiAdresse(), id: 'boursier', title: 'API Statut étudiant boursier', createdAt: '2024-11-08T10:12:31.123000+00:00' };
    const status = resolveCommitmentStatus({ commitment: record('c014'), now: NOW, lookup: linkedTo(migrated) });
    expect(status).toMatchObject({ state: 'PUBLISHED_ON_TIME', firstPublishedAt: '2022-02-08' });
    expect(status.firstPublication?.url).toBe('https://github.com/betagouv/api.gouv.fr/commit/48d5aebe');
  });

  it('c022, listed on api.gouv.fr on 2021-04-13, is published even when data.gouv.fr no longer lists it', () => {
    // Its announcement is not known, hence no deadline: published, neither on time nor late.
    const status: CommitmentStatus = resolveCommitmentStatus({ commitment: record('c022'), now: NOW, lookup: nothingFound });
    expect(status).toMatchObject({ state: 'PUBLISHED', firstPublishedAt: '2021-04-13', confidence: 0.7, dataservice: null });
    expect(status.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['NOT_IN_CATALOGUE', 'SEARCH_MADE', 'RECORD_FIRST_LISTING']));
  });

  it('an item announced on 29 April 2021 and listed before it is PUBLISHED_BEFORE_ANNOUNCEMENT, with no period planned', () => {
    const early = { ...record('c014'), firstListed: [{ on: '2021-04-13', where: 'api.gouv.fr', source: 'https://example.org/commit' }] };
    expect(early.plannedPeriod.text).toBeNull();
    expect(resolveCommitmentStatus({ commitment: early, now: NOW, lookup: nothingFound }).state).toBe('PUBLISHED_BEFORE_ANNOUNCEMENT');
  });

  it('c006, whose period could not be read, has no deadline: published after the horizon it is not called late', () => {
    const effectifs = loadCatalogue().datasets.byId.get('604f8fd45553df6802fef160');
    if (!effectifs || !isDatasetPayload(effectifs.payload)) throw new Error('demo dataset missing');
    // The record's own date would make it "published before the announcement"; a later one shows the deadline rule.
    const dataset = { ...toDataset(effectifs.payload, FRESH), createdAt: '2023-06-01T10:00:00+00:00', inlineResources: [] };
    // With a horizon beside it, as the 63-list items have: falling back to it would make this "late".
    const c006 = { ...record('c006'), horizon: parsePlannedPeriod('2021 et 2022') };
    expect(c006.plannedPeriod.parseError).not.toBeNull();
    const status = resolveCommitmentStatus({
      commitment: c006, now: NOW,
      lookup: { kind: 'FETCHED', linked: [], found: [dataset], remembered: null, searches: [] },
    });
    expect(status).toMatchObject({ state: 'PUBLISHED', daysLate: null });
    expect(status.evidence.map((e) => e.kind)).toContain('DEADLINE_UNKNOWN');
    expect(status.evidence.map((e) => e.kind)).not.toContain('DEADLINE');
  });
});

describe('resolveFirstPublication', () => {
  it('prefers exact evidence to a listing bound on the same day', () => {
    const commitment = makeCommitment({ firstListed: [{ on: '2024-11-07', where: 'api.gouv.fr', source: 'https://example.org/c' }] });
    expect(resolveFirstPublication(commitment, apiAdresse())).toMatchObject({ source: 'RECORD', exact: true });
  });

  it('knows no date without record evidence or an object', () => {
    expect(resolveFirstPublication(makeCommitment(), null)).toBeNull();
  });
});
