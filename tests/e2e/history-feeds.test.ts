import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingGateway, type RecordingGateway } from '../helpers/create-recording-gateway.js';

const C002 = 'liste-des-permis-de-construire-et-autres-autorisations-durbanisme-des-personnes-physiques';
const C003 = 'agriculture-biologique-surfaces-et-operateurs-a-la-maille-communale';

let gateway: RecordingGateway;
let origin: string;

beforeAll(async () => {
  gateway = await createRecordingGateway({ startAt: '2026-11-29T10:00:00+01:00', client: { cache: { ttlMs: 0 } } });
  await gateway.evaluator.runOnce();
  gateway.setNow('2026-12-01T10:00:00+01:00');
  gateway.control.editDataset(C003, (payload) => ({ ...payload, license: 'odc-odbl' }));
  await gateway.evaluator.runOnce();
  gateway.setNow('2027-03-03T15:00:00+01:00');
  gateway.control.deleteObject('dataset', C002);
  await gateway.evaluator.runOnce();
  await new Promise<void>((resolve) => gateway.gateway.server.listen(0, '127.0.0.1', resolve));
  const address = gateway.gateway.server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 60_000);

afterAll(async () => {
  await gateway.gateway.shutdown();
  await gateway.close();
});

interface AtomEntry {
  id: string;
  title: string | { '#text': string };
  updated: string;
  link: { '@_href': string } | { '@_href': string }[];
}

async function readFeed(path: string): Promise<{ status: number; type: string | null; feed: { id: string; title: string; updated: string; author: { name: string }; entry?: AtomEntry | AtomEntry[] } }> {
  const response = await fetch(`${origin}${path}`);
  const text = await response.text();
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(text) as { feed: never };
  return { status: response.status, type: response.headers.get('content-type'), feed: parsed.feed };
}

/** An entry's title as text: the feed writes it as `type="html"` CDATA. */
const titleOf = (entry: AtomEntry): string => (typeof entry.title === 'string' ? entry.title : entry.title['#text']);

const entries = (feed: { entry?: AtomEntry | AtomEntry[] }): AtomEntry[] => (feed.entry === undefined ? [] : Array.isArray(feed.entry) ? feed.entry : [feed.entry]);

describe('/feeds/changes.atom', () => {
  it('is Atom 1.0 with French titles, stable ids, dates and links to the commitment pages', async () => {
    const first = await readFeed('/feeds/changes.atom');
    expect(first.status).toBe(200);
    expect(first.type).toBe('application/atom+xml; charset=utf-8');
    expect(first.feed.author.name).toBeTruthy();
    expect(first.feed.title).toContain('données de démonstration');
    const items = entries(first.feed);
    expect(items.map(titleOf)).toEqual([
      expect.stringMatching(/^Le jeu de données « Liste des permis de construire.* » a été retiré de data\.gouv\.fr le 3 mars 2027/),
      expect.stringMatching(/^La licence du jeu de données « .+ » a changé le 1er décembre 2026 : lov2 → odc-odbl\.$/),
    ]);
    expect(items[0]?.updated).toBe('2027-03-03T14:00:00.000Z');
    expect(items[0]?.link).toEqual({ '@_href': `${origin}/engagements/c002` });
    expect(items[0]?.id).toMatch(/^urn:engagements-ouverture:changement:[0-9a-f]{32}$/);
    expect(first.feed.updated).toBe('2027-03-03T14:00:00.000Z');
    const again = await readFeed('/feeds/changes.atom');
    expect(entries(again.feed).map((e) => e.id)).toEqual(items.map((e) => e.id));
  });

  it('narrows to one commitment or one ministry', async () => {
    expect(entries((await readFeed('/feeds/changes.atom?commitment=c003')).feed).map(titleOf)).toEqual([expect.stringContaining('La licence')]);
    const ministry = await readFeed(`/feeds/changes.atom?ministry=${encodeURIComponent('transition écologique')}`);
    expect(ministry.feed.title).toContain('ministère « transition écologique »');
    expect(entries(ministry.feed).map(titleOf)).toEqual([expect.stringContaining('a été retiré de data.gouv.fr')]);
  });

  it('refuses an unknown commitment and an unknown feed', async () => {
    expect((await fetch(`${origin}/feeds/changes.atom?commitment=c999`)).status).toBe(404);
    expect((await fetch(`${origin}/feeds/other.atom`)).status).toBe(404);
  });
});

describe('/export/history', () => {
  it('writes one CSV row per change, French headers, parsed back', async () => {
    const response = await fetch(`${origin}/export/history.csv`);
    expect(response.status).toBe(200);
    const rows = parseCsv(await response.text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['Clé'], r['Changement (code)'], r['Avant'], r['Après'], r['Jour (heure de Paris)']])).toEqual([
      ['c002', 'STATE_CHANGED', 'PUBLISHED_ON_TIME', 'WITHDRAWN', '2027-03-03'],
      ['c003', 'LICENSE_CHANGED', 'lov2', 'odc-odbl', '2026-12-01'],
    ]);
    expect(rows[0]?.['Source des données']).toBe('MOCK');
  });

  it('writes JSON with the same rows, narrowed by since and kind', async () => {
    const body = (await (await fetch(`${origin}/export/history.json?since=2027-01-01&kind=STATE_CHANGED`)).json()) as { count: number; items: { commitmentKey: string; after: string }[] };
    expect(body.count).toBe(1);
    expect(body.items.map((r) => [r.commitmentKey, r.after])).toEqual([['c002', 'WITHDRAWN']]);
    expect((await fetch(`${origin}/export/history.csv?kind=NOPE`)).status).toBe(400);
  });
});
