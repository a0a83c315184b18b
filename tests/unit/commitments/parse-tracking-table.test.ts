import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { matchTrackerEntries } from '../../../src/commitments/match-tracker-entries.js';
import { parseTrackingTable } from '../../../src/commitments/parse-tracking-table.js';
import { makeCommitment } from './builders.js';

const SYNTHETIC = new URL('./fixtures/tracking-table.synthetic.csv', import.meta.url);

describe('parseTrackingTable (synthetic table in the official shape)', () => {
  it('skips the comment line, maps accented headers, detects ";" and reads the good rows', async () => {
    const { entries } = parseTrackingTable(await readFile(SYNTHETIC, 'utf8'), 'tracking-table.synthetic.csv');
    expect(entries.map((e) => e.title)).toEqual([
      'Permis de construire déposés par des personnes physiques',
      'API Statut Étudiant Boursier',
      'API Statut étudiant',
      'FranceConnect (code source)',
      'Titre avec "guillemets"',
    ]);
    expect(entries[0]).toEqual({
      type: 'Jeu de données',
      kind: 'DATASET',
      category: 'Urbanisme',
      link: 'https://www.data.gouv.fr/fr/datasets/exemple-permis-de-construire/',
      datagouvLink: { kind: 'DATASET', idOrSlug: 'exemple-permis-de-construire' },
      title: 'Permis de construire déposés par des personnes physiques',
      producer: 'SDES',
      ministry: 'Ministère de la Transition écologique',
      openingStatus: 'Disponible',
      openingStatusCode: 'OPEN',
      estimatedDate: 'T4 2021',
      estimatedPeriod: { text: 'T4 2021', start: '2021-10-01', end: '2021-12-31', parseError: null, postponedTo: null },
      row: 1,
      line: 3,
    });
    expect(entries.map((e) => [e.kind, e.openingStatusCode])).toEqual([
      ['DATASET', 'OPEN'], ['API', 'OPEN'], ['API', 'PLANNED'], ['SOURCE_CODE', 'NOT_OPEN'], ['DATASET', null],
    ]);
    expect(entries[4]).toMatchObject({ category: 'Santé; social', openingStatus: 'En cours', estimatedPeriod: { end: '2022-09-30' } });
  });

  it('reports bad rows with their row number and line; the others load', async () => {
    const { errors } = parseTrackingTable(await readFile(SYNTHETIC, 'utf8'), 'tracking-table.synthetic.csv');
    expect(errors.map((e) => [e.row, e.line, e.field, e.reason])).toEqual([
      [5, 7, 'TITRE', 'MISSING_FIELD'],
      [6, 8, null, 'INVALID_CSV'],
    ]);
  });

  it('reads "," delimiters, a BOM and headers in any case or spacing', () => {
    const text = '\uFEFFtitre,Type,Statut d’ouverture,date estimee,Lien\nAuto-écoles,jeu de données,À déterminer,fin 2022,https://www.data.gouv.fr/fr/dataservices/api-x/\n';
    const { entries, errors } = parseTrackingTable(text, 't.csv');
    expect(errors).toEqual([]);
    expect(entries[0]).toMatchObject({
      title: 'Auto-écoles', kind: 'DATASET', openingStatusCode: 'TO_DEFINE', estimatedPeriod: { end: '2022-12-31' },
      datagouvLink: { kind: 'DATASERVICE', idOrSlug: 'api-x' }, producer: null, category: null,
    });
  });

  it('refuses a table without a title column', () => {
    const { entries, errors } = parseTrackingTable('TYPE;LIEN\nAPI;x\n', 't.csv');
    expect(entries).toEqual([]);
    expect(errors).toMatchObject([{ reason: 'UNKNOWN_COLUMNS', field: 'TITRE', line: 1 }]);
  });

  it('reports a row with broken quoting and keeps the rows before it', () => {
    const { entries, errors } = parseTrackingTable('TITRE;TYPE\nBon;API\n"Mauvais" guillemet;API\n', 't.csv');
    expect(entries.map((e) => e.title)).toEqual(['Bon']);
    expect(errors[0]).toMatchObject({ reason: 'INVALID_CSV', line: 3 });
  });
});

describe('matchTrackerEntries', () => {
  it('pairs each commitment with its tracker row by normalised title, or null', async () => {
    const { entries } = parseTrackingTable(await readFile(SYNTHETIC, 'utf8'), 'tracking-table.synthetic.csv');
    const commitments = [
      makeCommitment({ key: 'c002', title: 'Permis de construire des personnes physiques' }),
      makeCommitment({ key: 'c014', kind: 'API', title: 'API Statut étudiant boursier' }),
      makeCommitment({ key: 'c004', kind: 'SOURCE_CODE', title: 'Code source de FranceConnect' }),
      makeCommitment({ key: 'c030', title: 'Auto-écoles' }),
    ];
    const matches = matchTrackerEntries(commitments, entries);
    expect(matches.map((m) => [m.commitmentKey, m.entry?.title ?? null])).toEqual([
      ['c002', 'Permis de construire déposés par des personnes physiques'],
      ['c014', 'API Statut Étudiant Boursier'],
      ['c004', 'FranceConnect (code source)'],
      ['c030', null],
    ]);
    expect(matches[1]?.similarity).toBe(1);
    expect(matches[3]?.similarity).toBeNull();
  });

  it('gives each tracker row to one commitment only: the closer one wins, the other takes its next best', async () => {
    const { entries } = parseTrackingTable(await readFile(SYNTHETIC, 'utf8'), 't.csv');
    const commitments = [
      makeCommitment({ key: 'short', kind: 'API', title: 'API Statut boursier' }),
      makeCommitment({ key: 'exact', kind: 'API', title: 'API Statut étudiant boursier' }),
    ];
    expect(matchTrackerEntries(commitments, entries).map((m) => [m.commitmentKey, m.entry?.title])).toEqual([
      ['short', 'API Statut étudiant'],
      ['exact', 'API Statut Étudiant Boursier'],
    ]);
  });

  it('never pairs a row whose type names another kind', async () => {
    const { entries } = parseTrackingTable(await readFile(SYNTHETIC, 'utf8'), 't.csv');
    const matches = matchTrackerEntries([makeCommitment({ key: 'x', kind: 'DATASET', title: 'API Statut étudiant boursier' })], entries);
    expect(matches[0]?.entry).toBeNull();
  });
});
