import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Announcement, LoadError } from '../../../src/press-releases/announcement.js';
import { loadPressReleaseStore } from '../../../src/press-releases/load-press-release-store.js';
import { parsePressRelease } from '../../../src/press-releases/parse-press-release.js';
import { CORPUS_DIR, listFiles } from './corpus-paths.js';

const ALL_FILES = listFiles(CORPUS_DIR);
const MARKDOWN_FILES = ALL_FILES.filter((file) => /\.(md|markdown)$/.test(file));
// Every Markdown record of the corpus loads: the odd ones (quotes closed at
// column 0, no date, `&nbsp;` in a title, scripts in the body) are handled.
const EXPECTED_FAILURES: Readonly<Record<string, LoadError['reason']>> = {};

function parseAll() {
  const loaded: Announcement[] = [];
  const failed: Record<string, LoadError['reason']> = {};
  for (const sourcePath of MARKDOWN_FILES) {
    const result = parsePressRelease({ text: readFileSync(path.join(CORPUS_DIR, sourcePath), 'utf8'), sourcePath });
    if (result.ok) {
      loaded.push(result.announcement);
    } else {
      failed[sourcePath] = result.error.reason;
    }
  }
  return { loaded, failed };
}

describe('the real numerique.gouv.fr corpus', () => {
  const { loaded, failed } = parseAll();

  it('has 60 files, 59 of them Markdown (the other is an `.old` copy)', () => {
    expect(ALL_FILES).toHaveLength(60);
    expect(MARKDOWN_FILES).toHaveLength(59);
    expect(ALL_FILES.filter((file) => !MARKDOWN_FILES.includes(file))).toEqual([
      '_communiques/le-gouvernement-lance-l-experimentation-de-l’intelligence-artificielle-dans-l’administration.old',
    ]);
  });

  it('loads or reports every Markdown file without throwing', () => {
    expect(loaded.length + Object.keys(failed).length).toBe(MARKDOWN_FILES.length);
    expect(failed).toEqual(EXPECTED_FAILURES);
    expect(loaded).toHaveLength(59);
  });

  it('gives every record a distinct slug and a collection', () => {
    expect(new Set(loaded.map((announcement) => announcement.slug)).size).toBe(59);
    const counts: Record<string, number> = {};
    for (const { collection } of loaded) {
      counts[collection] = (counts[collection] ?? 0) + 1;
    }
    expect(counts).toEqual({ _actualites: 37, _communiques: 21, _publications: 1 });
  });

  it('outputs NFC text only', () => {
    for (const announcement of loaded) {
      const texts = [
        announcement.title,
        announcement.slug,
        announcement.ledeMarkdown ?? '',
        announcement.ledeText ?? '',
        announcement.bodyMarkdown,
        announcement.bodyText,
        announcement.bodyHtml,
        ...announcement.tags,
        ...announcement.categories,
      ];
      for (const text of texts) {
        expect(text.normalize('NFC'), announcement.sourcePath).toBe(text);
      }
    }
  });

  it('never shows kramdown attribute lists and never serves scripts or inline handlers', () => {
    for (const announcement of loaded) {
      expect(announcement.bodyHtml, announcement.sourcePath).not.toMatch(/\{:|<script|<style|<iframe|\son\w+=|javascript:|style=/i);
      expect(announcement.bodyText, announcement.sourcePath).not.toContain('{:');
      expect(announcement.ledeText ?? '', announcement.sourcePath).not.toContain('{:');
    }
  });

  it('marks exactly the `published: false` records as drafts', () => {
    expect(
      loaded
        .filter((announcement) => announcement.draft)
        .map((announcement) => announcement.slug)
        .sort(),
    ).toEqual([
      'agents-de-letat-pour-vos-envois-de-fichiers-volumineux-utilisez-desormais-france-transfert',
      'ami-ia-2',
      'concours-dataconnexions-number-3-et-les-gagnants-sont-dot-dot-dot',
      'data-dot-gouv-dot-fr-louverture-des-donnees-publiques-pour-tous',
      'dites-le-nous-une-fois-letat-simplifie-les-demarches-des-citoyens-en-automatisant-la-transmission-du-quotient-familial-caf-et-msa-vers-les-autres-administrations',
      'fonds-dinvestissement-numerique-et-donnees-pour-la-planification-ecologique',
      'franceconnect-plus-1-million-usagers',
      'la-dinsic-se-mobilise-pour-la-reussite-de-louverture-des-logiciels-publics-publication-de-la-politique-de-contribution-de-letat-aux-logiciels-libres',
      'lancement-nouvelle-feuille-de-route-dinum',
    ]);
  });

  it('finds the date precision of each record', () => {
    const byPrecision = (precision: string) =>
      loaded
        .filter((announcement) => announcement.publishedAtPrecision === precision)
        .map((announcement) => `${announcement.slug} ${announcement.publishedAt}`)
        .sort();
    expect(byPrecision('MISSING')).toEqual(["projets-informatiques-de-l'état null"]);
    expect(byPrecision('DATE')).toEqual([
      'Lancement-du-site-nosdemarches.gouv.fr-pour-evaluer-les-demarches-en-ligne 2018-07-02',
      'communique-2 2018-07-18',
    ]);
    expect(byPrecision('DATETIME')).toHaveLength(56);
  });

  it('extracts every data.gouv.fr object link of the corpus', () => {
    const links = loaded
      .flatMap((announcement) =>
        announcement.datagouvLinks.map((link) => `${announcement.slug} ${link.kind} ${link.idOrSlug}`),
      )
      .sort();
    expect(links).toEqual([
      '10e-edition-panorama-grands-projets-numeriques-etat DATASET panorama-des-grands-projets-numeriques-de-letat',
      'covid-19-un-tableau-de-bord-pour-suivre-les-aides-aux-entreprises DATASET aides-aux-entreprises-dans-le-cadre-de-lepidemie-de-covid-19-en-france',
      'donnees-ouvertes-la-france-3e-au-classement-mondial-open-data-index DATASET legi-codes-lois-et-reglements-consolides',
      'donnees-ouvertes-la-france-3e-au-classement-mondial-open-data-index ORGANIZATION institut-national-de-l-information-geographique-et-forestiere',
      'la-base-adresse-nationale-ban-franchit-de-nouvelles-etapes-en-poursuivant-son-action-au-sein-de-lign DATASET base-adresse-nationale',
      'partage-de-donnees-administration-via-api-recommandations-et-bonnes-pratiques RESOURCE 81b96712-d043-468b-aba6-8eb16ce09a2a',
    ]);
  });

  it('loads the same 59 records through the store, newest first and undated last', async () => {
    const store = await loadPressReleaseStore({ directory: CORPUS_DIR });
    expect(store.loadErrors()).toEqual([]);
    const all = store.all();
    expect(all).toHaveLength(59);
    expect(all[0]?.slug).toBe(
      'dites-le-nous-une-fois-letat-simplifie-les-demarches-des-citoyens-en-automatisant-la-transmission-du-quotient-familial-caf-et-msa-vers-les-autres-administrations',
    );
    expect(all.at(-1)?.slug).toBe("projets-informatiques-de-l'état");
    const times = all.slice(0, -1).map((announcement) => Date.parse(announcement.publishedAt ?? ''));
    expect(times.every((time, index) => index === 0 || time <= (times[index - 1] ?? Infinity))).toBe(true);
    expect(store.bySlug('communique-1')?.title).toBe('Communiqué 1');
  });
});
