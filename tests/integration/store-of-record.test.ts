import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { CommitmentStatus } from '../../src/commitments/model.js';
import { openStore, SQLITE_FILE_NAME, StoreOpenError, type StoreLocation } from '../../src/store/open-store.js';
import type { ChangeInput, RunWrite, VerdictStore } from '../../src/store/verdict-store.js';
import { createRecordingGateway, type RecordingGateway } from '../helpers/create-recording-gateway.js';
import { createDatabase, describeWithPostgres } from '../helpers/services.js';

const VERDICT: CommitmentStatus = {
  state: 'PENDING', confidence: 0.8, evidence: [], dataset: null, dataservice: null, repositoryUrl: null, firstPublishedAt: null,
  firstPublication: null, listedOnDatagouvAt: null, searches: [], daysLate: null, daysOverdue: null, candidates: [], freshness: null,
  documentationOnly: null, resourceCount: null, formats: [], checkedAt: '2026-11-29T09:00:00.000Z', stale: false,
};

function run(at: string, observations: readonly { key: string; state: CommitmentStatus['state'] }[], changes: readonly ChangeInput[] = []): RunWrite {
  return {
    startedAt: at,
    finishedAt: at,
    upstreamState: 'USABLE',
    upstreamReason: null,
    counts: { PENDING: observations.length },
    complete: true,
    evaluator: 'test',
    source: 'LIVE',
    observations: observations.map((o) => ({ commitmentKey: o.key, held: false, evidenceDigest: 'd', verdict: { ...VERDICT, state: o.state } })),
    snapshots: [],
    changes,
    current: observations.map((o) => ({ commitmentKey: o.key, verdict: { ...VERDICT, state: o.state }, remembered: { ...VERDICT, state: o.state } })),
  };
}

function change(key: string, after: string): ChangeInput {
  return { commitmentKey: key, kind: 'STATE_CHANGED', objectKind: null, objectId: null, subject: null, before: 'PENDING', after, sentence: `${key} → ${after}` };
}

/** The same behaviour asked of both engines. */
function storeSuite(location: () => Promise<StoreLocation>): void {
  let store: VerdictStore;
  let where: StoreLocation;
  beforeAll(async () => {
    where = await location();
    store = await openStore(where);
    return () => store.close();
  });

  it('starts empty, then serves the latest run, its verdicts and memory', async () => {
    expect(await store.latestRun()).toBeNull();
    expect(await store.currentVerdicts()).toBeNull();
    await store.recordRun(run('2026-11-29T09:00:00.000Z', [{ key: 'c001', state: 'PENDING' }, { key: 'c002', state: 'PENDING' }]));
    const second = await store.recordRun(run('2026-11-30T09:00:00.000Z', [{ key: 'c002', state: 'OVERDUE' }], [change('c002', 'OVERDUE')]));
    expect(second).toMatchObject({ observationsWritten: 1, changesWritten: 1, complete: true, counts: { PENDING: 1 } });
    expect((await store.latestRun())?.id).toBe(second.id);
    const current = await store.currentVerdicts();
    expect(current?.run.id).toBe(second.id);
    expect(current?.verdicts.get('c002')?.state).toBe('OVERDUE');
    expect(current?.remembered.get('c002')?.state).toBe('OVERDUE');
  });

  it('answers the latest observation of each commitment before an instant', async () => {
    const before = await store.observationsBefore('2026-11-30T00:00:00.000Z');
    expect([...before.keys()].sort()).toEqual(['c001', 'c002']);
    expect(before.get('c002')?.state).toBe('PENDING');
    const after = await store.observationsBefore('2026-12-01T00:00:00.000Z');
    expect(after.get('c002')?.state).toBe('OVERDUE');
    expect((await store.observationsBefore('2026-11-01T00:00:00.000Z')).size).toBe(0);
    expect((await store.latestObservations()).get('c002')?.state).toBe('OVERDUE');
  });

  it('pages a history newest first and gives what the last item changed from', async () => {
    const first = await store.history('c002', { first: 1 });
    expect(first.totalCount).toBe(2);
    expect(first.items.map((o) => o.state)).toEqual(['OVERDUE']);
    expect(first.hasNextPage).toBe(true);
    expect(first.previousOfLast?.state).toBe('PENDING');
    const next = await store.history('c002', { first: 1, beforeId: first.items[0]?.id as number });
    expect(next.items.map((o) => o.state)).toEqual(['PENDING']);
    expect(next.hasNextPage).toBe(false);
  });

  it('filters and pages changes, with stable entry ids', async () => {
    await store.recordRun(run('2026-12-01T09:00:00.000Z', [{ key: 'c001', state: 'WITHDRAWN' }], [change('c001', 'WITHDRAWN')]));
    const all = await store.changes({ since: '2026-01-01T00:00:00.000Z', first: 10 });
    expect(all.items.map((c) => c.commitmentKey)).toEqual(['c001', 'c002']);
    expect(all.totalCount).toBe(2);
    const narrowed = await store.changes({ since: '2026-01-01T00:00:00.000Z', first: 10, commitmentKeys: ['c002'] });
    expect(narrowed.items.map((c) => c.after)).toEqual(['OVERDUE']);
    expect((await store.changes({ since: '2026-12-01T00:00:00.000Z', first: 10 })).items.map((c) => c.commitmentKey)).toEqual(['c001']);
    const page = await store.changes({ since: '2026-01-01T00:00:00.000Z', first: 1 });
    expect(page.hasNextPage).toBe(true);
    const rest = await store.changes({ since: '2026-01-01T00:00:00.000Z', first: 1, beforeId: page.items[0]?.id as number });
    expect(rest.items[0]?.entryId).toBe(all.items[1]?.entryId);
  });

  it('leaves no trace of a run whose write fails half-way', async () => {
    const before = await store.latestRun();
    // Two identical changes share an entry id: the second insert breaks the transaction.
    const broken = run('2026-12-02T09:00:00.000Z', [{ key: 'c003', state: 'PENDING' }], [change('c003', 'X'), change('c003', 'X')]);
    await expect(store.recordRun(broken)).rejects.toThrow();
    expect((await store.latestRun())?.id).toBe(before?.id);
    expect((await store.latestObservations()).has('c003')).toBe(false);
  });

  it('gives the lease to one holder at a time until it expires or is released', async () => {
    const at = new Date('2026-12-01T10:00:00Z');
    expect(await store.acquireLease('evaluator', 'a', at, 60_000)).toBe(true);
    expect(await store.acquireLease('evaluator', 'b', at, 60_000)).toBe(false);
    expect(await store.acquireLease('evaluator', 'a', new Date(at.getTime() + 1_000), 60_000)).toBe(true);
    expect(await store.acquireLease('evaluator', 'b', new Date(at.getTime() + 120_000), 60_000)).toBe(true);
    await store.releaseLease('evaluator', 'b');
    expect(await store.acquireLease('evaluator', 'a', new Date(at.getTime() + 121_000), 60_000)).toBe(true);
  });

  it('keeps its records across a reopening and refuses a schema written by a newer version, untouched', async () => {
    const reopened = await openStore(where);
    expect((await reopened.latestRun())?.id).toBe((await store.latestRun())?.id);
    await reopened.close();
    const raw = where.databaseUrl
      ? new Kysely<{ kysely_migration: { name: string; timestamp: string } }>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: where.databaseUrl }) }) })
      : new Kysely<{ kysely_migration: { name: string; timestamp: string } }>({ dialect: new SqliteDialect({ database: new SQLite(join(where.dataDir, SQLITE_FILE_NAME)) }) });
    await raw.insertInto('kysely_migration').values({ name: '9999_from_the_future', timestamp: new Date().toISOString() }).execute();
    const error = await openStore(where).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as StoreOpenError).reason).toBe('NEWER_SCHEMA');
    expect((error as Error).message).toContain('9999_from_the_future');
    expect((await raw.selectFrom('kysely_migration').select('name').execute()).map((r) => r.name)).toContain('9999_from_the_future');
    await raw.deleteFrom('kysely_migration').where('name', '=', '9999_from_the_future').execute();
    await raw.destroy();
  });
}

describe('the store of record on SQLite', () => {
  storeSuite(async () => ({ dataDir: mkdtempSync(join(tmpdir(), 'store-sqlite-')) }));

  it('refuses a file that is not a database and leaves it as it was', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'store-corrupt-'));
    const path = join(dataDir, SQLITE_FILE_NAME);
    writeFileSync(path, 'these are a journalist’s notes, not a database\n'.repeat(200));
    const error = await openStore({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as StoreOpenError).reason).toBe('UNUSABLE_FILE');
    expect(readFileSync(path, 'utf8').startsWith('these are a journalist’s notes')).toBe(true);
  });
});

describeWithPostgres('the store of record on PostgreSQL', (serverUrl) => {
  storeSuite(async () => ({ databaseUrl: await createDatabase(serverUrl, 'store_suite'), dataDir: mkdtempSync(join(tmpdir(), 'unused-')) }));

  describe('an evaluation over emulated days', () => {
    let gateway: RecordingGateway | undefined;
    afterEach(async () => gateway?.close());

    it('records a dataset deleted after being found as withdrawn, once', async () => {
      gateway = await createRecordingGateway({
        startAt: '2026-11-29T10:00:00+01:00',
        databaseUrl: await createDatabase(serverUrl, 'store_days'),
        client: { cache: { ttlMs: 0 } },
      });
      await gateway.evaluator.runOnce();
      gateway.setNow('2027-03-03T15:00:00+01:00');
      gateway.control.deleteObject('dataset', 'liste-des-permis-de-construire-et-autres-autorisations-durbanisme-des-personnes-physiques');
      await gateway.evaluator.runOnce();
      gateway.setNow('2027-03-04T15:00:00+01:00');
      const last = await gateway.evaluator.runOnce();
      expect(last.kind === 'RECORDED' && last.run.observationsWritten).toBe(0);
      const body = await gateway.query<{ changes: { edges: { node: { kind: string; after: string } }[] } }>(
        '{ changes(since: "2027-01-01T00:00:00Z", filter: { commitment: "c002" }) { edges { node { kind after } } } }',
      );
      expect(body.data?.changes.edges.map((e) => e.node)).toEqual([{ kind: 'STATE_CHANGED', after: 'WITHDRAWN' }]);
    });
  });
});
