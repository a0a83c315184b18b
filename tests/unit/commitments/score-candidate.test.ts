import { describe, expect, it } from 'vitest';
import { SCORE_WEIGHTS, scoreCandidate } from '../../../src/commitments/score-candidate.js';
import { makeCommitment, makeDataservice, makeDataset, makeOrganization } from './builders.js';

/**
 * Titles, organizations, tags and dates of Sitadel and of the MAJIC files are
 * those of the real data.gouv.fr records (search page captured in 2024-09,
 * mocks/fixtures/real/api2-datasets-search-default-2024-09.json).
 */
const TRANSITION_ECOLOGIQUE = makeOrganization({ id: '534fff8da3a7292c64a77eee', name: 'Ministère de la Transition écologique' });
const ECONOMIE = makeOrganization({
  id: '534fff8ea3a7292c64a77f02',
  name: "Ministère de l'Économie, des Finances et de la Souveraineté industrielle et numérique",
});

const sitadel = makeDataset({
  id: '5a5f4f6c88ee387da4d252a3',
  title: "Base des permis de construire et autres autorisations d'urbanisme (Sitadel)",
  organization: TRANSITION_ECOLOGIQUE,
  createdAt: '2018-01-17T14:28:12.305000+00:00',
  tags: ['locaux', 'logements', 'permis-de-construire', 'permisdeconstruire', 'sdes', 'sitadel'],
});
const majic = makeDataset({
  id: '605d268f4661cf23272817c3',
  title: 'Fichiers des locaux et des parcelles des personnes morales',
  organization: ECONOMIE,
  createdAt: '2021-03-25T09:31:57+00:00',
  tags: ['2019', '2020', '2021', '2022', '2023', 'administration', 'cadastre', 'locaux', 'parcelles', 'personnes-morales'],
});
// Unrelated look-alikes (invented records with plausible producers).
const permisDeChasser = makeDataset({ id: 'u1', title: 'Permis de chasser', organization: makeOrganization({ id: 'ofb', name: 'Office français de la biodiversité' }), tags: ['chasse'] });
const logementsNeufs = makeDataset({ id: 'u2', title: 'Construction de logements neufs', organization: TRANSITION_ECOLOGIQUE, tags: ['logement'] });
const ecolesMaternelles = makeDataset({ id: 'u3', title: 'Carte des écoles maternelles', organization: makeOrganization({ id: 'men', name: "Ministère de l'Éducation nationale" }) });

const permisDeConstruire = makeCommitment({
  title: 'Permis de construire des personnes physiques',
  ministry: 'Ministère de la Transition écologique',
  announcedOn: '2021-04-29',
});

describe('scoreCandidate', () => {
  it('ranks Sitadel above unrelated datasets for "Permis de construire des personnes physiques"', () => {
    const ranked = [permisDeChasser, logementsNeufs, ecolesMaternelles, sitadel]
      .map((d) => ({ id: d.id, score: scoreCandidate(permisDeConstruire, d).score }))
      .sort((a, b) => b.score - a.score);
    expect(ranked[0]?.id).toBe(sitadel.id);
    expect(ranked[0]!.score - ranked[1]!.score).toBeGreaterThan(0.1);
    expect(scoreCandidate(permisDeConstruire, ecolesMaternelles).score).toBe(0);
  });

  it('explains the Sitadel score: title, organization and tags, created before the announcement', () => {
    const { evidence } = scoreCandidate(permisDeConstruire, sitadel);
    expect(evidence.map((e) => e.kind)).toEqual(['TITLE_MATCH', 'ORGANIZATION_MATCH', 'CREATED_BEFORE_ANNOUNCEMENT', 'TAG_MATCH']);
    expect(evidence.find((e) => e.kind === 'TAG_MATCH')?.detail).toBe('les mots-clés permis-de-construire partagent 2 des 4 mots');
  });

  it('gives an exact title its full weight, plus a renamed ministry and shared tags (MAJIC files)', () => {
    const commitment = makeCommitment({
      title: 'Fichiers des locaux et des parcelles des personnes morales',
      ministry: 'Ministère de l’Économie, des Finances et de la Relance',
    });
    const { score, evidence } = scoreCandidate(commitment, majic);
    expect(score).toBeGreaterThan(SCORE_WEIGHTS.title + 0.1);
    expect(score).toBeLessThanOrEqual(1);
    expect(evidence.map((e) => e.kind)).toContain('ORGANIZATION_MATCH');
  });

  it('ignores accents, case and word order in titles', () => {
    const commitment = makeCommitment({ title: 'Carte des écoles maternelles' });
    const shuffled = makeDataset({ title: 'MATERNELLES ECOLES : carte' });
    expect(scoreCandidate(commitment, shuffled).score).toBe(SCORE_WEIGHTS.title);
    expect(scoreCandidate(commitment, ecolesMaternelles).score).toBe(SCORE_WEIGHTS.title);
  });

  it('treats singular and plural alike ("école" / "écoles")', () => {
    const commitment = makeCommitment({ title: 'Auto-écoles' });
    expect(scoreCandidate(commitment, makeDataset({ title: 'Auto école' })).score).toBe(SCORE_WEIGHTS.title);
  });

  it('matches an acronym written in the commitment with the candidate acronym', () => {
    const commitment = makeCommitment({ kind: 'API', title: 'API Répertoire partagé des professionnels de santé (RPPS)' });
    const api = makeDataservice({ title: 'Annuaire santé', acronym: 'RPPS' });
    const { evidence, score } = scoreCandidate(commitment, api);
    expect(evidence.find((e) => e.kind === 'ACRONYM_MATCH')?.detail).toContain('rpps');
    expect(score).toBeGreaterThanOrEqual(SCORE_WEIGHTS.acronym);
  });

  it('matches a one-word keyword (a service name) against the candidate title', () => {
    const commitment = makeCommitment({ kind: 'API', title: 'API Historique d’un véhicule', hints: { keywords: ['HistoVec'] } });
    const { evidence } = scoreCandidate(commitment, makeDataservice({ title: 'HistoVec' }));
    expect(evidence.map((e) => e.kind)).toContain('ACRONYM_MATCH');
  });

  it('counts a matching organization id in full, whatever the names', () => {
    const commitment = makeCommitment({ title: 'X', hints: { organizationId: 'abc' } });
    const candidate = makeDataset({ title: 'Y', organization: makeOrganization({ id: 'abc', name: 'Autre nom' }) });
    expect(scoreCandidate(commitment, candidate).score).toBe(SCORE_WEIGHTS.organization);
  });

  it('does not match organizations on the word "ministère" alone, and names the mismatch', () => {
    const commitment = makeCommitment({ title: 'X', ministry: 'Ministère de la Justice', ministryAsWritten: 'Ministère de la Justice' });
    const candidate = makeDataset({ title: 'Y', organization: ECONOMIE });
    const { evidence, score } = scoreCandidate(commitment, candidate);
    expect(evidence.map((e) => e.kind)).toEqual(['ORGANIZATION_MISMATCH']);
    expect(evidence[0]?.detail).toContain('Ministère de la Justice');
    expect(score).toBe(0);
  });

  it('matches a producer named by its acronym in the organization name', () => {
    const commitment = makeCommitment({ title: 'X', producer: 'DILA' });
    const candidate = makeDataset({ title: 'Y', organization: makeOrganization({ name: "Direction de l'information légale et administrative (DILA)" }) });
    expect(scoreCandidate(commitment, candidate).score).toBe(SCORE_WEIGHTS.organization);
  });

  it.each([
    ['2021-04-28T22:30:00Z', 'CREATED_AFTER_ANNOUNCEMENT'], // 00:30 on 29 April in Paris
    ['2021-04-28T21:30:00Z', 'CREATED_BEFORE_ANNOUNCEMENT'], // 23:30 on 28 April in Paris
  ])('judges creation %s against the announcement day in Europe/Paris: %s', (createdAt, kind) => {
    const commitment = makeCommitment({ title: 'X', announcedOn: '2021-04-29' });
    const { evidence, score } = scoreCandidate(commitment, makeDataset({ title: 'Y', createdAt }));
    expect(evidence.map((e) => e.kind)).toEqual([kind]);
    expect(score).toBe(kind === 'CREATED_AFTER_ANNOUNCEMENT' ? SCORE_WEIGHTS.createdAfterAnnouncement : 0);
  });

  it('keeps weights summing to 1 so scores stay within [0, 1]', () => {
    expect(Object.values(SCORE_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
});

/**
 * The two "statut étudiant" APIs are two objects from two producers: the CNOUS
 * publishes "API Statut étudiant boursier" (api.gouv.fr page added 2022-02-08),
 * the ministry of higher education "API Statut étudiant" (2022-01-20); both
 * were moved to data.gouv.fr in November 2024, which dates them from then.
 */
describe('scoreCandidate (look-alike APIs, other names, identifiers)', () => {
  const cnous = makeOrganization({ id: 'cnous', name: 'Centre national des œuvres universitaires et scolaires', acronym: 'CNOUS' });
  const mesr = makeOrganization({ id: 'mesr', name: "Ministère de l'Enseignement supérieur et de la Recherche" });
  const boursier = makeDataservice({ id: 'b', title: 'API Statut étudiant boursier', organization: cnous, createdAt: '2024-11-08T10:12:31.123000+00:00' });
  const etudiant = makeDataservice({ id: 'e', title: 'API Statut étudiant', organization: mesr, createdAt: '2024-11-08T10:14:02.456000+00:00' });
  const c021 = makeCommitment({
    key: 'c021', kind: 'API', title: 'API Statut étudiant',
    producer: 'Ministère de l’Enseignement supérieur, de la Recherche et de l’Innovation', announcedOn: null,
  });
  const c014 = makeCommitment({ key: 'c014', kind: 'API', title: 'API Statut étudiant boursier', producer: 'CNOUS', announcedOn: '2021-04-29' });

  it('scores an exact title above a title that only starts with it', () => {
    expect(scoreCandidate(c021, etudiant).score).toBeGreaterThan(scoreCandidate(c021, boursier).score);
  });

  it('keeps a longer look-alike title from another producer below the resolution threshold', () => {
    const { score, evidence } = scoreCandidate(c021, boursier);
    expect(score).toBeLessThan(0.55);
    expect(evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['TITLE_PREFIX', 'ORGANIZATION_MISMATCH']));
  });

  it('resolves each API to its own producer’s object', () => {
    expect(scoreCandidate(c014, boursier).score).toBeGreaterThan(scoreCandidate(c014, etudiant).score);
    expect(scoreCandidate(c014, boursier).score).toBeGreaterThanOrEqual(0.55);
    expect(scoreCandidate(c021, etudiant).score).toBeGreaterThanOrEqual(0.55);
  });

  it('gives no credit for an API created after the announcement: its date is the migration’s', () => {
    expect(scoreCandidate(c014, boursier).evidence.map((e) => e.kind)).not.toContain('CREATED_AFTER_ANNOUNCEMENT');
  });

  it('finds an acronym-titled API under its full name through an alternative name', () => {
    const joafe = makeCommitment({
      kind: 'API', producer: 'DILA',
      title: 'API JOAFE (journal officiel des associations, fondations et fonds de dotation)',
      hints: { alternativeNames: ['Annonces et comptes annuels des associations'] },
    });
    const published = makeDataservice({
      title: 'Annonces officielles et comptes annuels des associations',
      organization: makeOrganization({ name: "Direction de l'information légale et administrative", acronym: 'DILA' }),
      tags: ['associations', 'annonces', 'journal-officiel'],
    });
    const withoutName = makeCommitment({ ...joafe, hints: {} });
    expect(scoreCandidate(withoutName, published).score).toBeLessThan(0.55);
    const { score, evidence } = scoreCandidate(joafe, published);
    expect(score).toBeGreaterThanOrEqual(0.55);
    expect(evidence[0]?.kind).toBe('ALTERNATIVE_NAME_MATCH');
  });

  it('takes an object carrying a known identifier (its api.gouv.fr page), naming a kind mismatch', () => {
    const decisions = makeCommitment({
      kind: 'DATASET', title: 'Décisions de justice (open data of court decisions, pseudonymised case law)',
      ministry: 'Ministère de la Justice', ministryAsWritten: 'Ministère de la Justice',
      hints: { identifiers: ['https://api.gouv.fr/les-api/api-judilibre'] },
    });
    const judilibre = makeDataservice({
      title: 'API Judilibre', businessDocumentationUrl: 'https://api.gouv.fr/les-api/api-judilibre',
      organization: makeOrganization({ name: 'Cour de cassation' }),
    });
    const { score, evidence } = scoreCandidate(decisions, judilibre);
    expect(score).toBe(0.9);
    expect(evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['KIND_MISMATCH', 'IDENTIFIER_MATCH']));
  });
});
