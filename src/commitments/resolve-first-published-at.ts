import type { Dataservice, Dataset } from '../upstream/datagouv/model.js';
import { isDataservice } from './is-dataservice.js';

function instant(value: string | null): number | null {
  if (!value) return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/**
 * When the object was first published: the dataset's `createdAt`, or the
 * earliest resource `createdAt` when earlier (harvested datasets are often
 * re-created upstream after their files) or when `createdAt` is missing.
 * A dataservice's `createdAt`.
 *
 * @returns the ISO-8601 string as received, or null when no date is known.
 */
export function resolveFirstPublishedAt(object: Dataset | Dataservice): string | null {
  let best: string | null = instant(object.createdAt) === null ? null : object.createdAt;
  if (isDataservice(object)) return best;
  for (const resource of object.inlineResources ?? []) {
    const candidate = instant(resource.createdAt);
    if (candidate === null) continue;
    const current = instant(best);
    if (current === null || candidate < current) best = resource.createdAt;
  }
  return best;
}
