import { describe, expect, it } from 'vitest';
import { summariseCoverage } from '../../../src/commitments/summarise-coverage.js';
import { makeCommitment } from './builders.js';

describe('summariseCoverage', () => {
  it('counts the records by where their ministry comes from, and those without one', () => {
    const coverage = summariseCoverage([
      makeCommitment({ key: 'a', ministry: 'Ministère de la Justice', ministryOrigin: 'RECORD' }),
      makeCommitment({ key: 'b', ministry: 'Services du Premier ministre', ministryOrigin: 'PRODUCER', ministrySource: 'https://example.org' }),
      makeCommitment({ key: 'c', ministry: null, ministryOrigin: 'NONE' }),
      makeCommitment({ key: 'd', ministry: null, ministryOrigin: 'NONE' }),
    ]);
    expect(coverage.byMinistryOrigin).toEqual({ RECORD: 1, PRODUCER: 1, TRACKER: 0, NONE: 2 });
    expect(coverage.withoutMinistry).toBe(2);
  });
});
