import MiniSearch from 'minisearch';
import type { Freshness } from '../datagouv/model.js';
import type { InventoryHit, Repository, RepositoryInventory } from './model.js';

/** What is built once per inventory download and kept in the cache. */
export interface InventoryIndex {
  readonly repositories: readonly Repository[];
  readonly skipped: number;
  /** The same index read with one cache read's freshness. */
  withFreshness(freshness: Freshness): RepositoryInventory;
}

/** Default and largest number of hits one search returns. */
export const DEFAULT_INVENTORY_HITS = 20;
const MAX_INVENTORY_HITS = 200;
/** Bounds of a query: fuzzy matching explores every term within its edits, so long queries are cut. */
const MAX_QUERY_CHARS = 300;
const MAX_QUERY_TERMS = 12;

const COMBINING_MARKS = /\p{M}+/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/**
 * Words of a name or a text: camelCase split (`FranceConnect` -> `france`,
 * `connect`), accents removed, lower case, split on anything that is not a
 * letter or digit; one-letter words dropped.
 */
function toWords(text: string): string[] {
  return text
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .split(SEPARATORS)
    .filter((word) => word.length > 1);
}

/**
 * Search terms of a field. Names also index their words run together
 * (`france-connect` -> `franceconnect`), so that `FranceConnect`,
 * `france-connect` and `franceconnect` find one another; a short query gets
 * the same treatment. Descriptions keep plain words.
 */
function toTerms(text: string, field?: string): string[] {
  const words = toWords(text);
  const compactable = field === 'name' || field === 'owner' || (field === undefined && words.length > 1 && words.length <= 3);
  if (!compactable || words.length < 2) return words;
  return [...words, words.join('')];
}

function normaliseUrl(url: string): string {
  return url.trim().toLowerCase().replace(/\.git$/, '').replace(/\/+$/, '');
}

interface IndexedRow {
  readonly id: number;
  readonly name: string;
  readonly owner: string;
  readonly description: string;
}

/** Rows indexed between two yields to the event loop. */
const INDEX_CHUNK_ROWS = 1_000;

/**
 * Indexes the inventory's rows once: a full-text index over names (boost 4),
 * accounts (2) and descriptions (1), any word matching, terms of 5+
 * characters tolerating one typo; plus exact lookups by page URL and by
 * account. The index is kept as long as the cached inventory.
 *
 * Indexing the real inventory (tens of thousands of rows) takes a second or
 * two of CPU: it is done in chunks, yielding between them, so that requests
 * keep being answered meanwhile.
 */
export async function createInventoryIndex(repositories: readonly Repository[], skipped: number): Promise<InventoryIndex> {
  const search = new MiniSearch<IndexedRow>({
    fields: ['name', 'owner', 'description'],
    storeFields: [],
    tokenize: (text, field) => toTerms(text, field),
    processTerm: (term) => term,
    searchOptions: {
      boost: { name: 4, owner: 2, description: 1 },
      combineWith: 'OR',
      fuzzy: (term) => (term.length >= 5 && term.length <= 24 ? 0.2 : false),
      tokenize: (text) => toTerms(text),
      processTerm: (term) => term,
    },
  });
  await search.addAllAsync(repositories.map((repository, id) => ({
    id,
    name: repository.name,
    owner: repository.owner,
    description: repository.description ?? '',
  })), { chunkSize: INDEX_CHUNK_ROWS });

  const byUrl = new Map<string, number>();
  const byOwner = new Map<string, number[]>();
  repositories.forEach((repository, id) => {
    byUrl.set(normaliseUrl(repository.htmlUrl), id);
    byUrl.set(normaliseUrl(`https://${repository.platform}/${repository.fullName}`), id);
    const key = `${repository.platform}/${repository.owner}`.toLowerCase();
    const rows = byOwner.get(key);
    if (rows) rows.push(id);
    else byOwner.set(key, [id]);
  });

  return {
    repositories,
    skipped,
    withFreshness(freshness) {
      const read = (id: number): Repository => ({ ...(repositories[id] as Repository), ...freshness });
      return {
        ...freshness,
        size: repositories.length,
        skipped,
        search(query, limit = DEFAULT_INVENTORY_HITS) {
          const bounded = toWords(query.slice(0, MAX_QUERY_CHARS)).slice(0, MAX_QUERY_TERMS).join(' ');
          if (bounded === '') return { total: 0, hits: [] };
          const results = search.search(bounded);
          const hits: InventoryHit[] = results
            .slice(0, Math.max(1, Math.min(limit, MAX_INVENTORY_HITS)))
            .map((result) => ({ repository: read(result.id as number), relevance: result.score }));
          return { total: results.length, hits };
        },
        byUrl(url) {
          const id = byUrl.get(normaliseUrl(url));
          return id === undefined ? null : read(id);
        },
        byOwner(platform, owner) {
          return (byOwner.get(`${platform}/${owner}`.toLowerCase()) ?? []).map(read);
        },
      };
    },
  };
}
