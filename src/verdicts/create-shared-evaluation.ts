import type { CommitmentStatus } from '../commitments/model.js';
import { nextParisMidnight } from '../commitments/next-paris-midnight.js';
import { evaluateCommitments, type EvaluationDependencies } from './evaluate-commitments.js';

/** What one request read from data.gouv.fr so far (its upstream log). */
export interface EvaluationReads {
  /** Earliest freshness deadline of the reads (upstream clock ms); Infinity when none. */
  freshUntil(): number;
  failures(): readonly unknown[];
  /** Counts the deadline of reads an earlier request made, when this one reuses their result. */
  noteFreshUntil(deadline: number): void;
}

/**
 * The verdicts of every commitment, judged once and reused by the following
 * requests while every upstream object they were judged from is still fresh
 * in the client's cache and the Paris day has not changed: the same inputs
 * give the same verdicts, and judging them is most of a warm request's CPU.
 * An evaluation that met an upstream failure or gave a stale verdict is not
 * reused.
 */
export interface SharedEvaluation {
  evaluate(deps: EvaluationDependencies, reads: EvaluationReads): Promise<ReadonlyMap<string, CommitmentStatus>>;
  /** Forgets the kept verdicts: the records they judge were reloaded. */
  invalidate(): void;
}

/** Not worth keeping for less. */
const MIN_LIFETIME_MS = 1_000;

export function createSharedEvaluation(options: { readonly upstreamNow: () => number; readonly now: () => Date }): SharedEvaluation {
  let kept: { statuses: ReadonlyMap<string, CommitmentStatus>; freshUntil: number; dayEndsAt: number; generation: number } | undefined;
  let generation = 0;
  return {
    async evaluate(deps, reads) {
      if (
        kept !== undefined && kept.generation === generation && options.upstreamNow() < kept.freshUntil && options.now().getTime() < kept.dayEndsAt &&
        // Commitments added since (the tracking table's rows) have no kept verdict.
        deps.commitments.every((commitment) => kept?.statuses.has(commitment.key))
      ) {
        reads.noteFreshUntil(kept.freshUntil);
        return kept.statuses;
      }
      const startedIn = generation;
      const statuses = await evaluateCommitments(deps);
      const freshUntil = reads.freshUntil();
      const reusable =
        startedIn === generation &&
        reads.failures().length === 0 &&
        freshUntil - options.upstreamNow() >= MIN_LIFETIME_MS &&
        ![...statuses.values()].some((status) => status.stale);
      if (reusable) kept = { statuses, freshUntil, dayEndsAt: nextParisMidnight(options.now()), generation: startedIn };
      return statuses;
    },
    invalidate() {
      generation += 1;
      kept = undefined;
    },
  };
}
