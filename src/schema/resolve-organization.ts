import type { GraphQLResolveInfo } from 'graphql';
import type { Freshness, Organization, OrganizationRef } from '../upstream/datagouv/model.js';
import type { GatewayContext } from './context.js';
import { selectedFieldNames } from './selected-field-names.js';

/**
 * Organization fields that data.gouv.fr already embeds in a dataset, API or
 * reuse answer (GraphQL names). A selection within them needs no second call.
 */
const EMBEDDED_FIELDS: ReadonlySet<string> = new Set([
  '__typename', 'id', 'slug', 'name', 'acronym', 'url', 'logo', 'badges', 'fetchedAt', 'stale', 'revalidating', 'source',
]);

/**
 * The publisher of an object read from data.gouv.fr: built from the copy
 * embedded in that object's answer when the query asks only for what it holds
 * (it came with the parent, so it is as fresh as the parent), fetched in full
 * (batched, cached) otherwise.
 */
export function resolveOrganization(
  ref: OrganizationRef | null,
  parent: Freshness,
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Organization | Promise<Organization | null> | null {
  if (ref === null) return null;
  const wanted = selectedFieldNames(info);
  if ([...wanted].every((name) => EMBEDDED_FIELDS.has(name))) {
    return {
      ...ref,
      description: null, website: null, createdAt: null, deleted: false, metrics: null,
      fetchedAt: parent.fetchedAt, stale: parent.stale, revalidating: parent.revalidating,
    };
  }
  return context.loaders.organization.load(ref.id);
}
