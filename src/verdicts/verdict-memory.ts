import type { CommitmentStatus } from '../commitments/model.js';

/**
 * The last verdict reached from fresh evidence, per commitment key, kept for
 * the life of the process and restored from the store of record so an upstream outage serves it (flagged stale)
 * instead of a false OVERDUE or WITHDRAWN. Created once by the gateway.
 */
export interface VerdictMemory {
  get(key: string): CommitmentStatus | null;
  remember(key: string, status: CommitmentStatus): void;
  /** Takes the memory recorded in the store (at start, or from another process's run). */
  restore(verdicts: ReadonlyMap<string, CommitmentStatus>): void;
}

export function createVerdictMemory(): VerdictMemory {
  const verdicts = new Map<string, CommitmentStatus>();
  return {
    get: (key) => verdicts.get(key) ?? null,
    remember: (key, status) => {
      // A verdict kept through an outage, or one we could not reach, is not new evidence.
      if (status.stale || status.state === 'UNVERIFIABLE') return;
      verdicts.set(key, status);
    },
    restore: (recorded) => {
      for (const [key, status] of recorded) verdicts.set(key, status);
    },
  };
}
