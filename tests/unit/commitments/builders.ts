import type { Commitment, MatchingHints } from '../../../src/commitments/model.js';
import { parsePlannedPeriod } from '../../../src/commitments/parse-planned-period.js';
import type { Dataservice, Dataset, OrganizationRef, Resource } from '../../../src/upstream/datagouv/model.js';

/** Test builders: domain objects with neutral defaults, overridden per test. */

export function makeOrganization(overrides: Partial<OrganizationRef> = {}): OrganizationRef {
  return { id: '534fff8da3a7292c64a77eee', slug: null, name: null, acronym: null, webUrl: null, logo: null, badges: [], ...overrides };
}

export function makeResource(overrides: Partial<Resource> = {}): Resource {
  return {
    id: 'resource-1', title: null, description: null, type: 'main', format: 'csv', filetype: 'file',
    url: null, latestUrl: null, filesize: null, mime: null, checksum: null, createdAt: null,
    lastModified: null, availability: null, schema: null, ...overrides,
  };
}

export function makeDataset(overrides: Partial<Dataset> = {}): Dataset {
  return {
    id: 'dataset-1', slug: null, title: null, acronym: null, description: null, webUrl: null,
    createdAt: null, lastModified: null, lastUpdate: null, archivedAt: null, deletedAt: null,
    deleted: false, private: false, frequency: null, frequencyDate: null, temporalCoverage: null,
    spatial: null, license: null, tags: [], badges: [], organization: null, owner: null, contactPoints: [],
    inlineResources: null, resourceCount: null, metrics: null, quality: null,
    fetchedAt: '2024-01-01T00:00:00.000Z', stale: false, revalidating: false, ...overrides,
  };
}

export function makeDataservice(overrides: Partial<Dataservice> = {}): Dataservice {
  return {
    id: 'dataservice-1', slug: null, title: null, acronym: null, description: null, baseApiUrl: null,
    documentationUrl: null, businessDocumentationUrl: null, webUrl: null, accessType: null, organization: null, createdAt: null,
    archivedAt: null, deletedAt: null, deleted: false, tags: [], contactPoints: [], datasetCount: null,
    fetchedAt: '2024-01-01T00:00:00.000Z', stale: false, revalidating: false, ...overrides,
  };
}

/** A commitment; `plannedQuarter` is parsed like a record's. */
export function makeCommitment(
  overrides: Partial<Omit<Commitment, 'hints'>> & { plannedQuarter?: string | null; hints?: Partial<MatchingHints> } = {},
): Commitment {
  const { plannedQuarter = null, hints = {}, ...rest } = overrides;
  return {
    key: 'c999', source: 'LOCAL', title: 'Titre', kind: 'DATASET', ministry: null, ministryAsWritten: null, ministryOrigin: 'NONE', ministrySource: null, producer: null,
    plannedPeriod: parsePlannedPeriod(plannedQuarter), horizon: null, announcementSlug: 'release', announcedOn: '2021-04-29',
    membership: 'CONFIRMED_PRIMARY', confirmedInList: true, sources: [], notes: null, firstListed: [],
    ...rest,
    hints: {
      datasetIdOrSlug: null, dataserviceIdOrSlug: null, linkCertainty: 'CONFIRMED', organizationId: null,
      keywords: [], alternativeNames: [], identifiers: [], repositoryUrl: null, ...hints,
    },
  };
}
