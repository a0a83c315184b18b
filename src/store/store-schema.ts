/**
 * The tables of the store of record, as Kysely sees them. Times are ISO-8601
 * UTC text (`toISOString()`), so they sort as text and read the same on
 * SQLite and PostgreSQL; booleans are 0/1; structured values are JSON text.
 */
import type { Generated } from 'kysely';

export interface EvaluationRunTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  /** `USABLE`, `UNUSABLE` or `UNKNOWN`, as the run saw data.gouv.fr. */
  upstream_state: string;
  upstream_reason: string | null;
  commitment_count: number;
  /** `{ "PUBLISHED_ON_TIME": 3, ... }` */
  counts_json: string;
  observations_written: number;
  changes_written: number;
  /** 1 when every commitment was judged from fresh evidence. */
  complete: number;
  /** Which process ran it (host and pid). */
  evaluator: string;
  /** `LIVE` (data.gouv.fr) or `MOCK` (the demo's emulation): a demo's runs are never served as live. */
  source: string;
}

export interface ObservationTable {
  id: Generated<number>;
  run_id: number;
  commitment_key: string;
  observed_at: string;
  state: string;
  first_published_at: string | null;
  first_publication_source: string | null;
  object_kind: string | null;
  object_id: string | null;
  object_slug: string | null;
  confidence: number;
  stale: number;
  held: number;
  evidence_digest: string;
  /** The whole verdict as served then. */
  verdict_json: string;
}

export interface SnapshotTable {
  id: Generated<number>;
  run_id: number;
  object_kind: string;
  object_id: string;
  observed_at: string;
  digest: string;
  snapshot_json: string;
}

export interface ChangeTable {
  id: Generated<number>;
  run_id: number;
  at: string;
  commitment_key: string;
  kind: string;
  object_kind: string | null;
  object_id: string | null;
  /** What inside the object changed (a file id), when not the object itself. */
  subject: string | null;
  before_value: string | null;
  after_value: string | null;
  sentence: string;
  /** Stable id of the change, for feeds: the same change always has the same id. */
  entry_id: string;
}

export interface CurrentVerdictTable {
  commitment_key: string;
  run_id: number;
  verdict_json: string;
  /** The last verdict reached from fresh evidence (the verdict memory); null when none was, `=` when it is `verdict_json`. */
  remembered_json: string | null;
}

export interface LeaseTable {
  name: string;
  holder: string;
  expires_at: string;
}

export interface StoreDatabase {
  evaluation_runs: EvaluationRunTable;
  observations: ObservationTable;
  snapshots: SnapshotTable;
  changes: ChangeTable;
  current_verdicts: CurrentVerdictTable;
  leases: LeaseTable;
}
