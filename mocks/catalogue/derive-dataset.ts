import { fillDatasetShape } from './fill-current-shape.js';
import { isJsonObject, type JsonObject, type JsonValue } from './payload-types.js';

export interface DerivedDataset {
  /** v1 payload: every real value kept, the rest listed in `extras['mock:derived-fields']`. */
  readonly payload: JsonObject;
  /** Count of community resources, from the real v2 `community_resources` link. */
  readonly communityResourcesTotal: number;
}

function relTotal(value: JsonValue | undefined): number {
  return isJsonObject(value) && typeof value['total'] === 'number' ? value['total'] : 0;
}

/**
 * Turns a real v2 search item (resources as a link) into a v1 detail payload
 * (resources inline). The real resources were never recorded, so the caller
 * supplies synthetic ones; the payload says which of its keys were made up.
 */
export function deriveDataset(v2Item: JsonObject, resources: readonly JsonValue[], source: string): DerivedDataset {
  // v1's default field mask has no community_resources; it only survives as a count for the v2 link.
  const { community_resources: communityResources, resources: _link, ...rest } = v2Item;
  const { payload, filled } = fillDatasetShape(rest);
  const extras = isJsonObject(payload['extras']) ? payload['extras'] : {};
  return {
    payload: {
      ...payload,
      resources,
      extras: {
        ...extras,
        'mock:derived-from': source,
        'mock:derived-fields': [...filled, 'resources'],
      },
    },
    communityResourcesTotal: relTotal(communityResources),
  };
}
