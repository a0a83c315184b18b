import type { DatasetEntry } from '../catalogue.js';
import type { JsonObject } from '../catalogue/payload-types.js';
import { CANONICAL_API_BASE } from '../http/canonical-urls.js';

/** udata's Rel link (`{rel, href, type, total}`), used by v2 for sub-collections. */
export function toRel(href: string, total: number): JsonObject {
  return { href, rel: 'subsection', total, type: 'GET' };
}

/**
 * The v2 shape of a dataset: resources and community resources become links
 * (resources to the v2 paginated route, community resources to the v1 one,
 * both with `page=1&page_size=50`), and v1's `schema` is not part of it.
 * URLs are canonical; the route context moves them to where the mock runs.
 */
export function toDatasetV2(entry: DatasetEntry): JsonObject {
  const { resources, schema: _schema, ...rest } = entry.payload;
  const id = entry.payload.id;
  return {
    ...rest,
    community_resources: toRel(
      `${CANONICAL_API_BASE}/1/datasets/community_resources/?dataset=${id}&page=1&page_size=50`,
      entry.communityResourcesTotal,
    ),
    resources: toRel(`${CANONICAL_API_BASE}/2/datasets/${id}/resources/?page=1&page_size=50`, resources.length),
  };
}
