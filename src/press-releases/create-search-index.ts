import MiniSearch from 'minisearch';
import { BadUserInputError } from '../errors/gateway-error.js';
import type { Announcement } from './announcement.js';
import type { SearchHit } from './press-release-store.js';

/** Full-text index over the announcements' title, lede and body. */
export interface PressReleaseSearchIndex {
  /** Best hits first; an empty or punctuation-only query gives no hits. Throws BadUserInputError past the bounds below. */
  search(query: string): SearchHit[];
}

/**
 * Bounds of one search. Fuzzy matching explores every indexed term within
 * the allowed edits of each query term: unbounded, one long word cost
 * hundreds of MB and seconds of blocked event loop. These keep any query
 * within a few MB and a few ms.
 */
export const SEARCH_LIMITS = Object.freeze({
  /** Characters of the whole query. */
  maxChars: 300,
  /** Words of the query. */
  maxTerms: 12,
  /** Edits tolerated per word, however long it is. */
  maxEdits: 2,
  /** Words longer than this are matched exactly, without typos or prefix. */
  maxFuzzyTermLength: 24,
});

/** Refuses a query past SEARCH_LIMITS before any work is done. */
export function assertSearchQuery(query: string): void {
  if (query.length > SEARCH_LIMITS.maxChars) {
    throw new BadUserInputError(`search is longer than ${SEARCH_LIMITS.maxChars} characters`, { field: 'search' });
  }
  if (toIndexTerms(query).length > SEARCH_LIMITS.maxTerms) {
    throw new BadUserInputError(`search has more than ${SEARCH_LIMITS.maxTerms} words`, { field: 'search' });
  }
}

interface IndexedDocument {
  readonly slug: string;
  readonly title: string;
  readonly lede: string;
  readonly body: string;
}

const COMBINING_MARKS = /\p{M}+/gu;
// Anything but letters and digits separates words, apostrophes (' and ’)
// included, so `l’État` indexes `etat`.
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/**
 * Search terms of a text: lower case, accents removed (`État` -> `etat`,
 * `données` -> `donnees`, whatever the input's normal form), split on
 * everything that is not a letter or digit. One-character words (`l`, `d`,
 * `a`) are elisions and articles that only add noise.
 */
export function toIndexTerms(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .split(SEPARATORS)
    .filter((term) => term.length > 1);
}

/**
 * Builds the index. A title match outweighs a lede match, which outweighs a
 * body match (boosts 5, 2, 1). The last query term matches as a prefix (search
 * as you type) and terms of 5+ characters tolerate one typo per 5 characters,
 * two at most; words past 24 characters match exactly.
 * All query terms must match.
 */
export function createSearchIndex(announcements: readonly Announcement[]): PressReleaseSearchIndex {
  const index = new MiniSearch<IndexedDocument>({
    idField: 'slug',
    fields: ['title', 'lede', 'body'],
    tokenize: toIndexTerms,
    // Terms are already normalised by the tokenizer.
    processTerm: (term) => term,
    searchOptions: {
      boost: { title: 5, lede: 2, body: 1 },
      prefix: (term, position, terms) => position === terms.length - 1 && term.length <= SEARCH_LIMITS.maxFuzzyTermLength,
      fuzzy: (term) => (term.length >= 5 && term.length <= SEARCH_LIMITS.maxFuzzyTermLength ? 0.2 : false),
      maxFuzzy: SEARCH_LIMITS.maxEdits,
      combineWith: 'AND',
    },
  });
  index.addAll(
    announcements.map((announcement) => ({
      slug: announcement.slug,
      title: announcement.title,
      lede: announcement.ledeText ?? '',
      body: announcement.bodyText,
    })),
  );
  return {
    search(query) {
      assertSearchQuery(query);
      if (toIndexTerms(query).length === 0) {
        return [];
      }
      return index.search(query).map((result) => ({ slug: String(result.id), score: result.score }));
    },
  };
}
