/**
 * Wire format of data.gouv.fr (udata 17.x, with the older shapes still found
 * in real data), snake_case as sent. See shared/reference/datagouv-api.md.
 *
 * Responses are `unknown` until a guard below narrows them. Guards check the
 * essentials only (an `id`, a `data` array); every other field is declared as
 * seen on the wire and is still read through the tolerant readers of
 * `wire-readers.ts`, because recordings and older releases disagree with the
 * declared types (`"[redacted]"` strings, booleans where dates are expected).
 */

/** `"YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00"`; naive (no offset) in some `extras`. */
export type WireDatetime = string;

/** v2 link to a sub-collection, with its size. */
export interface DatagouvRelPayload {
  readonly rel?: string;
  readonly href?: string;
  readonly type?: string;
  readonly total?: number;
}

export interface DatagouvBadgePayload {
  readonly kind?: string;
}

export interface DatagouvOrganizationRefPayload {
  readonly class?: 'Organization';
  readonly id: string;
  readonly name?: string | null;
  readonly acronym?: string | null;
  readonly slug?: string | null;
  readonly uri?: string | null;
  readonly page?: string | null;
  readonly logo?: string | null;
  readonly logo_thumbnail?: string | null;
  readonly badges?: readonly DatagouvBadgePayload[];
}

export interface DatagouvUserRefPayload {
  readonly class?: 'User';
  readonly id: string;
  readonly first_name?: string | null;
  readonly last_name?: string | null;
  readonly slug?: string | null;
  readonly page?: string | null;
  readonly uri?: string | null;
  readonly avatar?: string | null;
}

/** Since February 2025 (`contact_points`); before, a single `contact_point`, usually null. */
export interface DatagouvContactPointPayload {
  readonly id?: string;
  readonly name?: string | null;
  readonly email?: string | null;
  readonly contact_form?: string | null;
  readonly role?: string | null;
}

/** Four shapes occur: null, `{}`, all fields null, filled. */
export interface DatagouvSchemaPayload {
  readonly name?: string | null;
  readonly version?: string | null;
  readonly url?: string | null;
}

export interface DatagouvResourcePayload {
  readonly id: string;
  readonly title?: string | null;
  readonly description?: string | null;
  readonly filetype?: 'file' | 'remote' | string;
  readonly type?: string | null;
  /** Free text, not normalised (`csv`, `csv, dbase`); often null for remote files. */
  readonly format?: string | null;
  readonly url?: string | null;
  readonly latest?: string | null;
  readonly checksum?: { readonly type?: string; readonly value?: string } | null;
  readonly filesize?: number | null;
  readonly mime?: string | null;
  readonly created_at?: WireDatetime | null;
  readonly last_modified?: WireDatetime | null;
  /** `check:available`, `check:status`, `check:date` (naive datetime), `analysis:*`, ... */
  readonly extras?: Readonly<Record<string, unknown>>;
  readonly schema?: DatagouvSchemaPayload | null;
  readonly preview_url?: string | null;
}

export interface DatagouvDatasetPayload {
  readonly id: string;
  readonly title?: string | null;
  readonly acronym?: string | null;
  readonly slug?: string | null;
  readonly description?: string | null;
  readonly page?: string | null;
  readonly uri?: string | null;
  readonly created_at?: WireDatetime | null;
  readonly last_modified?: WireDatetime | null;
  readonly last_update?: WireDatetime | null;
  /** Nested since 2023; flattened as `created_at_internal`/`last_modified_internal` by udata's fixture generator. */
  readonly internal?: { readonly created_at_internal?: WireDatetime; readonly last_modified_internal?: WireDatetime };
  readonly created_at_internal?: WireDatetime;
  readonly last_modified_internal?: WireDatetime;
  /** Datetimes here (the cdata front end types them as booleans, wrongly). */
  readonly archived?: WireDatetime | null;
  readonly deleted?: WireDatetime | null;
  readonly private?: boolean;
  readonly featured?: boolean;
  /** An id, or `{id, label}` with `X-Get-Datasets-Full-Objects`. */
  readonly frequency?: string | { readonly id?: string; readonly label?: string } | null;
  readonly frequency_date?: WireDatetime | null;
  /** Date only (`YYYY-MM-DD`). */
  readonly temporal_coverage?: { readonly start?: string | null; readonly end?: string | null } | null;
  readonly spatial?: {
    readonly zones?: readonly (string | { readonly id?: string })[];
    readonly granularity?: string | { readonly id?: string } | null;
    readonly geom?: unknown;
  } | null;
  readonly license?: string | { readonly id?: string } | null;
  readonly tags?: readonly string[];
  readonly badges?: readonly DatagouvBadgePayload[];
  readonly organization?: DatagouvOrganizationRefPayload | null;
  readonly owner?: DatagouvUserRefPayload | null;
  /** v1: every resource inline. v2: a link with the total. */
  readonly resources?: readonly DatagouvResourcePayload[] | DatagouvRelPayload;
  readonly community_resources?: DatagouvRelPayload;
  readonly contact_points?: readonly DatagouvContactPointPayload[];
  readonly contact_point?: DatagouvContactPointPayload | null;
  readonly metrics?: {
    readonly views?: number;
    readonly followers?: number;
    readonly reuses?: number;
    readonly discussions?: number;
    readonly resources_downloads?: number;
  };
  readonly quality?: {
    readonly score?: number;
    readonly has_resources?: boolean;
    readonly has_open_format?: boolean;
    readonly all_resources_available?: boolean;
    readonly update_fulfilled_in_time?: boolean;
    readonly license?: boolean;
    readonly temporal_coverage?: boolean;
    readonly spatial?: boolean;
  };
  readonly extras?: Readonly<Record<string, unknown>>;
  readonly schema?: DatagouvSchemaPayload | null;
}

export interface DatagouvOrganizationPayload extends DatagouvOrganizationRefPayload {
  readonly description?: string | null;
  /** The organization's own web site. */
  readonly url?: string | null;
  readonly created_at?: WireDatetime | null;
  readonly last_modified?: WireDatetime | null;
  readonly deleted?: WireDatetime | null;
  readonly business_number_id?: string | null;
  readonly metrics?: {
    readonly datasets?: number;
    readonly reuses?: number;
    readonly followers?: number;
    readonly views?: number;
    readonly dataservices?: number;
  };
}

export interface DatagouvDataservicePayload {
  readonly id: string;
  readonly title?: string | null;
  readonly acronym?: string | null;
  readonly slug?: string | null;
  readonly description?: string | null;
  readonly base_api_url?: string | null;
  readonly machine_documentation_url?: string | null;
  readonly technical_documentation_url?: string | null;
  readonly business_documentation_url?: string | null;
  readonly self_web_url?: string | null;
  readonly self_api_url?: string | null;
  readonly access_type?: string | null;
  readonly organization?: DatagouvOrganizationRefPayload | null;
  readonly owner?: DatagouvUserRefPayload | null;
  readonly created_at?: WireDatetime | null;
  readonly metadata_modified_at?: WireDatetime | null;
  /** Note the `_at` suffix here, unlike datasets. */
  readonly archived_at?: WireDatetime | null;
  readonly deleted_at?: WireDatetime | null;
  readonly tags?: readonly string[];
  readonly badges?: readonly DatagouvBadgePayload[];
  /** A link to `/api/1/datasets/?dataservice=<id>` with its total. */
  readonly datasets?: DatagouvRelPayload | readonly unknown[];
  readonly contact_points?: readonly DatagouvContactPointPayload[];
  readonly contact_point?: DatagouvContactPointPayload | null;
  readonly featured?: boolean | null;
  readonly extras?: Readonly<Record<string, unknown>>;
}

export interface DatagouvReusePayload {
  readonly id: string;
  readonly title?: string | null;
  readonly slug?: string | null;
  readonly type?: string | null;
  readonly url?: string | null;
  readonly page?: string | null;
  readonly created_at?: WireDatetime | null;
  readonly organization?: DatagouvOrganizationRefPayload | null;
  /** Full v1 datasets, heavy. */
  readonly datasets?: readonly unknown[];
}

export interface DatagouvSitePayload {
  readonly id?: string;
  readonly title?: string | null;
  readonly version?: string | null;
  readonly metrics?: {
    readonly datasets?: number;
    readonly dataservices?: number;
    readonly organizations?: number;
    readonly reuses?: number;
    readonly resources?: number;
  };
}

/** v1 lists, v2 lists and v2 search pages (search pages add `facets`). */
export interface DatagouvPagePayload<T = unknown> {
  readonly data: readonly T[];
  readonly page?: number;
  readonly page_size?: number;
  readonly total?: number;
  readonly next_page?: string | null;
  readonly previous_page?: string | null;
  readonly facets?: Readonly<Record<string, unknown>>;
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasId(value: unknown): value is Readonly<Record<string, unknown>> & { readonly id: string } {
  return isRecord(value) && typeof value['id'] === 'string' && value['id'].trim() !== '';
}

export function isDatasetPayload(value: unknown): value is DatagouvDatasetPayload {
  return hasId(value);
}

export function isResourcePayload(value: unknown): value is DatagouvResourcePayload {
  return hasId(value);
}

export function isOrganizationPayload(value: unknown): value is DatagouvOrganizationPayload {
  return hasId(value);
}

export function isDataservicePayload(value: unknown): value is DatagouvDataservicePayload {
  return hasId(value);
}

export function isReusePayload(value: unknown): value is DatagouvReusePayload {
  return hasId(value);
}

/** `/api/1/site/` has no essential field beyond being an object with metrics or a title. */
export function isSitePayload(value: unknown): value is DatagouvSitePayload {
  return isRecord(value) && (isRecord(value['metrics']) || typeof value['title'] === 'string');
}

/** A page whose every item passes `isItem`; one bad item makes the whole page a bad payload. */
export function isPagePayload<T>(value: unknown, isItem: (item: unknown) => item is T): value is DatagouvPagePayload<T> {
  return isRecord(value) && Array.isArray(value['data']) && value['data'].every((item) => isItem(item));
}

/** True for a v2 Rel link (`{href, total}`), false for a v1 inline array. */
export function isRelPayload(value: unknown): value is DatagouvRelPayload {
  return isRecord(value) && (typeof value['href'] === 'string' || typeof value['total'] === 'number');
}
