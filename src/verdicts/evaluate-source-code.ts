import { assignRepositories, rankRepositoryClaims } from '../commitments/assign-repositories.js';
import type { Commitment, CommitmentStatus } from '../commitments/model.js';
import { resolveSourceCodeStatus } from '../commitments/resolve-source-code-status.js';
import type { RepositoryClaim } from '../commitments/source-code-lookup.js';
import type { CodegouvLoaders } from '../loaders/create-codegouv-loaders.js';
import { fetchSourceCodeLookup } from './fetch-source-code-lookup.js';
import type { VerdictMemory } from './verdict-memory.js';

export interface SourceCodeEvaluationDependencies {
  /** Every commitment; only the SOURCE_CODE ones are judged here. */
  readonly commitments: readonly Commitment[];
  /** Absent when no code.gouv.fr client is configured: source code is then UNCHECKED_SOURCE_CODE. */
  readonly loaders?: CodegouvLoaders;
  /** Read only: the caller remembers the verdicts with the others'. */
  readonly memory: VerdictMemory;
  readonly now: () => Date;
}

/**
 * Judges every source-code commitment against code.gouv.fr at once: lookups
 * (batched I/O) -> one repository, one commitment (`assignRepositories`) ->
 * per-commitment judgement (`resolveSourceCodeStatus`). The data.gouv.fr
 * commitments are judged apart (evaluate-commitments.ts): no repository can
 * fulfil a dataset, and their upstream health is not code.gouv.fr's.
 */
export async function evaluateSourceCode(deps: SourceCodeEvaluationDependencies): Promise<Map<string, CommitmentStatus>> {
  const commitments = deps.commitments.filter((commitment) => commitment.kind === 'SOURCE_CODE');
  const lookups = await Promise.all(
    commitments.map((commitment) => fetchSourceCodeLookup(commitment, {
      ...(deps.loaders ? { loaders: deps.loaders } : {}),
      remembered: deps.memory.get(commitment.key)?.repository ?? null,
    })),
  );
  const claims = new Map<string, readonly RepositoryClaim[]>();
  commitments.forEach((commitment, index) => {
    const lookup = lookups[index];
    if (lookup?.kind === 'FETCHED') claims.set(commitment.key, rankRepositoryClaims(commitment, lookup));
  });
  const assignments = assignRepositories(claims);
  const now = deps.now();
  const judged = new Map<string, CommitmentStatus>();
  commitments.forEach((commitment, index) => {
    const assignment = assignments.get(commitment.key);
    judged.set(commitment.key, resolveSourceCodeStatus({
      commitment,
      now,
      lookup: lookups[index] ?? { kind: 'NOT_CONFIGURED' },
      previous: deps.memory.get(commitment.key),
      ...(assignment ? { assignment } : {}),
    }));
  });
  return judged;
}
