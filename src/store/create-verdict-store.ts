import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { CommitmentStatus } from '../commitments/model.js';
import type { StoreDialect } from './migrations.js';
import type { ChangeTable, EvaluationRunTable, ObservationTable, SnapshotTable, StoreDatabase } from './store-schema.js';
import type {
  ChangeKind,
  ChangeRecord,
  ObjectSnapshot,
  ObservationRecord,
  RunRecord,
  SnapshotRecord,
  StoredObjectKind,
  VerdictStore,
} from './verdict-store.js';

/** `remembered_json` when the memory is the served verdict itself, as it is after every fresh run: written once, not twice. */
const SAME_AS_VERDICT = '=';

/** The query layer over one migrated Kysely instance; both engines take the same queries. */
export function createVerdictStore(db: Kysely<StoreDatabase>, engine: StoreDialect): VerdictStore {
  return {
    engine,

    async latestRun() {
      const row = await db.selectFrom('evaluation_runs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? toRun(row) : null;
    },

    async currentVerdicts() {
      const run = await db.selectFrom('evaluation_runs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (!run) return null;
      const rows = await db.selectFrom('current_verdicts').selectAll().execute();
      const verdicts = new Map<string, CommitmentStatus>();
      const remembered = new Map<string, CommitmentStatus>();
      for (const row of rows) {
        verdicts.set(row.commitment_key, JSON.parse(row.verdict_json) as CommitmentStatus);
        if (row.remembered_json === SAME_AS_VERDICT) remembered.set(row.commitment_key, verdicts.get(row.commitment_key) as CommitmentStatus);
        else if (row.remembered_json !== null) remembered.set(row.commitment_key, JSON.parse(row.remembered_json) as CommitmentStatus);
      }
      return { run: toRun(run), verdicts, remembered };
    },

    async latestObservations() {
      const rows = await db
        .selectFrom('observations as o')
        .selectAll()
        .where('o.id', 'in', (qb) => qb.selectFrom('observations').select((eb) => eb.fn.max('id').as('id')).groupBy('commitment_key'))
        .execute();
      return new Map(rows.map((row) => [row.commitment_key, toObservation(row)]));
    },

    async latestSnapshots() {
      const rows = await db
        .selectFrom('snapshots')
        .selectAll()
        .where('id', 'in', (qb) => qb.selectFrom('snapshots').select((eb) => eb.fn.max('id').as('id')).groupBy(['object_kind', 'object_id']))
        .execute();
      return new Map(rows.map((row) => [`${row.object_kind}:${row.object_id}`, toSnapshot(row)]));
    },

    async recordRun(write) {
      return db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('evaluation_runs')
          .values({
            started_at: write.startedAt,
            finished_at: write.finishedAt,
            duration_ms: Math.max(0, Date.parse(write.finishedAt) - Date.parse(write.startedAt)),
            upstream_state: write.upstreamState,
            upstream_reason: write.upstreamReason,
            commitment_count: write.current.length,
            counts_json: JSON.stringify(write.counts),
            observations_written: write.observations.length,
            changes_written: write.changes.length,
            complete: write.complete ? 1 : 0,
            evaluator: write.evaluator,
            source: write.source,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const runId = inserted.id;
        const at = write.finishedAt;
        if (write.observations.length > 0) {
          await trx
            .insertInto('observations')
            .values(write.observations.map((o) => toObservationRow(runId, at, o.commitmentKey, o.verdict, o.held, o.evidenceDigest)))
            .execute();
        }
        if (write.snapshots.length > 0) {
          await trx
            .insertInto('snapshots')
            .values(write.snapshots.map((s) => ({
              run_id: runId, object_kind: s.kind, object_id: s.id, observed_at: at, digest: digestSnapshot(s), snapshot_json: JSON.stringify(s),
            })))
            .execute();
        }
        if (write.changes.length > 0) {
          await trx
            .insertInto('changes')
            .values(write.changes.map((c) => ({
              run_id: runId,
              at,
              commitment_key: c.commitmentKey,
              kind: c.kind,
              object_kind: c.objectKind,
              object_id: c.objectId,
              subject: c.subject,
              before_value: c.before,
              after_value: c.after,
              sentence: c.sentence,
              entry_id: toEntryId(at, c.commitmentKey, c.kind, c.objectId, c.subject, c.before, c.after),
            })))
            .execute();
        }
        // The served verdicts are a cache of the latest run, rewritten whole; history stays in the append-only tables.
        await trx.deleteFrom('current_verdicts').execute();
        for (let start = 0; start < write.current.length; start += 200) {
          await trx
            .insertInto('current_verdicts')
            .values(write.current.slice(start, start + 200).map((c) => ({
              commitment_key: c.commitmentKey,
              run_id: runId,
              verdict_json: JSON.stringify(c.verdict),
              remembered_json: c.remembered === null ? null : c.remembered === c.verdict ? SAME_AS_VERDICT : JSON.stringify(c.remembered),
            })))
            .execute();
        }
        return toRun(inserted);
      });
    },

    async observationsBefore(instant) {
      const rows = await db
        .selectFrom('observations as o')
        .selectAll()
        .where('o.id', 'in', (qb) =>
          qb.selectFrom('observations').select((eb) => eb.fn.max('id').as('id')).where('observed_at', '<', instant).groupBy('commitment_key'),
        )
        .execute();
      return new Map(rows.map((row) => [row.commitment_key, toObservation(row)]));
    },

    async history(commitmentKey, page) {
      let query = db.selectFrom('observations').selectAll().where('commitment_key', '=', commitmentKey);
      if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
      // One more row than asked: it tells whether a page follows and what the last item changed from.
      const rows = await query.orderBy('id', 'desc').limit(page.first + 1).execute();
      const total = await db
        .selectFrom('observations')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('commitment_key', '=', commitmentKey)
        .executeTakeFirstOrThrow();
      const items = rows.slice(0, page.first).map(toObservation);
      const extra = rows[page.first];
      return { items, totalCount: Number(total.n), hasNextPage: extra !== undefined, previousOfLast: extra ? toObservation(extra) : null };
    },

    async changes(query) {
      const filtered = () => {
        let q = db.selectFrom('changes').where('at', '>=', query.since);
        if (query.commitmentKeys !== undefined) q = q.where('commitment_key', 'in', query.commitmentKeys.length > 0 ? [...query.commitmentKeys] : ['']);
        if (query.kinds !== undefined && query.kinds.length > 0) q = q.where('kind', 'in', [...query.kinds]);
        return q;
      };
      let page = filtered().selectAll();
      if (query.beforeId !== undefined) page = page.where('id', '<', query.beforeId);
      const rows = await page.orderBy('id', 'desc').limit(query.first + 1).execute();
      const total = await filtered().select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return { items: rows.slice(0, query.first).map(toChange), totalCount: Number(total.n), hasNextPage: rows.length > query.first };
    },

    async acquireLease(name, holder, now, ttlMs) {
      const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
      const renewed = await db
        .updateTable('leases')
        .set({ holder, expires_at: expiresAt })
        .where('name', '=', name)
        .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<', now.toISOString())]))
        .executeTakeFirst();
      if (Number(renewed.numUpdatedRows) > 0) return true;
      // No row yet, or another holder's live lease: an insert settles which, atomically, through the primary key.
      const inserted = await db
        .insertInto('leases')
        .values({ name, holder, expires_at: expiresAt })
        .onConflict((oc) => oc.column('name').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async releaseLease(name, holder) {
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
    },

    async close() {
      await db.destroy();
    },
  };
}

/** The digest a snapshot is compared by: a snapshot is kept only when it differs from the last. */
export function digestSnapshot(snapshot: ObjectSnapshot): string {
  return createHash('sha256').update(JSON.stringify(snapshot)).digest('hex').slice(0, 32);
}

function toEntryId(at: string, ...parts: readonly (string | null)[]): string {
  return createHash('sha256').update(JSON.stringify([at, ...parts])).digest('hex').slice(0, 32);
}

function toObservationRow(runId: number, at: string, commitmentKey: string, verdict: CommitmentStatus, held: boolean, evidenceDigest: string) {
  const object = verdict.dataset ?? verdict.dataservice;
  return {
    run_id: runId,
    commitment_key: commitmentKey,
    observed_at: at,
    state: verdict.state,
    first_published_at: verdict.firstPublication?.at ?? null,
    first_publication_source: verdict.firstPublication?.source ?? null,
    object_kind: verdict.dataset ? 'DATASET' : verdict.dataservice ? 'DATASERVICE' : null,
    object_id: object?.id ?? null,
    object_slug: object?.slug ?? null,
    confidence: verdict.confidence,
    stale: verdict.stale ? 1 : 0,
    held: held ? 1 : 0,
    evidence_digest: evidenceDigest,
    verdict_json: JSON.stringify(verdict),
  };
}

function toRun(row: Selectable<EvaluationRunTable>): RunRecord {
  return {
    id: Number(row.id),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: Number(row.duration_ms),
    upstreamState: row.upstream_state,
    upstreamReason: row.upstream_reason,
    commitmentCount: Number(row.commitment_count),
    counts: JSON.parse(row.counts_json) as Record<string, number>,
    observationsWritten: Number(row.observations_written),
    changesWritten: Number(row.changes_written),
    complete: Number(row.complete) === 1,
    evaluator: row.evaluator,
    source: row.source,
  };
}

function toObservation(row: Selectable<ObservationTable>): ObservationRecord {
  return {
    id: Number(row.id),
    runId: Number(row.run_id),
    commitmentKey: row.commitment_key,
    observedAt: row.observed_at,
    state: row.state,
    firstPublishedAt: row.first_published_at,
    firstPublicationSource: row.first_publication_source,
    objectKind: row.object_kind as StoredObjectKind | null,
    objectId: row.object_id,
    objectSlug: row.object_slug,
    confidence: Number(row.confidence),
    stale: Number(row.stale) === 1,
    held: Number(row.held) === 1,
    evidenceDigest: row.evidence_digest,
    verdict: JSON.parse(row.verdict_json) as CommitmentStatus,
  };
}

function toSnapshot(row: Selectable<SnapshotTable>): SnapshotRecord {
  return {
    id: Number(row.id),
    runId: Number(row.run_id),
    observedAt: row.observed_at,
    digest: row.digest,
    snapshot: JSON.parse(row.snapshot_json) as ObjectSnapshot,
  };
}

function toChange(row: Selectable<ChangeTable>): ChangeRecord {
  return {
    id: Number(row.id),
    runId: Number(row.run_id),
    at: row.at,
    commitmentKey: row.commitment_key,
    kind: row.kind as ChangeKind,
    objectKind: row.object_kind as StoredObjectKind | null,
    objectId: row.object_id,
    subject: row.subject,
    before: row.before_value,
    after: row.after_value,
    sentence: row.sentence,
    entryId: row.entry_id,
  };
}

