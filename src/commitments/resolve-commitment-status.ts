import type { Dataservice, Dataset } from '../upstream/datagouv/model.js';
import { isDataservice } from './is-dataservice.js';
import { isDocumentationOnly } from './is-documentation-only.js';
import type {
  Commitment,
  CommitmentCandidate,
  CommitmentLookup,
  CommitmentState,
  CommitmentStatus,
  Evidence,
  LinkCertainty,
} from './model.js';
import { resolveFirstPublishedAt } from './resolve-first-published-at.js';
import { resolveFreshness } from './resolve-freshness.js';
import { scoreCandidate } from './score-candidate.js';
import { diffDays, toParisDay } from './to-paris-day.js';

/*
 * The state machine of a commitment (also described in data/commitments/README.md).
 *
 * 1. SOURCE_CODE is never looked up live: UNCHECKED_SOURCE_CODE, carrying the
 *    record's repository URL when there is one. Never OVERDUE: we did not look.
 * 2. UPSTREAM_FAILED: the previous verdict, flagged stale (STALE_EVIDENCE +
 *    UPSTREAM_FAILURE); without one, UNVERIFIABLE. An outage never produces
 *    OVERDUE or WITHDRAWN.
 * 3. The object is found through the record's link (EXPLICIT; confidence from
 *    the link's certainty) or as the best search candidate scoring at least
 *    RESOLUTION_THRESHOLD (confidence = its score; the others are listed).
 * 4. A found object that is deleted or archived: WITHDRAWN. A private one
 *    counts as not published.
 * 5. A found object is compared by its first publication (dataset createdAt,
 *    or an earlier resource createdAt):
 *    - before the announcement day: PUBLISHED_BEFORE_ANNOUNCEMENT;
 *    - no deadline (or no publication date): PUBLISHED, no lateness;
 *    - on or before the last day of the planned period: PUBLISHED_ON_TIME;
 *    - after it: PUBLISHED_LATE, daysLate = days after the deadline.
 *    A postponement stated with the announcement does not move the deadline.
 *    The deadline is the last day of the item's planned period, or, when the
 *    item has none, of the announcing release's overall horizon ("2021 et
 *    2022"); with neither there is no deadline.
 * 6. Nothing found: OVERDUE when today is after the deadline (daysOverdue),
 *    PENDING otherwise or when there is no planned date (NO_PLANNED_DATE).
 *
 * Days are Europe/Paris calendar days. Evidence served from cache (stale)
 * is judged as of the day it was fetched, and the verdict is flagged stale.
 */

/** Minimum candidate score for a search result to count as the published object. */
export const RESOLUTION_THRESHOLD = 0.55;

/** How many runners-up (or near misses) a status lists. */
export const MAX_LISTED_CANDIDATES = 5;

/** Confidence of a verdict reached through the record's link, by its certainty. */
export const LINK_CERTAINTY_CONFIDENCE: Readonly<Record<LinkCertainty, number>> = {
  CONFIRMED: 1,
  PROBABLE: 0.8,
  POSSIBLE: 0.6,
};

/**
 * Factor applied to the confidence of "not found": a search can miss an object
 * published under another name, and a dead link says nothing of other pages.
 */
export const ABSENCE_CONFIDENCE = 0.8;

export interface ResolveCommitmentStatusInput {
  readonly commitment: Commitment;
  /** The clock. */
  readonly now: Date;
  readonly lookup: CommitmentLookup;
  /** Last verdict for this commitment, kept through upstream outages. */
  readonly previous?: CommitmentStatus | null;
}

interface Context {
  readonly commitment: Commitment;
  readonly now: Date;
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
  readonly candidates: readonly CommitmentCandidate[];
  readonly checkedAt: string;
  readonly stale: boolean;
}

function blankStatus(state: CommitmentState, context: Context): CommitmentStatus {
  return {
    state,
    confidence: round(context.confidence),
    evidence: context.evidence,
    dataset: null,
    dataservice: null,
    repositoryUrl: null,
    firstPublishedAt: null,
    daysLate: null,
    daysOverdue: null,
    candidates: context.candidates,
    freshness: null,
    documentationOnly: null,
    resourceCount: null,
    formats: [],
    checkedAt: context.checkedAt,
    stale: context.stale,
  };
}

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}

/** The day the verdict is judged on: today, or the day stale evidence was fetched. */
function judgementDay(context: Context): string {
  const today = toParisDay(context.now) as string;
  if (!context.stale) return today;
  const fetched = toParisDay(context.checkedAt);
  return fetched !== null && fetched < today ? fetched : today;
}

function staleEvidence(context: Context): Evidence[] {
  if (!context.stale) return [];
  return [{
    kind: 'STALE_EVIDENCE',
    detail: `evidence fetched ${context.checkedAt} was served from cache; judged as of ${judgementDay(context)}`,
  }];
}

/**
 * The day after which the commitment is late: the last day of its own planned
 * period, else of the announcement's overall horizon, else none.
 */
export function resolveDeadline(commitment: Commitment): string | null {
  return commitment.plannedPeriod.end ?? commitment.horizon?.end ?? null;
}

function deadlineEvidence(commitment: Commitment): Evidence[] {
  const period = commitment.plannedPeriod;
  if (!period.end) {
    const why = period.parseError ? `planned period not usable: ${period.parseError}` : 'no planned period was announced for this item';
    const horizon = commitment.horizon;
    if (horizon?.end) {
      return [
        { kind: 'NO_PLANNED_DATE', detail: why },
        { kind: 'DEADLINE', detail: `the announcement's overall horizon "${horizon.text}" ends ${horizon.end}; used as the deadline` },
      ];
    }
    return [{ kind: 'NO_PLANNED_DATE', detail: why }];
  }
  const evidence: Evidence[] = [{ kind: 'DEADLINE', detail: `announced "${period.text}", deadline ${period.end}` }];
  if (period.postponedTo) {
    evidence.push({
      kind: 'POSTPONED',
      detail: `postponed to "${period.postponedTo.text}"${period.postponedTo.end ? ` (${period.postponedTo.end})` : ''}; lateness is measured against the announced ${period.end}`,
    });
  }
  return evidence;
}

function notFound(context: Context): CommitmentStatus {
  const deadline = resolveDeadline(context.commitment);
  const day = judgementDay(context);
  const evidence = [...context.evidence, ...deadlineEvidence(context.commitment), ...staleEvidence(context)];
  const withEvidence = { ...context, evidence };
  if (deadline && day > deadline) {
    return { ...blankStatus('OVERDUE', withEvidence), daysOverdue: diffDays(deadline, day) };
  }
  return blankStatus('PENDING', withEvidence);
}

function resolved(object: Dataset | Dataservice, context: Context): CommitmentStatus {
  const dataset = isDataservice(object) ? null : object;
  if (dataset?.private) {
    return notFound({
      ...context,
      confidence: context.confidence * ABSENCE_CONFIDENCE,
      evidence: [...context.evidence, { kind: 'PRIVATE', detail: `dataset ${dataset.id} is private, not published` }],
      candidates: [{ score: context.confidence, dataset, dataservice: null, evidence: context.evidence }, ...context.candidates],
    });
  }
  const stale = context.stale || object.stale;
  const checkedAt = object.fetchedAt;
  const judged = { ...context, stale, checkedAt };
  const resources = dataset?.inlineResources ?? null;
  const formats = [...new Set((resources ?? []).map((r) => r.format?.trim().toLowerCase()).filter((f): f is string => !!f))].sort();
  const firstPublishedAt = resolveFirstPublishedAt(object);
  const base = (state: CommitmentState, evidence: readonly Evidence[]): CommitmentStatus => ({
    ...blankStatus(state, { ...judged, evidence: [...evidence, ...staleEvidence(judged)] }),
    dataset,
    dataservice: isDataservice(object) ? object : null,
    firstPublishedAt,
    freshness: dataset
      ? resolveFreshness({ lastUpdate: dataset.lastUpdate, frequency: dataset.frequency, now: new Date(`${judgementDay(judged)}T12:00:00Z`) })
      : null,
    documentationOnly: isDocumentationOnly(resources),
    resourceCount: dataset ? (dataset.resourceCount ?? resources?.length ?? null) : null,
    formats,
  });

  if (object.deleted) {
    return base('WITHDRAWN', [...context.evidence, { kind: 'DELETED', detail: `deleted upstream${object.deletedAt ? ` on ${object.deletedAt}` : ''}` }]);
  }
  if (object.archivedAt) {
    return base('WITHDRAWN', [...context.evidence, { kind: 'ARCHIVED', detail: `archived upstream on ${object.archivedAt}` }]);
  }

  const firstDay = toParisDay(firstPublishedAt);
  if (!firstDay) {
    return base('PUBLISHED', [...context.evidence, { kind: 'NO_PUBLICATION_DATE', detail: 'upstream gives no creation date' }]);
  }
  const published: Evidence[] = [...context.evidence, { kind: 'FIRST_PUBLICATION', detail: `first published ${firstDay} (Europe/Paris)` }];
  const announcedOn = context.commitment.announcedOn;
  if (announcedOn && firstDay < announcedOn) {
    return base('PUBLISHED_BEFORE_ANNOUNCEMENT', [
      ...published,
      { kind: 'CREATED_BEFORE_ANNOUNCEMENT', detail: `published ${firstDay}, announced ${announcedOn}` },
    ]);
  }
  const deadline = resolveDeadline(context.commitment);
  const withDeadline = [...published, ...deadlineEvidence(context.commitment)];
  if (!deadline) return base('PUBLISHED', withDeadline);
  const late = diffDays(deadline, firstDay);
  if (late <= 0) return base('PUBLISHED_ON_TIME', withDeadline);
  return { ...base('PUBLISHED_LATE', withDeadline), daysLate: late };
}

function sourceCode(commitment: Commitment, now: Date): CommitmentStatus {
  const repositoryUrl = commitment.hints.repositoryUrl;
  const evidence: Evidence[] = repositoryUrl
    ? [{ kind: 'REPOSITORY_URL', detail: `repository stated in the record: ${repositoryUrl} (not checked live)` }]
    : [{ kind: 'NO_REPOSITORY_URL', detail: 'no repository in the record; source code is not looked up live, so it is neither found nor overdue' }];
  const context: Context = {
    commitment, now, confidence: repositoryUrl ? 1 : 0, candidates: [],
    evidence: [...evidence, ...deadlineEvidence(commitment)], checkedAt: now.toISOString(), stale: false,
  };
  return { ...blankStatus('UNCHECKED_SOURCE_CODE', context), repositoryUrl };
}

function upstreamFailed(
  lookup: Extract<CommitmentLookup, { kind: 'UPSTREAM_FAILED' }>,
  previous: CommitmentStatus | null | undefined,
  commitment: Commitment,
  now: Date,
): CommitmentStatus {
  const failure: Evidence = { kind: 'UPSTREAM_FAILURE', detail: `${lookup.error.code}: ${lookup.error.message}` };
  if (previous) {
    const kept = previous.evidence.filter((e) => e.kind !== 'STALE_EVIDENCE' && e.kind !== 'UPSTREAM_FAILURE');
    return {
      ...previous,
      stale: true,
      evidence: [...kept, { kind: 'STALE_EVIDENCE', detail: `verdict of ${previous.checkedAt} kept while data.gouv.fr fails` }, failure],
    };
  }
  return blankStatus('UNVERIFIABLE', {
    commitment, now, confidence: 0, candidates: [], evidence: [failure], checkedAt: now.toISOString(), stale: false,
  });
}

function toCandidate(object: Dataset | Dataservice, score: number, evidence: readonly Evidence[]): CommitmentCandidate {
  return isDataservice(object)
    ? { score, dataset: null, dataservice: object, evidence }
    : { score, dataset: object, dataservice: null, evidence };
}

/**
 * Decides what became of one commitment from what the caller fetched.
 * Pure: the clock and the upstream evidence are inputs. See the state machine above.
 */
export function resolveCommitmentStatus(input: ResolveCommitmentStatusInput): CommitmentStatus {
  const { commitment, now, lookup } = input;
  if (commitment.kind === 'SOURCE_CODE') return sourceCode(commitment, now);

  switch (lookup.kind) {
    case 'NOT_APPLICABLE':
      return blankStatus('UNVERIFIABLE', {
        commitment, now, confidence: 0, candidates: [], checkedAt: now.toISOString(), stale: false,
        evidence: [{ kind: 'NOT_LOOKED_UP', detail: `nothing was looked up for this ${commitment.kind} commitment` }],
      });
    case 'UPSTREAM_FAILED':
      return upstreamFailed(lookup, input.previous, commitment, now);
    case 'EXPLICIT': {
      const certainty = commitment.hints.linkCertainty;
      const linked = commitment.kind === 'API'
        ? (lookup.dataservice ?? lookup.dataset ?? null)
        : (lookup.dataset ?? lookup.dataservice ?? null);
      const link = commitment.hints.datasetIdOrSlug ?? commitment.hints.dataserviceIdOrSlug ?? '(link)';
      const context: Context = {
        commitment, now, candidates: [], checkedAt: now.toISOString(), stale: false,
        confidence: LINK_CERTAINTY_CONFIDENCE[certainty],
        evidence: [{ kind: 'EXPLICIT_LINK', detail: `record links ${link} (${certainty.toLowerCase()})` }],
      };
      if (!linked) {
        return notFound({
          ...context,
          confidence: context.confidence * ABSENCE_CONFIDENCE,
          evidence: [...context.evidence, { kind: 'LINK_NOT_FOUND', detail: `data.gouv.fr has no object at ${link}` }],
        });
      }
      return resolved(linked, context);
    }
    case 'SEARCH': {
      const scored = lookup.candidates
        .map((object) => ({ object, ...scoreCandidate(commitment, object) }))
        .sort((a, b) => b.score - a.score || a.object.id.localeCompare(b.object.id));
      const checkedAt = lookup.fetchedAt ?? now.toISOString();
      const stale = lookup.stale ?? false;
      const best = scored[0];
      if (best && best.score >= RESOLUTION_THRESHOLD) {
        const runnersUp = scored.slice(1, MAX_LISTED_CANDIDATES + 1).map((s) => toCandidate(s.object, s.score, s.evidence));
        return resolved(best.object, { commitment, now, confidence: best.score, evidence: best.evidence, candidates: runnersUp, checkedAt, stale });
      }
      const nearMisses = scored.slice(0, MAX_LISTED_CANDIDATES).map((s) => toCandidate(s.object, s.score, s.evidence));
      const why: Evidence = best
        ? { kind: 'BELOW_THRESHOLD', detail: `best of ${scored.length} candidates scores ${best.score.toFixed(3)} < ${RESOLUTION_THRESHOLD}` }
        : { kind: 'NO_CANDIDATE', detail: 'the search returned nothing' };
      return notFound({
        commitment, now, candidates: nearMisses, checkedAt, stale,
        confidence: (1 - (best?.score ?? 0)) * ABSENCE_CONFIDENCE,
        evidence: [why],
      });
    }
  }
}
