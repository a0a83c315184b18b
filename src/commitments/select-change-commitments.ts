import type { Commitment } from './model.js';
import { selectCommitments } from './select-commitments.js';

export interface ChangeCommitmentFilter {
  /** One commitment's key. */
  readonly commitment?: string | null;
  /** Part of the ministry's name, case- and accent-insensitive. */
  readonly ministry?: string | null;
}

/** The commitment keys whose changes a filter keeps; undefined when it keeps all. Pure. */
export function selectChangeCommitments(commitments: readonly Commitment[], filter: ChangeCommitmentFilter): string[] | undefined {
  if (!filter.commitment && !filter.ministry) return undefined;
  return selectCommitments(commitments, { ministry: filter.ministry ?? null }, 'KEY', () => undefined)
    .filter((c) => !filter.commitment || c.key === filter.commitment)
    .map((c) => c.key);
}
