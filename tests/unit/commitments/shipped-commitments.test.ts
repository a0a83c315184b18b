import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCommitmentRecords } from '../../../src/commitments/load-commitment-records.js';
import type { Commitment, ListMembership } from '../../../src/commitments/model.js';
import { parseProducerMinistries } from '../../../src/commitments/parse-producer-ministries.js';
import type { RecordError } from '../../../src/commitments/record-error.js';

/** The records shipped in data/commitments, checked against the research table they transcribe. */

const SHIPPED = new URL('../../../data/commitments/commitments.yaml', import.meta.url);
const RESEARCH_CSV = new URL('../../fixtures/corpus/commitments/commitments-63.csv', import.meta.url);
const FIRST_LISTING_CSV = new URL('../../../data/commitments/sources/api-gouv-fr-first-listing.csv', import.meta.url);
const PRODUCERS_CSV = new URL('../../../data/commitments/producer-ministries.csv', import.meta.url);
const FOUNDING = 'le-gouvernement-poursuit-son-engagement-pour-une-politique-ambitieuse-douverture-des-donnees-publiques-en-publiant-63-nouveaux-jeux-de-donnees';
const ROADMAPS = 'donnees-algorithmes-codes-sources-mobilisation-generale-sans-precedent-15-feuilles-de-route-ministerielles';

interface ResearchRow {
  id: string; title: string; kind: string; ministry: string; planned_quarter: string;
  status_note: string; datagouv_url: string; source: string;
}

/** The membership the research note states, in the note's own words. */
function membershipOf(note: string): ListMembership {
  if (note.startsWith('in 63-list: confirmed (primary')) return 'CONFIRMED_PRIMARY';
  if (note.startsWith('in 63-list: confirmed by secondary')) return 'CONFIRMED_SECONDARY';
  if (/membership NOT known/.test(note)) return 'UNKNOWN';
  if (/NOT CONFIRMED|is not confirmed/.test(note)) return 'NOT_CONFIRMED';
  throw new Error(`unclassified note: ${note}`);
}

describe('data/commitments/commitments.yaml', () => {
  let commitments: Commitment[];
  let errors: RecordError[];
  let research: ResearchRow[];

  beforeAll(async () => {
    ({ commitments, errors } = await loadCommitmentRecords(fileURLToPath(SHIPPED)));
    research = parse(await readFile(RESEARCH_CSV, 'utf8'), { columns: true }) as ResearchRow[];
  });

  it('loads every record; the only reports are the two "already opened" remarks read as periods', () => {
    expect(errors.map((e) => [e.reason, e.row, e.field])).toEqual([
      ['UNREADABLE_PERIOD', 5, 'plannedQuarter'],
      ['UNREADABLE_PERIOD', 6, 'plannedQuarter'],
    ]);
  });

  it('carries the first api.gouv.fr listing of the 11 APIs exactly as sources/api-gouv-fr-first-listing.csv gives it', async () => {
    const rows = parse(await readFile(FIRST_LISTING_CSV, 'utf8'), { columns: true }) as {
      commitment: string; api_gouv_fr_file: string; first_listed_on: string; source: string;
    }[];
    expect(rows).toHaveLength(11);
    const withListing = commitments.filter((c) => c.firstListed.length > 0).map((c) => c.key);
    expect(withListing).toEqual(rows.map((r) => r.commitment));
    for (const row of rows) {
      const c = commitments.find((x) => x.key === row.commitment) as Commitment;
      expect(c.firstListed, row.commitment).toEqual([{ on: row.first_listed_on, where: 'api.gouv.fr', source: row.source }]);
      const page = /([^/]+)\.md$/.exec(row.api_gouv_fr_file)?.[1];
      expect(c.hints.identifiers, row.commitment).toEqual([`https://api.gouv.fr/les-api/${page}`]);
    }
  });

  it('names each ministry one way, as in 2021', () => {
    const ministries = new Set(commitments.map((c) => c.ministry).filter((m) => m !== null));
    expect([...ministries].sort()).toEqual([
      'Ministère de la Justice',
      'Ministère de la Transformation et de la Fonction publiques',
      'Ministère de la Transition écologique',
      'Ministère de l’Agriculture et de l’Alimentation',
      'Ministère de l’Économie, des Finances et de la Relance',
      'Ministère de l’Éducation nationale, de la Jeunesse et des Sports',
      'Ministère de l’Enseignement supérieur, de la Recherche et de l’Innovation',
      'Ministère de l’Intérieur',
      'Ministère des Armées',
      'Ministère des Solidarités et de la Santé',
      'Ministère du Travail, de l’Emploi et de l’Insertion',
      'Services du Premier ministre',
    ].sort());
    expect(commitments.find((c) => c.key === 'c007')).toMatchObject({
      ministry: 'Ministère de l’Éducation nationale, de la Jeunesse et des Sports', ministryAsWritten: 'Éducation nationale',
    });
  });

  it('gives a sourced ministry to all but the six records nothing could be sourced for', () => {
    // The target is at most 5 of 36. These six name neither a ministry
    // nor a producer any source attributes: the three DGFiP-looking calculators
    // (no source names their owner), two datasets whose wording fits several
    // ministries, and one whose title is cut in its only source. See the README.
    const lacking = commitments.filter((c) => c.ministry === null);
    expect(lacking.map((c) => c.key)).toEqual(['c011', 'c012', 'c013', 'c028', 'c029', 'c033']);
    expect(lacking.every((c) => c.ministryOrigin === 'NONE' && c.ministrySource === null)).toBe(true);
    expect(commitments.length - lacking.length).toBe(30);
  });

  it('backs every ministry with a source: the record\'s own, or the producer table\'s for a derived one', () => {
    for (const c of commitments.filter((x) => x.ministry !== null)) {
      expect(c.ministrySource, c.key).toMatch(/^(https?:\/\/\S+|[\w.-]+\/[\w.-]+@[0-9a-f]{7,40}:\S+)$/);
    }
    const derived = commitments.filter((c) => c.ministryOrigin === 'PRODUCER');
    expect(derived.map((c) => [c.key, c.producer])).toEqual([
      ['c008', 'DREES'], ['c009', 'DREES'], ['c010', 'DG Trésor'], ['c014', 'CNOUS'], ['c016', 'Agence du Numérique en Santé'],
      ['c017', 'DILA'], ['c018', 'DILA'], ['c019', 'DILA'], ['c020', 'DILA'], ['c023', 'Pôle emploi / France Travail'], ['c034', 'Cour de cassation'],
    ]);
    for (const c of derived) {
      expect(c.ministryAsWritten, c.key).toBeNull();
      expect(c.ministrySource, c.key).toMatch(/^https?:\/\//);
    }
  });

  it('ships a producer table whose every row is read, with a source URL', async () => {
    const table = parseProducerMinistries(await readFile(PRODUCERS_CSV, 'utf8'), 'producer-ministries.csv');
    expect(table.errors).toEqual([]);
    expect(table.rows.map((r) => r.producer)).toEqual(expect.arrayContaining(['DILA', 'CNOUS', 'DGFiP', 'DREES', 'Cerema', 'Cour de cassation']));
    for (const row of table.rows) expect(row.sources.length, row.producer).toBeGreaterThan(0);
  });

  it('ships the 36 records of the research table, same keys and titles, in order', () => {
    expect(commitments).toHaveLength(36);
    expect(commitments.map((c) => [c.key, c.title])).toEqual(research.map((r) => [r.id, r.title]));
  });

  it('keeps kind, membership, sources and dataset links as the research table states them', () => {
    for (const row of research) {
      const c = commitments.find((x) => x.key === row.id) as Commitment;
      expect(c.kind, row.id).toBe(row.kind.toUpperCase());
      expect(c.membership, row.id).toBe(membershipOf(row.status_note));
      // The research table's sources come first, as it states them; sources added
      // since (for a ministry, a producer, a repository) are URLs or repository
      // references, told in the notes.
      const researched = row.source.split(' | ').map((s) => s.trim());
      expect(c.sources.slice(0, researched.length), row.id).toEqual(researched);
      for (const added of c.sources.slice(researched.length)) expect(added, row.id).toMatch(/^(https?:\/\/\S+|[\w.-]+\/[\w.-]+@[0-9a-f]{7,40}:\S+)( \(.+\))?$/);
      const slug = /\/datasets\/([^/]+)\/?$/.exec(row.datagouv_url)?.[1] ?? null;
      expect(c.hints.datasetIdOrSlug, row.id).toBe(slug);
    }
  });

  it('gives a repository only to the promised source codes a source ties to one, and lists each account or repository found', () => {
    const sourceCode = commitments.filter((c) => c.kind === 'SOURCE_CODE');
    expect(sourceCode.map((c) => c.key)).toEqual(['c004', 'c007', 'c008', 'c009', 'c010', 'c011', 'c012', 'c013']);
    expect(commitments.filter((c) => c.hints.repositoryUrl !== null).map((c) => [c.key, c.hints.repositoryUrl])).toEqual([
      ['c004', 'https://github.com/france-connect/sources'],
      ['c007', 'https://gitlab.com/affelnet-lycee-group/affelnet-lycee'],
    ]);
    const identifiers = Object.fromEntries(sourceCode.map((c) => [c.key, c.hints.identifiers]));
    expect(identifiers).toEqual({
      c004: ['https://github.com/france-connect/sources', 'https://github.com/france-connect'],
      c007: ['https://gitlab.com/affelnet-lycee-group/affelnet-lycee', 'https://gitlab.com/affelnet-lycee-group'],
      c008: ['https://gitlab.com/DREES_code'],
      c009: ['https://gitlab.com/DREES_code'],
      c010: [
        'https://github.com/DGTresor/Opale', 'https://github.com/139bercy/tresthor',
        'https://framagit.org/DGTresor/opale-en-r-tresthor', 'https://framagit.org/DGTresor/tresthor_dev',
      ],
      // Nothing sourced ties the PAS, CFE and CVAE calculators to a repository or an account.
      c011: [], c012: [], c013: [],
    });
    for (const c of sourceCode) {
      // Every repository or account given is among the record's sources or named in a source it cites.
      for (const url of [c.hints.repositoryUrl, ...c.hints.identifiers].filter((u): u is string => u !== null)) {
        const host = url.replace(/^https:\/\//, '');
        expect(c.sources.some((source) => source.includes(host)) || (c.notes ?? '').includes(host), `${c.key} ${url}`).toBe(true);
      }
    }
  });

  it('keeps planned quarters as announced, moving inferences to the notes', () => {
    for (const row of research) {
      const c = commitments.find((x) => x.key === row.id) as Commitment;
      if (row.planned_quarter === '') {
        expect(c.plannedPeriod.text, row.id).toBeNull();
      } else {
        expect(row.planned_quarter.startsWith(c.plannedPeriod.text ?? '<none>'), row.id).toBe(true);
      }
    }
    expect(commitments.find((c) => c.key === 'c004')?.notes).toMatch(/inferred/);
    expect(commitments.find((c) => c.key === 'c034')?.notes).toMatch(/Next INpact/);
  });

  it('dates 29 April 2021 items from the founding release and c034-c036 from the September 2021 roadmaps', () => {
    const byKey = new Map(commitments.map((c) => [c.key, c]));
    for (const key of ['c001', 'c002', 'c003', 'c004', 'c014', 'c028']) {
      expect(byKey.get(key), key).toMatchObject({ announcementSlug: FOUNDING, announcedOn: '2021-04-29' });
    }
    for (const key of ['c034', 'c035', 'c036']) {
      expect(byKey.get(key), key).toMatchObject({ announcementSlug: ROADMAPS, announcedOn: '2021-09-27' });
    }
  });

  it('parses every announced period except the "already opened" remarks', () => {
    const unparsed = commitments.filter((c) => c.plannedPeriod.parseError !== null).map((c) => c.key);
    expect(unparsed).toEqual(['c005', 'c006']);
  });
});
