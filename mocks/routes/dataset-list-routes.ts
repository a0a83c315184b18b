import type { DatasetEntry } from '../catalogue.js';
import { notFoundBody } from '../http/error-bodies.js';
import { slicePage, toPageEnvelope } from '../http/page-envelope.js';
import { parseListArgs } from '../http/parse-list-args.js';
import { parseDatasetFilters } from '../query/parse-dataset-filters.js';
import { toSearchFacets } from '../query/search-facets.js';
import { DATASET_LIST_SORTS, DATASET_SEARCH_SORTS, selectDatasets } from '../query/select-datasets.js';
import { toDatasetV2 } from '../query/to-dataset-v2.js';
import type { Route, RouteContext, RouteRequest } from './route-context.js';

/** Lists default to 20 per page. */
const LIST_PAGE_SIZE = 20;
/** The search engine refuses `page * page_size` above this (udata 17 `search/query.py`). */
const SEARCH_WINDOW = 10_000;

/** `/api/1/datasets/`, `/api/2/datasets/` (Mongo lists) and `/api/2/datasets/search/` (search engine). */
export function createDatasetListRoutes(context: RouteContext): Route[] {
  const api = context.apiBase;

  // Mongo-backed lists: page past the end (page ≠ 1, nothing left) is a 404 (flask-mongoengine paginate).
  const mongoList = (shape: (entry: DatasetEntry) => unknown) => (input: RouteRequest): Response => {
    const parsed = parseListArgs(input.url, { defaultPageSize: LIST_PAGE_SIZE, sortKeys: DATASET_LIST_SORTS });
    if (!parsed.ok) return context.json(parsed.body, 400);
    const filters = parseDatasetFilters(input.url);
    if (!filters.ok) return context.json(filters.body, filters.status);
    const { page, pageSize, sort } = parsed.args;
    const selected = selectDatasets(context.catalogue, context.catalogue.datasets.all, filters.filters, sort);
    const items = slicePage(selected, page, pageSize);
    if (items.length === 0 && page !== 1) return context.json(notFoundBody(), 404);
    return context.json(toPageEnvelope(items.map((item) => shape(item.entry)), { url: input.url, page, pageSize, total: selected.length }));
  };

  const search = (input: RouteRequest): Response => {
    const parsed = parseListArgs(input.url, { defaultPageSize: LIST_PAGE_SIZE, sortKeys: DATASET_SEARCH_SORTS });
    if (!parsed.ok) return context.json(parsed.body, 400);
    const { page, pageSize, sort } = parsed.args;
    if (page * pageSize > SEARCH_WINDOW) {
      return context.json({ message: `Result window is too large: page * page_size must be less than or equal to ${SEARCH_WINDOW}, got ${page * pageSize}` }, 400);
    }
    const filters = parseDatasetFilters(input.url);
    if (!filters.ok) return context.json(filters.body, filters.status);
    // Without q or sort the engine ranks by popularity boosters; views stand in for them.
    const selected = selectDatasets(context.catalogue, context.catalogue.datasets.all, filters.filters, sort, { defaultSort: 'popularity' });
    // The engine caps hit counts at the window size; past the end is an empty 200.
    const total = Math.min(selected.length, SEARCH_WINDOW);
    const envelope = toPageEnvelope(slicePage(selected, page, pageSize).map((item) => toDatasetV2(item.entry)), { url: input.url, page, pageSize, total });
    return context.json({
      ...envelope,
      facets: toSearchFacets(context.catalogue, selected.map((item) => item.entry), context.now()),
    });
  };

  return [
    { pattern: `${api}/1/datasets/`, resolve: mongoList((entry) => entry.payload) },
    { pattern: `${api}/2/datasets/search/`, resolve: search },
    { pattern: `${api}/2/datasets/`, resolve: mongoList(toDatasetV2) },
  ];
}
