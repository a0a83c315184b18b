import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../helpers/create-test-gateway.js';

const CORPUS = fileURLToPath(new URL('../fixtures/corpus/press-releases', import.meta.url));
const FOUNDING = 'le-gouvernement-poursuit-son-engagement-pour-une-politique-ambitieuse-douverture-des-donnees-publiques-en-publiant-63-nouveaux-jeux-de-donnees';

interface Edge {
  cursor: string;
  node: { slug: string; title: string; publishedAt: string | null; tags: string[]; collection: string; draft: boolean };
}
interface AnnouncementsData {
  announcements: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Edge[] };
}

const LIST = /* GraphQL */ `
  query List($first: Int, $after: String, $search: String, $filter: AnnouncementFilter) {
    announcements(first: $first, after: $after, search: $search, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { slug title publishedAt tags collection draft } }
    }
  }
`;

describe('announcements over the full numerique.gouv.fr corpus', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await createTestGateway({ pressReleasesDir: CORPUS });
  });
  afterAll(() => t.close());

  it('pages newest first with an honest totalCount and cursors that continue the list', async () => {
    const all = await t.query<AnnouncementsData>(LIST, { first: 100 });
    const total = all.data!.announcements.totalCount;
    expect(total).toBe(all.data!.announcements.edges.length);
    expect(total).toBeGreaterThan(40);
    const dates = all.data!.announcements.edges.map((e) => e.node.publishedAt).filter((d): d is string => d !== null);
    expect(dates.map((d) => Date.parse(d))).toEqual([...dates.map((d) => Date.parse(d))].sort((a, b) => b - a));

    const first = await t.query<AnnouncementsData>(LIST, { first: 5 });
    expect(first.data!.announcements.totalCount).toBe(total);
    expect(first.data!.announcements.pageInfo.hasNextPage).toBe(true);
    const second = await t.query<AnnouncementsData>(LIST, { first: 5, after: first.data!.announcements.pageInfo.endCursor });
    expect(second.data!.announcements.edges.map((e) => e.node.slug)).toEqual(
      all.data!.announcements.edges.slice(5, 10).map((e) => e.node.slug),
    );

    const last = await t.query<AnnouncementsData>(LIST, { first: 5, after: all.data!.announcements.edges.at(-3)!.cursor });
    expect(last.data!.announcements.edges).toHaveLength(2);
    expect(last.data!.announcements.pageInfo.hasNextPage).toBe(false);
  });

  it('filters by tag, category, collection and publication window', async () => {
    const tagged = await t.query<AnnouncementsData>(LIST, { first: 100, filter: { tags: ['donnees'] } });
    expect(tagged.data!.announcements.edges.map((e) => e.node.slug)).toContain(FOUNDING);
    expect(tagged.data!.announcements.edges.every((e) => e.node.tags.some((tag) => tag === 'Données'))).toBe(true);

    const window = await t.query<AnnouncementsData>(LIST, {
      first: 100,
      filter: { collection: 'communiques', publishedAfter: '2021-04-29T00:00:00+02:00', publishedBefore: '2021-04-30T00:00:00+02:00' },
    });
    expect(window.data!.announcements.edges.map((e) => e.node.slug)).toEqual([FOUNDING]);

    const communiques = await t.query<AnnouncementsData>(LIST, { first: 100, filter: { categories: ['communiqué de presse'] } });
    expect(communiques.data!.announcements.totalCount).toBeGreaterThan(0);
    expect(communiques.data!.announcements.edges.map((e) => e.node.slug)).toContain(FOUNDING);
  });

  it('ranks FranceConnect releases first for "FranceConnect" and matches "donnees" to "données"', async () => {
    const franceConnect = await t.query<AnnouncementsData>(LIST, { first: 3, search: 'FranceConnect' });
    const titles = franceConnect.data!.announcements.edges.map((e) => e.node.title);
    expect(titles.length).toBeGreaterThan(1);
    expect(titles[0]).toMatch(/FranceConnect/i);
    expect(titles[1]).toMatch(/FranceConnect/i);

    const accents = await t.query<AnnouncementsData>(LIST, { first: 50, search: 'donnees' });
    const plain = await t.query<AnnouncementsData>(LIST, { first: 50, search: 'DONNÉES' });
    expect(accents.data!.announcements.totalCount).toBeGreaterThan(5);
    expect(accents.data!.announcements.edges.map((e) => e.node.slug)).toEqual(plain.data!.announcements.edges.map((e) => e.node.slug));
  });

  it('round-trips a global id through node()', async () => {
    const found = await t.query<{ announcement: { id: string; title: string } }>(
      `query($slug: String!) { announcement(slug: $slug) { id title } }`,
      { slug: FOUNDING },
    );
    const id = found.data!.announcement.id;
    const node = await t.query<{ node: { __typename: string; slug: string; publishedAt: string } }>(
      `query($id: ID!) { node(id: $id) { __typename ... on Announcement { slug publishedAt } } }`,
      { id },
    );
    expect(node.data!.node).toEqual({ __typename: 'Announcement', slug: FOUNDING, publishedAt: '2021-04-29T16:38:00+02:00' });
  });

  it('refuses a forged cursor and an oversized page with BAD_USER_INPUT', async () => {
    const forged = await t.query(LIST, { first: 5, after: 'not-a-cursor' });
    expect(forged.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const huge = await t.query(LIST, { first: 500 });
    expect(huge.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(huge.errors?.[0]?.message).toMatch(/between 0 and 100/);
  });

  it('returns null for an unknown slug', async () => {
    const missing = await t.query(`{ announcement(slug: "nope") { title } }`);
    expect(missing).toMatchObject({ data: { announcement: null } });
    expect(missing.errors).toBeUndefined();
  });
});

describe('announcements with broken records beside good ones', () => {
  let t: TestGateway;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'press-releases-'));
    mkdirSync(join(dir, '_communiques'));
    cpSync(join(CORPUS, '_communiques', `${FOUNDING}.markdown`), join(dir, '_communiques', `${FOUNDING}.markdown`));
    writeFileSync(join(dir, '_communiques', 'broken.md'), '---\ntitle: [unclosed\n---\nbody\n');
    writeFileSync(
      join(dir, '_communiques', 'brouillon.md'),
      '---\ntitle: Un brouillon\ndate: 2022-01-01 10:00:00 +01:00\npublished: false\ntags: Données\n---\nTexte.\n',
    );
    t = await createTestGateway({ pressReleasesDir: dir });
  });
  afterAll(() => t.close());

  it('reports the broken file with its path and reason while the others load', async () => {
    const body = await t.query<{ announcementLoadErrors: { path: string; reason: string }[]; announcements: { totalCount: number } }>(
      `{ announcementLoadErrors { path reason message } announcements { totalCount } }`,
    );
    expect(body.data!.announcementLoadErrors).toEqual([
      expect.objectContaining({ path: '_communiques/broken.md', reason: 'INVALID_YAML' }),
    ]);
    expect(body.data!.announcements.totalCount).toBe(1);
  });

  it('hides drafts unless asked for', async () => {
    const hidden = await t.query<AnnouncementsData>(LIST, { first: 10 });
    expect(hidden.data!.announcements.edges.map((e) => e.node.draft)).toEqual([false]);
    const shown = await t.query<AnnouncementsData>(LIST, { first: 10, filter: { includeDrafts: true } });
    expect(shown.data!.announcements.edges.map((e) => e.node.title)).toEqual(['Un brouillon', expect.stringContaining('63 nouveaux')]);
  });
});
