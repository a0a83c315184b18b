import { describe, expect, it } from 'vitest';
import { toSearchTerms } from '../../../src/commitments/search-terms.js';
import { makeCommitment } from './builders.js';

describe('toSearchTerms', () => {
  it.each([
    ['Permis de construire des personnes physiques', 'Permis construire personnes physiques'],
    ['Carte scolaire des collèges (établie par les départements)', 'Carte scolaire collèges'],
    ["Données relatives à l'activité pa… (title cut off in the only source)", 'Données relatives activité'],
    ['API Statut demandeur d’emploi', 'API Statut demandeur emploi'],
    ['Effectifs des écoles et collèges par niveau et langues vivantes', 'Effectifs écoles collèges niveau langues vivantes'],
    ['Données d’audience des ENT des élèves des élèves du second degré du second degré', 'Données audience ENT élèves second degré'],
  ])('builds the query for "%s"', (title, expected) => {
    expect(toSearchTerms(makeCommitment({ title }))).toBe(expected);
  });

  it('uses the record keywords instead of the title when there are some', () => {
    expect(toSearchTerms(makeCommitment({ title: 'API Historique d’un véhicule', hints: { keywords: ['HistoVec', ' historique '] } }))).toBe('HistoVec historique');
  });

  it('keeps at most six words', () => {
    expect(toSearchTerms(makeCommitment({ title: 'un deux trois quatre cinq six sept huit' })).split(' ')).toHaveLength(6);
  });
});

describe('toSearchTerms with many keywords', () => {
  it('keeps at most six words, so the query stays within what the client accepts', () => {
    const commitment = makeCommitment({ hints: { keywords: ['un deux trois', 'quatre cinq', 'six sept huit'] } });
    expect(toSearchTerms(commitment)).toBe('un deux trois quatre cinq six');
  });
});
