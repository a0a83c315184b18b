import { loadCatalogue } from '../mocks/catalogue.js';

export const POPULATION_ID = '53699d0ea3a729239d205b2e';

export const DATASET_QUERY = `{
  dataset(idOrSlug: "${POPULATION_ID}") { title organization { name } resources(first: 5) { totalCount } }
}`;

export const COMMITMENTS_QUERY = `{
  commitments(first: 100) {
    totalCount
    edges { node { key title status { state confidence stale dataset { id title } evidence { kind detail } } } }
  }
}`;

export interface AliasedLookups {
  readonly query: string;
  /** Distinct dataset ids asked for: each costs one upstream request when cold. */
  readonly distinctDatasets: number;
}

/** `count` aliased dataset lookups with their organizations, cycling over the emulated catalogue (ids repeat). */
export function aliasedDatasetLookups(count: number): AliasedLookups {
  const ids = [...loadCatalogue().datasets.byId.keys()];
  const asked = Array.from({ length: count }, (_, index) => ids[index % ids.length] as string);
  const fields = asked.map((id, index) => `d${index}: dataset(idOrSlug: "${id}") { id title deleted organization { id name } }`);
  return { query: `{\n${fields.join('\n')}\n}`, distinctDatasets: new Set(asked).size };
}

/** Distinct organization ids in an answer to `aliasedDatasetLookups`. */
export function distinctOrganizations(data: Record<string, unknown>): number {
  const ids = new Set<string>();
  for (const value of Object.values(data)) {
    const organization = (value as { organization?: { id?: unknown } | null } | null)?.organization;
    if (typeof organization?.id === 'string') ids.add(organization.id);
  }
  return ids.size;
}
