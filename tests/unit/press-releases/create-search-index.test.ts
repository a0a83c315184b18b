import { beforeAll, describe, expect, it } from 'vitest';
import type { Announcement } from '../../../src/press-releases/announcement.js';
import { createSearchIndex, toIndexTerms } from '../../../src/press-releases/create-search-index.js';
import { loadPressReleaseStore } from '../../../src/press-releases/load-press-release-store.js';
import { parsePressRelease } from '../../../src/press-releases/parse-press-release.js';
import type { PressReleaseStore } from '../../../src/press-releases/press-release-store.js';
import { CORPUS_DIR } from './corpus-paths.js';

function announcement(slug: string, title: string, lede: string, body: string): Announcement {
  const result = parsePressRelease({
    text: `---\ntitle: ${JSON.stringify(title)}\nchapeau-text: ${JSON.stringify(lede)}\n---\n${body}\n`,
    sourcePath: `_communiques/${slug}.md`,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.announcement;
}

describe('toIndexTerms', () => {
  it('lowercases, strips accents in any normal form and splits on apostrophes', () => {
    expect(toIndexTerms('Les Données de l’État')).toEqual(['les', 'donnees', 'de', 'etat']);
    expect(toIndexTerms('l\'E\u0301TAT, c\'est: FranceConnect+ (2021)')).toEqual(['etat', 'est', 'franceconnect', '2021']);
    expect(toIndexTerms(' ’ ... ')).toEqual([]);
  });
});

describe('createSearchIndex', () => {
  const index = createSearchIndex([
    announcement('in-body', 'Un communiqué', 'Un chapeau.', 'Il parle de cloud. Le cloud, le cloud et encore le cloud.'),
    announcement('in-title', 'La stratégie nationale pour le cloud', 'Un chapeau.', 'Rien de plus.'),
    announcement('in-lede', 'Un autre communiqué', 'Le cloud au centre.', 'Rien de plus.'),
    announcement('accents', 'Ouverture des données de l’État', 'Chapeau.', 'Corps.'),
  ]);

  it('ranks a title match above a lede match above a body match', () => {
    expect(index.search('cloud').map((hit) => hit.slug)).toEqual(['in-title', 'in-lede', 'in-body']);
  });

  it('returns scores best first', () => {
    const scores = index.search('cloud').map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThan(scores[1] ?? Infinity);
  });

  it('matches without accents and whatever the case', () => {
    for (const query of ['donnees', 'DONNÉES', 'Données', 'etat', 'ÉTAT', 'l’Etat']) {
      expect(index.search(query).map((hit) => hit.slug), query).toEqual(['accents']);
    }
  });

  it('matches the last term as a prefix and tolerates a typo in long terms', () => {
    expect(index.search('ouverture donn').map((hit) => hit.slug)).toEqual(['accents']);
    expect(index.search('strategie natoinale').map((hit) => hit.slug)).toEqual(['in-title']);
    // Short terms must match exactly (or as the last, prefix term).
    expect(index.search('clud cloud')).toEqual([]);
  });

  it('requires every term to match', () => {
    expect(index.search('cloud données')).toEqual([]);
  });

  it('returns nothing for an empty or punctuation-only query', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
    expect(index.search('’ - !')).toEqual([]);
  });
});

describe('searching the real corpus', () => {
  let store: PressReleaseStore;

  beforeAll(async () => {
    store = await loadPressReleaseStore({ directory: CORPUS_DIR });
  });

  it('puts the releases titled FranceConnect before those that only mention it', () => {
    const hits = store.search('FranceConnect');
    expect(hits.slice(0, 3).map((hit) => hit.slug).sort()).toEqual([
      '30-millions-utilisateurs-conquis-par-franceconnect',
      'franceconnect-franchit-le-cap-des-10-millions-dutilisateurs',
      'franceconnect-plus-1-million-usagers',
    ]);
    const founding = hits.find((hit) =>
      hit.slug.startsWith('le-gouvernement-poursuit-son-engagement-pour-une-politique-ambitieuse'),
    );
    expect(founding).toBeDefined();
    expect(founding?.score).toBeLessThan(hits[2]?.score ?? 0);
    expect(hits).toHaveLength(10);
  });

  it('is case-insensitive', () => {
    expect(store.search('franceconnect')).toEqual(store.search('FranceConnect'));
    expect(store.search('FRANCECONNECT')).toEqual(store.search('FranceConnect'));
  });

  it('finds "données" when asked for "donnees"', () => {
    const plain = store.search('donnees');
    expect(plain).toEqual(store.search('données'));
    expect(plain[0]?.slug).toBe(
      'le-gouvernement-poursuit-son-engagement-pour-une-politique-ambitieuse-douverture-des-donnees-publiques-en-publiant-63-nouveaux-jeux-de-donnees',
    );
    expect(plain).toHaveLength(34);
  });

  it('finds "État" when asked for "Etat"', () => {
    expect(store.search('Etat')).toEqual(store.search('État'));
    expect(store.search('Etat').length).toBeGreaterThan(30);
  });

  it('returns nothing for an empty query', () => {
    expect(store.search('')).toEqual([]);
  });
});

describe('search bounds', () => {
  const index = createSearchIndex([
    announcement('one', 'Ouverture des données publiques', 'Chapeau.', 'Corps du texte sur la gouvernance, anticonstitutionnellementissime.'),
  ]);

  it('refuses more than 300 characters or 12 words with BAD_USER_INPUT, before any matching', () => {
    expect(() => index.search('d'.repeat(301))).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => index.search(Array.from({ length: 13 }, () => 'donnees').join(' '))).toThrow(/12 words/);
    expect(index.search(Array.from({ length: 12 }, () => 'donnees').join(' ')).map((hit) => hit.slug)).toEqual(['one']);
  });

  it('still tolerates typos in ordinary words, at most two however long the word', () => {
    expect(index.search('gouvrenance').map((hit) => hit.slug)).toEqual(['one']);
    // 16 letters allow 3 edits at 0.2 per letter; capped at 2, three typos no longer match.
    expect(index.search('gouvernancexxxxx')).toEqual([]);
    expect(index.search('gouvernancexx').map((hit) => hit.slug)).toEqual(['one']);
  });

  it('matches words past 24 characters exactly, without fuzzy or prefix expansion', () => {
    expect(index.search('anticonstitutionnellementissime').map((hit) => hit.slug)).toEqual(['one']);
    expect(index.search('anticonstitutionnellementissima')).toEqual([]);
    expect(index.search('anticonstitutionnellementissim')).toEqual([]);
  });
});
