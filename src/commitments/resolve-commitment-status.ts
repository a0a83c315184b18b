import type { Dataservice, Dataset } from '../upstream/datagouv/model.js';
import { assignAlone, type Assignment } from './assign-objects.js';
import { isDataservice } from './is-dataservice.js';
import { isDocumentationOnly } from './is-documentation-only.js';
import type {
  Commitment,
  CommitmentCandidate,
  CommitmentLookup,
  CommitmentState,
  CommitmentStatus,
  Evidence,
  FirstPublication,
  SearchMade,
} from './model.js';
import { rankClaims, RESOLUTION_THRESHOLD } from './rank-claims.js';
import { resolveFirstPublication } from './resolve-first-publication.js';
import { resolveFreshness } from './resolve-freshness.js';
import { diffDays } from './to-paris-day.js';
import { blankStatus, judgementDay, staleEvidence, withdrawnSinceSeen, type VerdictContext as Context } from './verdict-context.js';

/** Whose failure makes this rule's evidence stale. */
const UPSTREAM = 'data.gouv.fr';

export { LINK_CERTAINTY_CONFIDENCE, RESOLUTION_THRESHOLD } from './rank-claims.js';

/*
 * The state machine of a commitment (also described in data/commitments/README.md).
 *
 * 1. SOURCE_CODE is never looked up live: UNCHECKED_SOURCE_CODE, carrying the
 *    record's repository URL when there is one. Never OVERDUE: we did not look.
 * 2. UPSTREAM_FAILED: the previous verdict, flagged stale (STALE_EVIDENCE +
 *    UPSTREAM_FAILURE); without one, UNVERIFIABLE with no `checkedAt`. An
 *    outage never produces OVERDUE or WITHDRAWN.
 * 3. The object is the one the global assignment (`assignObjects`) gave the
 *    commitment: its explicit link, the object of its last verdict, or its
 *    best search hit scoring at least RESOLUTION_THRESHOLD that no stronger
 *    claim took.
 * 4. A found object that is deleted, archived, or (when remembered from an
 *    earlier verdict) no longer answers: WITHDRAWN. A private one counts as
 *    not published.
 * 5. First publication (`resolveFirstPublication`) is the earliest of the
 *    record's sourced listings and the dataset's (or its files') creation; an
 *    API's data.gouv.fr listing date is only an upper bound:
 *    - before the announcement day: PUBLISHED_BEFORE_ANNOUNCEMENT;
 *    - no deadline, or no date: PUBLISHED;
 *    - on or before the deadline: PUBLISHED_ON_TIME;
 *    - after it: PUBLISHED_LATE (daysLate), unless the date is only an
 *      upper bound: then PUBLISHED, lateness unknown.
 *    The deadline is the last day of the item's planned period; an item
 *    announced without one takes its release's overall horizon; an item whose
 *    period could not be read has no known deadline (never the horizon).
 * 6. Nothing found on data.gouv.fr but a sourced first listing in the record:
 *    judged on that listing, with lower confidence.
 * 7. Nothing found at all: OVERDUE after the deadline (daysOverdue), PENDING
 *    otherwise or without one; the searches made and the near misses are the
 *    evidence.
 *
 * Days are Europe/Paris calendar days. Evidence served from cache after an
 * upstream failure is judged as of the day it was fetched, flagged stale.
 */

/** How many runners-up (or near misses) a status lists. */
export const MAX_LISTED_CANDIDATES = 5;

/**
 * Factor applied to the confidence of "not found": a search can miss an object
 * published under another name, and a dead link says nothing of other pages.
 */
export const ABSENCE_CONFIDENCE = 0.8;

/** Confidence of a verdict resting on the record's sourced listing alone. */
export const RECORD_ONLY_CONFIDENCE = 0.7;

export interface ResolveCommitmentStatusInput {
  readonly commitment: Commitment;
  /** The clock. */
  readonly now: Date;
  readonly lookup: CommitmentLookup;
  /**
   * What the commitment holds after all commitments' claims were settled
   * (`assignObjects`); when absent, it is judged alone.
   */
  readonly assignment?: Assignment;
  /** Last verdict for this commitment, kept through upstream outages. */
  readonly previous?: CommitmentStatus | null;
}

/**
 * The day after which the commitment is late: the last day of its own planned
 * period, else (when none was announced) of the announcement's overall
 * horizon. Null when neither is known, or when the period could not be read:
 * an unreadable promise has no deadline, it never silently takes the horizon.
 */
export function resolveDeadline(commitment: Commitment): string | null {
  const period = commitment.plannedPeriod;
  if (period.parseError !== null) return null;
  return period.end ?? commitment.horizon?.end ?? null;
}

/** The deadline and how it was reached, as evidence (shared with the source-code judgement). */
export function deadlineEvidence(commitment: Commitment): Evidence[] {
  const period = commitment.plannedPeriod;
  if (period.parseError !== null) {
    return [{
      kind: 'DEADLINE_UNKNOWN',
      detail: `échéance inconnue : la période annoncée « ${period.text} » n’a pas pu être lue (${period.parseError})`,
    }];
  }
  if (!period.end) {
    const horizon = commitment.horizon;
    if (horizon?.end) {
      return [
        { kind: 'NO_PLANNED_DATE', detail: 'aucune période propre n’a été annoncée pour cet engagement' },
        { kind: 'DEADLINE', detail: `l’horizon général de l’annonce, « ${horizon.text} », se termine le ${horizon.end} : c’est l’échéance retenue` },
      ];
    }
    return [{ kind: 'NO_PLANNED_DATE', detail: 'aucune période ni horizon n’a été annoncé : pas d’échéance' }];
  }
  const evidence: Evidence[] = [{ kind: 'DEADLINE', detail: `annoncé pour « ${period.text} » : échéance le ${period.end}` }];
  if (period.postponedTo) {
    evidence.push({
      kind: 'POSTPONED',
      detail: `reporté à « ${period.postponedTo.text} »${period.postponedTo.end ? ` (${period.postponedTo.end})` : ''} ; le retard se mesure toujours à l’échéance annoncée, le ${period.end}`,
    });
  }
  return evidence;
}

function searchEvidence(searches: readonly SearchMade[]): Evidence[] {
  return searches.map((search) => ({
    kind: 'SEARCH_MADE' as const,
    detail: `recherche « ${search.query} » parmi les ${search.catalogue === 'DATASETS' ? 'jeux de données' : 'API'} : ${search.total} résultat${search.total > 1 ? 's' : ''}, ${search.examined} examiné${search.examined > 1 ? 's' : ''}`,
  }));
}

function nearMissEvidence(candidates: readonly CommitmentCandidate[]): Evidence[] {
  return candidates.slice(0, 3).map((candidate) => {
    const object = candidate.dataset ?? candidate.dataservice;
    return {
      kind: 'NEAR_MISS' as const,
      detail: `le plus proche : « ${object?.title ?? object?.id} », score ${candidate.score.toFixed(2)} (seuil ${RESOLUTION_THRESHOLD})${candidate.claimedBy ? `, attribué à ${candidate.claimedBy}` : ''}`,
      url: object?.webUrl ?? null,
    };
  });
}

function notFound(context: Context): CommitmentStatus {
  const listing = context.commitment.firstListed[0];
  if (listing) return publishedFromRecordOnly(context);
  const deadline = resolveDeadline(context.commitment);
  const day = judgementDay(context);
  const evidence = [
    ...context.evidence,
    ...searchEvidence(context.searches),
    ...nearMissEvidence(context.candidates),
    ...deadlineEvidence(context.commitment),
    ...staleEvidence(context, UPSTREAM),
  ];
  const withEvidence = { ...context, evidence };
  if (deadline && day > deadline) {
    return { ...blankStatus('OVERDUE', withEvidence), daysOverdue: diffDays(deadline, day) };
  }
  return blankStatus('PENDING', withEvidence);
}

/** Why a date that is only an upper bound (an API's listing) cannot show lateness, in French. */
function listingDateOnly(first: FirstPublication): Evidence {
  return {
    kind: 'LISTING_DATE_ONLY',
    detail: `seule date connue : le référencement sur data.gouv.fr le ${first.day}, après l’échéance ; les API venues d’api.gouv.fr y sont datées de leur migration (novembre 2024), ce qui ne dit pas quand elles ont ouvert : retard inconnu`,
    url: first.url,
  };
}

/**
 * The state a first publication gives against the announcement and the
 * deadline. A date that is only an upper bound never shows lateness: past
 * the deadline it gives PUBLISHED, with `upperBoundOnly` saying why.
 */
export function publicationState(
  commitment: Commitment,
  first: FirstPublication,
  upperBoundOnly: (first: FirstPublication, deadline: string) => Evidence = listingDateOnly,
): { readonly state: CommitmentState; readonly daysLate: number | null; readonly evidence: Evidence[] } {
  const announcedOn = commitment.announcedOn;
  if (announcedOn && first.day < announcedOn) {
    return {
      state: 'PUBLISHED_BEFORE_ANNOUNCEMENT',
      daysLate: null,
      evidence: [{ kind: 'CREATED_BEFORE_ANNOUNCEMENT', detail: `publié au plus tard le ${first.day}, avant l’annonce du ${announcedOn}` }],
    };
  }
  const deadline = resolveDeadline(commitment);
  const withDeadline = deadlineEvidence(commitment);
  if (!deadline) return { state: 'PUBLISHED', daysLate: null, evidence: withDeadline };
  const late = diffDays(deadline, first.day);
  if (late <= 0) return { state: 'PUBLISHED_ON_TIME', daysLate: null, evidence: withDeadline };
  if (!first.exact) {
    return {
      state: 'PUBLISHED',
      daysLate: null,
      evidence: [
        ...withDeadline,
        upperBoundOnly(first, deadline),
      ],
    };
  }
  return { state: 'PUBLISHED_LATE', daysLate: late, evidence: withDeadline };
}

const SOURCE_WORDS: Readonly<Record<FirstPublication['source'], string>> = {
  RECORD: 'première mention sourcée dans le dossier',
  DATASET: 'création du jeu de données sur data.gouv.fr',
  RESOURCE: 'création de son plus ancien fichier sur data.gouv.fr',
  DATASERVICE_LISTING: 'référencement de l’API sur data.gouv.fr (borne haute)',
  REPOSITORY_CREATED: 'création du dépôt de code source (borne haute)',
};

function firstPublicationEvidence(commitment: Commitment, first: FirstPublication): Evidence[] {
  const listing = first.source === 'RECORD' ? commitment.firstListed.find((l) => l.on === first.day) : undefined;
  return [{
    kind: first.source === 'RECORD' ? 'RECORD_FIRST_LISTING' : 'FIRST_PUBLICATION',
    detail: `première publication le ${first.day} (heure de Paris) : ${SOURCE_WORDS[first.source]}${listing ? ` (${listing.where})` : ''}`,
    url: first.url,
  }];
}

/** Nothing found on data.gouv.fr, but the record holds sourced evidence that it was published. */
function publishedFromRecordOnly(context: Context): CommitmentStatus {
  const first = resolveFirstPublication(context.commitment, null) as FirstPublication;
  const judged = publicationState(context.commitment, first);
  const evidence = [
    ...context.evidence,
    {
      kind: 'NOT_IN_CATALOGUE' as const,
      detail: 'introuvable aujourd’hui sur data.gouv.fr ; le verdict repose sur la date sourcée du dossier',
    },
    ...searchEvidence(context.searches),
    ...firstPublicationEvidence(context.commitment, first),
    ...judged.evidence,
    ...staleEvidence(context, UPSTREAM),
  ];
  return {
    ...blankStatus(judged.state, { ...context, evidence, confidence: RECORD_ONLY_CONFIDENCE }),
    firstPublishedAt: first.at,
    firstPublication: first,
    daysLate: judged.daysLate,
  };
}

function resolved(object: Dataset | Dataservice, context: Context): CommitmentStatus {
  const dataset = isDataservice(object) ? null : object;
  if (dataset?.private) {
    return notFound({
      ...context,
      confidence: context.confidence * ABSENCE_CONFIDENCE,
      evidence: [...context.evidence, { kind: 'PRIVATE', detail: `le jeu de données ${dataset.id} est privé : il n’est pas publié`, url: dataset.webUrl }],
    });
  }
  const stale = context.stale || object.stale;
  const judged: Context = { ...context, stale, checkedAt: object.fetchedAt };
  const resources = dataset?.inlineResources ?? null;
  const formats = [...new Set((resources ?? []).map((r) => r.format?.trim().toLowerCase()).filter((f): f is string => !!f))].sort();
  const first = resolveFirstPublication(context.commitment, object);
  const base = (state: CommitmentState, evidence: readonly Evidence[]): CommitmentStatus => ({
    ...blankStatus(state, { ...judged, evidence: [...evidence, ...staleEvidence(judged, UPSTREAM)] }),
    dataset,
    dataservice: isDataservice(object) ? object : null,
    firstPublishedAt: first?.at ?? null,
    firstPublication: first,
    // Shown apart from first publication: for an API it is the listing, not the opening.
    listedOnDatagouvAt: object.createdAt,
    freshness: dataset
      ? resolveFreshness({ lastUpdate: dataset.lastUpdate, frequency: dataset.frequency, now: new Date(`${judgementDay(judged)}T12:00:00Z`) })
      : null,
    documentationOnly: isDocumentationOnly(resources),
    resourceCount: dataset ? (dataset.resourceCount ?? resources?.length ?? null) : null,
    formats,
  });

  if (object.deleted) {
    return base('WITHDRAWN', [...context.evidence, { kind: 'DELETED', detail: `supprimé sur data.gouv.fr${object.deletedAt ? ` le ${object.deletedAt}` : ''}`, url: object.webUrl }]);
  }
  if (object.archivedAt) {
    return base('WITHDRAWN', [...context.evidence, { kind: 'ARCHIVED', detail: `archivé sur data.gouv.fr le ${object.archivedAt}`, url: object.webUrl }]);
  }
  if (!first) {
    return base('PUBLISHED', [...context.evidence, { kind: 'NO_PUBLICATION_DATE', detail: 'data.gouv.fr ne donne aucune date de création' }]);
  }
  const state = publicationState(context.commitment, first);
  return {
    ...base(state.state, [...context.evidence, ...firstPublicationEvidence(context.commitment, first), ...state.evidence]),
    daysLate: state.daysLate,
  };
}

/**
 * A deleted object answers as a stub (udata's 410 keeps its id and deletion
 * date, not its title or creation date). When the last verdict resolved the
 * same object, its known fields stand, with the deletion or archiving now
 * seen: the withdrawal keeps the title and first publication it withdrew.
 */
function withKnownFields(object: Dataset | Dataservice, previous: CommitmentStatus | null): Dataset | Dataservice {
  if (!object.deleted && object.archivedAt === null) return object;
  const known = previous?.dataset ?? previous?.dataservice;
  if (!known || known.id !== object.id || isDataservice(known) !== isDataservice(object)) return object;
  return { ...known, deleted: object.deleted, deletedAt: object.deletedAt, archivedAt: object.archivedAt, fetchedAt: object.fetchedAt, stale: object.stale } as Dataset | Dataservice;
}

/** The object kept from the last verdict no longer answers (404 with a healthy upstream). */
function gone(previous: CommitmentStatus, context: Context): CommitmentStatus {
  const object = previous.dataset ?? previous.dataservice;
  return withdrawnSinceSeen(previous, context, {
    kind: 'GONE',
    detail: `l’objet retenu lors de la vérification du ${previous.checkedAt ?? '?'} (« ${object?.title ?? object?.id} ») n’existe plus sur data.gouv.fr (404) ; data.gouv.fr répond normalement par ailleurs`,
    url: object?.webUrl ?? null,
  }, UPSTREAM, ABSENCE_CONFIDENCE);
}

function sourceCode(commitment: Commitment, now: Date): CommitmentStatus {
  const repositoryUrl = commitment.hints.repositoryUrl;
  const evidence: Evidence[] = repositoryUrl
    ? [{ kind: 'REPOSITORY_URL', detail: `dépôt indiqué par le dossier : ${repositoryUrl} (non vérifié en direct)`, url: repositoryUrl }]
    : [{ kind: 'NO_REPOSITORY_URL', detail: 'aucun dépôt dans le dossier ; le code source n’est pas recherché en direct, il n’est donc ni trouvé ni en retard' }];
  const context: Context = {
    commitment, now, confidence: repositoryUrl ? 1 : 0, candidates: [], searches: [],
    evidence: [...evidence, ...deadlineEvidence(commitment)], checkedAt: null, stale: false,
  };
  return { ...blankStatus('UNCHECKED_SOURCE_CODE', context), repositoryUrl };
}

/** Failure codes that mean data.gouv.fr answered, but with something that is not its API. */
const UNUSABLE_CODES: ReadonlySet<string> = new Set(['UPSTREAM_UNUSABLE', 'UPSTREAM_BAD_PAYLOAD']);

/** Evidence about the upstream itself, replaced whenever a verdict is kept through a new outage. */
const UPSTREAM_EVIDENCE: ReadonlySet<Evidence['kind']> = new Set(['STALE_EVIDENCE', 'UPSTREAM_FAILURE', 'UPSTREAM_UNUSABLE', 'HELD_BY_GUARD']);

function upstreamFailed(
  lookup: Extract<CommitmentLookup, { kind: 'UPSTREAM_FAILED' }>,
  previous: CommitmentStatus | null | undefined,
  commitment: Commitment,
  now: Date,
): CommitmentStatus {
  const failure: Evidence[] = [
    { kind: 'UPSTREAM_FAILURE', detail: `data.gouv.fr n’a pas pu répondre (${lookup.error.code})` },
    ...(UNUSABLE_CODES.has(lookup.error.code)
      ? [{
          kind: 'UPSTREAM_UNUSABLE' as const,
          detail: 'data.gouv.fr répond, mais pas de façon exploitable (page d’erreur au lieu de son API, objets introuvables alors que son point de contrôle échoue) : aucune conclusion n’en est tirée',
        }]
      : []),
  ];
  if (previous) {
    const kept = previous.evidence.filter((e) => !UPSTREAM_EVIDENCE.has(e.kind));
    return {
      ...previous,
      stale: true,
      evidence: [...kept, { kind: 'STALE_EVIDENCE', detail: `verdict du ${previous.checkedAt ?? '?'} conservé pendant que data.gouv.fr échoue` }, ...failure],
    };
  }
  return blankStatus('UNVERIFIABLE', {
    commitment, now, confidence: 0, candidates: [], searches: [], evidence: failure, checkedAt: null, stale: false,
  });
}

/**
 * Decides what became of one commitment from what the caller fetched and what
 * the global assignment left it. Pure: the clock and the upstream evidence are
 * inputs. See the state machine above.
 */
export function resolveCommitmentStatus(input: ResolveCommitmentStatusInput): CommitmentStatus {
  const { commitment, now, lookup } = input;
  if (commitment.kind === 'SOURCE_CODE') return sourceCode(commitment, now);

  switch (lookup.kind) {
    case 'NOT_APPLICABLE':
      return blankStatus('UNVERIFIABLE', {
        commitment, now, confidence: 0, candidates: [], searches: [], checkedAt: null, stale: false,
        evidence: [{ kind: 'NOT_LOOKED_UP', detail: 'rien n’a été recherché pour cet engagement' }],
      });
    case 'UPSTREAM_FAILED':
      return upstreamFailed(lookup, input.previous, commitment, now);
    case 'FETCHED': {
      const assignment = input.assignment ?? assignAlone(commitment.key, rankClaims(commitment, lookup));
      const candidates = assignment.others.slice(0, MAX_LISTED_CANDIDATES);
      const deadLinks: Evidence[] = lookup.linked
        .filter((read) => read.object === null)
        .map((read) => ({
          kind: 'LINK_NOT_FOUND',
          detail: `le dossier désigne ${read.collection === 'datasets' ? 'le jeu de données' : 'l’API'} ${read.idOrSlug}, que data.gouv.fr ne connaît pas (404)`,
        }));
      const base = {
        commitment, now, candidates, searches: lookup.searches,
        checkedAt: lookup.fetchedAt ?? now.toISOString(), stale: lookup.stale ?? false,
      };
      const chosen = assignment.chosen;
      if (chosen) {
        return resolved(withKnownFields(chosen.object, input.previous ?? null), {
          ...base, confidence: chosen.score, evidence: [...deadLinks, ...chosen.evidence, ...assignment.conflicts],
        });
      }
      const previous = input.previous;
      if (lookup.remembered && lookup.remembered.object === null && previous && (previous.dataset ?? previous.dataservice)) {
        return gone(previous, { ...base, confidence: previous.confidence, evidence: [...deadLinks, ...assignment.conflicts] });
      }
      const best = candidates[0]?.score ?? 0;
      return notFound({
        ...base,
        confidence: (1 - best) * ABSENCE_CONFIDENCE,
        evidence: [
          ...deadLinks,
          ...assignment.conflicts,
          ...(deadLinks.length > 0 || assignment.conflicts.length > 0 ? [] : [
            candidates.length > 0
              ? { kind: 'BELOW_THRESHOLD' as const, detail: `aucun des ${candidates.length} candidats n’atteint le seuil de ${RESOLUTION_THRESHOLD} (meilleur : ${best.toFixed(2)})` }
              : { kind: 'NO_CANDIDATE' as const, detail: 'les recherches n’ont rien renvoyé' },
          ]),
        ],
      });
    }
  }
}
