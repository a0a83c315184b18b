import type { Commitment } from './model.js';
import type { RecordError } from './record-error.js';

/** The commitment records loaded at start-up, indexed for the API. Read-only. */
export interface CommitmentRegistry {
  /** Every record, in file order. */
  all(): readonly Commitment[];
  byKey(key: string): Commitment | undefined;
  /** Records announced by this press release. */
  byAnnouncement(slug: string): readonly Commitment[];
  /** Rows that were skipped, with their reason. */
  loadErrors(): readonly RecordError[];
}

export function createCommitmentRegistry(commitments: readonly Commitment[], errors: readonly RecordError[]): CommitmentRegistry {
  const byKey = new Map(commitments.map((commitment) => [commitment.key, commitment]));
  const byAnnouncement = new Map<string, Commitment[]>();
  for (const commitment of commitments) {
    if (commitment.announcementSlug === null) continue;
    byAnnouncement.set(commitment.announcementSlug, [...(byAnnouncement.get(commitment.announcementSlug) ?? []), commitment]);
  }
  return {
    all: () => commitments,
    byKey: (key) => byKey.get(key),
    byAnnouncement: (slug) => byAnnouncement.get(slug) ?? [],
    loadErrors: () => errors,
  };
}
