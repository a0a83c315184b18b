import { describe, expect, it } from 'vitest';
import type { ProducerMinistry } from '../../../src/commitments/parse-producer-ministries.js';
import { findProducerMinistry, resolveMinistry } from '../../../src/commitments/resolve-ministry.js';
import { makeCommitment } from './builders.js';

const PRODUCERS: readonly ProducerMinistry[] = [
  {
    producer: 'DILA', aliases: ['Direction de l’information légale et administrative'], ministry: 'Services du Premier ministre',
    sources: ['https://example.org/dila', 'https://example.org/dila-2'], note: null,
  },
  { producer: 'Pôle emploi', aliases: ['Pôle emploi / France Travail'], ministry: 'Ministère du Travail, de l’Emploi et de l’Insertion', sources: ['https://example.org/pe'], note: null },
];

describe('resolveMinistry', () => {
  it('derives the ministry of a record that names only its producer, marked PRODUCER with the table\'s first source', () => {
    const commitment = resolveMinistry(makeCommitment({ producer: 'DILA' }), PRODUCERS);
    expect(commitment).toMatchObject({
      ministry: 'Services du Premier ministre', ministryAsWritten: null, ministryOrigin: 'PRODUCER', ministrySource: 'https://example.org/dila',
    });
  });

  it('finds a producer by an alias, whatever its case, accents and punctuation', () => {
    expect(resolveMinistry(makeCommitment({ producer: 'POLE EMPLOI / FRANCE-TRAVAIL' }), PRODUCERS).ministry)
      .toBe('Ministère du Travail, de l’Emploi et de l’Insertion');
    expect(findProducerMinistry(PRODUCERS, 'direction de l\'information legale et administrative')?.producer).toBe('DILA');
  });

  it('leaves the ministry null (NONE) when the producer is absent from the table, or there is no producer', () => {
    for (const producer of ['CNOUS', null, '  ']) {
      expect(resolveMinistry(makeCommitment({ producer }), PRODUCERS)).toMatchObject({ ministry: null, ministryOrigin: 'NONE', ministrySource: null });
    }
  });

  it('never overrides a ministry the record names, even when its producer is in the table', () => {
    const named = makeCommitment({
      producer: 'DILA', ministry: 'Ministère de la Justice', ministryAsWritten: 'Justice', ministryOrigin: 'RECORD', ministrySource: 'https://example.org/r',
    });
    expect(resolveMinistry(named, PRODUCERS)).toBe(named);
  });

  it('does not change the commitment it is given', () => {
    const commitment = makeCommitment({ producer: 'DILA' });
    resolveMinistry(commitment, PRODUCERS);
    expect(commitment).toMatchObject({ ministry: null, ministryOrigin: 'NONE' });
  });
});
