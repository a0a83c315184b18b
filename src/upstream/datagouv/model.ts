/**
 * Domain model of data.gouv.fr objects, camelCase, mapped once from the wire
 * payloads (`payload.ts`) by `map.ts`. Nothing here is snake_case.
 *
 * Nullable fields are null when the upstream sends null or omits them, and, for
 * a deleted object that was never cached, when nothing is known but its id.
 */

/** Where an upstream-backed value came from and how old it is. */
export interface Freshness {
  /** When the gateway received this value from data.gouv.fr, ISO-8601. */
  readonly fetchedAt: string;
  /** True when served from cache past its freshness because the upstream failed. */
  readonly stale: boolean;
  /**
   * True when served from cache past its TTL while a background refresh runs
   * (the upstream has not failed): still the latest answer data.gouv.fr gave.
   */
  readonly revalidating: boolean;
}

export interface OrganizationRef {
  readonly id: string;
  readonly slug: string | null;
  readonly name: string | null;
  readonly acronym: string | null;
  readonly webUrl: string | null;
  readonly logo: string | null;
  readonly badges: readonly string[];
}

export interface UserRef {
  readonly id: string;
  readonly slug: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly webUrl: string | null;
}

/** Who answers questions about a dataset or an API. */
export interface ContactPoint {
  readonly name: string | null;
  readonly email: string | null;
  /** Web contact form, when the producer prefers one to an address. */
  readonly contactForm: string | null;
  /** `contact`, `publisher`, `creator`, ... */
  readonly role: string | null;
}

export interface TemporalCoverage {
  /** Date only, `YYYY-MM-DD`. */
  readonly start: string | null;
  /** Date only, `YYYY-MM-DD`, or null for an open coverage. */
  readonly end: string | null;
}

export interface Spatial {
  readonly zones: readonly string[];
  readonly granularity: string | null;
}

export interface DatasetMetrics {
  readonly views: number | null;
  readonly followers: number | null;
  readonly reuses: number | null;
  readonly discussions: number | null;
  readonly resourcesDownloads: number | null;
}

export interface DatasetQuality {
  /** data.gouv.fr's own quality score in [0, 1]. */
  readonly score: number | null;
  readonly hasResources: boolean | null;
  readonly hasOpenFormat: boolean | null;
  readonly allResourcesAvailable: boolean | null;
  readonly updateFulfilledInTime: boolean | null;
  readonly licenseOk: boolean | null;
  readonly temporalCoverageOk: boolean | null;
  readonly spatialOk: boolean | null;
}

export interface ResourceChecksum {
  readonly type: string;
  readonly value: string;
}

/** Result of data.gouv.fr's periodic availability probe (`check:*` extras). */
export interface ResourceAvailability {
  readonly available: boolean | null;
  readonly status: number | null;
  readonly checkedAt: string | null;
}

export interface ResourceSchema {
  readonly name: string | null;
  readonly version: string | null;
  readonly url: string | null;
}

export interface Resource {
  readonly id: string;
  readonly title: string | null;
  readonly description: string | null;
  /** `main`, `documentation`, `update`, `api`, `code`, `other`. */
  readonly type: string | null;
  /** Free text as declared (`csv`, `csv,dbase`, `esri shapefile (shp)`), lower-cased and trimmed. */
  readonly format: string | null;
  /** `file` (hosted) or `remote`. */
  readonly filetype: string | null;
  readonly url: string | null;
  /** Stable redirect to the latest version of the file. */
  readonly latestUrl: string | null;
  readonly filesize: number | null;
  readonly mime: string | null;
  readonly checksum: ResourceChecksum | null;
  readonly createdAt: string | null;
  readonly lastModified: string | null;
  readonly availability: ResourceAvailability | null;
  readonly schema: ResourceSchema | null;
}

export interface Dataset extends Freshness {
  readonly id: string;
  readonly slug: string | null;
  readonly title: string | null;
  readonly acronym: string | null;
  readonly description: string | null;
  /** Public web page on data.gouv.fr. */
  readonly webUrl: string | null;
  readonly createdAt: string | null;
  /** Metadata change date. */
  readonly lastModified: string | null;
  /** Data change date (data freshness). */
  readonly lastUpdate: string | null;
  readonly archivedAt: string | null;
  readonly deletedAt: string | null;
  /** True when data.gouv.fr answered 410 Gone or the record carries a deletion date. */
  readonly deleted: boolean;
  readonly private: boolean;
  /** Update frequency id (`annual`, `monthly`, `unknown`, ...). */
  readonly frequency: string | null;
  /** Next expected update as declared by the producer. */
  readonly frequencyDate: string | null;
  readonly temporalCoverage: TemporalCoverage | null;
  readonly spatial: Spatial | null;
  readonly license: string | null;
  readonly tags: readonly string[];
  readonly badges: readonly string[];
  readonly organization: OrganizationRef | null;
  readonly owner: UserRef | null;
  /** From `contact_points` (since 2025) or the older single `contact_point`; empty when none. */
  readonly contactPoints: readonly ContactPoint[];
  /** v1 payloads embed every resource; v2 payloads only link to them (null here). */
  readonly inlineResources: readonly Resource[] | null;
  /** Total number of resources when known (v2 link total, or v1 inline count). */
  readonly resourceCount: number | null;
  readonly metrics: DatasetMetrics | null;
  readonly quality: DatasetQuality | null;
}

export interface OrganizationMetrics {
  readonly datasets: number | null;
  readonly reuses: number | null;
  readonly followers: number | null;
  readonly views: number | null;
  readonly dataservices: number | null;
}

export interface Organization extends Freshness {
  readonly id: string;
  readonly slug: string | null;
  readonly name: string | null;
  readonly acronym: string | null;
  readonly description: string | null;
  /** Public web page on data.gouv.fr. */
  readonly webUrl: string | null;
  /** The organization's own web site, when declared. */
  readonly website: string | null;
  readonly logo: string | null;
  readonly badges: readonly string[];
  readonly createdAt: string | null;
  readonly deleted: boolean;
  readonly metrics: OrganizationMetrics | null;
}

export interface Dataservice extends Freshness {
  readonly id: string;
  readonly slug: string | null;
  readonly title: string | null;
  readonly acronym: string | null;
  readonly description: string | null;
  readonly baseApiUrl: string | null;
  /** Machine documentation (OpenAPI) or else technical documentation. */
  readonly documentationUrl: string | null;
  /** The API's page for people (for APIs moved from api.gouv.fr, often their api.gouv.fr page). */
  readonly businessDocumentationUrl: string | null;
  readonly webUrl: string | null;
  /** `open`, `open_with_account`, `restricted`. */
  readonly accessType: string | null;
  readonly organization: OrganizationRef | null;
  readonly createdAt: string | null;
  readonly archivedAt: string | null;
  readonly deletedAt: string | null;
  readonly deleted: boolean;
  readonly tags: readonly string[];
  readonly contactPoints: readonly ContactPoint[];
  /** Number of linked datasets when the payload says so. */
  readonly datasetCount: number | null;
}

export interface Reuse {
  readonly id: string;
  readonly slug: string | null;
  readonly title: string | null;
  readonly type: string | null;
  readonly url: string | null;
  readonly webUrl: string | null;
  readonly createdAt: string | null;
  readonly organization: OrganizationRef | null;
}

export interface SiteInfo extends Freshness {
  readonly title: string | null;
  /** udata release running upstream. */
  readonly version: string | null;
  readonly datasetCount: number | null;
  readonly dataserviceCount: number | null;
  readonly organizationCount: number | null;
  readonly reuseCount: number | null;
  readonly resourceCount: number | null;
}

/** One page of an upstream list, with honest totals. */
export interface Page<T> extends Freshness {
  readonly items: readonly T[];
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
  /** As reported by the upstream; search totals are capped at 10 000 upstream. */
  readonly total: number;
  readonly hasNextPage: boolean;
}
