import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../mocks/catalogue.js';

const FIXTURES = fileURLToPath(new URL('../../../mocks/fixtures/', import.meta.url));
const SYNTHETIC_MARK = "Synthetic record made for the gateway's demo and tests; not real data.gouv.fr data";
const DESCRIPTION_MARK = '[Données de démonstration synthétiques]';
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;

const catalogue = loadCatalogue();
const bySlug = (slug: string) => {
  const entry = catalogue.datasets.bySlug.get(slug);
  if (entry === undefined) throw new Error(`missing ${slug}`);
  return entry;
};

describe('loadCatalogue', () => {
  it('serves no "[redacted]" recorder placeholder anywhere', () => {
    expect(JSON.stringify(catalogue)).not.toContain('[redacted]');
  });

  it('retypes redacted metrics, quality and check dates into the types udata sends', () => {
    const population = catalogue.datasets.byId.get('53699d0ea3a729239d205b2e')!.payload;
    expect(typeof population.metrics['views']).toBe('number');
    expect(population['quality']).toMatchObject({ has_resources: true, score: expect.any(Number) });
    expect(population.resources[0]!['metrics']).toEqual({ views: expect.any(Number) });
    const extras = population.resources[0]!.extras;
    expect(extras['check:date']).toMatch(/^2026-09-03T\d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect(extras['check:timeout']).toBe(false);
    const etalab = catalogue.organizations.byId.get('534fff75a3a7292c64a77de4')!.payload;
    expect(etalab.metrics).toMatchObject({ datasets: expect.any(Number), members: 3 });
    expect(etalab['permissions']).toMatchObject({ harvest: false });
  });

  it('gives every dataset the udata 17.6 key set, whatever year it was captured', () => {
    const keys = Object.keys(catalogue.datasets.byId.get('53699d0ea3a729239d205b2e')!.payload).sort();
    for (const entry of catalogue.datasets.all) expect(Object.keys(entry.payload).sort(), entry.payload.slug).toEqual(keys);
  });

  it('keeps real values untouched when filling missing keys (old page URL format survives)', () => {
    const deaths = bySlug('fichier-des-personnes-decedees');
    expect(deaths.origin).toBe('real');
    expect(deaths.payload['page']).toBe('https://www.data.gouv.fr/fr/datasets/fichier-des-personnes-decedees/');
    expect(deaths.payload.resources).toHaveLength(129);
    expect(deaths.filled).toContain('contact_points');
  });

  it('derives Sitadel and the personnes morales files from the real 2024 search items, saying what it made up', () => {
    for (const id of ['5a5f4f6c88ee387da4d252a3', '605d268f4661cf23272817c3']) {
      const entry = catalogue.datasets.byId.get(id)!;
      expect(entry.origin).toBe('derived');
      expect(entry.payload.extras['mock:derived-from']).toBe('real/api2-datasets-search-default-2024-09.json');
      expect(entry.payload.extras['mock:derived-fields']).toContain('resources');
      expect(entry.payload).not.toHaveProperty('contact_point');
      for (const resource of entry.payload.resources) expect(resource.extras['synthetic']).toBe(true);
    }
    const sitadel = catalogue.datasets.byId.get('5a5f4f6c88ee387da4d252a3')!;
    expect(sitadel.payload.title).toBe("Base des permis de construire et autres autorisations d'urbanisme (Sitadel)");
    expect(sitadel.payload['frequency']).toBe('monthly');
    expect(sitadel.communityResourcesTotal).toBe(2);
  });

  it('marks every synthetic record: file marker, extras.synthetic, description prefix, and a title that looks real', () => {
    for (const file of readdirSync(`${FIXTURES}synthetic`).filter((name) => name.endsWith('.json'))) {
      const json = JSON.parse(readFileSync(`${FIXTURES}synthetic/${file}`, 'utf8')) as Record<string, unknown>;
      expect(String(json['$synthetic']), file).toContain(SYNTHETIC_MARK);
    }
    const synthetic = [...catalogue.datasets.all, ...catalogue.dataservices.all].filter((entry) => entry.origin === 'synthetic');
    expect(synthetic.length).toBeGreaterThan(15);
    for (const entry of synthetic) {
      const payload = entry.payload as unknown as { title: string; description: string; extras: Record<string, unknown> };
      expect(payload.extras['synthetic'], payload.title).toBe(true);
      expect(payload.description.startsWith(DESCRIPTION_MARK), payload.title).toBe(true);
      expect(payload.title).not.toMatch(/synth/i);
    }
    for (const entry of catalogue.datasets.all.filter((candidate) => candidate.origin === 'synthetic')) {
      for (const resource of entry.payload.resources) expect(resource.extras['synthetic']).toBe(true);
    }
    for (const entry of catalogue.organizations.all.filter((candidate) => candidate.origin !== 'real')) {
      const extras = entry.payload['extras'] as Record<string, unknown>;
      expect(extras['synthetic'] === true || Array.isArray(extras['mock:derived-fields']), entry.payload.slug).toBe(true);
      expect(String(entry.payload['description']).startsWith(DESCRIPTION_MARK)).toBe(true);
    }
    const csv = catalogue.staticFiles.values().next().value!;
    const [header, ...rows] = csv.body.trim().split('\n');
    expect(header!.split(';').at(-1)).toBe('donnees_synthetiques');
    for (const row of rows) expect(row.split(';').at(-1)).toBe('oui');
  });

  it('shapes synthetic datasets like real v1 payloads (ObjectId from created_at, UUID resources, +00:00 dates)', () => {
    for (const entry of catalogue.datasets.all.filter((candidate) => candidate.origin === 'synthetic')) {
      const dataset = entry.payload;
      expect(dataset.id).toMatch(/^[0-9a-f]{24}$/);
      expect(Number.parseInt(dataset.id.slice(0, 8), 16) * 1000).toBe(Math.floor(Date.parse(dataset.created_at) / 1000) * 1000);
      for (const key of ['created_at', 'last_update', 'last_modified'] as const) expect(dataset[key]).toMatch(DATETIME);
      expect(dataset.organization).toMatchObject({ class: 'Organization', id: expect.stringMatching(/^[0-9a-f]{24}$/) });
      expect(catalogue.organizations.byId.has(dataset.organization!.id)).toBe(true);
      for (const resource of dataset.resources) expect(resource.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('holds the announced 2021 datasets with the dates the commitment rules need', () => {
    expect(bySlug('carte-scolaire-des-colleges-publics').payload).toMatchObject({
      title: 'Carte scolaire des collèges publics',
      created_at: expect.stringMatching(/^2021-08-/),
      organization: { name: "Ministère de l'Éducation nationale" },
    });
    expect(bySlug('parcelles-en-agriculture-biologique-ab-declarees-a-la-pac').payload.title).toBe('Parcelles en Agriculture Biologique (AB) déclarées à la PAC');
    expect(bySlug('agriculture-biologique-surfaces-et-operateurs-a-la-maille-communale').payload.created_at).toMatch(/^2021-11-/);
    expect(bySlug('effectifs-deleves-par-niveau-et-langues-vivantes-dans-les-ecoles-et-colleges').payload.created_at < '2021-04-29').toBe(true);
    expect(bySlug('sites-references-dans-cartofriches').payload).toMatchObject({ created_at: expect.stringMatching(/^2021-07-/), organization: { name: 'Cerema' } });
  });

  it('has exactly one archived, one deleted, one PDF-only and one stale monthly dataset among the synthetic ones', () => {
    const synthetic = catalogue.datasets.all.filter((entry) => entry.origin === 'synthetic').map((entry) => entry.payload);
    expect(synthetic.filter((dataset) => dataset.archived !== null)).toHaveLength(1);
    expect(synthetic.filter((dataset) => dataset.deleted !== null)).toHaveLength(1);
    const pdfOnly = synthetic.filter((dataset) => dataset.resources.length > 0 && dataset.resources.every((r) => r.format === 'pdf' && r.type === 'documentation'));
    expect(pdfOnly).toHaveLength(1);
    const stale = synthetic.filter((dataset) => dataset['frequency'] === 'monthly' && Date.parse(dataset.last_update) < Date.parse('2025-01-01'));
    expect(stale.map((dataset) => dataset.slug)).toEqual(['sites-references-dans-cartofriches']);
  });

  it('resolves old slugs, and links dataservices to datasets consistently with their `datasets` link total', () => {
    expect(catalogue.datasets.byOldSlug.get('carte-scolaire-des-colleges')?.payload.slug).toBe('carte-scolaire-des-colleges-publics');
    for (const entry of catalogue.dataservices.all) {
      const link = entry.payload['datasets'] as { total: number };
      expect(link.total, entry.payload.slug).toBe(entry.datasetIds.length);
    }
  });

  it('serves the carte scolaire CSV with the size and sha1 its resource declares', () => {
    const resource = bySlug('carte-scolaire-des-colleges-publics').payload.resources[0]!;
    const file = catalogue.staticFiles.get(resource.url)!;
    expect(file.contentType).toBe('text/csv');
    const bytes = Buffer.from(file.body, 'utf8');
    expect(resource['filesize']).toBe(bytes.length);
    expect(resource['checksum']).toEqual({ type: 'sha1', value: createHash('sha1').update(bytes).digest('hex') });
  });
});
