/**
 * The domain of the 2021 open-data commitments: what was promised (Commitment,
 * read from `data/commitments/`) and what the gateway concluded about it
 * (CommitmentStatus, computed by pure rules from upstream evidence and a clock).
 */
import type { Repository } from '../upstream/codegouv/model.js';
import type { Dataservice, Dataset } from '../upstream/datagouv/model.js';

export type CommitmentKind = 'DATASET' | 'API' | 'SOURCE_CODE';

/**
 * Where a commitment's ministry comes from: RECORD when the record (and the
 * source it cites in `ministrySource`) names it, PRODUCER when it is derived
 * from the producer's ministry of tutelle through the sourced table of
 * producers, NONE when nothing could be sourced.
 */
export type MinistryOrigin = 'RECORD' | 'PRODUCER' | 'TRACKER' | 'NONE';

/** How sure we are that the record belongs to the 63-item list of 29 April 2021. */
export type ListMembership = 'CONFIRMED_PRIMARY' | 'CONFIRMED_SECONDARY' | 'NOT_CONFIRMED' | 'UNKNOWN';

/** A later period reported with the announcement ("T2 2021, postponed to T3 2021"). */
export interface PlannedRevision {
  /** Text of the revised period as written ("T3 2021"). */
  readonly text: string;
  /** First day of the revised interval, `YYYY-MM-DD`; null when it could not be parsed. */
  readonly start: string | null;
  /** Last day of the revised interval, `YYYY-MM-DD`; null when it could not be parsed. */
  readonly end: string | null;
}

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
  /**
   * A postponement stated in the same text. Lateness is still measured against
   * the original `end`: the promise is what was announced first.
   */
  readonly postponedTo: PlannedRevision | null;
}

/**
 * How sure the record is that `datasetIdOrSlug` / `dataserviceIdOrSlug` is the
 * published object: CONFIRMED (a source says so), PROBABLE (strong but
 * unverified), POSSIBLE (a lead to verify). Sets the confidence of a verdict
 * reached through the link.
 */
export type LinkCertainty = 'CONFIRMED' | 'PROBABLE' | 'POSSIBLE';

/** How to find the published object on data.gouv.fr, when known. */
export interface MatchingHints {
  readonly datasetIdOrSlug: string | null;
  readonly dataserviceIdOrSlug: string | null;
  /** How sure the record is of the dataset/dataservice link; CONFIRMED when not stated. */
  readonly linkCertainty: LinkCertainty;
  /** Organization ObjectId on data.gouv.fr. */
  readonly organizationId: string | null;
  /** Extra search keywords; the title's own words are used otherwise. */
  readonly keywords: readonly string[];
  /**
   * Other names the item is published under ("Annonces officielles et comptes
   * annuels des associations" for "API JOAFE"), searched and scored like the title.
   */
  readonly alternativeNames: readonly string[];
  /**
   * Known identifiers of the published object outside data.gouv.fr, as URLs
   * (the api.gouv.fr page `https://api.gouv.fr/les-api/api-judilibre`). A
   * candidate whose slug or documentation URL names one is the object.
   */
  readonly identifiers: readonly string[];
  readonly repositoryUrl: string | null;
}

/**
 * Dated, sourced evidence that the item was published somewhere on a day
 * (the day its page was first added to api.gouv.fr, from that site's public
 * repository history).
 */
export interface FirstListing {
  /** The day, `YYYY-MM-DD`. */
  readonly on: string;
  /** Where it was listed ("api.gouv.fr"). */
  readonly where: string;
  /** Where that fact can be checked (a commit URL). */
  readonly source: string;
}

/**
 * Where a commitment comes from: LOCAL for the project's records
 * (`data/commitments/`), TRACKER for a row of the official tracking table
 * that matches no record (`COMMITMENT_SOURCES=local,tracker`).
 */
export type CommitmentSource = 'LOCAL' | 'TRACKER';

export interface Commitment {
  /** Stable key such as `c001` (a record) or `t-3f9a0c1b2d` (a tracking-table row, see `trackerCommitmentKey`). */
  readonly key: string;
  /** Where the commitment comes from. */
  readonly source: CommitmentSource;
  readonly title: string;
  readonly kind: CommitmentKind;
  /**
   * The ministry's canonical name as it was at the time of the announcement
   * (one spelling per ministry), named by the record or derived from its
   * producer (see `ministryOrigin`); null when nothing could be sourced.
   */
  readonly ministry: string | null;
  /** The ministry as the record words it; null when the record names none (a derived ministry included). */
  readonly ministryAsWritten: string | null;
  /** Where `ministry` comes from. */
  readonly ministryOrigin: MinistryOrigin;
  /**
   * The URL or `owner/repo@commit:path` reference backing `ministry`: the
   * record's `ministrySource`, or the producer table's source for a derived
   * one; null when no source is given.
   */
  readonly ministrySource: string | null;
  readonly producer: string | null;
  readonly plannedPeriod: PlannedPeriod;
  /**
   * The announcing release's overall opening horizon ("qui seront ouverts en
   * 2021 et 2022"), parsed. It is the deadline only when the item has no
   * planned period of its own; null when the record states none.
   */
  readonly horizon: PlannedPeriod | null;
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
  /** Sourced first-publication evidence, earliest first. */
  readonly firstListed: readonly FirstListing[];
}

/**
 * PUBLISHED: found, but no planned date (or no publication date) to be on time
 * or late against. UNCHECKED_SOURCE_CODE: source code that could not be looked
 * up (code.gouv.fr's inventory unreadable, or not configured); the verdict
 * never claims it is published or overdue.
 */
export type CommitmentState =
  | 'PUBLISHED'
  | 'PUBLISHED_ON_TIME'
  | 'PUBLISHED_LATE'
  | 'PUBLISHED_BEFORE_ANNOUNCEMENT'
  | 'PENDING'
  | 'OVERDUE'
  | 'WITHDRAWN'
  | 'UNVERIFIABLE'
  | 'UNCHECKED_SOURCE_CODE';

/** Every state, in the order a scoreboard lists them. */
export const COMMITMENT_STATES: readonly CommitmentState[] = [
  'PUBLISHED_ON_TIME',
  'PUBLISHED_LATE',
  'PUBLISHED_BEFORE_ANNOUNCEMENT',
  'PUBLISHED',
  'PENDING',
  'OVERDUE',
  'WITHDRAWN',
  'UNVERIFIABLE',
  'UNCHECKED_SOURCE_CODE',
];

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
  | 'NO_PLANNED_DATE'
  | 'LINK_NOT_FOUND'
  | 'NO_PUBLICATION_DATE'
  | 'FIRST_PUBLICATION'
  | 'DEADLINE'
  | 'POSTPONED'
  | 'NO_REPOSITORY_URL'
  | 'PRIVATE'
  | 'NOT_LOOKED_UP'
  | 'ALTERNATIVE_NAME_MATCH'
  | 'IDENTIFIER_MATCH'
  | 'ORGANIZATION_MISMATCH'
  | 'TITLE_PREFIX'
  | 'KIND_MISMATCH'
  | 'CLAIM_CONFLICT'
  | 'REMEMBERED_OBJECT'
  | 'GONE'
  | 'SEARCH_MADE'
  | 'NEAR_MISS'
  | 'RECORD_FIRST_LISTING'
  | 'LISTING_DATE_ONLY'
  | 'DEADLINE_UNKNOWN'
  | 'NOT_IN_CATALOGUE'
  | 'UPSTREAM_UNUSABLE'
  | 'HELD_BY_GUARD'
  | 'FORK'
  | 'LOOK_ALIKE'
  | 'ACCOUNT_MATCH'
  | 'ACCOUNT_MISMATCH'
  | 'DESCRIPTION_MATCH'
  | 'REPOSITORY_DATE_ONLY';

export interface Evidence {
  readonly kind: EvidenceKind;
  /** The fact in French words, with the values compared. */
  readonly detail: string;
  /** Where the fact can be checked (a data.gouv.fr page, a repository, a commit, a search), when there is such a place. */
  readonly url?: string | null;
}

export type Freshness = 'FRESH' | 'LATE_UPDATE' | 'UNKNOWN';

/** Whether the published data is kept up to date against its declared frequency. */
export interface FreshnessVerdict {
  readonly state: Freshness;
  /** Data change date as reported upstream, ISO-8601. */
  readonly lastUpdate: string | null;
  /** `lastUpdate` plus one declared period, `YYYY-MM-DD` (Europe/Paris); null when the frequency gives no period. */
  readonly expectedNextUpdate: string | null;
  /** Frequency id as declared upstream (`annual`, `monthly`, ...). */
  readonly frequency: string | null;
}

/** How a candidate came to be considered, strongest first. */
export type ClaimOrigin = 'LINK' | 'REMEMBERED' | 'SEARCH';

/** A scored upstream object that might be the published commitment. */
export interface CommitmentCandidate {
  /** In [0, 1]; see `score-candidate.ts` for the weights. */
  readonly score: number;
  readonly dataset: Dataset | null;
  readonly dataservice: Dataservice | null;
  /** A source repository, for source code (absent or null otherwise). */
  readonly repository?: Repository | null;
  readonly evidence: readonly Evidence[];
  /** How it was found: the record's link, an earlier verdict, or a search. */
  readonly origin: ClaimOrigin;
  /** The commitment that holds this object instead, when another claim was stronger. */
  readonly claimedBy: string | null;
}

/**
 * Where a first-publication date comes from. REPOSITORY_CREATED is a source
 * repository's creation on its forge, an upper bound (a repository can be
 * re-imported after an earlier opening).
 */
export type FirstPublicationSource = 'RECORD' | 'DATASET' | 'RESOURCE' | 'DATASERVICE_LISTING' | 'REPOSITORY_CREATED';

/** The first publication of what was promised, and the evidence it rests on. */
export interface FirstPublication {
  /** ISO-8601 instant, or a `YYYY-MM-DD` day for record evidence. */
  readonly at: string;
  /** The Europe/Paris day of `at`. */
  readonly day: string;
  readonly source: FirstPublicationSource;
  /** Where it can be checked: the commit, the data.gouv.fr page. */
  readonly url: string | null;
  /**
   * False for a data.gouv.fr listing date of an API: an upper bound (it was
   * published by then at the latest), never evidence of lateness on its own.
   */
  readonly exact: boolean;
}

/** A catalogue search made for a commitment, kept as evidence of absence. */
export interface SearchMade {
  /** REPOSITORIES: code.gouv.fr's inventory of public-sector source repositories. */
  readonly catalogue: 'DATASETS' | 'DATASERVICES' | 'REPOSITORIES';
  readonly query: string;
  /** Results the search returned in all. */
  readonly total: number;
  /** Results actually scored. */
  readonly examined: number;
}

/** What the gateway concluded about one commitment at `checkedAt`. */
export interface CommitmentStatus {
  readonly state: CommitmentState;
  /** In [0, 1]: how sure we are of the object identified (or of its absence). */
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
  readonly dataset: Dataset | null;
  readonly dataservice: Dataservice | null;
  /** The source repository found on code.gouv.fr, for source code (absent or null otherwise). */
  readonly repository?: Repository | null;
  /** Repository stated in the record. */
  readonly repositoryUrl: string | null;
  /** First publication of the resolved object, ISO-8601 (or `YYYY-MM-DD` from record evidence). */
  readonly firstPublishedAt: string | null;
  /** Where `firstPublishedAt` comes from; null when no date is known. */
  readonly firstPublication: FirstPublication | null;
  /** When the resolved object was first listed on data.gouv.fr (its `created_at`), ISO-8601. */
  readonly listedOnDatagouvAt: string | null;
  /** Searches made for it (the evidence of absence when nothing was found). */
  readonly searches: readonly SearchMade[];
  /** Whole days between the deadline and the first publication; only for PUBLISHED_LATE. */
  readonly daysLate: number | null;
  /** Whole days since the deadline; only for OVERDUE. */
  readonly daysOverdue: number | null;
  /** Runners-up (or near misses when nothing resolved), best first. */
  readonly candidates: readonly CommitmentCandidate[];
  /** Only for a resolved dataset. */
  readonly freshness: FreshnessVerdict | null;
  /** True when every resource is documentation; null when there are no resources to judge. */
  readonly documentationOnly: boolean | null;
  readonly resourceCount: number | null;
  /** Distinct resource formats, lower-cased, sorted. */
  readonly formats: readonly string[];
  /** When the upstream evidence behind this verdict was obtained, ISO-8601; null when it never was. */
  readonly checkedAt: string | null;
  /**
   * True when the verdict rests on evidence served past its freshness because
   * data.gouv.fr failed, or is an earlier verdict kept through an outage.
   */
  readonly stale: boolean;
}

/** An object named by the record's link, as data.gouv.fr answered; null object = 404. */
export interface LinkedRead {
  readonly collection: 'datasets' | 'dataservices';
  readonly idOrSlug: string;
  readonly object: Dataset | Dataservice | null;
}

/**
 * What the caller fetched for one commitment; the resolver does no I/O.
 *
 * - FETCHED: the record's links as answered, the objects found by search (in
 *   both catalogues), the object of the last verdict re-read (null = 404), and
 *   the searches made.
 * - UPSTREAM_FAILED: data.gouv.fr failed or answered unusably (an HTML 404, a
 *   failing canary) and no cached value was available.
 * - NOT_APPLICABLE: nothing to look up (source code).
 */
export type CommitmentLookup =
  | {
      readonly kind: 'FETCHED';
      readonly linked: readonly LinkedRead[];
      readonly found: readonly (Dataset | Dataservice)[];
      readonly remembered: {
        readonly collection: 'datasets' | 'dataservices';
        readonly id: string;
        readonly object: Dataset | Dataservice | null;
        /** Its title when it was last found: a deleted object answers without one. */
        readonly title?: string | null;
      } | null;
      readonly searches: readonly SearchMade[];
      /** When the oldest search page was fetched, ISO-8601; defaults to the resolver's clock. */
      readonly fetchedAt?: string;
      /** True when a search page came from cache after an upstream failure. */
      readonly stale?: boolean;
    }
  | {
      readonly kind: 'UPSTREAM_FAILED';
      readonly error: { readonly code: string; readonly message: string };
    }
  | { readonly kind: 'NOT_APPLICABLE' };
