import type { DatasetEntry } from '../catalogue.js';
import { DATASET_SLUG_HINT_RULES, goneBody, notFoundBody } from '../http/error-bodies.js';
import { redirectResponse } from '../http/redirect-response.js';
import { lookupPathSegment } from './lookup-path-segment.js';
import type { RouteContext } from './route-context.js';

const OBJECT_ID = /^[0-9a-f]{24}$/;

export type FoundDataset = { readonly entry: DatasetEntry; readonly response?: undefined } | { readonly response: Response };

export interface FindDatasetOptions {
  /** API version of the route, for the redirect target. */
  readonly version: 1 | 2;
  /** Path after `<dataset>/`, kept in the redirect (`resources/`). */
  readonly suffix?: string;
  /**
   * Whether a miss by slug carries the flask-restx "did you mean" hint, as
   * production's v1 detail route was recorded doing (a miss by ObjectId did not).
   */
  readonly hintOnSlugMiss?: boolean;
}

/** The 404 of a dataset route for a segment that names no visible dataset. */
export function datasetNotFound(context: RouteContext, segment: string, url: URL, options: Pick<FindDatasetOptions, 'hintOnSlugMiss'>): Response {
  const hint = options.hintOnSlugMiss === true && !OBJECT_ID.test(segment) ? { path: url.pathname, rules: DATASET_SLUG_HINT_RULES } : undefined;
  return context.json(notFoundBody(hint), 404);
}

/** udata's dataset path converter plus the detail route's checks: 404, 308, 410 (private reads as 404). */
export function findDataset(context: RouteContext, segment: string, url: URL, options: FindDatasetOptions): FoundDataset {
  const lookup = lookupPathSegment(context.catalogue.datasets, segment);
  if (lookup.kind === 'missing' || lookup.entry.payload.private) return { response: datasetNotFound(context, segment, url, options) };
  if (lookup.kind === 'redirect') {
    const root = new URL(context.apiBase).pathname;
    return { response: redirectResponse(`${root}/${options.version}/datasets/${lookup.entry.payload.slug}/${options.suffix ?? ''}`) };
  }
  if (lookup.entry.payload.deleted !== null) return { response: context.json(goneBody('Dataset'), 410) };
  return { entry: lookup.entry };
}
