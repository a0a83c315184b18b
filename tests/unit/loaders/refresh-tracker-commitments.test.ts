import { describe, expect, it } from 'vitest';
import { createCommitmentRegistry } from '../../../src/commitments/create-commitment-registry.js';
import { refreshTrackerCommitments } from '../../../src/loaders/refresh-tracker-commitments.js';
import type { DatagouvClient } from '../../../src/upstream/datagouv/datagouv-client.js';
import { makeCommitment, makeDataset, makeResource } from '../commitments/builders.js';

// Synthetic table in the 2023 column set; the rows are invented.
const HEADER = 'TYPE;CATEGORIE;LIEN;TITRE;PRODUCTEUR;MINISTÈRE DE TUTELLE;STATUT D\'OUVERTURE;DATE ESTIMÉE';
const CARTE = 'Jeu de données;Éducation;;Carte scolaire des collèges;DEPP;Ministère de l\'Éducation nationale;Disponible;T3 2021';
const MUSEES = 'Jeu de données;Culture;;Fréquentation des musées nationaux;DEPS;Ministère de la Culture;Planifié;T2 2022';
const URL = 'https://static.example.org/tableau.csv';

/** A data.gouv.fr client that serves the table's dataset and whatever text `table.text` holds, or fails. */
function fakeDatagouv(table: { text: string | null }): DatagouvClient {
  return {
    getDataset: async () => makeDataset({ inlineResources: [makeResource({ url: URL, format: 'csv' })] }),
    fetchResourceText: async () => {
      if (table.text === null) throw new Error('upstream down');
      return { text: table.text, fetchedAt: '2026-11-29T09:00:00.000Z', stale: false };
    },
    source: () => 'MOCK',
  } as unknown as DatagouvClient;
}

function fakeLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  return {
    lines,
    info: (fields: Record<string, unknown>, message: string) => void lines.push({ level: 'info', fields, message }),
    warn: (fields: Record<string, unknown>, message: string) => void lines.push({ level: 'warn', fields, message }),
  };
}

describe('refreshTrackerCommitments', () => {
  it('adds the unmatched rows, then logs and reports a row that vanished; a failing read keeps what was there', async () => {
    const registry = createCommitmentRegistry([makeCommitment({ key: 'c001', title: 'Carte scolaire des collèges' })], []);
    const table = { text: [HEADER, CARTE, MUSEES].join('\n') as string | null };
    const logger = fakeLogger();
    const deps = { datagouv: fakeDatagouv(table), logger: logger as never };

    await refreshTrackerCommitments(registry, deps);
    expect(registry.all().map((c) => [c.source, c.title])).toEqual([['LOCAL', 'Carte scolaire des collèges'], ['TRACKER', 'Fréquentation des musées nationaux']]);
    const key = registry.all()[1]!.key;

    table.text = [HEADER, CARTE].join('\n');
    await refreshTrackerCommitments(registry, deps);
    expect(registry.all()).toHaveLength(1);
    expect(registry.loadErrors()).toMatchObject([{ reason: 'VANISHED_ROW', path: URL }]);
    expect(logger.lines.filter((l) => l.level === 'warn')).toMatchObject([{ fields: { key, title: 'Fréquentation des musées nationaux' } }]);

    table.text = null;
    await refreshTrackerCommitments(registry, deps);
    expect(registry.loadErrors()).toMatchObject([{ reason: 'VANISHED_ROW' }]);
    expect(logger.lines.at(-1)).toMatchObject({ level: 'warn', message: expect.stringContaining('previous rows are kept') });

    table.text = 'Nom;Date\nx;T1 2022';
    await refreshTrackerCommitments(registry, deps);
    expect(registry.loadErrors().map((e) => e.reason)).toEqual(['UNKNOWN_COLUMNS', 'VANISHED_ROW']);
  });
});
