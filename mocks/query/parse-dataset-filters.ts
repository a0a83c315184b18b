import {
  identifierErrorBody,
  UNAUTHORIZED_MESSAGE,
  validationErrorBody,
  type MessageBody,
} from '../http/error-bodies.js';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** Badge kinds a dataset may carry (udata `dataset/models.py`). */
const DATASET_BADGES = ['pivotal-data', 'spd', 'inspire', 'hvd', 'sl', 'sr'] as const;

export interface DatasetFilters {
  /** Raw `q`, or null when absent or blank. */
  readonly q: string | null;
  /** Every tag must be present. */
  readonly tags: readonly string[];
  readonly organization: string | null;
  readonly owner: string | null;
  readonly dataservice: string | null;
  readonly reuse: string | null;
  readonly license: string | null;
  /** Any resource with this format. */
  readonly format: string | null;
  readonly badge: string | null;
  readonly geozone: string | null;
  readonly granularity: string | null;
  readonly featured: boolean | null;
}

export type ParsedDatasetFilters =
  | { readonly ok: true; readonly filters: DatasetFilters }
  | { readonly ok: false; readonly status: number; readonly body: MessageBody };

function text(url: URL, name: string): string | null {
  const value = url.searchParams.get(name);
  return value === null || value.trim() === '' ? null : value;
}

function flag(raw: string | null): boolean | null {
  if (raw === null) return null;
  return ['true', '1', 'yes', 'on'].includes(raw.toLowerCase());
}

/**
 * The dataset filters of `/api/1/datasets/` and `/api/2/datasets/search/`,
 * with udata's refusals: id filters must be ObjectIds (an organization slug
 * gets 400), `badge` must be a known kind, and the archived/deleted/private
 * filters need an authenticated caller (401 for everyone else).
 */
export function parseDatasetFilters(url: URL): ParsedDatasetFilters {
  for (const restricted of ['archived', 'deleted', 'private']) {
    if (url.searchParams.has(restricted)) return { ok: false, status: 401, body: { message: UNAUTHORIZED_MESSAGE } };
  }
  const badge = text(url, 'badge');
  if (badge !== null && !(DATASET_BADGES as readonly string[]).includes(badge)) {
    return { ok: false, status: 400, body: validationErrorBody('badge', null, `The value '${badge}' is not a valid choice for 'badge'.`) };
  }
  const ids = {
    organization: text(url, 'organization'),
    owner: text(url, 'owner'),
    dataservice: text(url, 'dataservice'),
    reuse: text(url, 'reuse'),
  };
  const labels = { organization: 'Organization', owner: 'Owner', dataservice: 'Dataservice', reuse: 'Reuse' } as const;
  for (const name of ['organization', 'owner', 'dataservice', 'reuse'] as const) {
    const value = ids[name];
    if (value !== null && !OBJECT_ID.test(value)) return { ok: false, status: 400, body: identifierErrorBody(labels[name]) };
  }
  return {
    ok: true,
    filters: {
      q: text(url, 'q'),
      tags: url.searchParams.getAll('tag').filter((tag) => tag.trim() !== ''),
      ...ids,
      license: text(url, 'license'),
      format: text(url, 'format'),
      badge,
      geozone: text(url, 'geozone'),
      granularity: text(url, 'granularity'),
      featured: flag(url.searchParams.get('featured')),
    },
  };
}
