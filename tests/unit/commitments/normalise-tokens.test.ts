import { describe, expect, it } from 'vitest';
import { normaliseText, titleSimilarity, toTokens } from '../../../src/commitments/normalise-tokens.js';

describe('toTokens', () => {
  it('folds accents, case and ligatures, drops French stop words and plural endings', () => {
    expect(toTokens("Données d’audience des ENT des élèves du second degré")).toEqual(['donnee', 'audience', 'ent', 'eleve', 'second', 'degre']);
    expect(toTokens('Œuvres à la une')).toEqual(['oeuvre']);
    expect(toTokens('Travaux et travail')).toEqual(['travau', 'travail']);
  });

  it('keeps short words whole ("bus", "prix" both sides alike)', () => {
    expect(toTokens('bus prix')).toEqual(['bus', 'pri']);
  });

  it('normalises punctuation to spaces', () => {
    expect(normaliseText("l'activité-partielle (2021)")).toBe('l activite partielle 2021');
  });
});

describe('titleSimilarity', () => {
  it('is 1 for the same words in any order, case or accents', () => {
    expect(titleSimilarity('Carte des écoles maternelles', 'MATERNELLES ecoles, carte')).toBe(1);
  });

  it('is 0 when no word is shared', () => {
    expect(titleSimilarity('Auto-écoles', 'Résultats aux concours')).toBe(0);
  });

  it('tries the reference with and without its parenthesised aside', () => {
    expect(titleSimilarity('Carte scolaire des collèges (établie par les départements)', 'Carte scolaire des collèges')).toBe(1);
  });

  it('credits a verbose title covering the whole promise more than one covering part of it', () => {
    const covering = titleSimilarity('Permis de construire', 'Base des permis de construire et autres autorisations');
    const partial = titleSimilarity('Permis de construire', 'Permis de chasser');
    expect(covering).toBeGreaterThan(partial);
  });
});
