import { afterEach, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import { COMMITMENT_STATES } from '../../src/commitments/model.js';
import { useTestGateways } from '../helpers/create-test-gateway.js';

const FOUNDING = 'le-gouvernement-poursuit-son-engagement-pour-une-politique-ambitieuse-douverture-des-donnees-publiques-en-publiant-63-nouveaux-jeux-de-donnees';

const gateway = useTestGateways(afterEach);

interface Row {
  key: string;
  kind: string;
  status: { state: string; stale: boolean; daysOverdue: number | null; dataset: { id: string; title: string } | null; evidence: { kind: string }[] };
}
const ALL = `{ commitments(first: 100) { totalCount edges { node { key kind status { state stale daysOverdue dataset { id title } evidence { kind } } } } } }`;
const rows = (body: { data?: { commitments: { edges: { node: Row }[] } } | null }) => body.data!.commitments.edges.map((e) => e.node);
const stateOf = (list: Row[]) => Object.fromEntries(list.map((row) => [row.key, row.status.state]));

describe('commitments resolved through the emulated catalogue', () => {
  it('gives every shipped commitment a state, with evidence', async () => {
    const t = await gateway();
    const body = await t.query<{ commitments: { totalCount: number; edges: { node: Row }[] } }>(ALL);
    expect(body.errors).toBeUndefined();
    const list = rows(body);
    expect(body.data!.commitments.totalCount).toBe(36);
    expect(list).toHaveLength(36);
    for (const row of list) {
      expect(COMMITMENT_STATES).toContain(row.status.state);
      expect(row.status.evidence.length).toBeGreaterThan(0);
    }
    expect(list.filter((row) => row.status.state === 'UNVERIFIABLE')).toEqual([]);
    const states = stateOf(list);
    expect(states['c001']).toBe('PUBLISHED_ON_TIME');
    // Source code, against the code.gouv.fr emulation: its repository, and the absence of one.
    expect(states['c004']).toBe('PUBLISHED_ON_TIME');
    expect(states['c008']).toBe('OVERDUE');
    expect(states['c006']).toBe('PUBLISHED_BEFORE_ANNOUNCEMENT');
    expect(states['c015']).toBe('OVERDUE');
    // No quarter of its own: the release's horizon ("2021 et 2022") is its deadline.
    expect(states['c028']).toBe('OVERDUE');
    expect(list.find((row) => row.key === 'c001')!.status.dataset?.title).toBe('Carte scolaire des collèges publics');
  });

  it('lists the founding release’s commitments on the announcement', async () => {
    const t = await gateway();
    const body = await t.query<{ announcement: { commitments: { key: string; announcement: { slug: string } }[] } }>(
      `query($slug: String!) { announcement(slug: $slug) { commitments { key announcement { slug } } } }`,
      { slug: FOUNDING },
    );
    const keys = body.data!.announcement.commitments.map((c) => c.key);
    expect(keys).toEqual(expect.arrayContaining(['c001', 'c002', 'c003', 'c004']));
    expect(body.data!.announcement.commitments.every((c) => c.announcement.slug === FOUNDING)).toBe(true);
  });

  it('builds a scoreboard whose rows add up, for every grouping', async () => {
    const t = await gateway();
    for (const groupBy of ['MINISTRY', 'KIND', 'PLANNED_QUARTER', 'ANNOUNCEMENT']) {
      const body = await t.query<{ scoreboard: { key: string; total: number; counts: { count: number }[] }[] }>(
        `query($g: ScoreboardGroupBy!) { scoreboard(groupBy: $g) { key total counts { state count } } }`,
        { g: groupBy },
      );
      expect(body.errors).toBeUndefined();
      const board = body.data!.scoreboard;
      expect(board.reduce((sum, row) => sum + row.total, 0)).toBe(36);
      for (const row of board) expect(row.counts.reduce((sum, c) => sum + c.count, 0)).toBe(row.total);
    }
    const kinds = await t.query<{ scoreboard: { key: string; total: number; uncheckedSourceCode: number }[] }>(
      `{ scoreboard(groupBy: KIND) { key total uncheckedSourceCode } }`,
    );
    // code.gouv.fr's inventory is read: no source code is left unchecked.
    const sourceCode = kinds.data!.scoreboard.find((row) => row.key === 'SOURCE_CODE')!;
    expect(sourceCode.total).toBe(8);
    expect(sourceCode.uncheckedSourceCode).toBe(0);
  });

  it('filters by state and kind consistently with the verdicts', async () => {
    const t = await gateway();
    const states = stateOf(rows(await t.query(ALL)));
    const overdue = await t.query<{ commitments: { edges: { node: { key: string; status: { state: string } } }[] } }>(
      `{ commitments(filter: { state: OVERDUE }, first: 100) { edges { node { key status { state } } } } }`,
    );
    const expected = Object.entries(states).filter(([, state]) => state === 'OVERDUE').map(([key]) => key);
    expect(expected.length).toBeGreaterThan(0);
    expect(overdue.data!.commitments.edges.map((e) => e.node.key)).toEqual(expected);
    const apis = await t.query<{ commitments: { totalCount: number } }>(`{ commitments(filter: { kind: API }) { totalCount } }`);
    expect(apis.data!.commitments.totalCount).toBe(14);
  });

  it('batches upstream work: no URL twice when cold, nothing when warm', async () => {
    const t = await gateway();
    await t.query(ALL);
    const cold = t.upstreamCalls();
    expect(cold.length).toBeGreaterThan(10);
    expect(new Set(cold.map((c) => c.url)).size).toBe(cold.length);
    t.resetUpstreamCalls();
    await t.query(`{ scoreboard(groupBy: MINISTRY) { key total } }`);
    await t.query(ALL);
    expect(t.upstreamCalls()).toEqual([]);
  });

  it('says UNVERIFIABLE, never OVERDUE or WITHDRAWN, when data.gouv.fr is down and nothing is known', async () => {
    const faults = createFaultPlan().next('*', Array(500).fill('503'));
    const t = await gateway({ handlers: { faults }, client: { breaker: { failureThreshold: 1000, coolDownMs: 1000 } } });
    const list = rows(await t.query(ALL));
    for (const row of list.filter((r) => r.kind !== 'SOURCE_CODE')) expect(row.status.state).toBe('UNVERIFIABLE');
    // Source code rests on code.gouv.fr alone, which still answers.
    expect(list.filter((r) => r.kind === 'SOURCE_CODE').map((r) => r.status.state)).not.toContain('UNVERIFIABLE');
  });

  it('keeps the last verdict, flagged stale, through an outage once the cache has expired', async () => {
    let clock = Date.parse('2026-11-29T09:00:00Z');
    const faults = createFaultPlan();
    const t = await gateway({
      handlers: { faults },
      client: { cache: { ttlMs: 1_000, maxStaleMs: 0 }, clock: { now: () => clock, sleep: () => Promise.resolve() } },
    });
    const before = rows(await t.query(ALL));
    clock += 10_000;
    faults.next('*', Array(500).fill('503'));
    const during = rows(await t.query(ALL));
    expect(stateOf(during)).toEqual(stateOf(before));
    for (const row of during.filter((r) => r.kind !== 'SOURCE_CODE')) {
      expect(row.status.stale).toBe(true);
      expect(row.status.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['STALE_EVIDENCE', 'UPSTREAM_FAILURE']));
    }
  });

  it('shows the official tracking table’s status beside the computed state when that source is on', async () => {
    const query = `{ commitment(key: "c001") { status { state } officialStatus { openingStatus openingStatusCode estimatedDate sourceUrl synthetic sourceLabel } } }`;
    const off = await gateway();
    expect((await off.query(query)).data).toMatchObject({ commitment: { officialStatus: null } });

    const on = await gateway({ useTrackingTable: true });
    const body = await on.query<{ commitment: { officialStatus: Record<string, string> } }>(query);
    expect(body.errors).toBeUndefined();
    expect(body.data!.commitment.officialStatus).toMatchObject({
      openingStatus: 'Disponible',
      openingStatusCode: 'OPEN',
      estimatedDate: 'T3 2021',
      sourceUrl: expect.stringContaining('tableau-de-suivi'),
      synthetic: true,
      sourceLabel: expect.stringMatching(/^Données de démonstration synthétiques, pas le tableau de suivi officiel/),
    });
  });

  it('makes the table’s rows matching no record into commitments of their own, judged and labelled, once the table is read', async () => {
    const LIST = `{ commitments(first: 100) { totalCount edges { node { key source sourceLabel title plannedPeriod { text } status { state } officialStatus { title estimatedDate } } } } }`;
    type Node = { key: string; source: string; sourceLabel: string; title: string; plannedPeriod: { text: string | null }; status: { state: string }; officialStatus: { title: string; estimatedDate: string } | null };
    const list = async (t: Awaited<ReturnType<typeof gateway>>) => {
      const body = await t.query<{ commitments: { totalCount: number; edges: { node: Node }[] } }>(LIST);
      expect(body.errors).toBeUndefined();
      return body.data!.commitments.edges.map((e) => e.node);
    };

    const off = await gateway();
    await off.gateway.refreshTrackerCommitments();
    expect((await list(off)).every((c) => c.source === 'LOCAL' && c.sourceLabel === 'dossier')).toBe(true);
    expect(await list(off)).toHaveLength(36);

    const on = await gateway({ useTrackingTable: true });
    expect(await list(on)).toHaveLength(36);
    await on.gateway.refreshTrackerCommitments();
    const all = await list(on);
    const fromTable = all.filter((c) => c.source === 'TRACKER');
    expect(fromTable.length).toBeGreaterThan(0);
    expect(all.slice(0, 36).every((c) => c.source === 'LOCAL')).toBe(true);
    for (const c of fromTable) {
      expect(c.key).toMatch(/^t-[0-9a-f]{10}$/);
      expect(c.sourceLabel).toBe('tableau officiel');
      expect(COMMITMENT_STATES).toContain(c.status.state);
      expect(c.officialStatus).toMatchObject({ title: c.title, estimatedDate: c.plannedPeriod.text });
    }

    const keys = fromTable.map((c) => c.key);
    await on.gateway.refreshTrackerCommitments();
    expect((await list(on)).filter((c) => c.source === 'TRACKER').map((c) => c.key)).toEqual(keys);

    const coverage = await on.query<{ commitmentCoverage: { known: number; fromRecords: number; fromTable: number } }>(
      '{ commitmentCoverage { known fromRecords fromTable } }',
    );
    expect(coverage.data!.commitmentCoverage).toEqual({ known: 36 + fromTable.length, fromRecords: 36, fromTable: fromTable.length });
    const one = await on.query<{ commitment: { key: string; source: string } }>(`{ commitment(key: "${keys[0]}") { key source } }`);
    expect(one.data!.commitment).toEqual({ key: keys[0], source: 'TRACKER' });
  });

  it('counts each ministry once, under its canonical name', async () => {
    const t = await gateway();
    const body = await t.query<{ scoreboard: { key: string; total: number; onTimeRate: number | null; publishedRate: number | null }[] }>(
      `{ scoreboard(groupBy: MINISTRY) { key total onTimeRate publishedRate } }`,
    );
    const education = body.data!.scoreboard.filter((row) => /ducation/.test(row.key));
    expect(education.map((row) => [row.key, row.total])).toEqual([['Ministère de l’Éducation nationale, de la Jeunesse et des Sports', 5]]);
    for (const row of body.data!.scoreboard) {
      if (row.onTimeRate !== null) expect(row.onTimeRate).toBeGreaterThanOrEqual(0);
    }
  });

  it('says how many of the 63 announced items are known and confirmed, and where the rest would come from', async () => {
    const t = await gateway();
    const body = await t.query<{ commitmentCoverage: Record<string, unknown> }>(
      `{ commitmentCoverage { announced known confirmed confirmedPrimary confirmedSecondary notConfirmed unknownMembership unidentified note } }`,
    );
    expect(body.data!.commitmentCoverage).toMatchObject({
      announced: 63, known: 36, confirmed: 20, confirmedPrimary: 4, confirmedSecondary: 16, notConfirmed: 13, unknownMembership: 3, unidentified: 43,
    });
    expect(body.data!.commitmentCoverage['note']).toContain('36 engagements connus pour 63 annoncés');
  });

  it('says where each ministry comes from, and how many records lack one: the scoreboard\'s "(non renseigné)" group', async () => {
    const t = await gateway();
    const body = await t.query<{
      commitments: { edges: { node: { key: string; ministry: string | null; ministryOrigin: string; ministrySource: string | null } }[] };
      commitmentCoverage: { known: number; withoutMinistry: number; ministryFromRecord: number; ministryFromProducer: number };
      scoreboard: { key: string; total: number }[];
    }>(`{
      commitments(first: 100) { edges { node { key ministry ministryOrigin ministrySource } } }
      commitmentCoverage { known withoutMinistry ministryFromRecord ministryFromProducer }
      scoreboard(groupBy: MINISTRY) { key total }
    }`);
    expect(body.errors).toBeUndefined();
    const list = body.data!.commitments.edges.map((e) => e.node);
    for (const c of list) {
      expect(c.ministry === null, c.key).toBe(c.ministryOrigin === 'NONE');
      if (c.ministryOrigin === 'PRODUCER') expect(c.ministrySource, c.key).toMatch(/^https?:\/\//);
      if (c.ministryOrigin === 'NONE') expect(c.ministrySource, c.key).toBeNull();
    }
    const coverage = body.data!.commitmentCoverage;
    const lacking = list.filter((c) => c.ministryOrigin === 'NONE').length;
    expect(coverage.withoutMinistry).toBe(lacking);
    expect(coverage.ministryFromRecord + coverage.ministryFromProducer + coverage.withoutMinistry).toBe(coverage.known);
    const unspecified = body.data!.scoreboard.find((row) => row.key === '(non renseigné)');
    expect(unspecified?.total ?? 0).toBe(coverage.withoutMinistry);
    // The shipped records: 19 named by their record, 11 derived from their producer, 6 without.
    expect(coverage).toMatchObject({ withoutMinistry: 6, ministryFromRecord: 19, ministryFromProducer: 11 });
    expect(list.find((c) => c.key === 'c017')).toMatchObject({ ministry: 'Services du Premier ministre', ministryOrigin: 'PRODUCER' });
  });
});
