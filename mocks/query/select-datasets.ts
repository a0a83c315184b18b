import type { Catalogue, DatasetEntry } from '../catalogue.js';
import { isJsonObject, type DatasetPayload, type JsonValue } from '../catalogue/payload-types.js';
import type { ListArgs } from '../http/parse-list-args.js';
import type { DatasetFilters } from './parse-dataset-filters.js';
import { scoreWords, toQueryTerms } from './match-words.js';

/** Sort keys of `/api/1/datasets/` (udata 17). */
export const DATASET_LIST_SORTS = ['title', 'created', 'last_update', 'reuses', 'followers', 'views'] as const;
/** Sort keys of `/api/2/datasets/search/` (no `title`). */
export const DATASET_SEARCH_SORTS = ['created', 'last_update', 'reuses', 'followers', 'views'] as const;

export interface ScoredDataset {
  readonly entry: DatasetEntry;
  /** Text score for `q`; 0 without `q`. */
  readonly score: number;
}

function metric(dataset: DatasetPayload, key: string): number {
  const value: JsonValue | undefined = dataset.metrics[key];
  return typeof value === 'number' ? value : 0;
}

function stringField(dataset: DatasetPayload, key: string): string | null {
  const value = dataset[key];
  return typeof value === 'string' ? value : null;
}

/** Public listings hide archived, deleted and private datasets (udata `Dataset.objects.visible()`). */
export function isListed(dataset: DatasetPayload): boolean {
  return dataset.archived === null && dataset.deleted === null && !dataset.private;
}

function matches(entry: DatasetEntry, filters: DatasetFilters, catalogue: Catalogue): boolean {
  const dataset = entry.payload;
  if (filters.tags.some((tag) => !dataset.tags.includes(tag))) return false;
  if (filters.organization !== null && dataset.organization?.id !== filters.organization) return false;
  if (filters.owner !== null) {
    const owner = dataset['owner'];
    if (!isJsonObject(owner) || owner['id'] !== filters.owner) return false;
  }
  if (filters.dataservice !== null) {
    const service = catalogue.dataservices.byId.get(filters.dataservice);
    if (service === undefined || !service.datasetIds.includes(dataset.id)) return false;
  }
  if (filters.reuse !== null) {
    const reuse = catalogue.reuses.find((candidate) => candidate.payload.id === filters.reuse);
    if (reuse === undefined || !reuse.datasetIds.includes(dataset.id)) return false;
  }
  if (filters.license !== null && dataset.license !== filters.license) return false;
  if (filters.format !== null && !dataset.resources.some((resource) => resource.format === filters.format)) return false;
  if (filters.badge !== null && !dataset.badges.some((badge) => badge.kind === filters.badge)) return false;
  const spatial = dataset['spatial'];
  if (filters.geozone !== null) {
    const zones = isJsonObject(spatial) ? spatial['zones'] : null;
    if (!Array.isArray(zones) || !zones.includes(filters.geozone)) return false;
  }
  if (filters.granularity !== null && (!isJsonObject(spatial) || spatial['granularity'] !== filters.granularity)) return false;
  if (filters.featured !== null && (dataset['featured'] === true) !== filters.featured) return false;
  return true;
}

function compare(sort: NonNullable<ListArgs['sort']>): (a: ScoredDataset, b: ScoredDataset) => number {
  const value = (entry: DatasetEntry): string | number => {
    const dataset = entry.payload;
    switch (sort.key) {
      case 'title':
        return dataset.title;
      case 'created':
        // udata sorts on created_at_internal; created_at is its public face for non-harvested data.
        return dataset.created_at;
      case 'last_update':
        return dataset.last_update;
      default:
        return metric(dataset, sort.key);
    }
  };
  return (a, b) => {
    const left = value(a.entry);
    const right = value(b.entry);
    const order = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right), 'fr');
    return sort.descending ? -order : order;
  };
}

export interface SelectOptions {
  /** Organization listings keep archived and deleted datasets (udata does not filter them there). */
  readonly includeUnlisted?: boolean;
  /** Order when neither `sort` nor `q` is given. Default `-created`. */
  readonly defaultSort?: NonNullable<ListArgs['sort']> | 'popularity';
}

/**
 * Filters, scores and orders datasets like udata: `q` is an AND of words
 * over title, acronym and description; with `q` and no `sort` the order is
 * the text score; otherwise the requested or default sort.
 */
export function selectDatasets(
  catalogue: Catalogue,
  candidates: readonly DatasetEntry[],
  filters: DatasetFilters,
  sort: ListArgs['sort'],
  options: SelectOptions = {},
): ScoredDataset[] {
  const terms = filters.q === null ? null : toQueryTerms(filters.q);
  const selected: ScoredDataset[] = [];
  for (const entry of candidates) {
    if (!options.includeUnlisted && !isListed(entry.payload)) continue;
    if (entry.payload.private) continue;
    if (!matches(entry, filters, catalogue)) continue;
    let score = 0;
    if (terms !== null) {
      const dataset = entry.payload;
      score = scoreWords(terms, [
        { text: dataset.title, weight: 10 },
        { text: dataset.acronym ?? '', weight: 10 },
        { text: stringField(dataset, 'description') ?? '', weight: 1 },
      ]);
      if (score === 0) continue;
    }
    selected.push({ entry, score });
  }
  if (sort !== null) return selected.sort(compare(sort));
  if (terms !== null) return selected.sort((a, b) => b.score - a.score);
  const fallback = options.defaultSort ?? { key: 'created', descending: true };
  if (fallback === 'popularity') return selected.sort(compare({ key: 'views', descending: true }));
  return selected.sort(compare(fallback));
}
