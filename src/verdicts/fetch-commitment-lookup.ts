import { isDataservice } from '../commitments/is-dataservice.js';
import type { Commitment, CommitmentLookup, LinkedRead, SearchMade } from '../commitments/model.js';
import { RESOLUTION_THRESHOLD, toCollectionKey, toObjectKey } from '../commitments/rank-claims.js';
import { scoreCandidate } from '../commitments/score-candidate.js';
import { toSearchQueries } from '../commitments/search-terms.js';
import { isGatewayError } from '../errors/gateway-error.js';
import type { Dataservice, Dataset, Page } from '../upstream/datagouv/model.js';
import type { UpstreamLoaders } from '../loaders/upstream-loaders.js';

/** Search results scored per commitment and query; the best of them usually sits in the first few. */
export const COMMITMENT_SEARCH_PAGE_SIZE = 10;

/** Words kept when a full-title search finds nothing and is retried shorter. */
export const FALLBACK_SEARCH_WORDS = 3;

/** The object of a commitment's last verdict, to re-read even when no search brings it back. */
export interface RememberedObject {
  readonly collection: 'datasets' | 'dataservices';
  readonly id: string;
  /** Its title when it was found, to recognise it re-created under another id. */
  readonly title?: string | null;
}

export interface CommitmentLookupDependencies {
  readonly loaders: UpstreamLoaders;
  /** The object the last verdict resolved, if any. */
  readonly remembered?: RememberedObject | null;
}

/**
 * Gathers the upstream evidence for one commitment (the I/O half of the
 * resolution; the judgement is pure, in `commitments/`):
 * - the record's explicit links;
 * - when it has none, or they are dead, searches for its title and each
 *   alternative name in both catalogues (a dataset may be published as an API
 *   and the reverse), the best dataset hit re-read in full for its files;
 * - the object of its last verdict, re-read when the rest did not bring it
 *   back, so that one found by search and later deleted shows as withdrawn.
 * A failing upstream becomes an UPSTREAM_FAILED lookup, never an exception.
 */
export async function fetchCommitmentLookup(commitment: Commitment, deps: CommitmentLookupDependencies): Promise<CommitmentLookup> {
  if (commitment.kind === 'SOURCE_CODE') return { kind: 'NOT_APPLICABLE' };
  try {
    const { datasetIdOrSlug, dataserviceIdOrSlug } = commitment.hints;
    const linked: LinkedRead[] = await Promise.all([
      ...(datasetIdOrSlug !== null
        ? [deps.loaders.dataset.load(datasetIdOrSlug).then((object) => ({ collection: 'datasets' as const, idOrSlug: datasetIdOrSlug, object }))]
        : []),
      ...(dataserviceIdOrSlug !== null
        ? [deps.loaders.dataservice.load(dataserviceIdOrSlug).then((object) => ({ collection: 'dataservices' as const, idOrSlug: dataserviceIdOrSlug, object }))]
        : []),
    ]);

    const searches: SearchMade[] = [];
    let found: (Dataset | Dataservice)[] = [];
    let oldest: string | undefined;
    let stale = false;
    if (linked.every((read) => read.object === null)) {
      const pages = await searchEverywhere(commitment, deps.loaders, searches);
      for (const page of pages) {
        if (oldest === undefined || page.fetchedAt < oldest) oldest = page.fetchedAt;
        stale ||= page.stale;
      }
      found = await withFullBestDataset(commitment, pages.flatMap((page) => page.items), deps.loaders);
      // Pages settle in any order; the evidence lists them in a stable one.
      searches.sort((a, b) => a.catalogue.localeCompare(b.catalogue) || a.query.localeCompare(b.query, 'fr'));
    }

    const remembered = deps.remembered ?? null;
    const rememberedKey = remembered === null ? null : toCollectionKey(remembered.collection, remembered.id);
    const seen = [...linked.map((read) => read.object), ...found].some((object) => object !== null && toObjectKey(object) === rememberedKey);
    const rememberedRead = remembered === null || seen ? null : {
      ...remembered,
      object: remembered.collection === 'datasets'
        ? await deps.loaders.dataset.load(remembered.id)
        : await deps.loaders.dataservice.load(remembered.id),
    };

    return {
      kind: 'FETCHED',
      linked,
      found,
      remembered: rememberedRead,
      searches,
      ...(oldest !== undefined ? { fetchedAt: oldest } : {}),
      stale,
    };
  } catch (error) {
    if (isGatewayError(error)) return { kind: 'UPSTREAM_FAILED', error: { code: error.code, message: error.message } };
    throw error;
  }
}

/** Each query in both catalogues (the promised kind's first), retried shorter in the promised kind's when it finds nothing. */
async function searchEverywhere(
  commitment: Commitment,
  loaders: UpstreamLoaders,
  searches: SearchMade[],
): Promise<Page<Dataset | Dataservice>[]> {
  const organization = commitment.hints.organizationId;
  const catalogues = commitment.kind === 'API' ? (['DATASERVICES', 'DATASETS'] as const) : (['DATASETS', 'DATASERVICES'] as const);
  const search = async (catalogue: SearchMade['catalogue'], q: string): Promise<Page<Dataset | Dataservice>> => {
    const request = { q, pageSize: COMMITMENT_SEARCH_PAGE_SIZE, ...(organization ? { organization } : {}) };
    const page: Page<Dataset | Dataservice> = catalogue === 'DATASERVICES'
      ? await loaders.searchDataservices.load(request)
      : await loaders.searchDatasets.load(request);
    searches.push({ catalogue, query: q, total: page.total, examined: page.items.length });
    return page;
  };
  return Promise.all(
    toSearchQueries(commitment).flatMap((q) =>
      catalogues.map(async (catalogue) => {
        const page = await search(catalogue, q);
        // A search that requires every word misses objects published under a
        // shorter or different title; the leading words are the commitment's
        // core. Retried in the promised kind's catalogue only: the other one is
        // a cross-check, not worth a second call.
        const words = q.split(' ');
        if (page.items.length > 0 || words.length <= FALLBACK_SEARCH_WORDS || catalogue !== catalogues[0]) return page;
        return search(catalogue, words.slice(0, FALLBACK_SEARCH_WORDS).join(' '));
      }),
    ),
  );
}

/**
 * Search hits carry no files; the dataset most likely to resolve the
 * commitment is replaced by its full record (cached, batched). If that read
 * fails, the search copy is kept: the verdict stays right, only less detailed.
 */
async function withFullBestDataset(
  commitment: Commitment,
  items: readonly (Dataset | Dataservice)[],
  loaders: UpstreamLoaders,
): Promise<(Dataset | Dataservice)[]> {
  const unique = [...new Map(items.map((item) => [toObjectKey(item), item])).values()];
  const scored = unique.map((item) => ({ item, score: scoreCandidate(commitment, item).score }));
  const best = scored.reduce<(typeof scored)[number] | null>((top, entry) => (top === null || entry.score > top.score ? entry : top), null);
  if (best === null || best.score < RESOLUTION_THRESHOLD || isDataservice(best.item)) return unique;
  const full = await loaders.dataset.load(best.item.id).catch(() => null);
  return unique.map((item) => (item === best.item && full !== null ? full : item));
}
