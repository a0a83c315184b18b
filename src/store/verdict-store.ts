import type { CommitmentStatus } from '../commitments/model.js';

/** `DATASET` or `DATASERVICE`: which data.gouv.fr catalogue an object id belongs to. */
export type StoredObjectKind = 'DATASET' | 'DATASERVICE';

/** One evaluation of every commitment, as recorded once complete. */
export interface RunRecord {
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly upstreamState: string;
  readonly upstreamReason: string | null;
  readonly commitmentCount: number;
  /** Commitments per state in this run. */
  readonly counts: Readonly<Record<string, number>>;
  readonly observationsWritten: number;
  readonly changesWritten: number;
  /** True when every commitment was judged from fresh evidence (no stale, held or unverifiable verdict). */
  readonly complete: boolean;
  readonly evaluator: string;
  /** `LIVE` or `MOCK`: where the verdicts' data came from. */
  readonly source: string;
}

/** A commitment's verdict, recorded when it differed from the one before. */
export interface ObservationRecord {
  readonly id: number;
  readonly runId: number;
  readonly commitmentKey: string;
  readonly observedAt: string;
  readonly state: string;
  readonly firstPublishedAt: string | null;
  readonly firstPublicationSource: string | null;
  readonly objectKind: StoredObjectKind | null;
  readonly objectId: string | null;
  readonly objectSlug: string | null;
  readonly confidence: number;
  readonly stale: boolean;
  readonly held: boolean;
  readonly evidenceDigest: string;
  readonly verdict: CommitmentStatus;
}

/** One file of a snapshot: what a journalist checks of it. */
export interface FileSnapshot {
  readonly id: string;
  readonly title: string | null;
  readonly url: string | null;
  readonly format: string | null;
  readonly checksum: string | null;
  readonly lastModified: string | null;
}

/** The fields of a dataset or API a journalist checks, as data.gouv.fr showed them. */
export interface ObjectSnapshot {
  readonly kind: StoredObjectKind;
  readonly id: string;
  readonly slug: string | null;
  readonly title: string | null;
  readonly license: string | null;
  readonly archived: boolean;
  readonly deleted: boolean;
  readonly lastUpdate: string | null;
  /** Null for an API, or a dataset read without its files. */
  readonly files: readonly FileSnapshot[] | null;
}

export interface SnapshotRecord {
  readonly id: number;
  readonly runId: number;
  readonly observedAt: string;
  readonly digest: string;
  readonly snapshot: ObjectSnapshot;
}

/** What kind of change a run recorded. */
export type ChangeKind =
  | 'STATE_CHANGED'
  | 'OBJECT_FOUND'
  | 'OBJECT_LOST'
  | 'OBJECT_RECREATED'
  | 'SLUG_CHANGED'
  | 'TITLE_CHANGED'
  | 'LICENSE_CHANGED'
  | 'FILE_ADDED'
  | 'FILE_REMOVED'
  | 'FILE_CHANGED';

export const CHANGE_KINDS: readonly ChangeKind[] = [
  'STATE_CHANGED', 'OBJECT_FOUND', 'OBJECT_LOST', 'OBJECT_RECREATED', 'SLUG_CHANGED', 'TITLE_CHANGED',
  'LICENSE_CHANGED', 'FILE_ADDED', 'FILE_REMOVED', 'FILE_CHANGED',
];

export interface ChangeInput {
  readonly commitmentKey: string;
  readonly kind: ChangeKind;
  readonly objectKind: StoredObjectKind | null;
  readonly objectId: string | null;
  readonly subject: string | null;
  readonly before: string | null;
  readonly after: string | null;
  /** The change in a French sentence, for people. */
  readonly sentence: string;
}

export interface ChangeRecord extends ChangeInput {
  readonly id: number;
  readonly runId: number;
  readonly at: string;
  readonly entryId: string;
}

export interface ObservationInput {
  readonly commitmentKey: string;
  readonly held: boolean;
  readonly evidenceDigest: string;
  readonly verdict: CommitmentStatus;
}

/** Everything one run writes, at once: a run is visible complete or not at all. */
export interface RunWrite {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly upstreamState: string;
  readonly upstreamReason: string | null;
  readonly counts: Readonly<Record<string, number>>;
  readonly complete: boolean;
  readonly evaluator: string;
  /** `LIVE` or `MOCK`. */
  readonly source: string;
  readonly observations: readonly ObservationInput[];
  readonly snapshots: readonly ObjectSnapshot[];
  readonly changes: readonly ChangeInput[];
  /** Every commitment's verdict as served after this run, and its verdict memory. */
  readonly current: readonly { readonly commitmentKey: string; readonly verdict: CommitmentStatus; readonly remembered: CommitmentStatus | null }[];
}

export interface CurrentVerdicts {
  readonly run: RunRecord;
  readonly verdicts: ReadonlyMap<string, CommitmentStatus>;
  readonly remembered: ReadonlyMap<string, CommitmentStatus>;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly totalCount: number;
  readonly hasNextPage: boolean;
}

export interface ChangeQuery {
  /** Changes at or after this instant (ISO-8601). */
  readonly since: string;
  /** Only these commitments; undefined for all. */
  readonly commitmentKeys?: readonly string[];
  readonly kinds?: readonly ChangeKind[];
  readonly first: number;
  /** Only changes older than the one with this id (the previous page's last). */
  readonly beforeId?: number;
}

/**
 * The store of record: evaluation runs, observations of verdicts, snapshots
 * of the objects resolved and the changes between them. Append-only, except
 * the current verdicts (what the latest run concluded) and the evaluator's
 * lease. The only place that knows SQL; SQLite or PostgreSQL behind it.
 */
export interface VerdictStore {
  readonly engine: 'sqlite' | 'postgres';
  /** The latest complete run; null before the first. */
  latestRun(): Promise<RunRecord | null>;
  /** What the latest run concluded for every commitment; null before the first run. */
  currentVerdicts(): Promise<CurrentVerdicts | null>;
  /** The latest observation of each commitment. */
  latestObservations(): Promise<ReadonlyMap<string, ObservationRecord>>;
  /** The latest snapshot of each object, by `KIND:id`. */
  latestSnapshots(): Promise<ReadonlyMap<string, SnapshotRecord>>;
  /** Writes a run, its observations, snapshots, changes and current verdicts in one transaction. */
  recordRun(write: RunWrite): Promise<RunRecord>;
  /** The latest observation of each commitment made before `instant` (exclusive). */
  observationsBefore(instant: string): Promise<ReadonlyMap<string, ObservationRecord>>;
  /** A commitment's observations, newest first, and for each page the observation before its last. */
  history(commitmentKey: string, page: { readonly first: number; readonly beforeId?: number }): Promise<Page<ObservationRecord> & { readonly previousOfLast: ObservationRecord | null }>;
  /** Recorded changes, newest first. */
  changes(query: ChangeQuery): Promise<Page<ChangeRecord>>;
  /** Takes or renews the named lease for `ttlMs`; false when another holder has it. */
  acquireLease(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  close(): Promise<void>;
}
