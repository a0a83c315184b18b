import DataLoader from 'dataloader';
import type { Commitment, CommitmentStatus } from '../commitments/model.js';
import type { CodegouvClient } from '../upstream/codegouv/model.js';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';
import { fetchTrackingTable, type TrackingTable } from './fetch-tracking-table.js';
import { createUpstreamLoaders, memoize, type UpstreamLoaders } from './upstream-loaders.js';

export type { UpstreamLoaders } from './upstream-loaders.js';

export interface Loaders extends UpstreamLoaders {
  /** The verdict on each commitment, read once per request from `LoaderDependencies.verdicts`. */
  readonly commitmentStatus: DataLoader<Commitment, CommitmentStatus, string>;
  /** The official tracking table, read at most once per request (and cached upstream). */
  readonly trackingTable: () => Promise<TrackingTable>;
}

export interface LoaderDependencies {
  readonly datagouv: DatagouvClient;
  /** code.gouv.fr's client; without it source code is not looked up (UNCHECKED_SOURCE_CODE). */
  readonly codegouv?: CodegouvClient;
  /** Aborted when the HTTP request goes away; only this request's waits stop. */
  readonly signal?: AbortSignal;
  /** Every commitment record: matched against the tracking table. */
  readonly commitments: readonly Commitment[];
  /**
   * Every commitment's verdict, by key (a commitment's verdict depends on the
   * others' claims, so they come together): recorded by the evaluator, or
   * judged for this request. Called at most once per request.
   */
  readonly verdicts: (loaders: UpstreamLoaders) => Promise<ReadonlyMap<string, CommitmentStatus>>;
}

/** Per-request loaders: batching and de-duplication of I/O, nothing else. */
export function createLoaders(deps: LoaderDependencies): Loaders {
  const upstreamLoaders = createUpstreamLoaders(deps.datagouv, deps.signal, deps.codegouv);
  const verdicts = memoize(() => deps.verdicts(upstreamLoaders));
  return {
    ...upstreamLoaders,
    commitmentStatus: new DataLoader<Commitment, CommitmentStatus, string>(
      async (commitments) => {
        const statuses = await verdicts();
        return commitments.map((commitment) => statuses.get(commitment.key) ?? new Error(`no verdict for commitment ${commitment.key}`));
      },
      { cacheKeyFn: (commitment) => commitment.key },
    ),
    trackingTable: memoize(() => fetchTrackingTable(deps.commitments, { datagouv: deps.datagouv, loaders: upstreamLoaders })),
  };
}
