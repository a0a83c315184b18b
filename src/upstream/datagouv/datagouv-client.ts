import type { Dataservice, Dataset, Organization, Page, Resource, Reuse, SiteInfo } from './model.js';

/** Options every call accepts. */
export interface CallOptions {
  /**
   * Aborts the caller's wait only. A shared upstream request or cache refresh
   * started for this call keeps running for the other waiters.
   */
  readonly signal?: AbortSignal;
}

export interface PageRequest {
  /** 1-based page number. Default 1. */
  readonly page?: number;
  /** Default 20 (50 for dataset resources). */
  readonly pageSize?: number;
}

export interface DatasetListRequest extends PageRequest {
  readonly q?: string;
  /** Organization ObjectId (data.gouv.fr refuses slugs here). */
  readonly organization?: string;
  readonly tag?: string;
  /** `created`, `last_update`, `reuses`, `followers`, `views`, optionally prefixed with `-`. */
  readonly sort?: string;
  /** Datasets linked to this dataservice ObjectId (v1 list only). */
  readonly dataservice?: string;
}

export interface ResourceListRequest extends PageRequest {
  /** Exact resource type (`main`, `documentation`, ...). */
  readonly type?: string;
  /** Case-insensitive substring of the resource title. */
  readonly q?: string;
}

export interface DataserviceSearchRequest extends PageRequest {
  readonly q?: string;
  readonly organization?: string;
}

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** Whether the upstream is the real data.gouv.fr or the bundled emulation. */
export type UpstreamSource = 'LIVE' | 'MOCK';

/** One upstream host's health and traffic, as its client counts them (data.gouv.fr, or each code.gouv.fr host). */
export interface UpstreamHostCounters {
  readonly breakerState: BreakerState;
  readonly cacheEntries: number;
  readonly cacheBytes: number;
  readonly cacheHits: number;
  readonly cacheMisses: number;
  /** Answers served flagged stale because data.gouv.fr failed (among hits or misses). */
  readonly cacheStaleServes: number;
  /** Hits served past their TTL while a background refresh runs. */
  readonly cacheRevalidatingServes: number;
  /** Upstream HTTP calls made since start, by status (`200`, `404`, `NETWORK_ERROR`, `TIMEOUT`, ...). */
  readonly callsByStatus: Readonly<Record<string, number>>;
  /** The same calls by route template (`/1/datasets/:ref/`) and status. */
  readonly callsByRoute: readonly { readonly route: string; readonly status: string; readonly count: number }[];
  readonly lastError: { readonly code: string; readonly message: string; readonly at: string } | null;
}

export interface UpstreamStatusSnapshot extends UpstreamHostCounters {
  readonly baseUrl: string;
  readonly source: UpstreamSource;
}

/**
 * The one client of data.gouv.fr. Every method validates its path segments
 * before any network call (throws BadUserInputError), caches process-wide, and
 * throws UpstreamError (UPSTREAM_TIMEOUT, UPSTREAM_UNAVAILABLE,
 * UPSTREAM_BAD_PAYLOAD, UPSTREAM_BAD_REQUEST, UPSTREAM_CIRCUIT_OPEN) when the
 * upstream fails and no cached value can be served.
 *
 * A 404 is `null`; a 410 is an object with `deleted: true` (the last cached
 * copy when there is one, otherwise only its id or slug is known).
 */
export interface DatagouvClient {
  /** v1 dataset by id or slug (resources inline). */
  getDataset(idOrSlug: string, options?: CallOptions): Promise<Dataset | null>;
  /** v2 dataset by id or slug (resources as a link, `resourceCount` from the link total). */
  getDatasetV2(idOrSlug: string, options?: CallOptions): Promise<Dataset | null>;
  /** v2 paginated resources of a dataset. Null when the dataset does not exist. */
  listDatasetResources(idOrSlug: string, request?: ResourceListRequest, options?: CallOptions): Promise<Page<Resource> | null>;
  /** v1 dataset list (Mongo: `q` is an AND of words). */
  listDatasets(request?: DatasetListRequest, options?: CallOptions): Promise<Page<Dataset>>;
  /** v2 dataset search (search engine; page * pageSize must stay within 10 000). */
  searchDatasets(request?: DatasetListRequest, options?: CallOptions): Promise<Page<Dataset>>;
  getOrganization(idOrSlug: string, options?: CallOptions): Promise<Organization | null>;
  listOrganizationDatasets(idOrSlug: string, request?: PageRequest, options?: CallOptions): Promise<Page<Dataset> | null>;
  getDataservice(idOrSlug: string, options?: CallOptions): Promise<Dataservice | null>;
  /** v1 dataservice list filtered by `q` and `organization`. */
  searchDataservices(request?: DataserviceSearchRequest, options?: CallOptions): Promise<Page<Dataservice>>;
  listDatasetReuses(datasetId: string, request?: PageRequest, options?: CallOptions): Promise<Page<Reuse>>;
  getSite(options?: CallOptions): Promise<SiteInfo>;
  /**
   * A file published on data.gouv.fr (a resource's `url` or `latestUrl`), as text,
   * through the same timeouts, breaker and cache. Only data.gouv.fr hosts are allowed.
   */
  fetchResourceText(url: string, options?: CallOptions): Promise<{ readonly text: string; readonly fetchedAt: string; readonly stale: boolean }>;
  status(): UpstreamStatusSnapshot;
  /** The client's clock, in milliseconds since the epoch: answers' `fetchedAt` are read on it. */
  now(): number;
  /**
   * Until when (client clock, ms) an answer with this `fetchedAt` stays fresh in
   * the client's cache: fetchedAt + TTL, or + the 404/410 TTL for a deleted object.
   * Past it the client refreshes it, so nothing built from it should outlive it.
   */
  freshUntil(answer: { readonly fetchedAt: string; readonly deleted?: boolean }): number;
  /** Just `status().source`, without building the snapshot: read for every object served. */
  source(): UpstreamSource;
  /** Closes the connection pool the client created itself (not an injected dispatcher). */
  close(): Promise<void>;
}
