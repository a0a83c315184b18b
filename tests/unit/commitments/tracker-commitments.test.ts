import { describe, expect, it } from 'vitest';
import { matchTrackerEntries } from '../../../src/commitments/match-tracker-entries.js';
import { parseTrackingTable } from '../../../src/commitments/parse-tracking-table.js';
import { createCommitmentRegistry } from '../../../src/commitments/create-commitment-registry.js';
import { findVanishedRows, toTrackerCommitments, toTrackerImport, trackerCommitmentKey } from '../../../src/commitments/to-tracker-commitments.js';
import { summariseCoverage } from '../../../src/commitments/summarise-coverage.js';
import { makeCommitment } from './builders.js';

// Synthetic tables written by hand in the three known column sets; the rows are invented.
const FORM_2021 = [
  'Données, API ou code source;Données, API, Codes sources concernés;Ministère;État d\'avancement;Échéance annoncée par les ministères;URL',
  'Données;Carte scolaire des collèges;Ministère de l\'Éducation nationale;Ouvert;T3 2021;https://www.data.gouv.fr/fr/datasets/carte-scolaire/',
  'API;API Historique d\'un véhicule;Ministère de l\'Intérieur;En cours;T4 2021;',
  'Code source;Code source de FranceConnect;Ministère de la Transformation et de la Fonction publiques;Planifié;T1 2022;',
].join('\n');

const FORM_2023 = [
  'TYPE;CATEGORIE;LIEN;TITRE;PRODUCTEUR;MINISTÈRE DE TUTELLE;STATUT D\'OUVERTURE;DATE ESTIMÉE',
  'Jeu de données;Éducation;https://www.data.gouv.fr/fr/datasets/carte-scolaire/;Carte scolaire des collèges;;Ministère de l\'Éducation nationale;Disponible;T3 2021',
  'API;Transports;;API Historique d\'un véhicule;;Ministère de l\'Intérieur;Planifié;T4 2021',
  'Code source;Identité;;Code source de FranceConnect;;Ministère de la Transformation et de la Fonction publiques;Planifié;T1 2022',
].join('\n');

const CURRENT = [
  'Titre,Type,Producteur_nom,Ministere,Statut_ouverture,URL_donnees,Date_estimee_ouverture',
  'Carte scolaire des collèges,Jeu de données,,Ministère de l\'Éducation nationale,Disponible,https://www.data.gouv.fr/fr/datasets/carte-scolaire/,T3 2021',
  'API Historique d\'un véhicule,API,,Ministère de l\'Intérieur,Planifié,,T4 2021',
  'Code source de FranceConnect,Code source,,Ministère de la Transformation et de la Fonction publiques,Planifié,,T1 2022',
].join('\n');

const URL = 'https://example.org/tableau.csv';

function importTable(text: string, records = [makeCommitment({ key: 'c001', kind: 'API', title: 'API Statut étudiant boursier' })]) {
  const parsed = parseTrackingTable(text, 't.csv');
  return { parsed, ...toTrackerCommitments(parsed.entries, matchTrackerEntries(records, parsed.entries), URL) };
}

describe('parseTrackingTable: the known column sets', () => {
  it('recognises the 2021, 2023 and current forms', () => {
    expect([FORM_2021, FORM_2023, CURRENT].map((text) => parseTrackingTable(text, 't.csv').form)).toEqual(['FORM_2021', 'FORM_2023', 'CURRENT']);
  });

  it('refuses a table in an unknown column set as a load error, importing nothing', () => {
    const { entries, errors, form } = parseTrackingTable('Nom;Commentaire;Date\nCarte scolaire;ok;T3 2021\n', 't.csv');
    expect(form).toBeNull();
    expect(entries).toEqual([]);
    expect(errors).toMatchObject([{ reason: 'UNKNOWN_COLUMNS', line: 1 }]);
  });
});

describe('toTrackerCommitments', () => {
  it('imports the same commitments from a table in each of the three column sets', () => {
    const pick = (text: string) => importTable(text).commitments.map((c) => ({
      key: c.key, kind: c.kind, title: c.title, ministry: c.ministryAsWritten, planned: c.plannedPeriod.text, end: c.plannedPeriod.end,
      dataset: c.hints.datasetIdOrSlug, source: c.source,
    }));
    const from2021 = pick(FORM_2021);
    expect(from2021).toHaveLength(3);
    expect(pick(FORM_2023)).toEqual(from2021);
    expect(pick(CURRENT)).toEqual(from2021);
    expect(from2021[0]).toEqual({
      key: trackerCommitmentKey('DATASET', 'Carte scolaire des collèges'), kind: 'DATASET', title: 'Carte scolaire des collèges',
      ministry: 'Ministère de l\'Éducation nationale', planned: 'T3 2021', end: '2021-09-30', dataset: 'carte-scolaire', source: 'TRACKER',
    });
  });

  it('makes no commitment of a row matching a record: it stays attached to the record', () => {
    const records = [makeCommitment({ key: 'c004', kind: 'SOURCE_CODE', title: 'Code source de FranceConnect' })];
    const { commitments } = importTable(FORM_2023, records);
    expect(commitments.map((c) => c.title)).toEqual(['Carte scolaire des collèges', 'API Historique d\'un véhicule']);
  });

  it('gives the same keys when the table is read again', () => {
    expect(importTable(FORM_2023).commitments.map((c) => c.key)).toEqual(importTable(FORM_2023).commitments.map((c) => c.key));
  });

  it('derives the key from the kind and normalised title, not the row position or other cells', () => {
    const [header, ...rows] = FORM_2023.split('\n');
    const reordered = [header, rows[2], rows[0]!.replace('Disponible', 'Planifié').replace('T3 2021', 'T4 2022'), rows[1]].join('\n');
    const before = new Map(importTable(FORM_2023).commitments.map((c) => [c.title, c.key]));
    const after = importTable(reordered).commitments;
    for (const c of after) expect(c.key).toBe(before.get(c.title));
    expect(trackerCommitmentKey('API', 'API  Historique d’un VÉHICULE')).toBe(trackerCommitmentKey('API', 'API Historique d\'un véhicule'));
    expect(trackerCommitmentKey('DATASET', 'API Historique d\'un véhicule')).not.toBe(trackerCommitmentKey('API', 'API Historique d\'un véhicule'));
    expect(after[0]?.key).toMatch(/^t-[0-9a-f]{10}$/);
  });

  it('reports rows whose type is not understood, or that repeat an earlier row, instead of importing them', () => {
    const text = `${FORM_2023}\nVisualisation;;;Une carte;;;;\nAPI;;;API historique d’un véhicule;;;;T1 2023`;
    const { commitments, errors } = importTable(text);
    expect(commitments).toHaveLength(3);
    expect(errors.map((e) => [e.reason, e.row])).toEqual([['INVALID_FIELD', 4], ['DUPLICATE_KEY', 5]]);
  });
});

describe('findVanishedRows', () => {
  it('reports a row imported before that is no longer in the table', () => {
    const before = importTable(FORM_2023).commitments;
    const shorter = parseTrackingTable(FORM_2023.split('\n').filter((line) => !line.includes('véhicule')).join('\n'), 't.csv');
    const { vanished, errors } = findVanishedRows(before, shorter.entries, URL);
    expect(vanished.map((c) => c.title)).toEqual(['API Historique d\'un véhicule']);
    expect(errors).toMatchObject([{ reason: 'VANISHED_ROW', path: URL }]);
    expect(errors[0]?.message).toContain('API Historique d\'un véhicule');
    expect(findVanishedRows(before, parseTrackingTable(FORM_2023, 't.csv').entries, URL).errors).toEqual([]);
  });

  it('does not report a row that now matches a record: it is still in the table', () => {
    const before = importTable(FORM_2023).commitments;
    const again = parseTrackingTable(FORM_2023, 't.csv').entries;
    expect(findVanishedRows(before, again, URL).vanished).toEqual([]);
  });
});

describe('the registry extended by successive readings of the table (toTrackerImport)', () => {
  const read = (text: string, records: ReturnType<typeof makeCommitment>[]) => {
    const parsed = parseTrackingTable(text, 't.csv');
    return { entries: parsed.entries, matches: matchTrackerEntries(records, parsed.entries), recognised: parsed.form !== null, errors: parsed.errors, url: URL };
  };
  const records = [makeCommitment({ key: 'c001', kind: 'SOURCE_CODE', title: 'Code source de FranceConnect' })];

  it('lists the records then the table’s rows, and is exactly the records until the table is read', () => {
    const registry = createCommitmentRegistry(records, []);
    expect(registry.all()).toBe(registry.records());
    registry.setTracker(toTrackerImport(null, read(FORM_2023, records)));
    expect(registry.all().map((c) => [c.source, c.title])).toEqual([
      ['LOCAL', 'Code source de FranceConnect'], ['TRACKER', 'Carte scolaire des collèges'], ['TRACKER', 'API Historique d\'un véhicule'],
    ]);
    expect(registry.records().map((c) => c.key)).toEqual(['c001']);
    const key = trackerCommitmentKey('API', 'API Historique d\'un véhicule');
    expect(registry.byKey(key)?.source).toBe('TRACKER');
  });

  it('reports a vanished row in the load errors until it reappears, and keeps the previous rows when the table is refused', () => {
    const registry = createCommitmentRegistry(records, []);
    registry.setTracker(toTrackerImport(registry.tracker(), read(FORM_2023, records)));
    const without = FORM_2023.split('\n').filter((line) => !line.includes('véhicule')).join('\n');
    registry.setTracker(toTrackerImport(registry.tracker(), read(without, records)));
    expect(registry.all()).toHaveLength(2);
    expect(registry.loadErrors().map((e) => e.reason)).toEqual(['VANISHED_ROW']);
    // Read again without it: still reported.
    registry.setTracker(toTrackerImport(registry.tracker(), read(without, records)));
    expect(registry.loadErrors().map((e) => e.reason)).toEqual(['VANISHED_ROW']);
    // A refused table changes nothing but the errors.
    registry.setTracker(toTrackerImport(registry.tracker(), read('Nom;Date\nx;T1 2022', records)));
    expect(registry.all()).toHaveLength(2);
    expect(registry.loadErrors().map((e) => e.reason)).toEqual(['UNKNOWN_COLUMNS', 'VANISHED_ROW']);
    // Back in the table: listed again, no longer reported.
    registry.setTracker(toTrackerImport(registry.tracker(), read(FORM_2023, records)));
    expect(registry.all()).toHaveLength(3);
    expect(registry.loadErrors()).toEqual([]);
  });

  it('gives a record with no ministry the one its table row names, marked TRACKER, and never overrides a sourced one', () => {
    const named = makeCommitment({
      key: 'c002', kind: 'DATASET', title: 'Carte scolaire des collèges',
      ministry: 'Ministère de l’Éducation nationale, de la Jeunesse et des Sports', ministryOrigin: 'RECORD', ministrySource: 'https://example.org/source',
    });
    const both = [...records, named];
    const registry = createCommitmentRegistry(both, []);
    expect(summariseCoverage(registry.all()).withoutMinistry).toBe(1);

    registry.setTracker(toTrackerImport(null, read(FORM_2021, both)));
    const [franceConnect, carteScolaire] = registry.records();
    expect(franceConnect).toMatchObject({ ministry: 'Ministère de la Transformation et de la Fonction publiques', ministryOrigin: 'TRACKER', ministrySource: URL, ministryAsWritten: null });
    expect(registry.byKey('c001')).toBe(franceConnect);
    expect(carteScolaire).toBe(named);
    expect(summariseCoverage(registry.records())).toMatchObject({ withoutMinistry: 0, byMinistryOrigin: { RECORD: 1, TRACKER: 1, NONE: 0 } });

    // A refused table keeps what the last readable one said.
    registry.setTracker(toTrackerImport(registry.tracker(), read('Nom;Date\nx;T1 2022', both)));
    expect(registry.byKey('c001')?.ministryOrigin).toBe('TRACKER');
    // A row that no longer names a ministry takes it away again.
    const blank = FORM_2021.replace(';Ministère de la Transformation et de la Fonction publiques;', ';;');
    registry.setTracker(toTrackerImport(registry.tracker(), read(blank, both)));
    expect(registry.byKey('c001')).toMatchObject({ ministry: null, ministryOrigin: 'NONE', ministrySource: null });
  });
});
