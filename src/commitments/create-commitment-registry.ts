import type { Commitment } from './model.js';
import type { RecordError } from './record-error.js';

/** What the last reading of the official tracking table added to the records. */
export interface TrackerImport {
  /** Rows matching no record, as commitments (`source: TRACKER`), in table order. */
  readonly commitments: readonly Commitment[];
  /**
   * Rows imported by an earlier reading and missing from the table since:
   * reported (with a VANISHED_ROW error), no longer listed, until they reappear.
   */
  readonly vanished: readonly Commitment[];
  /** The table's load errors: unknown columns, unreadable rows, rows not imported, vanished rows. */
  readonly errors: readonly RecordError[];
}

/**
 * The commitment records loaded at start-up, indexed for the API, plus (with
 * `COMMITMENT_SOURCES=local,tracker`) the official tracking table's rows that
 * match no record, set each time the table is read. Without the table it is
 * exactly the records.
 */
export interface CommitmentRegistry {
  /** Every commitment: the records in file order, then the table's rows. */
  all(): readonly Commitment[];
  /** The records alone (`source: LOCAL`), in file order: what the table's rows are matched against. */
  records(): readonly Commitment[];
  byKey(key: string): Commitment | undefined;
  /** Records announced by this press release. */
  byAnnouncement(slug: string): readonly Commitment[];
  /** Records skipped, then the tracking table's load errors, with their reason. */
  loadErrors(): readonly RecordError[];
  /** What the last reading of the tracking table added; null before it was read. */
  tracker(): TrackerImport | null;
  /** Replaces the tracking table's commitments with those of a new reading. */
  setTracker(update: TrackerImport): void;
}

export function createCommitmentRegistry(commitments: readonly Commitment[], errors: readonly RecordError[]): CommitmentRegistry {
  const recordsByKey = new Map(commitments.map((commitment) => [commitment.key, commitment]));
  const byAnnouncement = new Map<string, Commitment[]>();
  for (const commitment of commitments) {
    if (commitment.announcementSlug === null) continue;
    byAnnouncement.set(commitment.announcementSlug, [...(byAnnouncement.get(commitment.announcementSlug) ?? []), commitment]);
  }
  let tracker: TrackerImport | null = null;
  let all: readonly Commitment[] = commitments;
  let byKey: ReadonlyMap<string, Commitment> = recordsByKey;
  let loadErrors: readonly RecordError[] = errors;
  return {
    all: () => all,
    records: () => commitments,
    byKey: (key) => byKey.get(key),
    byAnnouncement: (slug) => byAnnouncement.get(slug) ?? [],
    loadErrors: () => loadErrors,
    tracker: () => tracker,
    setTracker: (update) => {
      // A record's key always wins; a table row can never shadow it.
      const added = update.commitments.filter((commitment) => !recordsByKey.has(commitment.key));
      tracker = { ...update, commitments: added };
      all = [...commitments, ...added];
      byKey = new Map([...recordsByKey, ...added.map((commitment) => [commitment.key, commitment] as const)]);
      loadErrors = [...errors, ...update.errors];
    },
  };
}
