import { toWords } from './normalise-text.js';

// Mongo's French text index ignores stop words; a query made only of them matches nothing.
const STOP_WORDS = new Set([
  'a', 'au', 'aux', 'avec', 'ce', 'ces', 'd', 'dans', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'leur',
  'ou', 'par', 'pas', 'pour', 'qu', 'que', 'qui', 'sa', 'se', 'ses', 'son', 'sur', 'un', 'une',
]);

/**
 * A rough stand-in for Snowball's French stemmer: enough to make `college`
 * match `colleges` and `national` match `nationaux`, which is what matching
 * tests need from the mock.
 */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('aux')) return `${word.slice(0, -3)}al`;
  if (word.length > 3 && (word.endsWith('s') || word.endsWith('x'))) return word.slice(0, -1);
  return word;
}

/** Query words as udata's Mongo search uses them: each word quoted, so all must match (AND). */
export function toQueryTerms(q: string): string[] {
  return [...new Set(toWords(q).filter((word) => !STOP_WORDS.has(word)).map(stem))];
}

export interface WeightedText {
  readonly text: string;
  /** Relative weight of a hit in this field for the text score. */
  readonly weight: number;
}

/**
 * Text score of a document for the terms, or 0 when a term is missing.
 * Mirrors Mongo's `$text` with `"word" "word"` phrases: AND of terms, hits
 * weighted by field (title above description).
 */
export function scoreWords(terms: readonly string[], fields: readonly WeightedText[]): number {
  if (terms.length === 0) return 0;
  const stemmed = fields.map((field) => ({ weight: field.weight, words: toWords(field.text).map(stem) }));
  let score = 0;
  for (const term of terms) {
    let hits = 0;
    for (const field of stemmed) hits += field.words.filter((word) => word === term).length * field.weight;
    if (hits === 0) return 0;
    score += hits;
  }
  return score;
}
