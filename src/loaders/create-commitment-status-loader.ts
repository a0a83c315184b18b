import DataLoader from 'dataloader';
import type { Commitment, CommitmentStatus } from '../commitments/model.js';
import { resolveCommitmentStatus } from '../commitments/resolve-commitment-status.js';
import type { UpstreamLoaders } from './create-loaders.js';
import { fetchCommitmentLookup } from './fetch-commitment-lookup.js';
import type { VerdictMemory } from './verdict-memory.js';

export interface CommitmentStatusLoaderDependencies {
  readonly loaders: UpstreamLoaders;
  readonly memory: VerdictMemory;
  readonly now: () => Date;
}

/**
 * Per request: each commitment is judged once, however many fields ask; the
 * lookups of all requested commitments start together, so their dataset and
 * organization reads share the request's loaders.
 */
export function createCommitmentStatusLoader(deps: CommitmentStatusLoaderDependencies): DataLoader<Commitment, CommitmentStatus, string> {
  return new DataLoader<Commitment, CommitmentStatus, string>(
    (commitments) =>
      Promise.all(
        commitments.map(async (commitment) => {
          const lookup = await fetchCommitmentLookup(commitment, deps);
          const status = resolveCommitmentStatus({
            commitment,
            now: deps.now(),
            lookup,
            previous: deps.memory.get(commitment.key),
          });
          deps.memory.remember(commitment.key, status);
          return status;
        }),
      ),
    { cacheKeyFn: (commitment) => commitment.key },
  );
}
