import type { CommitmentCandidate, CommitmentState, CommitmentStatus, Evidence, SearchMade } from './model.js';
import type { Commitment } from './model.js';
import { toParisDay } from './to-paris-day.js';

/**
 * What a verdict is being judged from, shared by the rules for catalogue
 * objects (data.gouv.fr) and for source code (code.gouv.fr). Pure.
 */
export interface VerdictContext {
  readonly commitment: Commitment;
  readonly now: Date;
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
  readonly candidates: readonly CommitmentCandidate[];
  readonly searches: readonly SearchMade[];
  readonly checkedAt: string | null;
  readonly stale: boolean;
}

/** A confidence kept in [0, 1], to three decimals. */
export function roundConfidence(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}

/** A verdict in `state` with nothing resolved yet: the fields every rule starts from. */
export function blankStatus(state: CommitmentState, context: VerdictContext): CommitmentStatus {
  return {
    state,
    confidence: roundConfidence(context.confidence),
    evidence: context.evidence,
    dataset: null,
    dataservice: null,
    repositoryUrl: null,
    firstPublishedAt: null,
    firstPublication: null,
    listedOnDatagouvAt: null,
    searches: context.searches,
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

/** The day the verdict is judged on: today, or the day stale evidence was fetched. */
export function judgementDay(context: VerdictContext): string {
  const today = toParisDay(context.now) as string;
  if (!context.stale || context.checkedAt === null) return today;
  const fetched = toParisDay(context.checkedAt);
  return fetched !== null && fetched < today ? fetched : today;
}

/** Says that the evidence was served from cache because `upstream` ("data.gouv.fr", "code.gouv.fr") failed. */
export function staleEvidence(context: VerdictContext, upstream: string): Evidence[] {
  if (!context.stale) return [];
  return [{
    kind: 'STALE_EVIDENCE',
    detail: `données obtenues le ${context.checkedAt ?? '?'} et resservies depuis le cache parce que ${upstream} a échoué ; jugé au ${judgementDay(context)}`,
  }];
}

/**
 * The object of the last verdict is gone (a 404 while its upstream answers
 * normally otherwise): the last verdict, now WITHDRAWN, with `gone` saying
 * what disappeared and from where.
 */
export function withdrawnSinceSeen(
  previous: CommitmentStatus,
  context: VerdictContext,
  gone: Evidence,
  upstream: string,
  absenceConfidence: number,
): CommitmentStatus {
  return {
    ...previous,
    state: 'WITHDRAWN',
    daysLate: null,
    daysOverdue: null,
    candidates: context.candidates,
    searches: context.searches,
    confidence: roundConfidence(previous.confidence * absenceConfidence),
    checkedAt: context.checkedAt,
    stale: context.stale,
    evidence: [...context.evidence, gone, ...staleEvidence(context, upstream)],
  };
}
