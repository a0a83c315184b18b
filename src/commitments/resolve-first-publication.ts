import type { Dataservice, Dataset } from '../upstream/datagouv/model.js';
import { isDataservice } from './is-dataservice.js';
import type { Commitment, FirstPublication } from './model.js';
import { toParisDay } from './to-paris-day.js';

function dated(at: string | null, source: FirstPublication['source'], url: string | null, exact: boolean): FirstPublication | null {
  const day = toParisDay(at);
  return at !== null && day !== null ? { at, day, source, url, exact } : null;
}

/**
 * When what was promised was first published, and on what evidence: the
 * earliest of the record's sourced first listings, the dataset's creation,
 * and its earliest file's creation (harvested datasets are often re-created
 * after their files).
 *
 * An API's data.gouv.fr creation date is when it was listed there (every API
 * moved from api.gouv.fr is dated November 2024): it counts only as an upper
 * bound (`exact: false`), "published by then at the latest", which can show an
 * item on time or published before the announcement, never late.
 *
 * @param object the data.gouv.fr object resolved, or null when none was.
 * @returns null when no date is known at all.
 */
export function resolveFirstPublication(commitment: Commitment, object: Dataset | Dataservice | null): FirstPublication | null {
  const candidates: FirstPublication[] = [];
  for (const listing of commitment.firstListed) {
    const evidence = dated(listing.on, 'RECORD', listing.source, true);
    if (evidence) candidates.push(evidence);
  }
  if (object !== null && isDataservice(object)) {
    const listing = dated(object.createdAt, 'DATASERVICE_LISTING', object.webUrl, false);
    if (listing) candidates.push(listing);
  } else if (object !== null) {
    const created = dated(object.createdAt, 'DATASET', object.webUrl, true);
    if (created) candidates.push(created);
    for (const resource of object.inlineResources ?? []) {
      const file = dated(resource.createdAt, 'RESOURCE', resource.url ?? object.webUrl, true);
      if (file) candidates.push(file);
    }
  }
  // Earliest Paris day first; on the same day, exact evidence before a bound.
  const rank = (evidence: FirstPublication): string => `${evidence.day}${evidence.exact ? 0 : 1}`;
  return candidates.reduce<FirstPublication | null>((best, next) => (best === null || rank(next) < rank(best) ? next : best), null);
}
