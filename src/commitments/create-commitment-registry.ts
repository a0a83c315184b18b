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
  /** The ministry named by the row matched to each record, by record key, with the table file read. */
  readonly recordMinistries: ReadonlyMap<string, TableMinistry>;
}

/** A ministry as the tracking table names it for one record's row. */
export interface TableMinistry {
  /** Canonical name (see `toCanonicalMinistry`). */
  readonly ministry: string;
  /** The CSV file read, cited as the source. */
  readonly source: string;
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
  /**
   * The records alone (`source: LOCAL`), in file order: what the table's rows
   * are matched against. A record that names no ministry and whose producer
   * gives none takes the one its table row names (`ministryOrigin: TRACKER`).
   */
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

export function createCommitmentRegistry(loaded: readonly Commitment[], errors: readonly RecordError[]): CommitmentRegistry {
  let commitments = loaded;
  let recordsByKey = new Map(commitments.map((commitment) => [commitment.key, commitment]));
  let byAnnouncement = indexByAnnouncement(commitments);
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
      // Applied to the records as loaded, so a ministry the table stops naming is dropped again.
      commitments = loaded.map((record) => withTableMinistry(record, update.recordMinistries.get(record.key)));
      recordsByKey = new Map(commitments.map((commitment) => [commitment.key, commitment]));
      byAnnouncement = indexByAnnouncement(commitments);
      // A record's key always wins; a table row can never shadow it.
      const added = update.commitments.filter((commitment) => !recordsByKey.has(commitment.key));
      tracker = { ...update, commitments: added };
      all = [...commitments, ...added];
      byKey = new Map([...recordsByKey, ...added.map((commitment) => [commitment.key, commitment] as const)]);
      loadErrors = [...errors, ...update.errors];
    },
  };
}

/** The table's ministry fills only a record with none: what the record names or its producer gives stays. */
function withTableMinistry(record: Commitment, fromTable: TableMinistry | undefined): Commitment {
  if (fromTable === undefined || record.ministryOrigin !== 'NONE') return record;
  return { ...record, ministry: fromTable.ministry, ministryOrigin: 'TRACKER', ministrySource: fromTable.source };
}

function indexByAnnouncement(commitments: readonly Commitment[]): ReadonlyMap<string, readonly Commitment[]> {
  const byAnnouncement = new Map<string, Commitment[]>();
  for (const commitment of commitments) {
    if (commitment.announcementSlug === null) continue;
    byAnnouncement.set(commitment.announcementSlug, [...(byAnnouncement.get(commitment.announcementSlug) ?? []), commitment]);
  }
  return byAnnouncement;
}
