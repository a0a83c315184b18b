import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingGateway, type RecordingGateway } from '../helpers/create-recording-gateway.js';

// Every upstream read is fresh: the emulated catalogue changes between runs.
const NO_CACHE = { cache: { ttlMs: 0 } };
const C002 = 'liste-des-permis-de-construire-et-autres-autorisations-durbanisme-des-personnes-physiques';
const C003 = 'agriculture-biologique-surfaces-et-operateurs-a-la-maille-communale';
const C006 = 'effectifs-deleves-par-niveau-et-langues-vivantes-dans-les-ecoles-et-colleges';

interface ChangeNode {
  kind: string;
  commitmentKey: string;
  before: string | null;
  after: string | null;
  sentence: string;
  at: string;
}

const CHANGES = `query ($since: DateTime!, $filter: ChangeFilter) {
  changes(since: $since, filter: $filter, first: 100) { totalCount edges { node { kind commitmentKey before after sentence at } } }
}`;

let open: RecordingGateway[] = [];
afterEach(async () => {
  await Promise.all(open.map((g) => g.close()));
  open = [];
});

async function start(): Promise<RecordingGateway> {
  const gateway = await createRecordingGateway({ startAt: '2026-11-29T10:00:00+01:00', client: NO_CACHE });
  open.push(gateway);
  return gateway;
}

async function changes(gateway: RecordingGateway, since = '2026-01-01T00:00:00Z', filter?: Record<string, unknown>): Promise<ChangeNode[]> {
  const body = await gateway.query<{ changes: { edges: { node: ChangeNode }[] } }>(CHANGES, { since, filter });
  expect(body.errors).toBeUndefined();
  return body.data?.changes.edges.map((e) => e.node) ?? [];
}

describe('the store of record over emulated days', () => {
  it('records a first observation per commitment and nothing for an unchanged run', async () => {
    const gateway = await start();
    const first = await gateway.evaluator.runOnce();
    expect(first.kind).toBe('RECORDED');
    if (first.kind !== 'RECORDED') return;
    expect(first.run.observationsWritten).toBe(gateway.commitments().length);
    expect(first.run.changesWritten).toBe(0);

    gateway.setNow('2026-11-30T10:00:00+01:00');
    const second = await gateway.evaluator.runOnce();
    expect(second.kind === 'RECORDED' && second.run.observationsWritten).toBe(0);
    expect(second.kind === 'RECORDED' && second.run.changesWritten).toBe(0);
    expect(await changes(gateway)).toEqual([]);
  });

  it('records a file added and a licence changed exactly once, with before and after', async () => {
    const gateway = await start();
    await gateway.evaluator.runOnce();
    gateway.setNow('2026-12-01T10:00:00+01:00');
    gateway.control.editDataset(C003, (payload) => ({
      ...payload,
      license: 'odc-odbl',
      resources: [
        ...(payload['resources'] as object[]),
        {
          ...(payload['resources'] as Record<string, unknown>[])[0],
          id: '11111111-2222-3333-4444-555555555555',
          title: 'surfaces-bio-2025.csv',
          url: 'https://static.data.gouv.fr/resources/bio/surfaces-bio-2025.csv',
          format: 'csv',
        },
      ],
    }));
    await gateway.evaluator.runOnce();
    gateway.setNow('2026-12-02T10:00:00+01:00');
    await gateway.evaluator.runOnce();

    const recorded = await changes(gateway);
    expect(recorded.map((c) => [c.commitmentKey, c.kind]).sort()).toEqual([
      ['c003', 'FILE_ADDED'],
      ['c003', 'LICENSE_CHANGED'],
    ]);
    const licence = recorded.find((c) => c.kind === 'LICENSE_CHANGED');
    expect(licence?.after).toBe('odc-odbl');
    expect(licence?.before).toBe('lov2');
    expect(licence?.sentence).toContain('1er décembre 2026');
    expect(recorded.find((c) => c.kind === 'FILE_ADDED')?.sentence).toContain('surfaces-bio-2025.csv');
  });

  it('records a dataset found by search and then deleted as withdrawn, once, with the day in French', async () => {
    const gateway = await start();
    await gateway.evaluator.runOnce();
    gateway.setNow('2027-03-03T15:00:00+01:00');
    gateway.control.deleteObject('dataset', C002);
    await gateway.evaluator.runOnce();
    gateway.setNow('2027-03-04T15:00:00+01:00');
    await gateway.evaluator.runOnce();

    const recorded = await changes(gateway, '2027-01-01T00:00:00Z', { commitment: 'c002' });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ kind: 'STATE_CHANGED', before: 'PUBLISHED_ON_TIME', after: 'WITHDRAWN' });
    expect(recorded[0]?.sentence).toMatch(/^Le jeu de données « .+ » a été retiré de data\.gouv\.fr le 3 mars 2027/);

    const history = await gateway.query<{ commitment: { history: { totalCount: number; edges: { node: { state: string; changes: { field: string; before: string | null; after: string | null }[] } }[] } } }>(
      '{ commitment(key: "c002") { history(first: 10) { totalCount edges { node { state changes { field before after } } } } } }',
    );
    expect(history.errors).toBeUndefined();
    const nodes = history.data?.commitment.history.edges.map((e) => e.node) ?? [];
    expect(history.data?.commitment.history.totalCount).toBe(2);
    expect(nodes.map((n) => n.state)).toEqual(['WITHDRAWN', 'PUBLISHED_ON_TIME']);
    expect(nodes[0]?.changes).toContainEqual({ field: 'state', before: 'PUBLISHED_ON_TIME', after: 'WITHDRAWN' });
    // udata answers a deleted dataset without its title or dates: the withdrawal keeps what was known of it.
    expect(nodes[0]?.changes.map((c) => c.field)).not.toContain('firstPublishedAt');
    const withdrawn = await gateway.query<{ commitment: { status: { firstPublishedAt: string | null; dataset: { title: string | null; deleted: boolean } } } }>(
      '{ commitment(key: "c002") { status { firstPublishedAt dataset { title deleted } } } }',
    );
    expect(withdrawn.data?.commitment.status.firstPublishedAt).not.toBeNull();
    expect(withdrawn.data?.commitment.status.dataset).toMatchObject({ title: expect.stringContaining('permis de construire'), deleted: true });
  });

  it('records a dataset re-created under a new id and slug as such', async () => {
    const gateway = await start();
    await gateway.evaluator.runOnce();
    gateway.setNow('2026-12-05T10:00:00+01:00');
    gateway.control.recreateDataset(C006, { id: '6750aaaaaaaaaaaaaaaaaaaa', slug: `${C006}-1` });
    await gateway.evaluator.runOnce();

    const recorded = await changes(gateway, '2026-12-01T00:00:00Z', { commitment: 'c006' });
    const recreated = recorded.find((c) => c.kind === 'OBJECT_RECREATED');
    expect(recreated).toMatchObject({ after: '6750aaaaaaaaaaaaaaaaaaaa' });
    expect(recreated?.sentence).toContain('recréé sous un nouvel identifiant');
  });

  it('answers asOf from the record: none before the first observation, the older verdict between two', async () => {
    const gateway = await start();
    await gateway.evaluator.runOnce();
    gateway.setNow('2027-03-03T15:00:00+01:00');
    gateway.control.deleteObject('dataset', C002);
    await gateway.evaluator.runOnce();

    const query = `query ($day: Date) { commitment(key: "c002", asOf: $day) { asOf status { state recordedAt } } scoreboard(groupBy: KIND, asOf: $day) { key total withdrawn } }`;
    const before = await gateway.query<{ commitment: { status: null | { state: string } }; scoreboard: { key: string; total: number }[] }>(query, { day: '2026-11-28' });
    expect(before.errors).toBeUndefined();
    expect(before.data?.commitment.status).toBeNull();
    expect(before.data?.scoreboard).toEqual([]);

    const between = await gateway.query<{ commitment: { status: { state: string; recordedAt: string } }; scoreboard: { key: string; withdrawn: number }[] }>(query, { day: '2027-01-15' });
    expect(between.data?.commitment.status.state).toBe('PUBLISHED_ON_TIME');
    expect(between.data?.commitment.status.recordedAt).toBe('2026-11-29T09:00:00.000Z');
    expect(between.data?.scoreboard.find((row) => row.key === 'DATASET')?.withdrawn).toBe(0);

    const after = await gateway.query<{ commitment: { status: { state: string } } }>(query, { day: '2027-03-03' });
    expect(after.data?.commitment.status.state).toBe('WITHDRAWN');
  });

  it('serves a fresh recorded run without any call to data.gouv.fr', async () => {
    const gateway = await start();
    await gateway.evaluator.runOnce();
    gateway.resetUpstreamCalls();
    const body = await gateway.query<{ commitments: { edges: { node: { status: { state: string } } }[] } }>(
      '{ commitments(first: 100) { edges { node { status { state } } } } latestEvaluationRun { id complete } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.commitments.edges).toHaveLength(gateway.commitments().length);
    expect(gateway.upstreamCalls()).toEqual([]);
  });

  it('judges for the request again once the recorded run is too old to serve, or of another Paris day', async () => {
    const gateway = await start();
    await gateway.evaluator.runOnce();
    const ask = async (): Promise<number> => {
      gateway.resetUpstreamCalls();
      const body = await gateway.query('{ commitment(key: "c001") { status { state } } }');
      expect(body.errors).toBeUndefined();
      return gateway.upstreamCalls().length;
    };
    gateway.setNow('2026-11-29T10:59:00+01:00');
    expect(await ask()).toBe(0);
    // The helper serves a run for one hour.
    gateway.setNow('2026-11-29T11:01:00+01:00');
    expect(await ask()).toBeGreaterThan(0);
  });
});
