import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFaultPlan } from '../../mocks/faults/fault-plan.js';
import { createTestGateway, type TestGateway } from '../helpers/create-test-gateway.js';

interface Served {
  readonly t: TestGateway;
  readonly base: string;
  close(): Promise<void>;
}

async function serve(options: Parameters<typeof createTestGateway>[0] = {}): Promise<Served> {
  const t = await createTestGateway(options);
  await new Promise<void>((resolve) => t.gateway.server.listen(0, '127.0.0.1', resolve));
  const { port } = t.gateway.server.address() as AddressInfo;
  return {
    t,
    base: `http://127.0.0.1:${port}`,
    async close() {
      await t.gateway.shutdown();
      await t.close();
    },
  };
}

const csvRows = (text: string, delimiter = ',') => parse(text, { bom: true, columns: true, delimiter }) as Record<string, string>[];

interface GraphQLCommitment {
  key: string;
  title: string;
  ministry: string | null;
  ministryOrigin: 'RECORD' | 'PRODUCER' | 'TRACKER' | 'NONE';
  ministrySource: string | null;
  status: { state: string; summary: string; daysLate: number | null; daysOverdue: number | null; stale: boolean };
}

describe('the commitment export with the official tracking table as a source', () => {
  it('says where each commitment comes from: "dossier", or "tableau officiel" for the table’s own rows', async () => {
    const tracked = await serve({ useTrackingTable: true });
    try {
      await tracked.t.gateway.refreshTrackerCommitments();
      const rows = csvRows(await (await fetch(`${tracked.base}/export/commitments.csv`)).text());
      const fromTable = rows.filter((r) => r['Clé']!.startsWith('t-'));
      expect(fromTable.length).toBeGreaterThan(0);
      expect(fromTable.every((r) => r["Source de l'engagement"] === 'tableau officiel')).toBe(true);
      expect(rows.filter((r) => !r['Clé']!.startsWith('t-')).every((r) => r["Source de l'engagement"] === 'dossier')).toBe(true);
      const json = (await (await fetch(`${tracked.base}/export/commitments.json`)).json()) as { rows?: Record<string, unknown>[] } & Record<string, unknown>;
      expect(JSON.stringify(json)).toContain('tableau officiel');
    } finally {
      await tracked.close();
    }
  });
});

describe('CSV and JSON exports over a real socket', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve();
  });
  afterAll(() => s.close());

  it('writes every commitment with the same verdicts as GraphQL, UTF-8 with BOM, dated file name and provenance', async () => {
    const response = await fetch(`${s.base}/export/commitments.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="engagements-2026-11-29.csv"');
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('x-data-source')).toBe('MOCK');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // WHATWG decoding drops the BOM, as a spreadsheet does.
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('Clé,Engagement,Type,Ministère')).toBe(true);
    expect(text).toContain('\r\n');
    const rows = csvRows(text);

    const body = await s.t.query<{ commitments: { edges: { node: GraphQLCommitment }[] } }>(
      '{ commitments(first: 100) { edges { node { key title ministry ministryOrigin ministrySource status { state summary daysLate daysOverdue stale } } } } }',
    );
    const expected = body.data!.commitments.edges.map((e) => e.node);
    expect(rows.map((r) => r['Clé'])).toEqual(expected.map((c) => c.key));
    for (const [index, row] of rows.entries()) {
      const c = expected[index]!;
      expect(row['Engagement']).toBe(c.title);
      expect(row['Ministère']).toBe(c.ministry ?? '');
      expect(row['Origine du ministère']).toBe({ RECORD: 'nommé par le dossier', PRODUCER: 'déduit du producteur', TRACKER: 'tableau de suivi officiel', NONE: '' }[c.ministryOrigin]);
      expect(row['Source du ministère']).toBe(c.ministrySource ?? '');
      expect(row['État (code)']).toBe(c.status.state);
      expect(row['Verdict']).toBe(c.status.summary);
      expect(row['Jours de retard']).toBe(c.status.daysLate === null ? '' : String(c.status.daysLate));
      expect(row["Jours après l'échéance"]).toBe(c.status.daysOverdue === null ? '' : String(c.status.daysOverdue));
      expect(row['Constat ancien (data.gouv.fr injoignable)']).toBe(c.status.stale ? 'oui' : 'non');
      expect(row['Source des données']).toBe('MOCK');
      expect(row['Généré le']).toBe('2026-11-29T09:00:00.000Z');
    }
  });

  it('applies the GraphQL filters and order given as query parameters', async () => {
    const filter = { ministry: 'éducation', kind: 'DATASET', state: 'PUBLISHED_ON_TIME' };
    const text = await (await fetch(`${s.base}/export/commitments.csv?${new URLSearchParams({ ...filter, orderBy: 'TITLE' })}`)).text();
    const body = await s.t.query<{ commitments: { edges: { node: { key: string } }[] } }>(
      'query ($f: CommitmentFilter) { commitments(first: 100, filter: $f, orderBy: TITLE) { edges { node { key } } } }',
      { f: filter },
    );
    const expected = body.data!.commitments.edges.map((e) => e.node.key);
    expect(expected.length).toBeGreaterThan(0);
    expect(csvRows(text).map((r) => r['Clé'])).toEqual(expected);
  });

  it('writes ; separated files with decimal commas for French spreadsheets, and field names with headers=en', async () => {
    const text = await (await fetch(`${s.base}/export/commitments.csv?sep=%3B&headers=en&kind=DATASET`)).text();
    expect(text.split('\r\n')[0]).toBe(`key;title;kind;ministry;ministryAsWritten;ministryOrigin;ministrySource;producer;plannedQuarter;dueDate;announcedOn;commitmentSource;state;summary;firstPublishedAt;firstPublicationSource;firstPublicationUrl;firstPublicationExact;listedOnDatagouvAt;daysLate;daysOverdue;confidence;datasetId;datasetUrl;dataserviceId;dataserviceUrl;repositoryUrl;resourceCount;formats;freshness;checkedAt;stale;source;generatedAt`);
    const rows = csvRows(text, ';');
    expect(rows.every((r) => r['kind'] === 'DATASET')).toBe(true);
    expect(rows.some((r) => /^0,\d+$/.test(r['confidence'] ?? ''))).toBe(true);
    expect(rows.every((r) => r['stale'] === 'true' || r['stale'] === 'false')).toBe(true);
  });

  it('serves the same rows as JSON', async () => {
    const response = await fetch(`${s.base}/export/commitments.json?kind=API`);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="engagements-2026-11-29.json"');
    const body = (await response.json()) as { generatedAt: string; source: string; count: number; items: { key: string; kind: string; stale: boolean; formats: string[] }[] };
    expect(body.source).toBe('MOCK');
    expect(body.count).toBe(body.items.length);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((item) => item.kind === 'API' && typeof item.stale === 'boolean' && Array.isArray(item.formats))).toBe(true);
  });

  it('counts the scoreboard exactly like GraphQL', async () => {
    const rows = csvRows(await (await fetch(`${s.base}/export/scoreboard.csv`)).text());
    const body = await s.t.query<{ scoreboard: { key: string; total: number; overdue: number; publishedOnTime: number }[] }>(
      '{ scoreboard(groupBy: MINISTRY) { key total overdue publishedOnTime } }',
    );
    expect(rows.map((r) => [r['Groupe'], Number(r['Total']), Number(r['Échéance dépassée']), Number(r["Publiés à l'heure"])])).toEqual(
      body.data!.scoreboard.map((r) => [r.key, r.total, r.overdue, r.publishedOnTime]),
    );
    const byKind = csvRows(await (await fetch(`${s.base}/export/scoreboard.csv?groupBy=KIND`)).text());
    expect(byKind.map((r) => r['Groupe']).sort()).toEqual(['API', 'DATASET', 'SOURCE_CODE']);
  });

  it('lists the press releases like GraphQL, search included', async () => {
    const response = await fetch(`${s.base}/export/announcements.csv?search=donn%C3%A9es`);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="annonces-2026-11-29.csv"');
    const rows = csvRows(await response.text());
    const body = await s.t.query<{ announcements: { totalCount: number; edges: { node: { slug: string } }[] } }>(
      '{ announcements(search: "données", first: 100) { totalCount edges { node { slug } } } }',
    );
    expect(rows.map((r) => r['Identifiant'])).toEqual(body.data!.announcements.edges.map((e) => e.node.slug));
    expect(rows.every((r) => r['Source des données'] === 'LOCAL')).toBe(true);
  });

  it.each([
    ['/export/commitments.csv?state=LATE', /Paramètre « state » : « LATE » n'est pas une valeur possible/],
    ['/export/commitments.csv?dueBefore=2021-02-30', /Paramètre « dueBefore » : « 2021-02-30 » n'est pas une date AAAA-MM-JJ/],
    ['/export/commitments.csv?ministere=justice', /Paramètre « ministere » : inconnu/],
    ['/export/commitments.csv?sep=%7C', /Paramètre « sep »/],
    ['/export/scoreboard.csv?groupBy=YEAR', /Paramètre « groupBy »/],
    ['/export/announcements.csv?publishedAfter=hier', /Paramètre « publishedAfter »/],
    ['/export/commitments.csv?kind=API&kind=DATASET', /donné plusieurs fois/],
  ])('refuses %s with 400 before any upstream call', async (url, message) => {
    s.t.resetUpstreamCalls();
    const response = await fetch(`${s.base}${url}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('BAD_USER_INPUT');
    expect(body.error.message).toMatch(message);
    expect(s.t.upstreamCalls()).toHaveLength(0);
  });

  it('answers 404 for an unknown export and 405 for a POST', async () => {
    expect((await fetch(`${s.base}/export/everything.csv`)).status).toBe(404);
    expect((await fetch(`${s.base}/export/commitments.csv`, { method: 'POST' })).status).toBe(405);
  });
});

describe('CSV quoting', () => {
  let dir: string;
  let s: Served | undefined;
  afterEach(async () => {
    await s?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps quotes, separators, line breaks and accents intact through a round trip', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'export-quoting-'));
    const title = 'Données « spéciales » : "guillemets", virgules; points-virgules\net un saut de ligne — ÉÀÇ';
    const file = path.join(dir, 'commitments.yaml');
    await writeFile(
      file,
      `- key: c001\n  title: ${JSON.stringify(title)}\n  kind: SOURCE_CODE\n  ministry: "Secrétariat d’État; chargé « du numérique », et des \\"données\\""\n  plannedQuarter: "T3 2021"\n  announcedOn: 2021-04-29\n  membership: CONFIRMED_PRIMARY\n  sources: []\n`,
    );
    s = await serve({ commitmentsFile: file });
    for (const sep of [',', ';']) {
      const text = await (await fetch(`${s.base}/export/commitments.csv?sep=${encodeURIComponent(sep)}`)).text();
      const [row] = csvRows(text, sep);
      expect(row?.['Engagement']).toBe(title);
      expect(row?.['Ministère']).toBe('Secrétariat d’État; chargé « du numérique », et des "données"');
    }
  });
});

describe('provenance through an outage', () => {
  it('flags each verdict kept from an earlier check as stale, in its row and in its sentence', async () => {
    let clock = Date.parse('2026-11-29T09:00:00Z');
    const faults = createFaultPlan();
    const s = await serve({
      handlers: { faults },
      client: { cache: { ttlMs: 1_000, maxStaleMs: 0 }, clock: { now: () => clock, sleep: () => Promise.resolve() } },
    });
    try {
      const before = csvRows(await (await fetch(`${s.base}/export/commitments.csv`)).text());
      expect(before.every((r) => r['Constat ancien (data.gouv.fr injoignable)'] === 'non')).toBe(true);
      clock += 10_000;
      faults.next('*', Array(2_000).fill('503'));
      const during = csvRows(await (await fetch(`${s.base}/export/commitments.csv`)).text());
      expect(during.map((r) => r['État (code)'])).toEqual(before.map((r) => r['État (code)']));
      for (const row of during.filter((r) => r['Type'] !== 'SOURCE_CODE')) {
        expect(row['Constat ancien (data.gouv.fr injoignable)']).toBe('oui');
        expect(row['Verdict']).toMatch(/\(constat du .+, non actualisé\)$/);
      }
      const scoreboard = csvRows(await (await fetch(`${s.base}/export/scoreboard.csv`)).text());
      expect(scoreboard.some((r) => r['Constat ancien (data.gouv.fr injoignable)'] === 'oui')).toBe(true);
    } finally {
      await s.close();
    }
  });
});
