import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../mocks/serve-mock-upstream.js';
import { createCommitmentRegistry } from '../../src/commitments/create-commitment-registry.js';
import { loadCommitmentRecords } from '../../src/commitments/load-commitment-records.js';
import { loadPressReleaseStore } from '../../src/press-releases/load-press-release-store.js';
import { createGateway, type Gateway } from '../../src/server/create-gateway.js';
import { createDatagouvClient } from '../../src/upstream/datagouv/client.js';
import type { DatagouvClient } from '../../src/upstream/datagouv/datagouv-client.js';
import { FIXED_NOW, SHIPPED_COMMITMENTS, SHIPPED_PRESS_RELEASES } from '../helpers/create-test-gateway.js';

/**
 * The verdicts of the shipped records against the emulated catalogue as
 * data.gouv.fr really is (APIs dated by their November 2024 migration, two
 * "statut étudiant" APIs from two producers, an HTML 404 everywhere, a mass
 * 404), served over a loopback socket.
 */

const TTL_MS = 60_000;
const STATUS_FIELDS = `state daysLate daysOverdue stale checkedAt confidence
  firstPublication { day source url exact } listedOnDatagouvAt
  dataset { id title } dataservice { id title }
  evidence { kind detail } candidates { score claimedBy dataservice { id } }`;

interface Status {
  state: string; daysLate: number | null; daysOverdue: number | null; stale: boolean; checkedAt: string | null; confidence: number;
  firstPublication: { day: string; source: string; url: string | null; exact: boolean } | null; listedOnDatagouvAt: string | null;
  dataset: { id: string; title: string } | null; dataservice: { id: string; title: string } | null;
  evidence: { kind: string; detail: string }[];
  candidates: { score: number; claimedBy: string | null; dataservice: { id: string } | null }[];
}

interface World {
  readonly upstream: MockUpstream;
  readonly gateway: Gateway;
  readonly datagouv: DatagouvClient;
  /** Moves the upstream client's clock (cache ages). */
  advance(ms: number): void;
  statuses(): Promise<Map<string, Status>>;
}

const open: World[] = [];
afterEach(async () => {
  for (const world of open.splice(0)) {
    await world.datagouv.close();
    await world.upstream.close();
  }
});

async function createWorld(options: { commitmentsFile?: string; mode?: 'normal' | 'html-404' | 'objects-404' } = {}): Promise<World> {
  const upstream = await startMockUpstream({ port: 0, ...(options.mode ? { mode: options.mode } : {}) });
  let clock = FIXED_NOW.getTime();
  const datagouv = createDatagouvClient({
    baseUrl: upstream.url, source: 'MOCK', retries: 0,
    cache: { ttlMs: TTL_MS, maxStaleMs: TTL_MS },
    clock: { now: () => clock, sleep: () => Promise.resolve() },
  });
  const records = await loadCommitmentRecords(options.commitmentsFile ?? SHIPPED_COMMITMENTS);
  const gateway = createGateway({
    pressReleases: await loadPressReleaseStore({ directory: SHIPPED_PRESS_RELEASES }),
    commitments: createCommitmentRegistry(records.commitments, records.errors),
    datagouv,
    logger: pino({ level: 'silent' }),
    now: () => new Date(clock),
    // The whole table with its evidence is one of the heaviest natural queries; cost limits are tested elsewhere.
    limits: { maxCost: 1_000_000 },
  });
  const world: World = {
    upstream, gateway, datagouv,
    advance: (ms) => { clock += ms; },
    async statuses() {
      const response = await gateway.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ commitments(first: 100) { edges { node { key status { ${STATUS_FIELDS} } } } } }` }),
      });
      const body = (await response.json()) as { data: { commitments: { edges: { node: { key: string; status: Status } }[] } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return new Map(body.data.commitments.edges.map(({ node }) => [node.key, node.status]));
    },
  };
  open.push(world);
  return world;
}

async function readyOf(world: World): Promise<Record<string, any>> {
  await new Promise<void>((resolve) => world.gateway.server.listen(0, '127.0.0.1', resolve));
  try {
    const address = world.gateway.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${address.port}/ready`);
    return (await response.json()) as Record<string, any>;
  } finally {
    await world.gateway.shutdown();
  }
}

const kinds = (status: Status | undefined) => status?.evidence.map((e) => e.kind) ?? [];

describe('verdicts of the shipped records against the emulated catalogue', () => {
  it('never makes a migration-dated API late: first publication comes from the sourced api.gouv.fr date', async () => {
    const statuses = await (await createWorld()).statuses();
    const c014 = statuses.get('c014');
    expect(c014).toMatchObject({ state: 'PUBLISHED_ON_TIME', daysLate: null, dataservice: { title: 'API Statut étudiant boursier' } });
    expect(c014?.firstPublication).toEqual({ day: '2022-02-08', source: 'RECORD', url: 'https://github.com/betagouv/api.gouv.fr/commit/48d5aebe', exact: true });
    expect(c014?.listedOnDatagouvAt?.startsWith('2024-11-')).toBe(true);
    for (const [key, status] of statuses) {
      if (status.dataservice) expect(status.state, key).not.toBe('PUBLISHED_LATE');
    }
  });

  it('gives each "statut étudiant" API to its own commitment', async () => {
    const statuses = await (await createWorld()).statuses();
    expect(statuses.get('c014')?.dataservice?.title).toBe('API Statut étudiant boursier');
    expect(statuses.get('c021')?.dataservice?.title).toBe('API Statut étudiant');
    const objects = [...statuses.values()].map((s) => s.dataset?.id ?? s.dataservice?.id).filter(Boolean);
    expect(new Set(objects).size).toBe(objects.length);
  });

  it('finds court decisions published as an API (Judilibre), naming the kind mismatch', async () => {
    const c034 = (await (await createWorld()).statuses()).get('c034');
    expect(c034).toMatchObject({ state: 'PUBLISHED_ON_TIME', dataservice: { title: 'API Judilibre' } });
    expect(kinds(c034)).toEqual(expect.arrayContaining(['KIND_MISMATCH', 'IDENTIFIER_MATCH', 'RECORD_FIRST_LISTING']));
  });

  it('finds "API JOAFE" under its published name', async () => {
    const c020 = (await (await createWorld()).statuses()).get('c020');
    expect(c020?.dataservice?.title).toBe('Annonces officielles et comptes annuels des associations');
  });

  it('lists the searches made and near misses for an item not found', async () => {
    const c028 = (await (await createWorld()).statuses()).get('c028');
    expect(c028?.state).toBe('OVERDUE');
    expect(kinds(c028)).toContain('SEARCH_MADE');
    expect(c028?.evidence.find((e) => e.kind === 'SEARCH_MADE')?.detail).toMatch(/^recherche « .+ » parmi les (jeux de données|API) : \d+ résultats?/);
  });
});

describe('look-alike APIs found by title alone (records without identifiers or dates)', () => {
  async function titleOnlyRecords(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'commitments-'));
    const file = join(dir, 'commitments.yaml');
    await writeFile(file, [
      '- { key: c014, title: "API Statut étudiant boursier", kind: API, producer: CNOUS, announcedHorizon: "2021 et 2022", announcedOn: 2021-04-29 }',
      '- { key: c021, title: "API Statut étudiant", kind: API, producer: "Ministère de l’Enseignement supérieur, de la Recherche et de l’Innovation" }',
    ].join('\n'));
    return file;
  }

  it('resolves each to its own producer’s API by score and assignment', async () => {
    const statuses = await (await createWorld({ commitmentsFile: await titleOnlyRecords() })).statuses();
    expect(statuses.get('c014')?.dataservice?.title).toBe('API Statut étudiant boursier');
    expect(statuses.get('c021')?.dataservice?.title).toBe('API Statut étudiant');
    // Listed in November 2024 only: published, lateness unknown, never late.
    expect(statuses.get('c014')).toMatchObject({ state: 'PUBLISHED', firstPublication: { source: 'DATASERVICE_LISTING', exact: false } });
    expect(kinds(statuses.get('c014'))).toContain('LISTING_DATE_ONLY');
  });

  it('does not give c021 the boursier API when its own is absent from the catalogue', async () => {
    const world = await createWorld({ commitmentsFile: await titleOnlyRecords() });
    world.upstream.control.deleteObject('dataservice', 'api-statut-etudiant');
    const statuses = await world.statuses();
    expect(statuses.get('c014')?.dataservice?.title).toBe('API Statut étudiant boursier');
    expect(statuses.get('c021')).toMatchObject({ state: 'PENDING', dataservice: null });
    // The look-alike is listed as a near miss, below the threshold, and said to belong to c014.
    const boursier = statuses.get('c021')?.candidates.find((c) => c.claimedBy === 'c014');
    expect(boursier?.score).toBeLessThan(0.55);
  });
});

describe('no verdict from a broken upstream', () => {
  it('keeps every earlier verdict, stale, when data.gouv.fr starts answering HTML 404 everywhere', async () => {
    const world = await createWorld();
    const before = await world.statuses();
    world.advance(3 * TTL_MS);
    world.upstream.control.setMode('html-404');
    const after = await world.statuses();
    for (const [key, status] of after) {
      const earlier = before.get(key) as Status;
      if (status.state === 'UNCHECKED_SOURCE_CODE') continue;
      expect(status.state, key).toBe(earlier.state);
      expect(status.stale, key).toBe(true);
      expect(status.checkedAt, key).toBe(earlier.checkedAt);
    }
    const ready = await readyOf(world);
    expect(ready.upstream).toMatchObject({ state: 'UNUSABLE' });
  });

  it('says UNVERIFIABLE, never OVERDUE, when the upstream answers HTML 404 from the start', async () => {
    const statuses = await (await createWorld({ mode: 'html-404' })).statuses();
    for (const [key, status] of statuses) {
      if (status.state === 'UNCHECKED_SOURCE_CODE') continue;
      expect(status, key).toMatchObject({ state: 'UNVERIFIABLE', checkedAt: null, stale: false });
    }
  });

  it('holds the earlier verdicts when most found objects suddenly answer 404 (mass-404 mode)', async () => {
    const world = await createWorld();
    const before = await world.statuses();
    world.advance(3 * TTL_MS);
    world.upstream.control.setMode('objects-404');
    const after = await world.statuses();
    const foundBefore = [...before].filter(([, s]) => s.state.startsWith('PUBLISHED') && (s.dataset ?? s.dataservice));
    expect(foundBefore.length).toBeGreaterThan(10);
    for (const [key, earlier] of foundBefore) {
      const status = after.get(key) as Status;
      // Found by search (which still answers) or held back: never turned into a withdrawal or a delay.
      expect(status.state, key).toBe(earlier.state);
      if (kinds(status).includes('HELD_BY_GUARD')) expect(status.stale, key).toBe(true);
    }
    const held = [...after.values()].filter((s) => kinds(s).includes('HELD_BY_GUARD'));
    expect(held.length).toBeGreaterThanOrEqual(2);
  });

  it('shows a real withdrawal: an object found by search, then deleted, is WITHDRAWN', async () => {
    const world = await createWorld();
    const before = (await world.statuses()).get('c003');
    expect(before?.state).toBe('PUBLISHED_ON_TIME');
    expect(kinds(before)).not.toContain('EXPLICIT_LINK');
    world.upstream.control.deleteObject('dataset', before?.dataset?.id as string);
    world.advance(3 * TTL_MS);
    const after = (await world.statuses()).get('c003');
    expect(after).toMatchObject({ state: 'WITHDRAWN', stale: false, dataset: { id: before?.dataset?.id } });
    expect(kinds(after)).toEqual(expect.arrayContaining(['REMEMBERED_OBJECT', 'DELETED']));
  });
});
