import type {
  Commitment,
  CommitmentCandidate,
  CommitmentStatus,
  Evidence,
  FirstListing,
  FirstPublication,
  SearchMade,
  FreshnessVerdict,
  PlannedPeriod,
  PlannedRevision,
} from '../commitments/model.js';
import { describeVerdict } from '../commitments/describe-verdict.js';
import { resolveDeadline } from '../commitments/resolve-commitment-status.js';
import { AnnouncementRef } from './announcement-type.js';
import { loadRecordedAsOf, type DatedCommitment } from './as-of.js';
import { builder } from './builder.js';
import { DataserviceRef, DatasetRef } from './datagouv-refs.js';
import { RepositoryRef } from './repository-type.js';

export const CommitmentKindEnum = builder.enumType('CommitmentKind', {
  description: 'What was promised.',
  values: {
    DATASET: { description: 'A dataset, expected on data.gouv.fr.' },
    API: { description: 'An API, expected among data.gouv.fr dataservices (api.gouv.fr).' },
    SOURCE_CODE: { description: 'Source code, expected in a public repository listed by code.gouv.fr.' },
  } as const,
});

export const CommitmentStateEnum = builder.enumType('CommitmentState', {
  description:
    'Publication state of a commitment. The deadline is the last day of the planned period (else of the announcement’s horizon), in Europe/Paris days; first publication is the earliest of the record’s sourced listings and the data.gouv.fr dataset’s (or its files’) creation — an API’s data.gouv.fr listing date is only an upper bound.',
  values: {
    PUBLISHED_ON_TIME: { description: 'Published on or before the deadline.' },
    PUBLISHED_LATE: { description: 'Published after the deadline, on exact evidence; see `daysLate`.' },
    PUBLISHED_BEFORE_ANNOUNCEMENT: { description: 'Already published before the announcement day.' },
    PUBLISHED: {
      description:
        'Published, but it can be neither on time nor late: no deadline is known, or the only date is an API’s data.gouv.fr listing, after the deadline.',
    },
    PENDING: { description: 'Not found yet, and the deadline has not passed (or none was announced).' },
    OVERDUE: { description: 'Not found, and the deadline has passed; see `daysOverdue`.' },
    WITHDRAWN: {
      description: 'Found, but now deleted, archived, or gone from data.gouv.fr; for source code, a repository seen before and now gone from code.gouv.fr (an archived repository is still published).',
    },
    UNVERIFIABLE: { description: 'data.gouv.fr (or code.gouv.fr, for source code) could not be reached and no earlier verdict exists: no conclusion is drawn.' },
    UNCHECKED_SOURCE_CODE: {
      description:
        'Source code that could not be checked: code.gouv.fr’s inventory could not be read (the evidence says why) or is not configured; the record’s repository URL is given when known. Never counted as late.',
    },
  } as const,
});

const EvidenceKindEnum = builder.enumType('EvidenceKind', {
  description: 'Kind of fact behind a verdict.',
  values: {
    EXPLICIT_LINK: { description: 'The record names the data.gouv.fr object.' },
    TITLE_MATCH: { description: 'The candidate’s title resembles the commitment’s (accent-, case- and order-insensitive).' },
    ACRONYM_MATCH: { description: 'An acronym or proper name of the commitment appears in the candidate.' },
    ORGANIZATION_MATCH: { description: 'The publisher matches the ministry or producer.' },
    CREATED_AFTER_ANNOUNCEMENT: { description: 'The candidate was created on or after the announcement day.' },
    CREATED_BEFORE_ANNOUNCEMENT: { description: 'The candidate already existed before the announcement.' },
    TAG_MATCH: { description: 'The candidate’s tags share words with the commitment.' },
    REPOSITORY_URL: { description: 'The record gives a source repository.' },
    FORK: { description: 'The repository is a copy (fork) of another: scored down, the published code is elsewhere.' },
    LOOK_ALIKE: { description: 'The repository is built around what was promised (an example, a plugin, a demo, a kit): scored down.' },
    ACCOUNT_MATCH: { description: 'The repository’s account is the record’s, or is named after the promise or its producer.' },
    ACCOUNT_MISMATCH: { description: 'The record names another account: a repository of the same name published by someone else (a penalty).' },
    DESCRIPTION_MATCH: { description: 'The repository’s description resembles the commitment’s title.' },
    REPOSITORY_DATE_ONLY: {
      description: 'The only date is the repository’s creation, after the deadline: an upper bound that cannot show lateness (a repository can be re-imported).',
    },
    NO_CANDIDATE: { description: 'The catalogue search returned nothing.' },
    BELOW_THRESHOLD: { description: 'No candidate scored high enough to count as the published object.' },
    DELETED: { description: 'The object is deleted on data.gouv.fr.' },
    ARCHIVED: { description: 'The object is archived on data.gouv.fr (withdrawn), or the repository archived on its forge (still published).' },
    UPSTREAM_FAILURE: { description: 'data.gouv.fr failed while checking.' },
    STALE_EVIDENCE: { description: 'The verdict rests on earlier evidence kept through an outage or served from cache.' },
    NO_PLANNED_DATE: { description: 'No planned date was announced.' },
    LINK_NOT_FOUND: { description: 'The object named by the record does not exist on data.gouv.fr.' },
    NO_PUBLICATION_DATE: { description: 'The object gives no creation date.' },
    FIRST_PUBLICATION: { description: 'When the object was first published.' },
    DEADLINE: { description: 'The deadline the publication is measured against.' },
    POSTPONED: { description: 'A postponement was reported; lateness is still measured against the first announced period.' },
    NO_REPOSITORY_URL: { description: 'No repository is known for this source code.' },
    PRIVATE: { description: 'The object exists but is private, which does not count as published.' },
    NOT_LOOKED_UP: { description: 'Nothing was looked up for this commitment.' },
    ALTERNATIVE_NAME_MATCH: { description: 'The candidate’s title resembles one of the record’s alternative names.' },
    IDENTIFIER_MATCH: { description: 'The candidate carries one of the record’s known identifiers (an api.gouv.fr page, a repository URL).' },
    ORGANIZATION_MISMATCH: { description: 'The publisher is not the record’s ministry or producer (a small penalty).' },
    TITLE_PREFIX: { description: 'The candidate’s title is the promised title plus more words: possibly a narrower object.' },
    KIND_MISMATCH: { description: 'An API offered for a promised dataset, or the reverse.' },
    CLAIM_CONFLICT: { description: 'A candidate went to another commitment with a stronger claim: one object, one commitment.' },
    REMEMBERED_OBJECT: { description: 'The object of an earlier verdict, read again.' },
    GONE: { description: 'The object (or repository) of an earlier verdict no longer exists on data.gouv.fr (or code.gouv.fr), which otherwise answers normally.' },
    SEARCH_MADE: { description: 'A catalogue or inventory search made (or an account examined), with what it returned.' },
    NEAR_MISS: { description: 'A candidate that came close without reaching the threshold.' },
    RECORD_FIRST_LISTING: { description: 'Sourced, dated evidence in the record of when the item was first listed (api.gouv.fr history).' },
    LISTING_DATE_ONLY: {
      description: 'The only date is the data.gouv.fr listing of an API (mostly the November 2024 migration): it cannot show lateness.',
    },
    DEADLINE_UNKNOWN: { description: 'The announced period could not be read: the deadline is unknown.' },
    NOT_IN_CATALOGUE: { description: 'Not found on data.gouv.fr today; the verdict rests on the record’s sourced date.' },
    UPSTREAM_UNUSABLE: { description: 'data.gouv.fr answered, but not usably (an HTML error page, a failing canary).' },
    HELD_BY_GUARD: { description: 'Too many objects vanished at once; the earlier verdict is kept, flagged stale.' },
  } as const,
});

const FreshnessStateEnum = builder.enumType('FreshnessState', {
  description: 'Whether published data is kept up to date against its declared frequency.',
  values: {
    FRESH: { description: 'Last update within the declared period (plus a 25% grace margin).' },
    LATE_UPDATE: { description: 'The expected update has not come.' },
    UNKNOWN: { description: 'No usable frequency (irregular, punctual, unknown) or no update date.' },
  } as const,
});

export const CommitmentSourceEnum = builder.enumType('CommitmentSource', {
  description: 'Where a commitment comes from.',
  values: {
    LOCAL: { description: 'A record of the project (`data/commitments/`), with its sources: "dossier".' },
    TRACKER: {
      description:
        'A row of the official tracking table on data.gouv.fr matching no record (`COMMITMENT_SOURCES=local,tracker`): "tableau officiel". Its key derives from its type and normalised title.',
    },
  } as const,
});

const MinistryOriginEnum = builder.enumType('MinistryOrigin', {
  description: 'Where a commitment’s ministry comes from.',
  values: {
    RECORD: { description: 'The record names it, backed by `ministrySource` when the record cites one.' },
    PRODUCER: {
      description:
        'Derived: the record names only its producer, whose ministry of tutelle (as in 2021) comes from the sourced producer table; `ministrySource` is that table’s source.',
    },
    TRACKER: {
      description:
        'Read from the official tracking table: the record names no ministry and none can be derived from its producer, but the table row matched to it names one; `ministrySource` is the table file read (`COMMITMENT_SOURCES=local,tracker`).',
    },
    NONE: { description: 'Nothing could be sourced: the ministry is null and the item falls under "(non renseigné)".' },
  } as const,
});

const ListMembershipEnum = builder.enumType('ListMembership', {
  description: 'How sure we are that an item belongs to the 63-item list of 29 April 2021.',
  values: {
    CONFIRMED_PRIMARY: { description: 'Named by an official source (the founding press release or its list).' },
    CONFIRMED_SECONDARY: { description: 'Named by the press as part of the list, not by an official source seen here.' },
    NOT_CONFIRMED: { description: 'Seen in the later tracking table or roadmaps; membership of the 63 not confirmed.' },
    UNKNOWN: { description: 'No source says either way.' },
  } as const,
});

const EvidenceRef = builder.objectRef<Evidence>('Evidence').implement({
  description: 'One fact behind a verdict.',
  fields: (t) => ({
    kind: t.field({ type: EvidenceKindEnum, description: 'Kind of fact.', resolve: (e) => e.kind }),
    detail: t.exposeString('detail', { description: 'The fact in French words, with the values compared.' }),
    url: t.string({
      nullable: true,
      description: 'Where the fact can be checked (a data.gouv.fr page, a commit); null when there is no such place.',
      resolve: (e) => e.url ?? null,
    }),
  }),
});

const ClaimOriginEnum = builder.enumType('ClaimOrigin', {
  description: 'How a candidate came to be considered for a commitment.',
  values: {
    LINK: { description: 'The record names it.' },
    REMEMBERED: { description: 'An earlier verdict resolved to it.' },
    SEARCH: { description: 'A catalogue search found it.' },
  } as const,
});

const FirstPublicationSourceEnum = builder.enumType('FirstPublicationSource', {
  description: 'Where a first-publication date comes from.',
  values: {
    RECORD: { description: 'Sourced evidence in the record (the day its api.gouv.fr page was first added, with the commit).' },
    DATASET: { description: 'The dataset’s creation on data.gouv.fr.' },
    RESOURCE: { description: 'The creation of the dataset’s earliest file on data.gouv.fr.' },
    DATASERVICE_LISTING: {
      description: 'The API’s listing on data.gouv.fr: an upper bound only (APIs moved from api.gouv.fr are dated November 2024).',
    },
    REPOSITORY_CREATED: {
      description:
        'The source repository’s creation on its forge ("dépôt créé le …"): an upper bound only (a repository can be re-imported after an earlier opening).',
    },
  } as const,
});

const FirstPublicationRef = builder.objectRef<FirstPublication>('FirstPublication').implement({
  description: 'When what was promised was first published, and what that date rests on.',
  fields: (t) => ({
    at: t.exposeString('at', { description: 'ISO-8601 instant, or a `YYYY-MM-DD` day for record evidence.' }),
    day: t.field({ type: 'Date', description: 'The Europe/Paris day.', resolve: (f) => f.day }),
    source: t.field({ type: FirstPublicationSourceEnum, description: 'Where the date comes from.', resolve: (f) => f.source }),
    url: t.exposeString('url', { nullable: true, description: 'Where it can be checked.' }),
    exact: t.exposeBoolean('exact', {
      description: 'False when the date is only an upper bound (an API’s data.gouv.fr listing, a repository’s creation): it can show an item on time, never late.',
    }),
  }),
});

const SearchMadeRef = builder.objectRef<SearchMade>('SearchMade').implement({
  description: 'A catalogue search made for a commitment: the evidence behind "not found".',
  fields: (t) => ({
    catalogue: t.exposeString('catalogue', { description: '`DATASETS` or `DATASERVICES` (data.gouv.fr), or `REPOSITORIES` (code.gouv.fr’s inventory).' }),
    query: t.exposeString('query', { description: 'The words searched.' }),
    total: t.exposeInt('total', { description: 'Results the search reported.' }),
    examined: t.exposeInt('examined', { description: 'Results scored.' }),
  }),
});

const FirstListingRef = builder.objectRef<FirstListing>('FirstListing').implement({
  description: 'Dated, sourced evidence in the record that the item was listed somewhere.',
  fields: (t) => ({
    on: t.field({ type: 'Date', description: 'The day.', resolve: (l) => l.on }),
    where: t.exposeString('where', { description: 'Where it was listed ("api.gouv.fr").' }),
    source: t.exposeString('source', { description: 'The URL that proves it (a commit).' }),
  }),
});

const PlannedRevisionRef = builder.objectRef<PlannedRevision>('PlannedRevision').implement({
  description: 'A later period reported for the same commitment.',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'As written ("T3 2021").' }),
    start: t.field({ type: 'Date', nullable: true, description: 'First day.', resolve: (p) => p.start }),
    end: t.field({ type: 'Date', nullable: true, description: 'Last day.', resolve: (p) => p.end }),
  }),
});

const PlannedPeriodRef = builder.objectRef<PlannedPeriod>('PlannedPeriod').implement({
  description: 'The planned period as announced and as understood.',
  fields: (t) => ({
    text: t.exposeString('text', { nullable: true, description: 'As announced ("T3 2021", "fin 2021"); null when nothing was announced.' }),
    start: t.field({ type: 'Date', nullable: true, description: 'First day of the period; null when the text could not be read.', resolve: (p) => p.start }),
    end: t.field({ type: 'Date', nullable: true, description: 'Last day of the period: the deadline.', resolve: (p) => p.end }),
    parseError: t.exposeString('parseError', { nullable: true, description: 'Why the text could not be read as a period; it is never guessed.' }),
    postponedTo: t.field({
      type: PlannedRevisionRef,
      nullable: true,
      description: 'A postponement reported with the commitment.',
      resolve: (p) => p.postponedTo,
    }),
  }),
});

const FreshnessVerdictRef = builder.objectRef<FreshnessVerdict>('Freshness').implement({
  description: 'How up to date the published dataset is.',
  fields: (t) => ({
    state: t.field({ type: FreshnessStateEnum, description: 'Verdict.', resolve: (f) => f.state }),
    lastUpdate: t.field({ type: 'DateTime', nullable: true, description: 'Last data update on data.gouv.fr.', resolve: (f) => f.lastUpdate }),
    expectedNextUpdate: t.field({
      type: 'Date',
      nullable: true,
      description: 'Last update plus one declared period.',
      resolve: (f) => f.expectedNextUpdate,
    }),
    frequency: t.exposeString('frequency', { nullable: true, description: 'Declared frequency id.' }),
  }),
});

const CommitmentCandidateRef = builder.objectRef<CommitmentCandidate>('CommitmentCandidate').implement({
  description: 'A catalogue object (or source repository) that might be the published commitment, with its score.',
  fields: (t) => ({
    score: t.exposeFloat('score', { description: 'Match score in [0, 1]; 0.55 or more resolves a commitment.' }),
    dataset: t.field({ type: DatasetRef, nullable: true, description: 'The candidate dataset.', resolve: (c) => c.dataset }),
    dataservice: t.field({ type: DataserviceRef, nullable: true, description: 'The candidate API.', resolve: (c) => c.dataservice }),
    repository: t.field({
      type: RepositoryRef,
      nullable: true,
      description: 'The candidate source repository (source code only).',
      resolve: (c) => c.repository ?? null,
    }),
    evidence: t.field({ type: [EvidenceRef], description: 'What the score rests on.', resolve: (c) => c.evidence }),
    origin: t.field({ type: ClaimOriginEnum, description: 'How it was found.', resolve: (c) => c.origin }),
    claimedBy: t.exposeString('claimedBy', {
      nullable: true,
      description: 'Key of the commitment that holds this object with a stronger claim; null when none does.',
    }),
  }),
});

/** A verdict with the commitment it judges, which its French sentence needs, and when it was recorded if it comes from history. */
export type JudgedStatus = CommitmentStatus & { readonly commitment: Commitment; readonly recordedAt?: string };

export const CommitmentStatusRef = builder.objectRef<JudgedStatus>('CommitmentStatus').implement({
  description: 'What the gateway concludes about a commitment from data.gouv.fr (code.gouv.fr for source code), with the evidence and how sure it is.',
  fields: (t) => ({
    state: t.field({ type: CommitmentStateEnum, description: 'Publication state.', resolve: (s) => s.state }),
    summary: t.string({
      description:
        'The verdict in one French sentence for people ("Promis pour le T3 2021, publié le 12 janvier 2023 : 469 jours de retard"); dates are Europe/Paris days. Programs should read `state` and the numbers instead.',
      resolve: (s, _args, context) => describeVerdict(s.commitment, s, { now: s.recordedAt ? new Date(s.recordedAt) : context.now() }),
    }),
    recordedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'For a verdict read `asOf` a past day: when it was recorded (it held from then until the next observation). Null for today’s verdict.',
      resolve: (s) => s.recordedAt ?? null,
    }),
    confidence: t.exposeFloat('confidence', { description: 'How sure the verdict is, in [0, 1].' }),
    evidence: t.field({ type: [EvidenceRef], description: 'The facts behind the verdict.', resolve: (s) => s.evidence }),
    dataset: t.field({ type: DatasetRef, nullable: true, description: 'The published dataset, when found.', resolve: (s) => s.dataset }),
    dataservice: t.field({ type: DataserviceRef, nullable: true, description: 'The published API, when found.', resolve: (s) => s.dataservice }),
    repository: t.field({
      type: RepositoryRef,
      nullable: true,
      description: 'The source repository found on code.gouv.fr (source code only); null when none was found or nothing could be checked.',
      resolve: (s) => s.repository ?? null,
    }),
    repositoryUrl: t.exposeString('repositoryUrl', { nullable: true, description: 'Source repository given by the record.' }),
    firstPublishedAt: t.string({
      nullable: true,
      description: 'First publication: an ISO-8601 instant, or a `YYYY-MM-DD` day when it comes from the record. See `firstPublication`.',
      resolve: (s) => s.firstPublishedAt,
    }),
    firstPublication: t.field({
      type: FirstPublicationRef,
      nullable: true,
      description: 'First publication with where its date comes from; null when no date is known.',
      resolve: (s) => s.firstPublication,
    }),
    listedOnDatagouvAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the object was listed on data.gouv.fr (its creation date there), shown apart: for an API it is not its opening.',
      resolve: (s) => s.listedOnDatagouvAt,
    }),
    searches: t.field({ type: [SearchMadeRef], description: 'Catalogue searches made for it.', resolve: (s) => s.searches }),
    daysLate: t.exposeInt('daysLate', { nullable: true, description: 'Days between the deadline and the publication (PUBLISHED_LATE only).' }),
    daysOverdue: t.exposeInt('daysOverdue', { nullable: true, description: 'Days since the deadline (OVERDUE only).' }),
    candidates: t.field({
      type: [CommitmentCandidateRef],
      description: 'Other candidates (or near misses when nothing resolved), best first.',
      resolve: (s) => s.candidates,
    }),
    freshness: t.field({ type: FreshnessVerdictRef, nullable: true, description: 'Update freshness of the dataset found.', resolve: (s) => s.freshness }),
    documentationOnly: t.exposeBoolean('documentationOnly', {
      nullable: true,
      description: 'True when only documentation (PDF, web pages) was published, not data; null when there are no files to judge.',
    }),
    resourceCount: t.exposeInt('resourceCount', { nullable: true, description: 'Number of files published.' }),
    formats: t.exposeStringList('formats', { description: 'Distinct file formats published.' }),
    checkedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the evidence was really obtained from data.gouv.fr (code.gouv.fr for source code); null when it never was (unchecked, unverifiable).',
      resolve: (s) => s.checkedAt,
    }),
    stale: t.exposeBoolean('stale', {
      description:
        'True when the verdict rests on evidence served past its freshness because data.gouv.fr failed, or is an earlier verdict kept through an outage or a suspect mass change.',
    }),
  }),
});

export const CommitmentRef = builder.objectRef<DatedCommitment>('Commitment');

builder.node(CommitmentRef, {
  description: 'Something the government announced it would open, as recorded from the sources, with its verdict.',
  id: { resolve: (commitment) => commitment.key },
  loadOne: (key, context) => context.commitments.byKey(key) ?? null,
  fields: (t) => ({
    key: t.exposeString('key', {
      description: 'Stable key: a record’s (`c001`), or for a tracking-table row `t-` and 10 hex digits of the SHA-256 of its type and normalised title.',
    }),
    source: t.field({
      type: CommitmentSourceEnum,
      description: 'Where the commitment comes from: a record, or a row of the official tracking table.',
      resolve: (c) => c.source,
    }),
    sourceLabel: t.string({
      description: 'Where the commitment comes from, in French: "dossier" or "tableau officiel".',
      resolve: (c) => (c.source === 'TRACKER' ? 'tableau officiel' : 'dossier'),
    }),
    title: t.exposeString('title', { description: 'What was promised, as worded by the sources.' }),
    kind: t.field({ type: CommitmentKindEnum, description: 'Dataset, API or source code.', resolve: (c) => c.kind }),
    ministry: t.exposeString('ministry', {
      nullable: true,
      description:
        'Responsible ministry as named in 2021, one canonical name per ministry (see `ministryAsWritten` for the record’s wording); see `ministryOrigin` and `ministrySource` for where it comes from. Null when nothing could be sourced.',
    }),
    ministryAsWritten: t.exposeString('ministryAsWritten', {
      nullable: true,
      description: 'The ministry as the record words it; null when the record names none (a ministry derived from the producer included).',
    }),
    ministryOrigin: t.field({
      type: MinistryOriginEnum,
      description: 'Where `ministry` comes from: named by the record, derived from the producer, read from the tracking table, or none.',
      resolve: (c) => c.ministryOrigin,
    }),
    ministrySource: t.exposeString('ministrySource', {
      nullable: true,
      description:
        'The URL (or `owner/repo@commit:path` reference) backing `ministry`: the source the record cites, for a derived ministry the producer table’s source for that producer, for one read from the tracking table the table file; null when none is given.',
    }),
    alternativeNames: t.stringList({
      description: 'Other names it is published under (acronyms, full titles), searched like the title.',
      resolve: (c) => c.hints.alternativeNames,
    }),
    identifiers: t.stringList({
      description: 'Known identifiers of the published object outside data.gouv.fr (api.gouv.fr pages), as URLs.',
      resolve: (c) => c.hints.identifiers,
    }),
    firstListed: t.field({
      type: [FirstListingRef],
      description: 'Sourced first-publication evidence held by the record, earliest first.',
      resolve: (c) => c.firstListed,
    }),
    producer: t.exposeString('producer', { nullable: true, description: 'Producing body, when known.' }),
    plannedQuarter: t.string({
      nullable: true,
      description: 'Planned period as announced ("T3 2021"); null when none was announced.',
      resolve: (c) => c.plannedPeriod.text,
    }),
    plannedPeriod: t.field({ type: PlannedPeriodRef, description: 'The planned period, parsed.', resolve: (c) => c.plannedPeriod }),
    horizon: t.field({
      type: PlannedPeriodRef,
      nullable: true,
      description:
        'The announcing release’s overall opening horizon ("2021 et 2022"); the deadline when the item has no planned period of its own.',
      resolve: (c) => c.horizon,
    }),
    dueDate: t.field({
      type: 'Date',
      nullable: true,
      description:
        'Deadline: the last day of the planned period, else of the announcement’s overall horizon; null when neither is known.',
      resolve: (c) => resolveDeadline(c),
    }),
    announcement: t.field({
      type: AnnouncementRef,
      nullable: true,
      description: 'The press release that announced it, when loaded.',
      resolve: (c, _args, context) => (c.announcementSlug ? context.pressReleases.bySlug(c.announcementSlug) ?? null : null),
    }),
    announcedOn: t.field({ type: 'Date', nullable: true, description: 'Day of the announcement.', resolve: (c) => c.announcedOn }),
    confirmedInList: t.exposeBoolean('confirmedInList', {
      description: 'True when a source places it in the 63-item list of 29 April 2021.',
    }),
    membership: t.field({ type: ListMembershipEnum, description: 'How sure we are of its place in the list.', resolve: (c) => c.membership }),
    sources: t.exposeStringList('sources', { description: 'URLs or repository paths backing the record.' }),
    notes: t.exposeString('notes', { nullable: true, description: 'What the sources say, condensed.' }),
    asOf: t.field({
      type: 'Date',
      nullable: true,
      description: 'The Europe/Paris day this commitment is seen as of (the `asOf` argument); null for today.',
      resolve: (c) => c.asOf ?? null,
    }),
    status: t.field({
      type: CommitmentStatusRef,
      nullable: true,
      description:
        'The verdict: the latest one recorded by the evaluator (or judged now when none is fresh); with `asOf`, the one recorded by the end of that day. Null only with `asOf` before the first recorded verdict: history is never projected backwards.',
      resolve: async (c, _args, context) => {
        if (c.asOf === undefined) return { ...(await context.loaders.commitmentStatus.load(c)), commitment: c };
        const observation = (await loadRecordedAsOf(context, c.asOf)).get(c.key);
        return observation ? { ...observation.verdict, commitment: c, recordedAt: observation.observedAt } : null;
      },
    }),
  }),
});

builder.objectField(AnnouncementRef, 'commitments', (t) =>
  t.field({
    type: [CommitmentRef],
    description: 'Commitments this press release announced.',
    resolve: (announcement, _args, context) => context.commitments.byAnnouncement(announcement.slug),
  }),
);
