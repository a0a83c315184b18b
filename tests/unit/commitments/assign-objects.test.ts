import { describe, expect, it } from 'vitest';
import { assignObjects } from '../../../src/commitments/assign-objects.js';
import { rankClaims, type Claim } from '../../../src/commitments/rank-claims.js';
import type { Commitment, CommitmentLookup } from '../../../src/commitments/model.js';
import type { Dataservice, Dataset } from '../../../src/upstream/datagouv/model.js';
import { makeCommitment, makeDataservice, makeDataset, makeOrganization } from './builders.js';

const searched = (found: readonly (Dataset | Dataservice)[]): Extract<CommitmentLookup, { kind: 'FETCHED' }> =>
  ({ kind: 'FETCHED', linked: [], found, remembered: null, searches: [] });

/** Both "statut étudiant" APIs as data.gouv.fr lists them: two producers, migration-dated. */
const boursier = makeDataservice({
  id: '672b1f0a3c1d2e4f5a6b7c01', title: 'API Statut étudiant boursier', createdAt: '2024-11-08T10:12:31.123000+00:00',
  organization: makeOrganization({ id: 'cnous', name: 'Centre national des œuvres universitaires et scolaires', acronym: 'CNOUS' }),
});
const etudiant = makeDataservice({
  id: '672b1f0a3c1d2e4f5a6b7c02', title: 'API Statut étudiant', createdAt: '2024-11-08T10:14:02.456000+00:00',
  organization: makeOrganization({ id: 'mesr', name: "Ministère de l'Enseignement supérieur et de la Recherche" }),
});
const c014 = makeCommitment({ key: 'c014', kind: 'API', title: 'API Statut étudiant boursier', producer: 'CNOUS' });
const c021 = makeCommitment({
  key: 'c021', kind: 'API', title: 'API Statut étudiant', announcedOn: null,
  producer: 'Ministère de l’Enseignement supérieur, de la Recherche et de l’Innovation',
});

function settle(entries: [Commitment, readonly (Dataset | Dataservice)[]][]) {
  return assignObjects(new Map(entries.map(([commitment, found]) => [commitment.key, rankClaims(commitment, searched(found))])));
}

describe('assignObjects (one object, one commitment)', () => {
  it('gives each "statut étudiant" commitment its own API when both are in the catalogue', () => {
    const result = settle([[c014, [boursier, etudiant]], [c021, [boursier, etudiant]]]);
    expect(result.get('c014')?.chosen?.object.id).toBe(boursier.id);
    expect(result.get('c021')?.chosen?.object.id).toBe(etudiant.id);
  });

  it('never lets c021 take c014’s API when only that one is in the catalogue', () => {
    const result = settle([[c014, [boursier]], [c021, [boursier]]]);
    expect(result.get('c014')?.chosen?.object.id).toBe(boursier.id);
    expect(result.get('c021')?.chosen).toBeNull();
    expect(result.get('c021')?.others[0]).toMatchObject({ claimedBy: 'c014' });
  });

  it('lets the stronger claim keep a contested object; the other takes its next eligible candidate and names the conflict', () => {
    const shared = makeDataset({ id: 'shared', title: 'Carte scolaire des collèges' });
    const other = makeDataset({ id: 'other', title: 'Carte scolaire des collèges publics' });
    const linked: Claim = { object: shared, origin: 'LINK', score: 0.6, evidence: [] };
    const byLink = new Map<string, readonly Claim[]>([
      ['a', [linked]],
      ['b', [{ object: shared, origin: 'SEARCH', score: 0.95, evidence: [] }, { object: other, origin: 'SEARCH', score: 0.7, evidence: [] }]],
    ]);
    const result = assignObjects(byLink);
    expect(result.get('a')?.chosen).toBe(linked);
    expect(result.get('b')?.chosen?.object.id).toBe('other');
    expect(result.get('b')?.conflicts).toEqual([expect.objectContaining({ kind: 'CLAIM_CONFLICT' })]);
    expect(result.get('b')?.conflicts[0]?.detail).toContain('revient à a');
  });

  it('settles equal claims the same way whatever the order of the commitments', () => {
    const object = makeDataset({ id: 'x', title: 'X' });
    const claim = (): Claim => ({ object, origin: 'SEARCH', score: 0.8, evidence: [] });
    const forward = assignObjects(new Map([['c2', [claim()]], ['c1', [claim()]]]));
    const backward = assignObjects(new Map([['c1', [claim()]], ['c2', [claim()]]]));
    expect(forward.get('c1')?.chosen).not.toBeNull();
    expect(backward.get('c1')?.chosen).not.toBeNull();
    expect(forward.get('c2')?.chosen).toBeNull();
  });

  it('never assigns a search hit below the threshold', () => {
    const result = assignObjects(new Map([['a', [{ object: makeDataset({ id: 'weak' }), origin: 'SEARCH', score: 0.5, evidence: [] } as Claim]]]));
    expect(result.get('a')).toMatchObject({ chosen: null, conflicts: [], others: [expect.objectContaining({ score: 0.5, claimedBy: null })] });
  });

  it('tells a dataset and a dataservice with the same id apart', () => {
    const dataset = makeDataset({ id: 'same', title: 'Annuaire' });
    const api = makeDataservice({ id: 'same', title: 'Annuaire' });
    const result = assignObjects(new Map<string, readonly Claim[]>([
      ['a', [{ object: dataset, origin: 'LINK', score: 1, evidence: [] }]],
      ['b', [{ object: api, origin: 'LINK', score: 1, evidence: [] }]],
    ]));
    expect(result.get('a')?.chosen?.object).toBe(dataset);
    expect(result.get('b')?.chosen?.object).toBe(api);
  });
});
