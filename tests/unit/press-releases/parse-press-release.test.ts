import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Announcement } from '../../../src/press-releases/announcement.js';
import { parsePressRelease } from '../../../src/press-releases/parse-press-release.js';
import { CORPUS_DIR } from './corpus-paths.js';

const FOUNDING =
  '_communiques/le-gouvernement-poursuit-son-engagement-pour-une-politique-ambitieuse-douverture-des-donnees-publiques-en-publiant-63-nouveaux-jeux-de-donnees.markdown';
const OLD_AI_RELEASE =
  '_communiques/le-gouvernement-lance-l-experimentation-de-l’intelligence-artificielle-dans-l’administration.old';

function readCorpus(sourcePath: string): string {
  return readFileSync(path.join(CORPUS_DIR, sourcePath), 'utf8');
}

function parseCorpus(sourcePath: string): Announcement {
  const result = parsePressRelease({ text: readCorpus(sourcePath), sourcePath });
  if (!result.ok) {
    throw new Error(`${sourcePath} failed: ${result.error.reason} ${result.error.message}`);
  }
  return result.announcement;
}

function parseText(text: string, sourcePath = '_communiques/fixture.md') {
  return parsePressRelease({ text, sourcePath });
}

describe('parsePressRelease on the founding release of the 63 commitments', () => {
  const announcement = parseCorpus(FOUNDING);

  it('maps the front matter to camelCase fields with exact values', () => {
    expect(announcement.slug).toBe(
      'le-gouvernement-poursuit-son-engagement-pour-une-politique-ambitieuse-douverture-des-donnees-publiques-en-publiant-63-nouveaux-jeux-de-donnees',
    );
    expect(announcement.collection).toBe('_communiques');
    expect(announcement.title).toBe(
      'Le gouvernement poursuit son engagement pour une politique ambitieuse d’ouverture des données publiques en publiant 63 nouveaux jeux de données',
    );
    expect(announcement.publishedAt).toBe('2021-04-29T16:38:00+02:00');
    expect(announcement.publishedAtPrecision).toBe('DATETIME');
    expect(announcement.tags).toEqual(['Données']);
    expect(announcement.categories).toEqual(['Communiqué de presse']);
    expect(announcement.draft).toBe(false);
    expect(announcement.redirection).toBeNull();
    expect(announcement.author).toBeNull();
    expect(announcement.sourcePath).toBe(FOUNDING);
  });

  it('reads the press contact with both phone numbers and the e-mail', () => {
    expect(announcement.pressContact).toEqual({
      name: 'Floriane Beaudron',
      phones: ['01.71.21.12.50', '06.10.60.41.19'],
      email: 'floriane.beaudron@modernisation.gouv.fr',
    });
  });

  it('reads exactly one attachment and one image', () => {
    expect(announcement.attachments).toEqual([
      {
        title: 'Télécharger le communiqué de presse',
        url: '/uploads/CP_GOUVERNEMENT_POURSUIT_OUVERTURE_DONNEEES_PUBLIQUES_63_NOUVEAUX_JEUX.pdf',
      },
    ]);
    expect(announcement.images).toEqual([{ url: '/uploads/circulaire-pm-politique-donnee_1600x860-13aacc.jpg' }]);
  });

  it('keeps the lede as Markdown and as text with whitespace collapsed', () => {
    expect(announcement.ledeMarkdown?.startsWith('Amélie de Montchalin,  ministre de la Transformation')).toBe(true);
    expect(announcement.ledeText?.startsWith('Amélie de Montchalin, ministre de la Transformation')).toBe(true);
    expect(announcement.ledeText?.endsWith('avec un calendrier de déploiement trimestriel.')).toBe(true);
  });

  it('renders the body to HTML and text', () => {
    expect(announcement.bodyText).toContain('63 jeux de données');
    expect(announcement.bodyText.startsWith('La crise sanitaire a rappelé')).toBe(true);
    expect(announcement.bodyHtml).toContain(
      '<a href="https://numerique.gouv.fr/actualites/politique-donnee-algorithmes-et-codes-sources-une-circulaire-du-premier-ministre-renouvelle-ambition-francaise/">ici</a>',
    );
    expect(announcement.bodyMarkdown.startsWith('La crise sanitaire')).toBe(true);
    expect(announcement.bodyText).not.toContain('**');
    // It links to numerique.gouv.fr only, not to data.gouv.fr.
    expect(announcement.datagouvLinks).toEqual([]);
  });

  it('composes the decomposed É of the original into NFC', () => {
    const raw = readCorpus(FOUNDING);
    expect(raw).toContain('l’E\u0301tat');
    for (const text of [announcement.bodyMarkdown, announcement.bodyText, announcement.bodyHtml]) {
      expect(text).not.toContain('E\u0301');
      expect(text).toContain('l’\u00c9tat');
      expect(text.normalize('NFC')).toBe(text);
    }
  });
});

describe('parsePressRelease on the oddities of the real corpus', () => {
  it('loads a record without date with a null date of precision MISSING', () => {
    const announcement = parseCorpus("_actualites/2018-04-24-projets-informatiques-de-l'état.md");
    expect(announcement.publishedAt).toBeNull();
    expect(announcement.publishedAtPrecision).toBe('MISSING');
    expect(announcement.slug).toBe("projets-informatiques-de-l'état");
    expect(announcement.images).toEqual([{ url: 'assets/img/actualitees/H.VERDIER -2.jpg' }]);
  });

  it('keeps a date-only value as a calendar date of precision DATE', () => {
    const announcement = parseCorpus('_communiques/communique-2.markdown');
    expect(announcement.publishedAt).toBe('2018-07-18');
    expect(announcement.publishedAtPrecision).toBe('DATE');
    // The older `communique_file` key is an attachment without title.
    expect(announcement.attachments).toEqual([{ title: null, url: '/uploads/21830.pdf' }]);
  });

  it('keeps a Z offset', () => {
    expect(parseCorpus('_communiques/communique-1.markdown').publishedAt).toBe('2018-07-18T15:16:00Z');
    expect(parseCorpus('_actualites/2016-03-22-actu-test-1.md').publishedAt).toBe('2016-03-22T00:00:00Z');
  });

  it('strips an unpadded Jekyll date prefix from the slug', () => {
    expect(parseCorpus('_actualites/2018-07-3-actu-test-2.md').slug).toBe('actu-test-2');
  });

  it('reads the `chapeau` and `lien` variants (only the .old record of the corpus uses them)', () => {
    const announcement = parseCorpus(OLD_AI_RELEASE);
    expect(announcement.ledeMarkdown?.startsWith('L’intelligence artificielle (IA) est un enjeu d’avenir.')).toBe(true);
    expect(announcement.ledeText?.endsWith('Le Secrétariat général pour l\'investissement (SGPI) coordonne l’ensemble du PIA.')).toBe(true);
    expect(announcement.attachments).toEqual([
      { title: 'Télécharger le communiqué de presse', url: '/uploads/cp_ami_ia_ditp_dinsic_0.pdf' },
    ]);
  });

  it('turns `published: false` into a draft', () => {
    expect(parseCorpus('_communiques/franceconnect-plus-1-million-usagers.markdown').draft).toBe(true);
    expect(parseCorpus('_communiques/franceconnect-franchit-le-cap-des-10-millions-dutilisateurs.markdown').draft).toBe(false);
  });

  it('removes scripts, event handlers and styles from raw HTML while keeping its text', () => {
    const sourcePath =
      '_actualites/donnees-algorithmes-codes-sources-mobilisation-generale-sans-precedent-15-feuilles-de-route-ministerielles.markdown';
    const raw = readCorpus(sourcePath);
    expect(raw).toContain('<script>');
    expect(raw).toContain('onclick="myFunction');
    const announcement = parseCorpus(sourcePath);
    expect(announcement.bodyHtml).not.toMatch(/<script|<style|onclick|javascript:|style=/i);
    expect(announcement.bodyText).not.toContain('myFunction');
    expect(announcement.bodyText).not.toContain('platform.twitter.com');
    expect(announcement.bodyText).toContain('Samuel HEUZE - Services du Premier ministre - amd@pm.gouv.fr');
    expect(announcement.bodyHtml).toContain('<a href="mailto:amd@pm.gouv.fr">amd@pm.gouv.fr</a>');
  });

  it('reads a quoted lede whose closing quote sits at column 0 (Ruby YAML output)', () => {
    const announcement = parseCorpus('_actualites/ami-ia-2.markdown');
    expect(announcement.ledeText).toBe(
      "Un an après l'annonce de la stratégie nationale en intelligence artificielle, la DINSIC et la DITP lancent un deuxième appel à manifestation d'intérêt auprès des administrations pour expérimenter l'intelligence artificielle.",
    );
    expect(announcement.draft).toBe(true);
  });

  it('decodes an HTML entity in a title', () => {
    const announcement = parseCorpus(
      "_communiques/fonds-pour-la-transformation-de-l'action-publique-:deux-projets-DINSIC-laureats-du-1er-appel-a-projets.markdown",
    );
    expect(announcement.title).toBe(
      "Fonds pour la transformation de l'action publique\u00a0: deux projets DINSIC lauréats du 1er appel à projets",
    );
  });

  it('keeps `redirection`, `redirect_to` and `auteur`', () => {
    const eig = parseCorpus('_actualites/acc-eig5.markdown');
    expect(eig.redirection).toBe('https://www.etalab.gouv.fr/acc-eig5');
    expect(eig.author).toBe('etalab.gouv.fr');
    const dvf = parseCorpus(
      '_actualites/ce-que-nous-avons-appris-en-allant-plus-loin-que-la-simple-mise-en-ligne-de-donnees-sur-les-transactions-immobilieres.markdown',
    );
    expect(dvf.redirection).toBe('https://www.etalab.gouv.fr/ce-que-nous-avons-appris-avec-dvf');
    expect(dvf.author).toBe('Etalab');
  });

  it('takes the collection from the top `_` folder of a nested path', () => {
    const announcement = parseCorpus(
      '_actualites/actualites/partage-de-donnees-administration-via-api-recommandations-et-bonnes-pratiques.markdown',
    );
    expect(announcement.collection).toBe('_actualites');
    expect(announcement.slug).toBe('partage-de-donnees-administration-via-api-recommandations-et-bonnes-pratiques');
    expect(announcement.datagouvLinks).toEqual([
      {
        kind: 'RESOURCE',
        idOrSlug: '81b96712-d043-468b-aba6-8eb16ce09a2a',
        url: 'https://www.data.gouv.fr/fr/datasets/r/81b96712-d043-468b-aba6-8eb16ce09a2a',
      },
    ]);
  });

  it('skips a `files` entry that has no URL', () => {
    const announcement = parseCorpus(
      '_communiques/fonds-dinvestissement-numerique-et-donnees-pour-la-planification-ecologique.markdown',
    );
    expect(announcement.attachments).toEqual([]);
  });

  it('applies kramdown attribute lists instead of showing them', () => {
    const announcement = parseCorpus(
      '_actualites/donnees-ouvertes-la-france-3e-au-classement-mondial-open-data-index.markdown',
    );
    expect(announcement.bodyHtml).toContain(
      '<a href="https://index.okfn.org/" target="_blank" rel="noopener noreferrer">Voir tous les résultats de l\'Open Data Index</a>',
    );
    expect(announcement.bodyHtml).toContain('<p class="lien-important">');
    expect(announcement.bodyText).not.toContain('{:');
    // Markdown that follows raw HTML on the same line is rendered, as kramdown does.
    expect(announcement.bodyHtml).toContain(
      '<strong>la mise à disposition des <a href="https://www.data.gouv.fr/fr/datasets/legi-codes-lois-et-reglements-consolides/" target="_blank" rel="noopener noreferrer">bases LEGI</a> (textes législatifs)</strong>',
    );
  });
});

describe('parsePressRelease on small inputs', () => {
  it('normalises an NFD title, lede, body and file name to NFC', () => {
    const result = parseText(
      '---\ntitle: "Donne\u0301es de l\u2019E\u0301tat"\nchapeau-text: Re\u0301sume\u0301\n---\nCorps en fran\u00e7ais, e\u0301te\u0301.\n',
      '_actualites/donne\u0301es.md',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.announcement.title).toBe('Donn\u00e9es de l\u2019\u00c9tat');
    expect(result.announcement.ledeText).toBe('R\u00e9sum\u00e9');
    expect(result.announcement.bodyText).toBe('Corps en fran\u00e7ais, \u00e9t\u00e9.');
    expect(result.announcement.slug).toBe('donn\u00e9es');
  });

  it('accepts a single string for tags, categories and tel, and drops blanks', () => {
    const result = parseText(
      '---\ntitle: T\ntags: FranceConnect\ncategories: ["Article", " ", "", Article]\ncontact-presse:\n  name: A\n  tel: 0171211250\n---\n',
    );
    expect(result.ok && result.announcement.tags).toEqual(['FranceConnect']);
    expect(result.ok && result.announcement.categories).toEqual(['Article']);
    // Phone numbers keep their leading zero: numbers are not parsed as numbers.
    expect(result.ok && result.announcement.pressContact).toEqual({ name: 'A', phones: ['0171211250'], email: null });
  });

  it('accepts CRLF line endings and a byte-order mark', () => {
    const result = parseText('\uFEFF---\r\ntitle: Windows\r\ndate: 2021-04-29\r\n---\r\nBody\r\n');
    expect(result.ok && [result.announcement.title, result.announcement.publishedAt, result.announcement.bodyText]).toEqual([
      'Windows',
      '2021-04-29',
      'Body',
    ]);
  });

  it.each([
    ['an empty file', '', 'EMPTY_FILE', null],
    ['a blank file', ' \n\n', 'EMPTY_FILE', null],
    ['text without front matter', '# Title\n\nBody', 'NO_FRONT_MATTER', 1],
    ['front matter never closed', '---\ntitle: T\n\nBody', 'NO_FRONT_MATTER', 1],
    ['front matter without title', '---\ndate: 2021-04-29\n---\nBody', 'MISSING_TITLE', null],
    ['a blank title', '---\ntitle: "  "\n---\nBody', 'MISSING_TITLE', 2],
    ['a null title', '---\ntitle:\n---\nBody', 'MISSING_TITLE', 2],
    ['a list as title', '---\ntitle:\n  - a\n---\nBody', 'INVALID_FIELD', 2],
    ['broken YAML', '---\ntitle: ok\ndate: [2021\n---\nBody', 'INVALID_YAML', 3],
    ['a duplicated key', '---\ntitle: a\ntitle: b\n---\n', 'INVALID_YAML', 3],
    ['a list as front matter', '---\n- a\n- b\n---\n', 'INVALID_YAML', 2],
    [
      'an alias bomb',
      `---\ntitle: T\na: &a [x, x, x, x, x, x, x, x, x, x]\n${['b', 'c', 'd', 'e', 'f'].map((key, i) => `${key}: &${key} [${Array(10).fill(`*${'abcde'[i]}`).join(', ')}]`).join('\n')}\n---\n`,
      'INVALID_YAML',
      null,
    ],
    ['a garbage date', '---\ntitle: T\ndate: next week\n---\n', 'INVALID_FIELD', 3],
    ['a NUL character', '---\ntitle: T\n---\n\u0000\u0001', 'NOT_UTF8_TEXT', null],
  ])('reports %s as %s', (_name, text, reason, line) => {
    const result = parseText(text, '_communiques/broken.md');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.path).toBe('_communiques/broken.md');
    expect(result.error.reason).toBe(reason);
    expect(result.error.line).toBe(line);
    expect(result.error.message.length).toBeGreaterThan(0);
  });

  it('names the field of an INVALID_FIELD error', () => {
    const result = parseText('---\ntitle: T\ndate: 2021-02-30 10:00:00 +01:00\n---\n');
    expect(result.ok ? null : [result.error.reason, result.error.field, result.error.line]).toEqual([
      'INVALID_FIELD',
      'date',
      3,
    ]);
  });

  it('uses the file name as slug when nothing is left after the date prefix', () => {
    const result = parseText('---\ntitle: T\n---\n', '_actualites/2020-01-01-.md');
    expect(result.ok && result.announcement.slug).toBe('2020-01-01-');
  });

  it('gives the empty collection to a file outside any `_` folder', () => {
    const result = parseText('---\ntitle: T\n---\n', 'loose/file.markdown');
    expect(result.ok && [result.announcement.collection, result.announcement.slug]).toEqual(['', 'file']);
  });

  it('reads YAML 1.1 spellings of published: false', () => {
    const draft = (value: string) => {
      const result = parseText(`---\ntitle: T\npublished: ${value}\n---\n`);
      return result.ok && result.announcement.draft;
    };
    expect([draft('false'), draft('no'), draft('Off'), draft('true'), draft('yes')]).toEqual([true, true, true, false, false]);
  });
});
