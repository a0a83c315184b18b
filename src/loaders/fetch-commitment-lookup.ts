import { isDataservice } from '../commitments/is-dataservice.js';
import type { Commitment, CommitmentLookup } from '../commitments/model.js';
import { RESOLUTION_THRESHOLD } from '../commitments/resolve-commitment-status.js';
import { scoreCandidate } from '../commitments/score-candidate.js';
import { toSearchTerms } from '../commitments/search-terms.js';
import { isGatewayError } from '../errors/gateway-error.js';
import type { Dataservice, Dataset } from '../upstream/datagouv/model.js';
import type { UpstreamLoaders } from './create-loaders.js';

/** Search results scored per commitment; the best of them usually sits in the first few. */
export const COMMITMENT_SEARCH_PAGE_SIZE = 10;

/** Words kept when a full-title search finds nothing and is retried shorter. */
export const FALLBACK_SEARCH_WORDS = 3;

export interface CommitmentLookupDependencies {
  readonly loaders: UpstreamLoaders;
}

/**
 * Gathers the upstream evidence for one commitment (the I/O half of the
 * resolution; the judgement is `resolveCommitmentStatus`, which is pure):
 * the record's explicit link when it has one, otherwise a catalogue search,
 * whose best candidate is re-read in full (v1, with its files) so the verdict
 * can speak of formats and freshness. A failing upstream becomes an
 * UPSTREAM_FAILED lookup, never an exception.
 */
export async function fetchCommitmentLookup(commitment: Commitment, deps: CommitmentLookupDependencies): Promise<CommitmentLookup> {
  if (commitment.kind === 'SOURCE_CODE') return { kind: 'NOT_APPLICABLE' };
  try {
    const { datasetIdOrSlug, dataserviceIdOrSlug, organizationId } = commitment.hints;
    if (datasetIdOrSlug !== null || dataserviceIdOrSlug !== null) {
      const [dataset, dataservice] = await Promise.all([
        datasetIdOrSlug !== null ? deps.loaders.dataset.load(datasetIdOrSlug) : Promise.resolve(undefined),
        dataserviceIdOrSlug !== null ? deps.loaders.dataservice.load(dataserviceIdOrSlug) : Promise.resolve(undefined),
      ]);
      return {
        kind: 'EXPLICIT',
        ...(dataset !== undefined ? { dataset } : {}),
        ...(dataservice !== undefined ? { dataservice } : {}),
      };
    }

    const q = toSearchTerms(commitment);
    if (q === '') return { kind: 'SEARCH', candidates: [] };
    const search = (words: string) => {
      const request = { q: words, pageSize: COMMITMENT_SEARCH_PAGE_SIZE, ...(organizationId ? { organization: organizationId } : {}) };
      return commitment.kind === 'API' ? deps.loaders.searchDataservices.load(request) : deps.loaders.searchDatasets.load(request);
    };
    let page = await search(q);
    // A search that requires every word misses objects published under a
    // shorter or different title; the leading words are the commitment's core.
    const words = q.split(' ');
    if (page.items.length === 0 && words.length > FALLBACK_SEARCH_WORDS) {
      page = await search(words.slice(0, FALLBACK_SEARCH_WORDS).join(' '));
    }
    const candidates = await withFullBestDataset(commitment, page.items, deps.loaders);
    return { kind: 'SEARCH', candidates, fetchedAt: page.fetchedAt, stale: page.stale };
  } catch (error) {
    if (isGatewayError(error)) return { kind: 'UPSTREAM_FAILED', error: { code: error.code, message: error.message } };
    throw error;
  }
}

/**
 * Search hits carry no files; the one that will resolve the commitment is
 * replaced by its full record (cached, batched). If that read fails, the
 * search copy is kept: the verdict stays right, only less detailed.
 */
async function withFullBestDataset(
  commitment: Commitment,
  items: readonly (Dataset | Dataservice)[],
  loaders: UpstreamLoaders,
): Promise<(Dataset | Dataservice)[]> {
  const scored = items.map((item) => ({ item, score: scoreCandidate(commitment, item).score }));
  const best = scored.reduce<(typeof scored)[number] | null>((top, entry) => (top === null || entry.score > top.score ? entry : top), null);
  if (best === null || best.score < RESOLUTION_THRESHOLD || isDataservice(best.item)) return [...items];
  const full = await loaders.dataset.load(best.item.id).catch(() => null);
  return items.map((item) => (item === best.item && full !== null ? full : item));
}
