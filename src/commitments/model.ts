/**
 * The domain of the 2021 open-data commitments: what was promised (Commitment,
 * read from `data/commitments/`) and what the gateway concluded about it
 * (CommitmentStatus, computed by pure rules from upstream evidence and a clock).
 */

export type CommitmentKind = 'DATASET' | 'API' | 'SOURCE_CODE';

/** How sure we are that the record belongs to the 63-item list of 29 April 2021. */
export type ListMembership = 'CONFIRMED_PRIMARY' | 'CONFIRMED_SECONDARY' | 'NOT_CONFIRMED' | 'UNKNOWN';

/** A planned quarter as announced, parsed into an interval when possible. */
export interface PlannedPeriod {
  /** Text exactly as announced ("T3 2021", "fin 2021", "2021-Q3"). Null when nothing was announced. */
  readonly text: string | null;
  /** First day of the interval, `YYYY-MM-DD`; null when the text could not be parsed. */
  readonly start: string | null;
  /** Last day of the interval (the deadline), `YYYY-MM-DD`; null when unparsed. */
  readonly end: string | null;
  /** Why the text could not be parsed, when it could not. */
  readonly parseError: string | null;
}

/** How to find the published object on data.gouv.fr, when known. */
export interface MatchingHints {
  readonly datasetIdOrSlug: string | null;
  readonly dataserviceIdOrSlug: string | null;
  /** Organization ObjectId on data.gouv.fr. */
  readonly organizationId: string | null;
  /** Extra search keywords; the title's own words are used otherwise. */
  readonly keywords: readonly string[];
  readonly repositoryUrl: string | null;
}

export interface Commitment {
  /** Stable key such as `c001`. */
  readonly key: string;
  readonly title: string;
  readonly kind: CommitmentKind;
  readonly ministry: string | null;
  readonly producer: string | null;
  readonly plannedPeriod: PlannedPeriod;
  /** Slug of the announcing press release. */
  readonly announcementSlug: string | null;
  /** Date of the announcement the lateness is measured from, `YYYY-MM-DD`. */
  readonly announcedOn: string | null;
  readonly membership: ListMembership;
  /** Convenience: membership is CONFIRMED_PRIMARY or CONFIRMED_SECONDARY. */
  readonly confirmedInList: boolean;
  /** URLs or `owner/repo@commit:path` references backing the record. */
  readonly sources: readonly string[];
  readonly notes: string | null;
  readonly hints: MatchingHints;
}

export type CommitmentState =
  | 'PUBLISHED_ON_TIME'
  | 'PUBLISHED_LATE'
  | 'PUBLISHED_BEFORE_ANNOUNCEMENT'
  | 'PENDING'
  | 'OVERDUE'
  | 'WITHDRAWN'
  | 'UNVERIFIABLE'
  | 'UNCHECKED_SOURCE_CODE';

export type EvidenceKind =
  | 'EXPLICIT_LINK'
  | 'TITLE_MATCH'
  | 'ACRONYM_MATCH'
  | 'ORGANIZATION_MATCH'
  | 'CREATED_AFTER_ANNOUNCEMENT'
  | 'CREATED_BEFORE_ANNOUNCEMENT'
  | 'TAG_MATCH'
  | 'REPOSITORY_URL'
  | 'NO_CANDIDATE'
  | 'BELOW_THRESHOLD'
  | 'DELETED'
  | 'ARCHIVED'
  | 'UPSTREAM_FAILURE'
  | 'STALE_EVIDENCE'
  | 'NO_PLANNED_DATE';

export interface Evidence {
  readonly kind: EvidenceKind;
  readonly detail: string;
}

export type Freshness = 'FRESH' | 'LATE_UPDATE' | 'UNKNOWN';
