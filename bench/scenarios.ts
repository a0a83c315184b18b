import { aliasedDatasetLookups, COMMITMENTS_QUERY, DATASET_QUERY } from './bench-queries.js';
import type { Scenario } from './run-scenario.js';

export const ALIASED_LOOKUPS = 50;
const COLD_SAMPLES = 5;

export const datasetScenario: Scenario = {
  name: 'dataset + organization + resources',
  query: DATASET_QUERY,
  coldSamples: COLD_SAMPLES,
  warmRequests: 200,
  problemWith: (data) => {
    const dataset = data['dataset'] as { title?: unknown; resources?: { totalCount?: unknown } } | null;
    if (dataset?.title !== 'Population') return `unexpected dataset ${JSON.stringify(dataset)}`;
    return typeof dataset.resources?.totalCount === 'number' ? null : 'no resource count';
  },
};

export const commitmentsScenario: Scenario = {
  name: 'all commitments with status',
  query: COMMITMENTS_QUERY,
  coldSamples: COLD_SAMPLES,
  warmRequests: 100,
  problemWith: (data) => {
    const connection = data['commitments'] as { totalCount?: unknown; edges?: unknown[] } | undefined;
    if (typeof connection?.totalCount !== 'number' || connection.totalCount === 0) return 'no commitments';
    return connection.edges?.length === connection.totalCount ? null : `${connection.edges?.length} edges for ${connection.totalCount}`;
  },
};

const aliased = aliasedDatasetLookups(ALIASED_LOOKUPS);
export const aliasedDistinctDatasets = aliased.distinctDatasets;

export const aliasedScenario: Scenario = {
  name: `${ALIASED_LOOKUPS} aliased datasets + organizations`,
  query: aliased.query,
  coldSamples: COLD_SAMPLES,
  warmRequests: 100,
  problemWith: (data) => (Object.keys(data).length === ALIASED_LOOKUPS ? null : `${Object.keys(data).length} aliases answered`),
};
