import { describe, expect, it } from 'vitest';
import { parseCommitmentRecords } from '../../../src/commitments/parse-commitment-records.js';

const GOOD = `
- key: c001
  title: Carte scolaire des collèges
  kind: DATASET
  ministry: Ministère de l'Éducation nationale
  plannedQuarter: T3 2021
  announcedHorizon: 2021 et 2022
  announcement: founding-release
  announcedOn: 2021-04-29
  membership: CONFIRMED_PRIMARY
  dataset: https://www.data.gouv.fr/fr/datasets/carte-scolaire-des-colleges-publics/
  linkCertainty: PROBABLE
  sources:
    - https://example.org/a
    - https://example.org/b
  notes: >-
    Named in the
    founding release.
`;

describe('parseCommitmentRecords (YAML)', () => {
  it('maps a record to a Commitment with parsed period and hints', () => {
    const { commitments, errors } = parseCommitmentRecords(GOOD, 'commitments.yaml');
    expect(errors).toEqual([]);
    expect(commitments).toEqual([{
      key: 'c001',
      source: 'LOCAL',
      title: 'Carte scolaire des collèges',
      kind: 'DATASET',
      ministry: 'Ministère de l’Éducation nationale, de la Jeunesse et des Sports',
      ministryAsWritten: "Ministère de l'Éducation nationale",
      ministryOrigin: 'RECORD',
      ministrySource: null,
      producer: null,
      plannedPeriod: { text: 'T3 2021', start: '2021-07-01', end: '2021-09-30', parseError: null, postponedTo: null },
      horizon: { text: '2021 et 2022', start: '2021-01-01', end: '2022-12-31', parseError: null, postponedTo: null },
      announcementSlug: 'founding-release',
      announcedOn: '2021-04-29',
      membership: 'CONFIRMED_PRIMARY',
      confirmedInList: true,
      sources: ['https://example.org/a', 'https://example.org/b'],
      notes: 'Named in the founding release.',
      hints: {
        datasetIdOrSlug: 'carte-scolaire-des-colleges-publics',
        dataserviceIdOrSlug: null,
        linkCertainty: 'PROBABLE',
        organizationId: null,
        keywords: [],
        alternativeNames: [],
        identifiers: [],
        repositoryUrl: null,
      },
      firstListed: [],
    }]);
  });

  it('reads alternative names, identifiers and sourced first listings, earliest first', () => {
    const { commitments, errors } = parseCommitmentRecords([
      '- key: c020',
      '  title: API JOAFE',
      '  kind: API',
      '  alternativeNames: [Annonces et comptes annuels des associations]',
      '  identifiers: ["https://api.gouv.fr/les-api/api-annonces-comptes-annuels-associations-joafe"]',
      '  firstListed:',
      '    - { on: 2021-07-01, where: data.gouv.fr, source: "https://example.org/later" }',
      '    - on: 2021-06-21',
      '      where: api.gouv.fr',
      '      source: "https://github.com/betagouv/api.gouv.fr/commit/42c98ede"',
    ].join('\n'), 'commitments.yaml');
    expect(errors).toEqual([]);
    expect(commitments[0]?.hints).toMatchObject({
      alternativeNames: ['Annonces et comptes annuels des associations'],
      identifiers: ['https://api.gouv.fr/les-api/api-annonces-comptes-annuels-associations-joafe'],
    });
    expect(commitments[0]?.firstListed).toEqual([
      { on: '2021-06-21', where: 'api.gouv.fr', source: 'https://github.com/betagouv/api.gouv.fr/commit/42c98ede' },
      { on: '2021-07-01', where: 'data.gouv.fr', source: 'https://example.org/later' },
    ]);
  });

  it.each([
    ['a day that is not one', '    - { on: 2021-13-01, where: api.gouv.fr, source: "https://x.org" }'],
    ['no place', '    - { on: 2021-06-21, source: "https://x.org" }'],
    ['a source that is not a URL', '    - { on: 2021-06-21, where: api.gouv.fr, source: "a commit" }'],
  ])('refuses a first listing with %s', (_name, line) => {
    const { commitments, errors } = parseCommitmentRecords(`- key: c1\n  title: T\n  kind: API\n  firstListed:\n${line}\n`, 'r.yaml');
    expect(commitments).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ reason: 'INVALID_FIELD', field: 'firstListed', row: 1 })]);
  });

  it('loads a record whose planned period cannot be read, reporting the file, key, line and text', () => {
    const { commitments, errors } = parseCommitmentRecords(
      '- key: c006\n  title: T\n  kind: DATASET\n  plannedQuarter: "(opened between 2021-02-05 and 2021-04-29)"\n',
      'commitments.yaml',
    );
    expect(commitments.map((c) => c.key)).toEqual(['c006']);
    expect(errors).toEqual([expect.objectContaining({ path: 'commitments.yaml', reason: 'UNREADABLE_PERIOD', field: 'plannedQuarter', row: 1, line: 4 })]);
    expect(errors[0]?.message).toContain('(opened between 2021-02-05 and 2021-04-29)');
  });

  it('gives one canonical name to every spelling of a ministry and keeps the wording apart', () => {
    const { commitments } = parseCommitmentRecords([
      '- { key: a, title: T, kind: API, ministry: "Éducation nationale" }',
      '- { key: b, title: T, kind: API, ministry: "Ministère de l’Éducation nationale, de la Jeunesse et des Sports" }',
      '- { key: c, title: T, kind: API, ministry: "Ministère de l\'Intérieur" }',
    ].join('\n'), 'r.yaml');
    expect(commitments.map((c) => c.ministry)).toEqual([
      'Ministère de l’Éducation nationale, de la Jeunesse et des Sports',
      'Ministère de l’Éducation nationale, de la Jeunesse et des Sports',
      'Ministère de l’Intérieur',
    ]);
    expect(commitments.map((c) => c.ministryAsWritten)).toEqual([
      'Éducation nationale', 'Ministère de l’Éducation nationale, de la Jeunesse et des Sports', "Ministère de l'Intérieur",
    ]);
  });

  it('names the 2021 ministries of labour, of health and the Prime Minister\'s services one way', () => {
    const { commitments } = parseCommitmentRecords([
      '- { key: a, title: T, kind: API, ministry: "Ministère du Travail" }',
      '- { key: b, title: T, kind: API, ministry: "ministère des solidarités et de la santé" }',
      '- { key: c, title: T, kind: API, ministry: "Premier ministre" }',
    ].join('\n'), 'r.yaml');
    expect(commitments.map((c) => c.ministry)).toEqual([
      'Ministère du Travail, de l’Emploi et de l’Insertion',
      'Ministère des Solidarités et de la Santé',
      'Services du Premier ministre',
    ]);
  });

  it('marks a ministry the record names as RECORD, with the source the record gives for it', () => {
    const { commitments, errors } = parseCommitmentRecords([
      '- key: a',
      '  title: T',
      '  kind: API',
      '  ministry: Ministère des Armées',
      '  ministrySource: "https://example.org/roadmap"',
      '- { key: b, title: T, kind: API, ministry: Justice }',
      '- { key: c, title: T, kind: API, producer: DILA }',
      '- { key: d, title: T, kind: API, ministry: Justice, ministrySource: "owner/repo@0123abc:path/file.md" }',
    ].join('\n'), 'r.yaml');
    expect(errors).toEqual([]);
    expect(commitments.map((c) => [c.key, c.ministryOrigin, c.ministrySource])).toEqual([
      ['a', 'RECORD', 'https://example.org/roadmap'],
      ['b', 'RECORD', null],
      ['c', 'NONE', null],
      ['d', 'RECORD', 'owner/repo@0123abc:path/file.md'],
    ]);
  });

  it('derives the ministry of a record naming only its producer from the producer table it is given', () => {
    const producers = [{ producer: 'CNOUS', aliases: [], ministry: 'Ministère de l’Enseignement supérieur, de la Recherche et de l’Innovation', sources: ['https://example.org/cnous'], note: null }];
    const text = '- { key: a, title: T, kind: API, producer: CNOUS }\n- { key: b, title: T, kind: API, producer: Autre }\n';
    expect(parseCommitmentRecords(text, 'r.yaml', producers).commitments.map((c) => [c.key, c.ministryOrigin, c.ministrySource])).toEqual([
      ['a', 'PRODUCER', 'https://example.org/cnous'],
      ['b', 'NONE', null],
    ]);
    expect(parseCommitmentRecords(text, 'r.yaml').commitments.map((c) => c.ministryOrigin)).toEqual(['NONE', 'NONE']);
  });

  it('refuses a ministry source without a ministry, or one that is neither a URL nor a repository reference', () => {
    const { commitments, errors } = parseCommitmentRecords([
      '- { key: a, title: T, kind: API, ministrySource: "https://example.org/x" }',
      '- { key: b, title: T, kind: API, ministry: Justice, ministrySource: "a blog post" }',
      '- { key: c, title: T, kind: API }',
    ].join('\n'), 'r.yaml');
    expect(commitments.map((c) => c.key)).toEqual(['c']);
    expect(errors.map((e) => [e.row, e.field, e.reason])).toEqual([
      [1, 'ministrySource', 'INVALID_FIELD'],
      [2, 'ministrySource', 'INVALID_FIELD'],
    ]);
  });

  it('refuses a record whose announced horizon cannot be read, since it would be a deadline', () => {
    const { commitments, errors } = parseCommitmentRecords(
      '- key: c1\n  title: T\n  kind: DATASET\n  announcedHorizon: bientôt\n',
      'commitments.yaml',
    );
    expect(commitments).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ reason: 'INVALID_FIELD', field: 'announcedHorizon', row: 1, line: 4 })]);
  });

  it('reports each bad record with its index, line and field, and loads the others', () => {
    const text = [
      '- key: ok1', //                      1
      '  title: Bon', //                    2
      '  kind: dataset', //                 3
      '- key: bad2', //                     4
      '  kind: DATASET', //                 5  (no title)
      '- key: bad3', //                     6
      '  title: Mauvais type', //           7
      '  kind: spreadsheet', //             8
      '- key: bad4', //                     9
      '  title: Mauvaise date', //          10
      '  kind: API', //                     11
      '  announcedOn: 29/04/2021', //       12
      '  membership: maybe', //             13
      '- just a string', //                 14
      '- key: ok1', //                      15
      '  title: Doublon', //                16
      '  kind: API', //                     17
      '- key: ok2', //                      18
      '  title: Champ inconnu', //          19
      '  kind: SOURCE_CODE', //             20
      '  plannedQuartre: T3 2021', //       21
      '- key: bad6', //                     22
      '  title: Mauvais lien', //           23
      '  kind: DATASET', //                 24
      '  dataset: https://example.org/datasets/x', // 25
      '  organizationId: not-an-id', //     26
    ].join('\n');
    const { commitments, errors } = parseCommitmentRecords(text, 'records.yaml');

    expect(commitments.map((c) => [c.key, c.title])).toEqual([['ok1', 'Bon'], ['ok2', 'Champ inconnu']]);
    expect(errors.map((e) => [e.row, e.line, e.field, e.reason])).toEqual([
      [5, 14, null, 'NOT_A_RECORD'],
      [2, 4, 'title', 'MISSING_FIELD'],
      [3, 8, 'kind', 'INVALID_FIELD'],
      [4, 13, 'membership', 'INVALID_FIELD'],
      [4, 12, 'announcedOn', 'INVALID_FIELD'],
      [6, 15, 'key', 'DUPLICATE_KEY'],
      [7, 21, 'plannedQuartre', 'UNKNOWN_FIELD'],
      [8, 26, 'organizationId', 'INVALID_FIELD'],
      [8, 25, 'dataset', 'INVALID_FIELD'],
    ]);
    expect(errors.every((e) => e.path === 'records.yaml')).toBe(true);
    expect(errors.find((e) => e.field === 'kind')?.message).toContain('spreadsheet');
  });

  it('reads a year written as a bare YAML number as the announced text', () => {
    const { commitments } = parseCommitmentRecords('- key: a\n  title: T\n  kind: API\n  plannedQuarter: 2022\n', 'r.yml');
    expect(commitments[0]?.plannedPeriod).toMatchObject({ text: '2022', start: '2022-01-01', end: '2022-12-31' });
  });

  it('loads nothing from YAML with a syntax error and reports where it is', () => {
    const { commitments, errors } = parseCommitmentRecords('- key: a\n  title: "unclosed\n  kind: API\n', 'r.yaml');
    expect(commitments).toEqual([]);
    expect(errors[0]).toMatchObject({ reason: 'INVALID_YAML', path: 'r.yaml' });
    expect(errors[0]?.line).toBeGreaterThan(0);
  });

  it.each([
    ['', 'EMPTY_FILE'],
    ['# only a comment\n', 'EMPTY_FILE'],
    ['key: c001\ntitle: not a list\n', 'NOT_A_LIST'],
  ])('reports a file-level problem for %j', (text, reason) => {
    const { commitments, errors } = parseCommitmentRecords(text, 'r.yaml');
    expect(commitments).toEqual([]);
    expect(errors.map((e) => e.reason)).toEqual([reason]);
  });

  it('refuses an unknown extension', () => {
    expect(parseCommitmentRecords('x', 'records.json').errors[0]?.reason).toBe('UNSUPPORTED_FORMAT');
  });
});

describe('parseCommitmentRecords (CSV)', () => {
  it('tolerates a BOM, ";" delimiter, accents and case in headers, and "|" lists', () => {
    const text = '\uFEFFClé;TITRE;Type;Ministère;Trimestre prévu;Mots-clés;Sources\n'
      + 'c1;Permis de construire;jeu de données;Ministère de la Transition écologique;T4 2021;sitadel|permis;a | b\n';
    const { commitments, errors } = parseCommitmentRecords(text, 'records.CSV');
    expect(errors).toEqual([]);
    expect(commitments[0]).toMatchObject({
      key: 'c1', title: 'Permis de construire', kind: 'DATASET', ministry: 'Ministère de la Transition écologique',
      plannedPeriod: { end: '2021-12-31' }, sources: ['a', 'b'], hints: { keywords: ['sitadel', 'permis'] },
    });
  });

  it('reports bad rows with row number, line and field; the others load', () => {
    const text = [
      'key,title,kind,announcedOn,colonne_inconnue', // line 1
      'c1,Un,DATASET,2021-04-29,x', //                  line 2, row 1
      'c2,,API,,x', //                                  line 3, row 2: no title
      'c3,Trois,DATASET,2021-02-30,x', //               line 4, row 3: no such day
      'c4,Quatre,DATASET', //                           line 5, row 4: short row
      'c1,Doublon,API,,x', //                           line 6, row 5
      'c6,Six,SOURCE_CODE,,x', //                       line 7, row 6
    ].join('\n');
    const { commitments, errors } = parseCommitmentRecords(text, 'r.csv');
    expect(commitments.map((c) => c.key)).toEqual(['c1', 'c6']);
    expect(errors.map((e) => [e.row, e.line, e.field, e.reason])).toEqual([
      [null, 1, 'colonneinconnue', 'UNKNOWN_FIELD'],
      [4, 5, null, 'INVALID_CSV'],
      [2, 3, 'title', 'MISSING_FIELD'],
      [3, 4, 'announcedOn', 'INVALID_FIELD'],
      [5, 6, 'key', 'DUPLICATE_KEY'],
    ]);
  });

  it('reads the research table commitments-63.csv itself (its column names are aliases)', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('../../fixtures/corpus/commitments/commitments-63.csv', import.meta.url), 'utf8');
    const { commitments, errors } = parseCommitmentRecords(text, 'commitments-63.csv');
    expect(errors.map((e) => [e.reason, e.field])).toEqual([['UNREADABLE_PERIOD', 'plannedQuarter'], ['UNREADABLE_PERIOD', 'plannedQuarter']]);
    expect(commitments).toHaveLength(36);
    expect(commitments.find((c) => c.key === 'c031')?.hints.datasetIdOrSlug).toBe('sites-references-dans-cartofriches');
  });
});

describe('parseCommitmentRecords (value types)', () => {
  it('reports a list where text is expected once, as INVALID_FIELD', () => {
    const { commitments, errors } = parseCommitmentRecords('- key: b\n  title: T\n  kind: [API]\n', 'r.yaml');
    expect(commitments).toEqual([]);
    expect(errors.map((e) => [e.row, e.line, e.field, e.reason])).toEqual([[1, 3, 'kind', 'INVALID_FIELD']]);
  });

  it('accepts enum values in any case and with spaces ("confirmed primary")', () => {
    const { commitments } = parseCommitmentRecords('- key: a\n  title: T\n  kind: source code\n  membership: confirmed secondary\n', 'r.yaml');
    expect(commitments[0]).toMatchObject({ kind: 'SOURCE_CODE', membership: 'CONFIRMED_SECONDARY', confirmedInList: true });
  });

  it('defaults membership to UNKNOWN and link certainty to CONFIRMED', () => {
    const { commitments } = parseCommitmentRecords('- key: a\n  title: T\n  kind: API\n  dataservice: api-x\n', 'r.yaml');
    expect(commitments[0]).toMatchObject({ membership: 'UNKNOWN', confirmedInList: false, hints: { dataserviceIdOrSlug: 'api-x', linkCertainty: 'CONFIRMED' } });
  });
});

describe('parseCommitmentRecords (links)', () => {
  it('refuses a dataset link the gateway would refuse to look up', () => {
    const { commitments, errors } = parseCommitmentRecords('- key: c1\n  title: T\n  kind: DATASET\n  dataset: a..b\n', 'commitments.yaml');
    expect(commitments).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ reason: 'INVALID_FIELD', field: 'dataset', row: 1 })]);
  });
});
