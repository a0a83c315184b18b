/**
 * The domain of code.gouv.fr as the gateway uses it: public-sector source
 * repositories, read from the inventory and from the per-repository API.
 * Wire shapes (`payload.ts`) are mapped once (`map.ts`) into these.
 */
import type { CallOptions, UpstreamHostCounters, UpstreamSource } from '../datagouv/datagouv-client.js';
import type { Freshness } from '../datagouv/model.js';

export interface Repository extends Freshness {
  /** `owner/name` as the forge spells it (`france-connect/sources`); GitLab groups may nest. */
  readonly fullName: string;
  /** The account's login (`france-connect`). */
  readonly owner: string;
  /** The account's page on its forge (`https://github.com/france-connect`). */
  readonly ownerUrl: string;
  /** The last segment of `fullName`. */
  readonly name: string;
  /** The forge's host name (`github.com`, `gitlab.com`). */
  readonly platform: string;
  /** The host as the ecosyste.ms API names it in its paths (`GitHub`, `gitlab.com`). */
  readonly host: string;
  readonly description: string | null;
  /** Null when the source did not say. */
  readonly archived: boolean | null;
  /** True for a copy of another repository; null when the source did not say. */
  readonly fork: boolean | null;
  /** Last change seen by code.gouv.fr's crawler, ISO-8601. */
  readonly updatedAt: string | null;
  /**
   * When the repository was created on its forge, ISO-8601; only the
   * per-repository API gives it (null for an inventory row). A repository can
   * be created private and opened later, or re-imported after an earlier
   * opening: it bounds the publication, it does not date it.
   */
  readonly createdAt: string | null;
  /** Last push to any branch, ISO-8601; per-repository API only. */
  readonly pushedAt: string | null;
  readonly license: string | null;
  readonly language: string | null;
  /** The repository's page. */
  readonly htmlUrl: string;
  /** True when read from the per-repository API (with its dates), false for an inventory row. */
  readonly detailed: boolean;
  /** The live code.gouv.fr or the bundled emulation. */
  readonly source: UpstreamSource;
}

/** One inventory row found by a search, with the search engine's relevance (unbounded, higher is better). */
export interface InventoryHit {
  readonly repository: Repository;
  readonly relevance: number;
}

/**
 * code.gouv.fr's whole inventory, parsed once and indexed; every read of it
 * says how fresh it is. Lookups are in memory: no call is made.
 */
export interface RepositoryInventory extends Freshness {
  /** Rows read. */
  readonly size: number;
  /** Rows skipped because they could not be read (no `full_name`). */
  readonly skipped: number;
  /** Best hits first; at most `limit` (default 20). Words are matched accent- and case-insensitively, any of them. */
  search(query: string, limit?: number): { readonly total: number; readonly hits: readonly InventoryHit[] };
  /** The row whose page is `url` (case, a trailing slash and `.git` ignored); null when none. */
  byUrl(url: string): Repository | null;
  /** Every row of one account on one forge (`github.com`, `france-connect`), case-insensitive. */
  byOwner(platform: string, owner: string): readonly Repository[];
}

/** A page of an account's repositories. */
export interface RepositoryPage extends Freshness {
  readonly items: readonly Repository[];
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
  /** ecosyste.ms does not count them: true when this page came back full. */
  readonly hasNextPage: boolean;
}

/** One host's health and traffic, as counted by the client. */
export interface CodegouvHostStatus extends UpstreamHostCounters {
  /** `code.gouv.fr` (inventory) or `data.code.gouv.fr` (per-repository API). */
  readonly host: string;
}

export interface CodegouvStatusSnapshot {
  readonly dataUrl: string;
  readonly ecosystemUrl: string;
  readonly source: UpstreamSource;
  /** The inventory's host first, then the API's (one entry when both are the same host). */
  readonly hosts: readonly CodegouvHostStatus[];
}

/**
 * The one client of code.gouv.fr: its inventory and its ecosyste.ms API,
 * through the same protections as data.gouv.fr's client (timeouts, retries
 * honouring Retry-After, a breaker, a per-host concurrency limit and a
 * process-wide cache per host). Arguments are validated before any call
 * (BadUserInputError); an upstream failure with nothing cached to serve
 * throws UpstreamError (UPSTREAM_TIMEOUT, UPSTREAM_UNAVAILABLE,
 * UPSTREAM_BAD_PAYLOAD, UPSTREAM_CIRCUIT_OPEN).
 */
export interface CodegouvClient {
  /** The whole inventory, cached for a long time (it is large and changes daily at most). */
  getInventory(options?: CallOptions): Promise<RepositoryInventory>;
  /**
   * One repository with its dates. Null when ecosyste.ms answers its own JSON
   * 404; a 404 that is not (an HTML page from a wrong base URL) throws
   * UPSTREAM_BAD_PAYLOAD, since it says nothing about the repository.
   *
   * @param host the API's name of the forge (`GitHub`, `gitlab.com`); see `toEcosystemHost`.
   */
  getRepository(host: string, fullName: string, options?: CallOptions): Promise<Repository | null>;
  /** One page of an account's repositories (default 100 a page); null when the API does not know the account. */
  listOwnerRepositories(
    host: string,
    owner: string,
    request?: { readonly page?: number; readonly pageSize?: number },
    options?: CallOptions,
  ): Promise<RepositoryPage | null>;
  status(): CodegouvStatusSnapshot;
  /** `LIVE`, or `MOCK` once an answer said it came from the bundled emulation (or the configuration said so). */
  source(): UpstreamSource;
  /** The client's clock, in milliseconds since the epoch. */
  now(): number;
  /** Closes the connection pool the client created itself (not an injected dispatcher). */
  close(): Promise<void>;
}
