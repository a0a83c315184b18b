import type {
  ContactPoint,
  Dataservice,
  Dataset,
  DatasetMetrics,
  DatasetQuality,
  Freshness,
  Organization,
  OrganizationRef,
  Page,
  Resource,
  ResourceAvailability,
  ResourceSchema,
  Reuse,
  SiteInfo,
  Spatial,
  TemporalCoverage,
  UserRef,
} from './model.js';
import {
  isRecord,
  isRelPayload,
  type DatagouvDataservicePayload,
  type DatagouvDatasetPayload,
  type DatagouvOrganizationPayload,
  type DatagouvPagePayload,
  type DatagouvResourcePayload,
  type DatagouvReusePayload,
  type DatagouvSitePayload,
} from './payload.js';
import { toIsoDate, toIsoDatetime } from './to-iso-datetime.js';
import { isObjectId } from './validate-input.js';
import { readBadges, readBoolean, readIdLike, readNumber, readRecord, readString, readStringArray } from './wire-readers.js';

/**
 * Wire payloads (guarded by `payload.ts`) to the domain model. Every field is
 * read defensively: a value of the wrong type is unknown (null), never a crash.
 */

function toOrganizationRef(value: unknown): OrganizationRef | null {
  const org = readRecord(value);
  const id = readString(org?.['id']);
  if (!org || id === null) return null;
  return {
    id,
    slug: readString(org['slug']),
    name: readString(org['name']),
    acronym: readString(org['acronym']),
    webUrl: readString(org['page']),
    logo: readString(org['logo']),
    badges: readBadges(org['badges']),
  };
}

function toUserRef(value: unknown): UserRef | null {
  const user = readRecord(value);
  const id = readString(user?.['id']);
  if (!user || id === null) return null;
  return {
    id,
    slug: readString(user['slug']),
    firstName: readString(user['first_name']),
    lastName: readString(user['last_name']),
    webUrl: readString(user['page']),
  };
}

function toContactPoint(value: unknown): ContactPoint | null {
  const contact = readRecord(value);
  if (!contact) return null;
  const point = {
    name: readString(contact['name']),
    email: readString(contact['email']),
    contactForm: readString(contact['contact_form']),
    role: readString(contact['role']),
  };
  return point.name === null && point.email === null && point.contactForm === null ? null : point;
}

/** `contact_points` since February 2025; before, a single `contact_point` (often null). */
function toContactPoints(payload: { readonly contact_points?: unknown; readonly contact_point?: unknown }): ContactPoint[] {
  const list: unknown[] = Array.isArray(payload.contact_points) ? payload.contact_points : [payload.contact_point];
  return list.map(toContactPoint).filter((point): point is ContactPoint => point !== null);
}

function toTemporalCoverage(value: unknown): TemporalCoverage | null {
  const coverage = readRecord(value);
  if (!coverage) return null;
  const start = toIsoDate(coverage['start']);
  const end = toIsoDate(coverage['end']);
  return start === null && end === null ? null : { start, end };
}

function toSpatial(value: unknown): Spatial | null {
  const spatial = readRecord(value);
  if (!spatial) return null;
  const zones = Array.isArray(spatial['zones']) ? spatial['zones'].map(readIdLike).filter((zone): zone is string => zone !== null) : [];
  return { zones, granularity: readIdLike(spatial['granularity']) };
}

function toDatasetMetrics(value: unknown): DatasetMetrics | null {
  const metrics = readRecord(value);
  if (!metrics) return null;
  return {
    views: readNumber(metrics['views']),
    followers: readNumber(metrics['followers']),
    reuses: readNumber(metrics['reuses']),
    discussions: readNumber(metrics['discussions']),
    resourcesDownloads: readNumber(metrics['resources_downloads']),
  };
}

function toDatasetQuality(value: unknown): DatasetQuality | null {
  const quality = readRecord(value);
  if (!quality) return null;
  return {
    score: readNumber(quality['score']),
    hasResources: readBoolean(quality['has_resources']),
    hasOpenFormat: readBoolean(quality['has_open_format']),
    allResourcesAvailable: readBoolean(quality['all_resources_available']),
    updateFulfilledInTime: readBoolean(quality['update_fulfilled_in_time']),
    licenseOk: readBoolean(quality['license']),
    temporalCoverageOk: readBoolean(quality['temporal_coverage']),
    spatialOk: readBoolean(quality['spatial']),
  };
}

/** From the availability probe's extras; null when the resource was never checked. */
function toAvailability(extras: unknown): ResourceAvailability | null {
  const record = readRecord(extras);
  if (!record) return null;
  const availability = {
    available: readBoolean(record['check:available']),
    status: readNumber(record['check:status']),
    checkedAt: toIsoDatetime(record['check:date']),
  };
  return availability.available === null && availability.status === null && availability.checkedAt === null ? null : availability;
}

/** null, `{}` and an all-null object all mean "no schema". */
function toResourceSchema(value: unknown): ResourceSchema | null {
  const schema = readRecord(value);
  if (!schema) return null;
  const result = { name: readString(schema['name']), version: readString(schema['version']), url: readString(schema['url']) };
  return result.name === null && result.version === null && result.url === null ? null : result;
}

function toChecksum(value: unknown): Resource['checksum'] {
  const checksum = readRecord(value);
  const type = readString(checksum?.['type']);
  const hash = readString(checksum?.['value']);
  return type === null || hash === null ? null : { type, value: hash };
}

/** Declared formats are free text: `" CSV "` and `"csv"` are the same format. */
function toFormat(value: unknown): string | null {
  const format = readString(value);
  return format === null ? null : format.trim().toLowerCase();
}

export function toResource(payload: DatagouvResourcePayload): Resource {
  return {
    id: payload.id,
    title: readString(payload.title),
    description: readString(payload.description),
    type: readString(payload.type),
    format: toFormat(payload.format),
    filetype: readString(payload.filetype),
    url: readString(payload.url),
    latestUrl: readString(payload.latest),
    filesize: readNumber(payload.filesize),
    mime: readString(payload.mime),
    checksum: toChecksum(payload.checksum),
    createdAt: toIsoDatetime(payload.created_at),
    lastModified: toIsoDatetime(payload.last_modified),
    availability: toAvailability(payload.extras),
    schema: toResourceSchema(payload.schema),
  };
}

function toInlineResources(value: unknown): Resource[] | null {
  if (!Array.isArray(value)) return null;
  // v1 embeds resources; one without an id cannot be referenced, so it is left out rather than failing the dataset.
  return value.filter((item): item is DatagouvResourcePayload => isRecord(item) && readString(item['id']) !== null).map(toResource);
}

/** v2 link total, or the v1 inline array's length. */
function toResourceCount(value: unknown): number | null {
  if (Array.isArray(value)) return value.length;
  if (isRelPayload(value)) return readNumber(value.total);
  return null;
}

export interface MapOverrides {
  /** Set when data.gouv.fr answered 410 Gone: the payload is the last copy known before deletion. */
  readonly deleted?: boolean;
}

export function toDataset(payload: DatagouvDatasetPayload, freshness: Freshness, overrides: MapOverrides = {}): Dataset {
  const internal = readRecord(payload.internal);
  const deletedAt = toIsoDatetime(payload.deleted);
  return {
    id: payload.id,
    slug: readString(payload.slug),
    title: readString(payload.title),
    acronym: readString(payload.acronym),
    description: readString(payload.description),
    webUrl: readString(payload.page),
    // udata's fixture generator drops created_at/last_modified and flattens `internal`; fall back to the internal dates.
    createdAt: toIsoDatetime(payload.created_at) ?? toIsoDatetime(internal?.['created_at_internal'] ?? payload.created_at_internal),
    lastModified: toIsoDatetime(payload.last_modified) ?? toIsoDatetime(internal?.['last_modified_internal'] ?? payload.last_modified_internal),
    lastUpdate: toIsoDatetime(payload.last_update),
    archivedAt: toIsoDatetime(payload.archived),
    deletedAt,
    deleted: overrides.deleted === true || deletedAt !== null,
    private: readBoolean(payload.private) ?? false,
    frequency: readIdLike(payload.frequency),
    frequencyDate: toIsoDatetime(payload.frequency_date),
    temporalCoverage: toTemporalCoverage(payload.temporal_coverage),
    spatial: toSpatial(payload.spatial),
    license: readIdLike(payload.license),
    tags: readStringArray(payload.tags),
    badges: readBadges(payload.badges),
    organization: toOrganizationRef(payload.organization),
    owner: toUserRef(payload.owner),
    contactPoints: toContactPoints(payload),
    inlineResources: toInlineResources(payload.resources),
    resourceCount: toResourceCount(payload.resources),
    metrics: toDatasetMetrics(payload.metrics),
    quality: toDatasetQuality(payload.quality),
    fetchedAt: freshness.fetchedAt,
    stale: freshness.stale,
    revalidating: freshness.revalidating,
  };
}

/** All that is known of an object deleted (410) before it was ever cached: what it was asked by. */
function toGonePayload(idOrSlug: string): { id: string; slug: string | null } {
  return { id: idOrSlug, slug: isObjectId(idOrSlug) ? null : idOrSlug };
}

/**
 * A dataset data.gouv.fr says is deleted (410) and that was never cached:
 * only the id or slug it was asked by is known.
 */
export function toGoneDataset(idOrSlug: string, freshness: Freshness): Dataset {
  return toDataset(toGonePayload(idOrSlug), freshness, { deleted: true });
}

export function toOrganization(payload: DatagouvOrganizationPayload, freshness: Freshness, overrides: MapOverrides = {}): Organization {
  const metrics = readRecord(payload.metrics);
  return {
    id: payload.id,
    slug: readString(payload.slug),
    name: readString(payload.name),
    acronym: readString(payload.acronym),
    description: readString(payload.description),
    webUrl: readString(payload.page),
    website: readString(payload.url),
    logo: readString(payload.logo),
    badges: readBadges(payload.badges),
    createdAt: toIsoDatetime(payload.created_at),
    deleted: overrides.deleted === true || toIsoDatetime(payload.deleted) !== null,
    metrics: metrics
      ? {
          datasets: readNumber(metrics['datasets']),
          reuses: readNumber(metrics['reuses']),
          followers: readNumber(metrics['followers']),
          views: readNumber(metrics['views']),
          dataservices: readNumber(metrics['dataservices']),
        }
      : null,
    fetchedAt: freshness.fetchedAt,
    stale: freshness.stale,
    revalidating: freshness.revalidating,
  };
}

export function toGoneOrganization(idOrSlug: string, freshness: Freshness): Organization {
  return toOrganization(toGonePayload(idOrSlug), freshness, { deleted: true });
}

export function toDataservice(payload: DatagouvDataservicePayload, freshness: Freshness, overrides: MapOverrides = {}): Dataservice {
  const deletedAt = toIsoDatetime(payload.deleted_at);
  return {
    id: payload.id,
    slug: readString(payload.slug),
    title: readString(payload.title),
    acronym: readString(payload.acronym),
    description: readString(payload.description),
    baseApiUrl: readString(payload.base_api_url),
    documentationUrl: readString(payload.machine_documentation_url) ?? readString(payload.technical_documentation_url),
    businessDocumentationUrl: readString(payload.business_documentation_url),
    webUrl: readString(payload.self_web_url),
    accessType: readString(payload.access_type),
    organization: toOrganizationRef(payload.organization),
    createdAt: toIsoDatetime(payload.created_at),
    // Dataservices name these `archived_at`/`deleted_at`, datasets `archived`/`deleted`.
    archivedAt: toIsoDatetime(payload.archived_at),
    deletedAt,
    deleted: overrides.deleted === true || deletedAt !== null,
    tags: readStringArray(payload.tags),
    contactPoints: toContactPoints(payload),
    datasetCount: toResourceCount(payload.datasets),
    fetchedAt: freshness.fetchedAt,
    stale: freshness.stale,
    revalidating: freshness.revalidating,
  };
}

export function toGoneDataservice(idOrSlug: string, freshness: Freshness): Dataservice {
  return toDataservice(toGonePayload(idOrSlug), freshness, { deleted: true });
}

export function toReuse(payload: DatagouvReusePayload): Reuse {
  return {
    id: payload.id,
    slug: readString(payload.slug),
    title: readString(payload.title),
    type: readString(payload.type),
    url: readString(payload.url),
    webUrl: readString(payload.page),
    createdAt: toIsoDatetime(payload.created_at),
    organization: toOrganizationRef(payload.organization),
  };
}

export function toSite(payload: DatagouvSitePayload, freshness: Freshness): SiteInfo {
  const metrics = readRecord(payload.metrics);
  return {
    title: readString(payload.title),
    version: readString(payload.version),
    datasetCount: readNumber(metrics?.['datasets']),
    dataserviceCount: readNumber(metrics?.['dataservices']),
    organizationCount: readNumber(metrics?.['organizations']),
    reuseCount: readNumber(metrics?.['reuses']),
    resourceCount: readNumber(metrics?.['resources']),
    fetchedAt: freshness.fetchedAt,
    stale: freshness.stale,
    revalidating: freshness.revalidating,
  };
}

export interface PageRequested {
  readonly page: number;
  readonly pageSize: number;
}

/**
 * A list envelope to a Page. The request fills in what the envelope omits;
 * `hasNextPage` trusts `next_page` when sent (v2 resources build it by hand).
 */
export function toPage<P, T>(payload: DatagouvPagePayload<P>, mapItem: (item: P) => T, freshness: Freshness, requested: PageRequested): Page<T> {
  const page = readNumber(payload.page) ?? requested.page;
  const pageSize = readNumber(payload.page_size) ?? requested.pageSize;
  const total = readNumber(payload.total) ?? payload.data.length;
  const hasNextPage = 'next_page' in payload ? readString(payload.next_page) !== null : page * pageSize < total;
  return {
    items: payload.data.map(mapItem),
    page,
    pageSize,
    total,
    hasNextPage,
    fetchedAt: freshness.fetchedAt,
    stale: freshness.stale,
    revalidating: freshness.revalidating,
  };
}
