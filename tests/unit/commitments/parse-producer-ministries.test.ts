import { describe, expect, it } from 'vitest';
import { parseProducerMinistries } from '../../../src/commitments/parse-producer-ministries.js';

const HEADER = 'producer,aliases,ministry,sources,note';

describe('parseProducerMinistries', () => {
  it('reads producers, their aliases, the canonical ministry and every source; # lines are comments', () => {
    const { rows, errors } = parseProducerMinistries([
      '# Provenance: see README.md',
      HEADER,
      'DILA,Direction de l’information légale et administrative,Premier ministre,https://example.org/dila | https://example.org/dila-2,Rattachée au SGG',
      'CNOUS,,Enseignement supérieur,https://example.org/cnous,',
    ].join('\n'), 'producers.csv');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        producer: 'DILA', aliases: ['Direction de l’information légale et administrative'], ministry: 'Services du Premier ministre',
        sources: ['https://example.org/dila', 'https://example.org/dila-2'], note: 'Rattachée au SGG',
      },
      {
        producer: 'CNOUS', aliases: [], ministry: 'Ministère de l’Enseignement supérieur, de la Recherche et de l’Innovation',
        sources: ['https://example.org/cnous'], note: null,
      },
    ]);
  });

  it('skips and reports a row without a source URL, a ministry or a producer, and keeps the others', () => {
    const { rows, errors } = parseProducerMinistries([
      HEADER,
      'IGN,,Transition écologique,,no source', //    row 1
      'Cerema,,,https://example.org/cerema,', //      row 2
      ',,Justice,https://example.org/x,', //          row 3
      'DREES,,MSS,see the DREES site,', //            row 4
      'ANS,,MSS,https://example.org/ans,', //         row 5
    ].join('\n'), 'producers.csv');
    expect(rows.map((r) => r.producer)).toEqual(['ANS']);
    expect(errors.map((e) => [e.row, e.field, e.reason])).toEqual([
      [1, 'sources', 'MISSING_FIELD'],
      [2, 'ministry', 'MISSING_FIELD'],
      [3, 'producer', 'MISSING_FIELD'],
      [4, 'sources', 'INVALID_FIELD'],
    ]);
    expect(errors.every((e) => e.path === 'producers.csv')).toBe(true);
  });

  it('gives a producer one ministry only: a name used twice (alias included) keeps the first row', () => {
    const { rows, errors } = parseProducerMinistries([
      HEADER,
      'Pôle emploi,Pôle emploi / France Travail,Travail,https://example.org/a,',
      'France Travail,POLE EMPLOI / FRANCE TRAVAIL,Économie,https://example.org/b,',
    ].join('\n'), 'producers.csv');
    expect(rows.map((r) => r.producer)).toEqual(['Pôle emploi']);
    expect(errors).toEqual([expect.objectContaining({ row: 2, field: 'producer', reason: 'INVALID_FIELD' })]);
  });

  it('reads nothing, without a whole-file reason, when a required column is missing', () => {
    const { rows, errors } = parseProducerMinistries('producer,ministry\nDILA,Premier ministre\n', 'producers.csv');
    expect(rows).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ reason: 'INVALID_CSV', row: null })]);
    expect(errors[0]?.message).toContain('missing: sources');
  });
});
