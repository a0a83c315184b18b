import type { Commitment } from './model.js';
import { FRENCH_STOP_WORDS, normaliseText, stripAsides } from './normalise-tokens.js';

/** The catalogue search favours documents holding every word: more words, fewer hits. */
export const MAX_SEARCH_WORDS = 6;

/**
 * The upstream search query for a commitment: the record's keywords when it
 * has some, otherwise the title without parenthesised asides, elisions
 * ("l'activité" -> "activité"), stop words or words cut off by an ellipsis.
 * Accents are kept: the search engine folds them itself.
 *
 * @returns at most MAX_SEARCH_WORDS words separated by spaces; empty when nothing is left.
 */
export function toSearchTerms(commitment: Commitment): string {
  const keywords = commitment.hints.keywords.map((k) => k.trim()).filter((k) => k !== '');
  if (keywords.length > 0) return keywords.join(' ').split(/\s+/).slice(0, MAX_SEARCH_WORDS).join(' ');
  return toQueryWords(commitment.title);
}

/**
 * Every search to make for a commitment: its main terms (`toSearchTerms`),
 * then each alternative name's, without repeats.
 */
export function toSearchQueries(commitment: Commitment): string[] {
  const queries = [toSearchTerms(commitment), ...commitment.hints.alternativeNames.map(toQueryWords)];
  return [...new Set(queries.filter((query) => query !== ''))];
}

/** A name as search words: asides, elisions, stop words and cut-off words dropped, at most MAX_SEARCH_WORDS. */
export function toQueryWords(name: string): string {
  const words = stripAsides(name)
    .split(/[\s,;:!?"«»]+/)
    .filter((word) => !/[…]|\.\.\.$/.test(word))
    .map((word) => word.replace(/^[dlDL]['’]/, '').replace(/^[-'’.]+|[-'’.]+$/g, ''))
    .filter((word) => word !== '' && !FRENCH_STOP_WORDS.has(normaliseText(word)));
  const seen = new Set<string>();
  const unique = words.filter((word) => {
    const key = normaliseText(word);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.slice(0, MAX_SEARCH_WORDS).join(' ');
}
