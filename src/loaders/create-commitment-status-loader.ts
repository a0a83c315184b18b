import DataLoader from 'dataloader';
import type { Commitment, CommitmentStatus } from '../commitments/model.js';
import type { EvaluationDependencies } from './evaluate-commitments.js';
import { evaluateCommitments } from './evaluate-commitments.js';
import type { EvaluationReads, SharedEvaluation } from './create-shared-evaluation.js';

/**
 * Per request: every commitment is judged in one evaluation (a commitment's
 * verdict depends on the others' claims), run at most once however many
 * fields ask, and each verdict is read from it.
 */
export function createCommitmentStatusLoader(
  deps: EvaluationDependencies,
  shared?: { readonly evaluation: SharedEvaluation; readonly reads: EvaluationReads },
): DataLoader<Commitment, CommitmentStatus, string> {
  let evaluation: Promise<ReadonlyMap<string, CommitmentStatus>> | undefined;
  return new DataLoader<Commitment, CommitmentStatus, string>(
    async (commitments) => {
      evaluation ??= shared ? shared.evaluation.evaluate(deps, shared.reads) : evaluateCommitments(deps);
      const statuses = await evaluation;
      return commitments.map((commitment) => statuses.get(commitment.key) ?? new Error(`no verdict for commitment ${commitment.key}`));
    },
    { cacheKeyFn: (commitment) => commitment.key },
  );
}
